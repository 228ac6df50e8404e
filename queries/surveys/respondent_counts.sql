-- Respondents per department. Only for a closed survey: the caller checks, and suppresses small groups.
select department, count(*)::integer as n
from survey_respondents
where survey_id = $id
group by department;
