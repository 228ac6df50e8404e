-- Records a PR kit made for a month (README «okno pr», «Record»). Params: $month, $now (the command's clock, ISO
-- instant), $tz, $dir, $partial, $forced, $warning (null unless forced), $figures (JSON text). Columns: kit_id.
insert into pr_kits (kit_id, month, made_at, time_zone, dir, partial, forced, warning, figures)
select coalesce(max(kit_id), 0) + 1, $month, $now::timestamptz, $tz, $dir, $partial, $forced, $warning, $figures::json
from pr_kits
returning kit_id
