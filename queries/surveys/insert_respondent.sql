-- One person who answered, by the way their answers came in ($way: 0 with a code, n the n-th imported export).
insert into survey_respondents (survey_id, department, way) values ($id, $department, $way);
