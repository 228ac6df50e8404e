-- Stage values of the staged file that okno cannot map to a stage code. Reads temp table `parsed`.
-- Columns: stage, count, deal_ids (list, in row order).
select stage, count(*)::integer as count, list(deal_id_text order by line_no) as deal_ids
from parsed
where reject_reason is null and stage is not null and stage_code is null
group by stage
order by count desc, stage
