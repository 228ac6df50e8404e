-- The latest issue of the note for a period. Params: $month (the period key). Columns: issue_id,
-- issued_at (ISO 8601 with the offset, okno_iso), figures (JSON text).
select issue_id, okno_iso(issued_at) as issued_at, figures::varchar as figures
from issued_notes where month = $month
order by issue_id desc limit 1
