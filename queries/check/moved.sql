-- Rule 6: consultation dates moved by more than two calendar days: a version of the week whose «Дата консультации»
-- is more than 2 local dates away from the deal's previous version's. One row per move. Params: $week_start.
-- Facts: moved_from, moved_to (TIMESTAMPTZ), days (local dates apart).
with v as (
  select deal_id, client, consultant, vtime, load_id, line_no, consulted_at,
         lag(consulted_at) over (partition by deal_id order by vtime, load_id, line_no) as before
  from check_versions
  where consulted_at is not null
)
select deal_id, client, consultant, consulted_at as happened_at,
       before as moved_from, consulted_at as moved_to, abs(date_diff('day', before::date, consulted_at::date))::integer as days
from v
where before is not null
  and abs(date_diff('day', before::date, consulted_at::date)) > 2
  and vtime >= $week_start::timestamptz
order by vtime, deal_id, load_id, line_no
