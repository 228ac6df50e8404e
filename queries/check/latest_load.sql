-- The consultation loads, and whether the latest was loaded before this Friday 18:00. Params: $friday18 (local
-- time text). Columns: loads, before_closing.
select count(*)::integer as loads, coalesce(max(loaded_at) < $friday18::timestamptz, false) as before_closing
from loads
where kind = 'consultations'
