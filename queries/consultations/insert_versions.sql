-- Stores the good rows of the staged file as deal versions, skipping versions already stored (same deal,
-- «Дата редактирования» and content). Two identical rows within one file are both kept: the current state
-- (view `deals`) picks one, and deduplicating here would cost a sort of the whole file. Params: $load_id.
insert into deal_versions
select $load_id, line_no, deal_id, name, budget, responsible, created_at, created_by, edited_at, edited_by,
       closed_at, tags, comments, stage, stage_code, pipeline, contact_name, contact_company, company, client,
       client_key, city, source, topic, project, consultant, external, format, consulted_at, duration_min, channel,
       new_client, loss_reason, content_hash, client_type
from parsed p
where reject_reason is null
  and not exists (
    select 1 from deal_versions v
    where v.deal_id = p.deal_id and v.content_hash = p.content_hash
      and v.edited_at is not distinct from p.edited_at)
