-- An earlier load of the same bytes. Params: $kind, $sha256. Columns: load_id, file_name,
-- loaded_at (ISO 8601 with the offset, okno_iso).
select load_id, file_name, okno_iso(loaded_at) as loaded_at
from loads where kind = $kind and sha256 = $sha256
order by load_id limit 1
