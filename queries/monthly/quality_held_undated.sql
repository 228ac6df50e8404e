-- Held deals (current state) with no «Дата консультации»: counted in no month. Columns: deal_id, name, client,
-- consultant, stage, edited_local.
select deal_id, name, client, consultant, stage, strftime(edited_at, '%Y-%m-%d %H:%M:%S') as edited_local
from held_consultations
where consulted_at is null
order by deal_id
