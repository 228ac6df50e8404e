-- Rule 2: consultations held before Friday 15:00 still in «Консультация проведена» at Friday 18:00 (the state at
-- 18:00: the latest version up to then). A card without «Дата консультации» is judged by the time it entered
-- «Консультация проведена» (the consultation was held no later). Params: $friday15, $friday18 (local time text).
select deal_id, client, consultant, coalesce(consulted_at, entered_at) as happened_at,
       case when consulted_at is null then 'дата консультации не указана; ' else '' end
         || 'в пятницу в 18:00 ещё в этапе «' || stage || '» (с ' || strftime(entered_at, '%d.%m.%Y %H:%M') || ')' as detail
from check_state($friday18::timestamptz)
where stage_code = 'held' and coalesce(consulted_at, entered_at) < $friday15::timestamptz
order by happened_at, deal_id
