insert into survey_respondents (survey_id, department) values ($id, $department);
