-- One deal for recording a review: its current stage and consultation date, and its windows (from temp table
-- `review_windows`; empty when the deal is not tracked). Params: $deal_id BIGINT.
-- Columns: deal_id, stage, stage_code, consulted_on, client, consultant_name, topic_name, project_name,
-- duration_min, windows (list of {kind, opens, deadline, allowed_until, state}).
select d.deal_id, d.stage, d.stage_code, d.consulted_at::date::varchar as consulted_on, d.client,
       coalesce(d.consultant, 'не указан') as consultant_name, coalesce(d.topic, 'не указана') as topic_name,
       case when d.project is null or lower(d.project) = 'не распределено' then 'не распределено' else d.project end as project_name, d.duration_min::double as duration_min,
       (select list({'kind': w.kind, 'opens': w.opens::varchar, 'deadline': w.deadline::varchar,
                     'allowed_until': w.allowed_until::varchar, 'state': w.state} order by w.kind desc)
        from review_windows w where w.deal_id = d.deal_id) as windows
from deals d
where d.deal_id = $deal_id::bigint
