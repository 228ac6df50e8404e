-- The consultation loads, whether the latest was loaded before this Friday 18:00, and whether Friday 18:00 has come
-- by the command's clock. Params: $friday18 (local time text), $now (instant). Columns: loads, before_closing, closing_passed.
select count(*)::integer as loads, coalesce(max(loaded_at) < $friday18::timestamptz, false) as before_closing,
       $friday18::timestamptz <= $now::timestamptz as closing_passed
from loads
where kind = 'consultations'
