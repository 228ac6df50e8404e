-- One person's answers, one row per answered question ($question_ids and $answers are parallel lists), with the way
-- they came in ($way, as insert_respondent).
insert into survey_answers (survey_id, department, question_id, answer, way)
select $id, $department, unnest($question_ids::varchar[]), unnest($answers::varchar[][]), $way;
