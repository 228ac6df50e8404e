-- Records the header of every column of a load. Params: $load_id; $headers, $fields — lists by position
-- (a field is null for a column no field took).
insert into load_columns (load_id, position, header, field)
select $load_id, generate_subscripts(h, 1), unnest(h), unnest(f)
from (select $headers::varchar[] as h, $fields::varchar[] as f)
