-- Rule 7: staff consultants with fewer than two held consultations dated in the week. Staff: consultants named on a
-- held card with «Внешний консультант» = нет dated in the 12 weeks up to the week's end. Reads check_now.
-- Params: $week_start, $week_end (local time text). Facts: consultations (held, dated in the week).
with staff as (
  select distinct consultant
  from check_now
  where external = false and consultant is not null and stage_code in ('held', 'feedback_requested', 'success')
    and consulted_at >= $week_start::timestamptz - interval 77 day and consulted_at < $week_end::timestamptz
),
held as (
  select consultant, count(*)::integer as consultations
  from check_now
  where stage_code in ('held', 'feedback_requested', 'success')
    and consulted_at >= $week_start::timestamptz and consulted_at < $week_end::timestamptz
  group by consultant
)
select null::bigint as deal_id, null::varchar as client, s.consultant, null::timestamptz as happened_at,
       coalesce(h.consultations, 0) as consultations
from staff s
left join held h using (consultant)
where coalesce(h.consultations, 0) < 2
order by s.consultant
