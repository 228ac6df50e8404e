-- The latest PR kit of the whole month $month (kits made before the month was over do not count).
-- Columns: kit_id, made_ms (epoch ms), dir, forced, figures (JSON text).
select kit_id, epoch_ms(made_at) as made_ms, dir, forced, figures::varchar as figures
from pr_kits
where month = $month and not partial
order by kit_id desc
limit 1
