-- okno export: every stored version of every deal (`deal_versions`, README «Version of a deal»), keyed by
-- (load_id, line_no); is_current marks the version that is the deal's current state. Stable schema
-- `consultation_versions` (src/store/export.ts). No params.
select
  v.load_id::bigint as load_id,
  v.line_no::integer as line_no,
  v.deal_id::bigint as deal_id,
  (c.load_id is not null) as is_current,
  v.name::varchar as name,
  v.stage::varchar as stage,
  v.stage_code::varchar as stage_code,
  v.pipeline::varchar as pipeline,
  v.consulted_at::timestamptz as consulted_at,
  v.consulted_at::date as consulted_on,
  v.duration_min::decimal(10, 2) as duration_min,
  v.topic::varchar as topic,
  v.project::varchar as project,
  v.consultant::varchar as consultant,
  v.external::boolean as external,
  v.format::varchar as format,
  v.channel::varchar as channel,
  v.client::varchar as client,
  v.client_key::varchar as client_key,
  v.client_type::varchar as client_type,
  v.company::varchar as company,
  v.contact_company::varchar as contact_company,
  v.contact_name::varchar as contact_name,
  v.new_client::boolean as new_client,
  v.city::varchar as city,
  v.source::varchar as source,
  v.loss_reason::varchar as loss_reason,
  v.budget::decimal(18, 2) as budget,
  v.responsible::varchar as responsible,
  v.tags::varchar as tags,
  v.comments::varchar as comments,
  v.created_at::timestamptz as created_at,
  v.created_by::varchar as created_by,
  v.edited_at::timestamptz as edited_at,
  v.edited_by::varchar as edited_by,
  v.closed_at::timestamptz as closed_at
from deal_versions v
left join (select load_id, line_no from deals) c on c.load_id = v.load_id and c.line_no = v.line_no
order by v.load_id, v.line_no
