-- Held consultations and minutes per month for the 12 months ending with month $last, or from month $first when
-- that is earlier (a range longer than a year); months without consultations are rows of zeros. Of one project
-- ($project) or all (null). Params: $first, $last DATE-like text 'YYYY-MM-01'; $project.
-- Columns: month ('YYYY-MM'), consultations, minutes.
with months as (
  select strftime(m, '%Y-%m') as month
  from generate_series(least($first::date, $last::date - interval 11 month), $last::date, interval 1 month) as g(m)
),
held as (
  select strftime(consulted_at, '%Y-%m') as month, count(*) as consultations, sum(duration_min) as minutes
  from held_consultations
  where consulted_at is not null and ($project::varchar is null or project_name = $project::varchar)
  group by 1
)
select months.month, coalesce(held.consultations, 0)::integer as consultations, coalesce(held.minutes, 0)::double as minutes
from months left join held using (month)
order by months.month
