-- okno export: the slots of the latest calendar load (`calendar_slots`, README «okno load calendar»), the input of
-- procedure rule 9; with the load they came from. Stable schema `calendar_slots`. No params.
select
  s.file_id::bigint as calendar_load_id,
  f.file_name::varchar as calendar_file_name,
  f.loaded_at::timestamptz as calendar_loaded_at,
  s.uid::varchar as uid,
  s.starts_at::timestamptz as starts_at,
  s.ends_at::timestamptz as ends_at,
  s.summary::varchar as summary,
  s.initials::varchar as initials,
  s.kind::varchar as kind,
  s.organisation::varchar as organisation
from calendar_slots s
join calendar_files f on f.file_id = s.file_id
order by s.starts_at, s.uid, s.ends_at
