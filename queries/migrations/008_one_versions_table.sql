-- Schema 8: one table of deal versions, and every new load's original file kept byte for byte.
-- Before, a consultation load was two tables (raw.load_<n>: every cell; raw.parsed_<n>: the typed half) that view
-- `deal_versions` joined by row position, rebuilt after every load. Now `deal_versions` is a table keyed by
-- (load_id, line_no), appended by each load in the transaction that publishes it; ordinary joins are allowed.
-- What is kept of the original: the file itself, gzip-compressed in parts, in `load_files` (README «How a load is
-- stored» says why: cheaper than storing every cell, and a later mapping change can read it again).
-- The per-load versions of schema 6 are copied into the table by src/db/migrate-008.ts right after this file,
-- in the same transaction; the raw.load_<n> tables of those older loads stay (their cells), raw.parsed_<n> go.
drop view deal_versions;

create table deal_versions as select * from legacy_deal_versions;

drop table legacy_deal_versions;

-- The original bytes of a load: part 0, 1, … each a gzip member of at most 8 MiB of the file; their concatenation
-- is the file gzipped (`gunzip` reads it). Survey answers are never kept (README «Anonymity»).
create table load_files (
  load_id integer not null,
  part    integer not null,
  bytes   blob not null,
  primary key (load_id, part)
);

-- The rejected row's cells as read (all columns, by position), for the rejects CSV.
alter table load_rejects add column cells varchar[];

-- A load of schema 8 has no raw table: its cells are in its original file.
alter table loads alter column raw_table drop not null;
