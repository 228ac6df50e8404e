-- Requests waiting in the week (rule 7's condition): deals in «Неразобранное», «Новая заявка» or «Принято в работу»
-- at the week's Monday 00:00 or in a version of the week. Params: $week_start. Columns: waiting.
select count(distinct deal_id)::integer as waiting
from (
  select deal_id from check_state($week_start::timestamptz) where stage_code in ('unsorted', 'new', 'accepted')
  union all
  select deal_id from check_versions where vtime >= $week_start::timestamptz and stage_code in ('unsorted', 'new', 'accepted')
)
