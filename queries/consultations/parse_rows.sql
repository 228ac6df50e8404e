-- Canonical fields of every non-blank staged row, with the first reason it cannot load (null = good).
-- Reads the temp view `staged` (one VARCHAR column per canonical field, line_no, is_blank) and temp table
-- `stage_map` (key, code). Params: $tz — the account's time zone. Creates temp table `parsed`.
create or replace temp table parsed as
with t as (
  select
    line_no,
    okno_text(deal_id) as deal_id_text,
    try_cast(okno_text(deal_id) as bigint) as deal_id,
    okno_text(name) as name,
    okno_number(budget) as budget,
    okno_text(responsible) as responsible,
    okno_text(created_at) as created_text,
    timezone($tz, okno_local_ts(created_at)) as created_at,
    okno_text(created_by) as created_by,
    okno_text(edited_at) as edited_text,
    timezone($tz, okno_local_ts(edited_at)) as edited_at,
    okno_text(edited_by) as edited_by,
    case when okno_key(closed_at) in ('не закрыта', 'не закрыто') then null else okno_text(closed_at) end as closed_text,
    timezone($tz, okno_local_ts(closed_at)) as closed_at,
    okno_text(tags) as tags,
    nullif(trim(notes), '') as comments,
    okno_text(stage) as stage,
    okno_text(pipeline) as pipeline,
    okno_text(contact_name) as contact_name,
    okno_text(contact_company) as contact_company,
    okno_text(company) as company,
    okno_text(city) as city,
    okno_text(source) as source,
    okno_text(topic) as topic,
    okno_text(project) as project,
    okno_text(consultant) as consultant,
    okno_bool(external) as external,
    okno_text(format) as format,
    okno_text(consulted_at) as consulted_text,
    timezone($tz, okno_local_ts(consulted_at)) as consulted_at,
    okno_text(duration_min) as duration_text,
    okno_number(duration_min) as duration_min,
    okno_text(channel) as channel,
    okno_bool(new_client) as new_client,
    okno_text(loss_reason) as loss_reason
  from staged
  where not is_blank
)
select
  t.*,
  coalesce(t.company, t.contact_company) as client,
  okno_key(coalesce(t.company, t.contact_company)) as client_key,
  m.code as stage_code,
  case
    when t.deal_id_text is null then 'пустой ID сделки'
    when t.deal_id is null then 'не целое число'
    when t.created_text is not null and t.created_at is null then 'не распознана дата'
    when t.edited_text is not null and t.edited_at is null then 'не распознана дата'
    when t.closed_text is not null and t.closed_at is null then 'не распознана дата'
    when t.consulted_text is not null and t.consulted_at is null then 'не распознана дата'
    when t.duration_text is not null and t.duration_min is null then 'не распознано число'
    when t.duration_min < 0 then 'отрицательная продолжительность'
  end as reject_reason,
  case
    when t.deal_id_text is null then null
    when t.deal_id is null then 'deal_id'
    when t.created_text is not null and t.created_at is null then 'created_at'
    when t.edited_text is not null and t.edited_at is null then 'edited_at'
    when t.closed_text is not null and t.closed_at is null then 'closed_at'
    when t.consulted_text is not null and t.consulted_at is null then 'consulted_at'
    when t.duration_text is not null and (t.duration_min is null or t.duration_min < 0) then 'duration_min'
  end as reject_field,
  case
    when t.deal_id is null then t.deal_id_text
    when t.created_text is not null and t.created_at is null then t.created_text
    when t.edited_text is not null and t.edited_at is null then t.edited_text
    when t.closed_text is not null and t.closed_at is null then t.closed_text
    when t.consulted_text is not null and t.consulted_at is null then t.consulted_text
    when t.duration_text is not null and (t.duration_min is null or t.duration_min < 0) then t.duration_text
  end as reject_value,
  md5(json_array(t.name, t.budget, t.responsible, t.created_at, t.created_by, t.closed_at, t.tags, t.comments,
          t.stage, t.pipeline, t.contact_name, t.contact_company, t.company, t.city, t.source, t.topic,
          t.project, t.consultant, t.external, t.format, t.consulted_at, t.duration_min, t.channel,
          t.new_client, t.loss_reason)::varchar) as content_hash
from t
left join stage_map m on m.key = okno_key(t.stage)
