-- Rows the consultation loads rejected that no later load has fixed (no version of the deal stored from a later load).
-- Columns: file_name, loaded_iso (ISO 8601 with the offset, okno_iso), line_no, deal_id, reason, field, value.
select l.file_name, okno_iso(l.loaded_at) as loaded_iso, r.line_no, r.deal_id, r.reason,
       r.field, r.value
from load_rejects r
join loads l using (load_id)
where l.kind = 'consultations'
  and not exists (
  select 1 from deal_versions v
  -- A rejected ID that is not digits only («1301.5») names no deal: DuckDB's cast would read it as 1302.
  where ltrim(r.deal_id, '0123456789') = '' and v.deal_id = try_cast(r.deal_id as bigint) and v.load_id > r.load_id)
order by l.load_id, r.line_no
