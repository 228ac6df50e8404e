-- Rule 4: requests not taken up within a day, «Не дозвонились» left open. A deal is listed once, for the first of:
-- (1) at the cutoff still in «Неразобранное» / «Новая заявка» more than 24 hours after «Дата создания сделки»;
-- (2) a version of the week shows it still there more than 24 hours after creation;
-- (3) in «Не дозвонились» at the cutoff for more than 7 days;
-- (4) closed as lost in the week after «Не дозвонились» without the reason «не дозвонились».
-- Hours, not calendar days: «a day» is 24 hours, also across a change of clocks (a calendar day there lasts 23 or
-- 25). The 24 hours and the 7 days (168 hours) must have passed by the cutoff and by the command's clock ($now): a check of today
-- does not call late a request that still has time. Params: $week_start, $cutoff (local time text), $now (instant).
-- Facts: finding ('waiting' (1), 'late_version' (2), 'no_answer' (3), 'lost_reason' (4)), stage, created_at,
-- seen_at (2: the version's time), entered_at (3), loss_reason (4).
with late as (
  select deal_id, max(vtime) as seen_at
  from check_versions
  where stage_code in ('unsorted', 'new') and vtime > created_at + interval 24 hour and vtime >= $week_start::timestamptz
  group by deal_id
),
items as (
  select deal_id, client, consultant, created_at as happened_at, 1 as rank,
         'waiting' as finding, stage, created_at, null::timestamptz as seen_at, null::timestamptz as entered_at, null::varchar as loss_reason
  from check_now
  where stage_code in ('unsorted', 'new') and created_at + interval 24 hour < least($cutoff::timestamptz, $now::timestamptz)
  union all
  select n.deal_id, n.client, n.consultant, n.created_at, 2,
         'late_version', n.stage, n.created_at, l.seen_at, null, null
  from late l join check_now n using (deal_id)
  union all
  select deal_id, client, consultant, entered_at, 3,
         'no_answer', stage, created_at, null, entered_at, null
  from check_now
  where stage_code = 'no_answer' and entered_at + interval 168 hour < least($cutoff::timestamptz, $now::timestamptz)
  union all
  select n.deal_id, n.client, n.consultant, coalesce(n.closed_at, n.entered_at), 4,
         'lost_reason', n.stage, n.created_at, null, null, n.loss_reason
  from check_now n
  where n.stage_code = 'lost' and coalesce(n.closed_at, n.entered_at) >= $week_start::timestamptz
    and coalesce(n.loss_reason, '') not ilike '%дозвон%'
    and exists (select 1 from check_versions v where v.deal_id = n.deal_id and v.stage_code = 'no_answer')
)
select deal_id, client, consultant, happened_at, finding, stage, created_at, seen_at, entered_at, loss_reason
from items
qualify row_number() over (partition by deal_id order by rank) = 1
order by happened_at, deal_id
