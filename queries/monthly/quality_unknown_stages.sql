-- Current deals in a stage okno does not know (they count in no figure). Columns: stage, deal_ids.
select stage, list(deal_id order by deal_id) as deal_ids
from deals
where stage is not null and stage_code is null
group by stage
order by stage
