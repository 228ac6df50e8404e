-- An earlier load of the same bytes. Params: $kind, $sha256. Columns: load_id, file_name, loaded_at.
select load_id, file_name, strftime(loaded_at, '%d.%m.%Y %H:%M') as loaded_at
from loads where kind = $kind and sha256 = $sha256
order by load_id limit 1
