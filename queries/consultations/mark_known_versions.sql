-- Clears is_version of the staged rows whose version the database already holds (same deal, «Дата редактирования»
-- and content): loading an export again adds no versions. Two identical rows within one file both stay versions —
-- the current state (view `deals`) picks one, and telling them apart would cost a sort of the whole file.
-- Runs on temp table `parsed` (the load's typed rows, before they are published).
update parsed t
set is_version = false
from (
  select distinct p.line_no
  from parsed p
  join deal_versions v
    on v.deal_id = p.deal_id and v.content_hash = p.content_hash and v.edited_at is not distinct from p.edited_at
  where p.is_version
) k
where t.line_no = k.line_no
