-- Rule 1: cards closed as successful in the week (from its Monday to the cutoff; «Дата закрытия», else the first
-- version in the stage) that are incomplete (check_missing). Reads check_now. Params: $week_start, $cutoff (local time
-- text): a «Дата закрытия» after the cutoff is not of this week (a card is listed in the week it was closed only).
-- Columns (every rule): deal_id, client, consultant, happened_at (TIMESTAMPTZ), then the rule's facts, worded in
-- render/check-detail.ts; here missing (field names, check_missing).
select deal_id, client, consultant, coalesce(closed_at, entered_at) as happened_at,
       check_missing(consultant, topic, project, duration_min, "format", comments) as missing
from check_now
where stage_code = 'success'
  and coalesce(closed_at, entered_at) >= $week_start::timestamptz
  and coalesce(closed_at, entered_at) < $cutoff::timestamptz
  and len(check_missing(consultant, topic, project, duration_min, "format", comments)) > 0
order by happened_at, deal_id
