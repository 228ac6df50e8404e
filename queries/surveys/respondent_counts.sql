-- Respondents per department and way in. Only for a closed survey: the caller checks, leaves out the ways that
-- brought a department fewer than min-group, and suppresses small groups.
select department, way, count(*)::integer as n
from survey_respondents
where survey_id = $id
group by department, way;
