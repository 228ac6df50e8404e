-- Rule 2: consultations held before Friday 15:00 still in «Консультация проведена» at Friday 18:00 (the state at
-- 18:00: the latest version up to then). Params: $friday15, $friday18 (local time text).
select deal_id, client, consultant, consulted_at as happened_at,
       'в пятницу в 18:00 ещё в этапе «' || stage || '» (с ' || strftime(entered_at, '%d.%m.%Y %H:%M') || ')' as detail
from check_state($friday18::timestamptz)
where stage_code = 'held' and consulted_at < $friday15::timestamptz
order by consulted_at, deal_id
