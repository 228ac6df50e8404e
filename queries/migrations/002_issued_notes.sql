-- Schema 2: issued monthly notes — when a note for a month was issued, its figures, and the consultations it
-- counted, so later runs can say what changed since.
create table issued_notes (
  issue_id   integer primary key,
  month      varchar not null,          -- 'YYYY-MM'
  issued_at  timestamptz not null,
  time_zone  varchar not null,
  figures    json not null              -- the report's totals and rows as issued
);

create table issued_note_deals (
  issue_id     integer not null,
  deal_id      bigint not null,
  consulted_at timestamptz,
  project      varchar,
  topic        varchar,
  consultant   varchar,
  format       varchar,
  channel      varchar,
  external     boolean,
  duration_min decimal(10, 2),
  client_key   varchar,
  primary key (issue_id, deal_id)
);
