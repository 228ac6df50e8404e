-- The latest calendar load, if any. Columns: file_id, file_name, loaded_at (ISO 8601 with the offset, okno_iso).
select file_id, file_name, okno_iso(loaded_at) as loaded_at
from calendar_files
order by file_id desc
limit 1
