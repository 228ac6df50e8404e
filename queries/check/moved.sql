-- Rule 6: consultation dates moved by more than two calendar days: a version of the week whose «Дата консультации»
-- is more than 2 local dates away from the deal's previous version's. One row per move. Params: $week_start.
with v as (
  select deal_id, client, consultant, vtime, consulted_at,
         lag(consulted_at) over (partition by deal_id order by vtime, load_id, line_no) as before
  from check_versions
  where consulted_at is not null
)
select deal_id, client, consultant, consulted_at as happened_at,
       'перенесена с ' || strftime(before, '%d.%m.%Y %H:%M') || ' на ' || strftime(consulted_at, '%d.%m.%Y %H:%M')
         || ' — на ' || okno_days(abs(date_diff('day', before::date, consulted_at::date))) as detail
from v
where before is not null
  and abs(date_diff('day', before::date, consulted_at::date)) > 2
  and vtime >= $week_start::timestamptz
order by vtime, deal_id
