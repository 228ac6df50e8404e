-- People who answered each question, per department and way in.
select department, way, question_id, count(*)::integer as n
from survey_answers
where survey_id = $id
group by department, way, question_id;
