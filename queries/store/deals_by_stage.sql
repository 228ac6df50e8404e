-- Current deals per stage as exported. Columns: stage, stage_code (null when unknown), deals.
select coalesce(stage, '(пусто)') as stage, stage_code, count(*)::integer as deals
from deals
group by all
order by deals desc, stage, stage_code nulls last
