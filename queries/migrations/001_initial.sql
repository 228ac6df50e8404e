-- Schema 1: loads, raw columns of every load, every version of every deal, and the current state.
create table schema_version (
  version    integer primary key,
  name       varchar not null,
  applied_at timestamptz not null
);

create table meta (
  key   varchar primary key,
  value varchar
);

-- One row per loaded file. The raw rows live in raw.load_<load_id>, columns c1..cN by position.
create table loads (
  load_id       integer primary key,
  kind          varchar not null,            -- 'consultations'
  file_name     varchar not null,
  file_path     varchar not null,
  sha256        varchar not null,
  size_bytes    bigint not null,
  format        varchar not null,            -- 'csv' | 'xlsx'
  encoding      varchar,                     -- 'utf-8' | 'utf-8-bom' | 'windows-1251'; null for xlsx
  delimiter     varchar,
  time_zone     varchar not null,
  loaded_at     timestamptz not null,
  rows_read     integer not null,
  rows_rejected integer not null,
  deals_new       integer not null,
  deals_updated   integer not null,
  deals_unchanged integer not null,
  deals_older     integer not null,
  raw_table     varchar not null
);

-- The header of every column of every load, by position (headers may repeat).
create table load_columns (
  load_id  integer not null,
  position integer not null,                 -- 1-based; the raw table's column is c<position>
  header   varchar not null,
  field    varchar,                          -- canonical field it was mapped to, or null
  primary key (load_id, position)
);

-- Rows a load could not take, with the reason. line_no: row number as a spreadsheet shows it (header = 1).
create table load_rejects (
  load_id  integer not null,
  line_no  integer not null,
  deal_id  varchar,
  reason   varchar not null,
  field    varchar,
  value    varchar
);

-- Every loaded version of every deal, canonical fields. Times are instants (the account's local wall time
-- interpreted in the load's time zone).
create table deal_versions (
  load_id        integer not null,
  line_no        integer not null,
  deal_id        bigint not null,
  name           varchar,
  budget         decimal(18, 2),
  responsible    varchar,
  created_at     timestamptz,
  created_by     varchar,
  edited_at      timestamptz,
  edited_by      varchar,
  closed_at      timestamptz,
  tags           varchar,
  comments       varchar,
  stage          varchar,                    -- as exported
  stage_code     varchar,                    -- normalised; null when okno does not know the stage
  pipeline       varchar,
  contact_name   varchar,
  contact_company varchar,
  company        varchar,
  client         varchar,                    -- company, else contact's company; trimmed, spaces collapsed
  client_key     varchar,                    -- normalised client (README: «Клиент»)
  city           varchar,
  source         varchar,
  topic          varchar,
  project        varchar,
  consultant     varchar,
  external       boolean,
  format         varchar,
  consulted_at   timestamptz,
  duration_min   decimal(10, 2),
  channel        varchar,
  new_client     boolean,
  loss_reason    varchar,
  content_hash   ubigint not null
);

create schema raw;

-- The current state of each deal: its version with the latest «Дата редактирования»; ties go to the later
-- load, then the later row.
create view deals as
select * exclude (rn)
from (
  select *, row_number() over (
           partition by deal_id
           order by edited_at desc nulls last, load_id desc, line_no desc) as rn
  from deal_versions
)
where rn = 1;

-- Held consultations (README «Консультация проведена в месяце»): stage held / feedback requested / success.
create view held_consultations as
select *, coalesce(project, 'не распределено') as project_name
from deals
where stage_code in ('held', 'feedback_requested', 'success');
