-- People who answered each question, per department.
select department, question_id, count(*)::integer as n
from survey_answers
where survey_id = $id
group by department, question_id;
