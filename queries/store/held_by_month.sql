-- Held consultations per calendar month of «Дата консультации» in the session time zone.
-- Columns: month ('YYYY-MM'), consultations, minutes.
select strftime(consulted_at, '%Y-%m') as month,
       count(*)::integer as consultations,
       coalesce(sum(duration_min), 0)::double as minutes
from held_consultations
where consulted_at is not null
group by all
order by month
