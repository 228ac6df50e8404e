-- One person's answers, one row per answered question ($question_ids and $answers are parallel lists).
insert into survey_answers (survey_id, department, question_id, answer)
select $id, $department, unnest($question_ids::varchar[]), unnest($answers::varchar[][]);
