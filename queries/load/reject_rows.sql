-- The rejected rows of a stored load with their cells as read, for the rejects CSV. Params: $load_id, $file (the
-- file name shown). Columns: file, line_no, deal_id, reason, header, value, raw (the row's cells by position).
select $file as file, line_no, deal_id, reason, field as header, value, coalesce(cells, []) as raw
from load_rejects
where load_id = $load_id
order by line_no
