-- The latest issue of the note for a period. Params: $month (the period key). Columns: issue_id, issued_local, figures (JSON text).
select issue_id, strftime(issued_at, '%d.%m.%Y %H:%M') as issued_local, figures::varchar as figures
from issued_notes where month = $month
order by issue_id desc limit 1
