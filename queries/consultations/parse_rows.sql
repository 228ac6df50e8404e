-- Canonical fields of every staged row — blank rows too, so that the result lines up with the raw table row for
-- row (the loader stores it as raw.parsed_<load_id>; view `deal_versions` joins the two by position). A SELECT:
-- the loader names the table it creates from it.
-- Reads the temp view `staged` (line_no, is_blank, one VARCHAR column per canonical field and base_<field>, the
-- raw cell the field starts from). Params: $stage_raws, $stage_codes — the stage code of each distinct stage cell
-- of the file (a list lookup: a join here would let DuckDB reorder the rows).
-- Texts are stored only where they differ from the raw cell (`<field>_fix`: null = the raw cell as is, '' = empty),
-- so a load writes each text once, in the raw table. Local times become instants in the session time zone, which
-- the loader sets to the account's (a cast is several times cheaper than timezone(…) per cell).
with s as (
  -- Texts first, trimmed once; the typed values below are parsed from them.
  select
    line_no,
    is_blank,
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
    okno_name(client_type) as client_type,
    base_name, base_responsible, base_created_by, base_edited_by, base_tags, base_notes, base_stage, base_pipeline,
    base_contact_name, base_contact_company, base_company, base_city, base_source, base_topic, base_project,
    base_consultant, base_format, base_channel, base_loss_reason, base_client_type
  from staged
),
t as (
  select
    s.* exclude (budget_text, closed_raw),
    try_cast(deal_id_text as bigint) as deal_id,
    okno_number(budget_text) as budget,
    okno_ts(created_text)::timestamptz as created_at,
    okno_ts(edited_text)::timestamptz as edited_at,
    case when lower(closed_raw) = 'не закрыта' or lower(closed_raw) = 'не закрыто' then null else closed_raw end as closed_text,
    okno_ts(closed_text)::timestamptz as closed_at,
    okno_ts(consulted_text)::timestamptz as consulted_at,
    okno_number(duration_text) as duration_min,
    okno_name(coalesce(company, contact_company)) as client
  from s
),
u as (
  select
    t.*,
    -- The first problem of a row: why it is rejected, which field, the cell as read (the rejects CSV shows them).
    case
      when is_blank then null
      when deal_id_text is null then {'reason': 'пустой ID сделки', 'field': null::varchar, 'value': null::varchar}
      when deal_id is null then {'reason': 'не целое число', 'field': 'deal_id', 'value': deal_id_text}
      when created_text is not null and created_at is null then {'reason': 'не распознана дата', 'field': 'created_at', 'value': created_text}
      when edited_text is not null and edited_at is null then {'reason': 'не распознана дата', 'field': 'edited_at', 'value': edited_text}
      when closed_text is not null and closed_at is null then {'reason': 'не распознана дата', 'field': 'closed_at', 'value': closed_text}
      when consulted_text is not null and consulted_at is null then {'reason': 'не распознана дата', 'field': 'consulted_at', 'value': consulted_text}
      when duration_text is not null and duration_min is null then {'reason': 'не распознано число', 'field': 'duration_min', 'value': duration_text}
      when duration_min < 0 then {'reason': 'отрицательная продолжительность', 'field': 'duration_min', 'value': duration_text}
    end as reject
  from t
)
select
  line_no,
  is_blank,
  -- A version of a deal: cleared later for a version the database already holds (same deal, edit time, content).
  not is_blank and reject is null as is_version,
  deal_id,
  budget::decimal(18, 2) as budget,
  created_at,
  edited_at,
  closed_at,
  consulted_at,
  duration_min::decimal(10, 2) as duration_min,
  external,
  new_client,
  case when base_stage is not null then ($stage_codes::varchar[])[list_position($stage_raws::varchar[], base_stage)] end as stage_code,
  okno_name_key(client) as client_key,
  -- Everything but the edit stamp. DuckDB's hash() is 4× cheaper than md5 of the joined text; it is stable within
  -- a DuckDB version (after an upgrade, a re-loaded unchanged deal may be stored once more — figures are unaffected).
  -- client_type (schema 3) joins the hash only when the export has it, so deals stored before stay unchanged.
  case when client_type is null then hash(
         name, budget, responsible, created_at, created_by, closed_at, tags, comments,
         stage, pipeline, contact_name, contact_company, company, city, source, topic,
         project, consultant, external, format, consulted_at, duration_min, channel, new_client,
         loss_reason) else hash(
         name, budget, responsible, created_at, created_by, closed_at, tags, comments,
         stage, pipeline, contact_name, contact_company, company, city, source, topic,
         project, consultant, external, format, consulted_at, duration_min, channel, new_client,
         loss_reason, client_type) end as content_hash,
  reject.reason as reject_reason,
  reject.field as reject_field,
  reject.value as reject_value,
  case when name is distinct from base_name then coalesce(name, '') end as name_fix,
  case when responsible is distinct from base_responsible then coalesce(responsible, '') end as responsible_fix,
  case when created_by is distinct from base_created_by then coalesce(created_by, '') end as created_by_fix,
  case when edited_by is distinct from base_edited_by then coalesce(edited_by, '') end as edited_by_fix,
  case when tags is distinct from base_tags then coalesce(tags, '') end as tags_fix,
  case when comments is distinct from base_notes then coalesce(comments, '') end as comments_fix,
  case when stage is distinct from base_stage then coalesce(stage, '') end as stage_fix,
  case when pipeline is distinct from base_pipeline then coalesce(pipeline, '') end as pipeline_fix,
  case when contact_name is distinct from base_contact_name then coalesce(contact_name, '') end as contact_name_fix,
  case when contact_company is distinct from base_contact_company then coalesce(contact_company, '') end as contact_company_fix,
  case when company is distinct from base_company then coalesce(company, '') end as company_fix,
  case when client is distinct from coalesce(base_company, base_contact_company) then coalesce(client, '') end as client_fix,
  case when city is distinct from base_city then coalesce(city, '') end as city_fix,
  case when source is distinct from base_source then coalesce(source, '') end as source_fix,
  case when topic is distinct from base_topic then coalesce(topic, '') end as topic_fix,
  case when project is distinct from base_project then coalesce(project, '') end as project_fix,
  case when consultant is distinct from base_consultant then coalesce(consultant, '') end as consultant_fix,
  case when format is distinct from base_format then coalesce(format, '') end as format_fix,
  case when channel is distinct from base_channel then coalesce(channel, '') end as channel_fix,
  case when loss_reason is distinct from base_loss_reason then coalesce(loss_reason, '') end as loss_reason_fix,
  case when client_type is distinct from base_client_type then coalesce(client_type, '') end as client_type_fix
from u
