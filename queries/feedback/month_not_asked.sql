-- Who was not asked for feedback in the period of `period_held` (seed 001 §4): consultants (named on the card)
-- none of whose consultations was asked, and new clients none of whose consultations was asked.
-- Reads temp tables `period_held`, `asked_deals`. Columns: kind ('consultant' | 'new_client'), name,
-- consultations, deal_ids, consultants (new clients: who consulted them). A new client is named as on its earliest
-- consultation of the period (ties: the smaller deal ID), whatever order DuckDB scans the rows in.
select 'consultant' as kind, consultant as name, count(*)::integer as consultations,
       list(deal_id order by consulted_at, deal_id) as deal_ids, null::varchar[] as consultants
from period_held
where consultant is not null
group by consultant
having count(*) filter (where deal_id in (select deal_id from asked_deals)) = 0
union all
select 'new_client', arg_min(client, (consulted_at, deal_id)), count(*)::integer,
       list(deal_id order by consulted_at, deal_id), list(distinct consultant_name order by consultant_name)
from period_held
where is_new_client and client_key is not null
group by client_key
having count(*) filter (where deal_id in (select deal_id from asked_deals)) = 0
order by kind, name
