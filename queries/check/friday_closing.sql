-- Rule 2: consultations held before Friday 15:00 still in «Консультация проведена» at Friday 18:00 (the state at
-- 18:00: the latest version up to then). A card without «Дата консультации» is judged by the time it entered
-- «Консультация проведена» (the consultation was held no later). Params: $friday15, $friday18 (local time text).
-- Facts: stage, entered_at, undated (no «Дата консультации»).
select deal_id, client, consultant, coalesce(consulted_at, entered_at) as happened_at,
       stage, entered_at, consulted_at is null as undated
from check_state($friday18::timestamptz)
where stage_code = 'held' and coalesce(consulted_at, entered_at) < $friday15::timestamptz
order by happened_at, deal_id
