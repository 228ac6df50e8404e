-- The stage names the current load knows (temp `stage_map`, filled by stage_map_add) as two lists for the parse's
-- lookup (parse_rows.sql). Columns: keys, codes — of equal length, one entry per key.
select coalesce(list(key order by key), [])::varchar[] as keys, coalesce(list(code order by key), [])::varchar[] as codes
from stage_map
