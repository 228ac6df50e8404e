-- Choices per option (scale values, single and multiple choice), per department; free text excluded.
select department, way, question_id, option, count(*)::integer as n
from survey_answers, unnest(answer) as t(option)
where survey_id = $id and list_contains($question_ids::varchar[], question_id)
group by department, way, question_id, option;
