-- The deal rows of the staged file, typed: creates temp table `parsed`, one row per record of the file, in its
-- order — each a version of its deal (is_version) or rejected (reject_reason, reject_field, reject_value: the first
-- problem of the row; the rejects CSV shows them). Reads the temp view `staged` (is_blank, one VARCHAR column per
-- canonical field: the parallel read of the file). A projection and nothing else — no join, filter, grouping or
-- window — so DuckDB keeps the file's order and the loader numbers the rows by rowid and drops the blank ones
-- (load.ts, ParseQuery). Params: $stage_keys, $stage_codes — the stage names the load knows (okno_key of each) and
-- their codes, lists of equal length (a lookup in a constant list, not a join).
-- The loader appends the versions to `deal_versions` by name. Local times become instants in the session time
-- zone, which the loader sets to the account's (a cast is several times cheaper than timezone(…) per cell).
create or replace temp table parsed as
with s as (
  -- Texts first, trimmed once; the typed values below are parsed from them.
  select
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
    okno_name(client_type) as client_type
  from staged
),
t as (
  select
    s.* exclude (budget_text, closed_raw),
    -- Digits only, as amoCRM writes an ID: DuckDB's cast would read «1301.5» as 1302, «1e3» as 1000, «0x1F» as 31.
    case when ltrim(deal_id_text, '0123456789') = '' then try_cast(deal_id_text as bigint) end as deal_id,
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
  is_blank,
  deal_id_text,
  -- A version of a deal: cleared later for a version the database already holds (same deal, edit time, content).
  reject is null as is_version,
  deal_id,
  name,
  budget::decimal(18, 2) as budget,
  responsible,
  created_at,
  created_by,
  edited_at,
  edited_by,
  closed_at,
  tags,
  comments,
  stage,
  list_extract($stage_codes::varchar[], list_position($stage_keys::varchar[], okno_name_key(stage))) as stage_code,
  pipeline,
  contact_name,
  contact_company,
  company,
  client,
  okno_name_key(client) as client_key,
  city,
  source,
  topic,
  project,
  consultant,
  external,
  format,
  consulted_at,
  duration_min::decimal(10, 2) as duration_min,
  channel,
  new_client,
  loss_reason,
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
  client_type,
  reject.reason as reject_reason,
  reject.field as reject_field,
  reject.value as reject_value
from u
