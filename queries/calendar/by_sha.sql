-- The latest calendar load, when its file had this sha256. Params: $sha256. Columns: file_id, file_name,
-- loaded_at (ISO 8601 with the offset, okno_iso).
select file_id, file_name, okno_iso(loaded_at) as loaded_at
from calendar_files
where file_id = (select max(file_id) from calendar_files) and sha256 = $sha256
