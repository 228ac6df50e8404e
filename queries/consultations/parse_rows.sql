-- Canonical fields of every non-blank staged row, with the first reason it cannot load (null = good).
-- Reads the temp view `staged` (one VARCHAR column per canonical field, line_no, is_blank) and temp table
-- `stage_map` (key, code). Local times become instants in the session time zone, which the loader sets to the
-- account's (a cast is several times cheaper than timezone(…) per cell). Creates temp table `parsed`.
create or replace temp table parsed as
with s as (
  -- Texts first, trimmed once; the typed values below are parsed from them.
  select
    line_no,
    okno_text(deal_id) as deal_id_text,
    okno_text(name) as name,
    okno_text(budget) as budget_text,
    okno_text(responsible) as responsible,
    okno_text(created_at) as created_text,
    okno_text(created_by) as created_by,
    okno_text(edited_at) as edited_text,
    okno_text(edited_by) as edited_by,
    okno_text(closed_at) as closed_raw,
    okno_text(tags) as tags,
    nullif(trim(notes), '') as comments,
    okno_name(stage) as stage,
    okno_name(pipeline) as pipeline,
    okno_text(contact_name) as contact_name,
    okno_text(contact_company) as contact_company,
    okno_text(company) as company,
    okno_text(city) as city,
    okno_text(source) as source,
    okno_name(topic) as topic,
    okno_name(project) as project,
    okno_name(consultant) as consultant,
    okno_bool(external) as external,
    okno_name(format) as format,
    okno_text(consulted_at) as consulted_text,
    okno_text(duration_min) as duration_text,
    okno_name(channel) as channel,
    okno_bool(new_client) as new_client,
    okno_text(loss_reason) as loss_reason,
    okno_name(client_type) as client_type
  from staged
  where not is_blank
),
t as (
  select
    s.* exclude (budget_text, closed_raw),
    try_cast(deal_id_text as bigint) as deal_id,
    okno_number(budget_text) as budget,
    okno_ts(created_text)::timestamptz as created_at,
    okno_ts(edited_text)::timestamptz as edited_at,
    case when lower(closed_raw) in ('не закрыта', 'не закрыто') then null else closed_raw end as closed_text,
    okno_ts(closed_text)::timestamptz as closed_at,
    okno_ts(consulted_text)::timestamptz as consulted_at,
    okno_number(duration_text) as duration_min
  from s
)
select
  -- The texts behind dates and numbers only serve the checks below: not kept.
  t.* exclude (created_text, edited_text, closed_text, consulted_text, duration_text),
  okno_name(coalesce(t.company, t.contact_company)) as client,
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
  -- Everything but the edit stamp. DuckDB's hash() is 4× cheaper than md5 of the joined text; it is stable within
  -- a DuckDB version (after an upgrade, a re-loaded unchanged deal may be stored once more — figures are unaffected).
  -- client_type (schema 3) joins the hash only when the export has it, so deals stored before stay unchanged.
  case when t.client_type is null then hash(
         t.name, t.budget, t.responsible, t.created_at, t.created_by, t.closed_at, t.tags, t.comments,
         t.stage, t.pipeline, t.contact_name, t.contact_company, t.company, t.city, t.source, t.topic,
         t.project, t.consultant, t.external, t.format, t.consulted_at, t.duration_min, t.channel, t.new_client,
         t.loss_reason) else hash(
         t.name, t.budget, t.responsible, t.created_at, t.created_by, t.closed_at, t.tags, t.comments,
         t.stage, t.pipeline, t.contact_name, t.contact_company, t.company, t.city, t.source, t.topic,
         t.project, t.consultant, t.external, t.format, t.consulted_at, t.duration_min, t.channel, t.new_client,
         t.loss_reason, t.client_type) end as content_hash
from t
left join stage_map m on m.key = okno_key(t.stage)
