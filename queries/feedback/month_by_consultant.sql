-- Responses of `month_feedback` per consultant and in total (name null). Columns: name, responses, answered_yes,
-- answered_no, satisfied, partly, dissatisfied, unrated; consultants by responses descending, then name.
select
  consultant_name as name,
  count(*)::integer as responses,
  count(*) filter (where answered)::integer as answered_yes,
  count(*) filter (where not answered)::integer as answered_no,
  count(*) filter (where rating = 'satisfied')::integer as satisfied,
  count(*) filter (where rating = 'partly')::integer as partly,
  count(*) filter (where rating = 'dissatisfied')::integer as dissatisfied,
  count(*) filter (where rating is null)::integer as unrated
from month_feedback
group by grouping sets ((consultant_name), ())
order by name is not null, responses desc, name
