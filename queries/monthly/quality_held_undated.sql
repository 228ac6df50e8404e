-- Held deals (current state) with no «Дата консультации»: counted in no month. Columns: deal_id, name, client,
-- consultant, stage, edited_iso (ISO 8601 with the offset, okno_iso).
select deal_id, name, client, consultant, stage, okno_iso(edited_at) as edited_iso
from held_consultations
where consulted_at is null
order by deal_id
