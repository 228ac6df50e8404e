-- Clears is_version of the staged rows whose version the database already holds (same deal, «Дата редактирования»
-- and content): loading an export again adds no versions. Two identical rows within one file both stay versions —
-- the current state (view `deals`) picks one, and telling them apart would cost a sort of the whole file.
-- Except a row that brings back, at the current version's own edit time, a state an earlier load stored (A, then B,
-- then A again, all stamped alike): at equal edit times the later load wins (README «Current state of a deal»), so
-- that row is stored again, under this load, and becomes current — as classify counts it (updated).
-- Runs on temp table `parsed` (the load's typed rows, before they are published).
update parsed t
set is_version = false
from (
  select distinct p.line_no
  from parsed p
  join deal_versions v
    on v.deal_id = p.deal_id and v.content_hash = p.content_hash and v.edited_at is not distinct from p.edited_at
  where p.is_version
    and not exists (
      select 1 from deals d
      where d.deal_id = p.deal_id and d.edited_at is not distinct from p.edited_at and d.content_hash <> p.content_hash
    )
) k
where t.line_no = k.line_no
