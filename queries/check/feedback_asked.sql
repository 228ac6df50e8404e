-- Rule 8: (a) consultants with held consultations dated in the four weeks before this Friday 15:00 (from Friday
-- 15:00 four weeks back: the weeks of the last four Friday closings) none of which was asked for feedback
-- (check_asked); (b) consultations of new clients (README «Новый клиент»: no earlier held consultation of the
-- client, or «Новый клиент» = да) dated from last Friday 15:00 to this Friday 15:00 — the ones this closing takes
-- (rule 2) — and not asked.
-- Params: $month_from, $week_from, $friday15 (local time text).
-- Facts: finding ('never_asked': (a), with asked_from, asked_to (TIMESTAMPTZ) and consultations; 'new_client': (b)).
with held as (
  select * from check_now where stage_code in ('held', 'feedback_requested', 'success')
)
select null::bigint as deal_id, null::varchar as client, consultant, max(consulted_at) as happened_at,
       'never_asked' as finding, $month_from::timestamptz as asked_from, $friday15::timestamptz as asked_to,
       count(*)::integer as consultations
from held
where consultant is not null
  and consulted_at >= $month_from::timestamptz and consulted_at < $friday15::timestamptz
group by consultant
having count(*) filter (where deal_id in (select deal_id from check_asked)) = 0
union all
select h.deal_id, h.client, h.consultant, h.consulted_at,
       'new_client', null, null, null
from held h
where h.consulted_at >= $week_from::timestamptz and h.consulted_at < $friday15::timestamptz
  and h.deal_id not in (select deal_id from check_asked)
  and (h.new_client or (h.client_key is not null and not exists (
        select 1 from held e where e.client_key = h.client_key and e.consulted_at < h.consulted_at)))
order by deal_id nulls first, consultant
