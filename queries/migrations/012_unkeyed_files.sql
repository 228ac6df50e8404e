-- Schema 12: `load_files` without its primary key. DuckDB keeps a primary key in an ART index, and once a
-- checkpoint had written that index to disk every part committed after it took longer, the longer the table: the
-- 4,000,000-row export's 410 parts of its original, alone, 48 s against 9 s without the key (the whole load waited a
-- minute for them). Nothing looks a part up by its key; (load_id, part) stays unique because one load at a time
-- writes the database (DuckDB locks its file) and a load's parts are numbered 0, 1, … after removing the parts of
-- any load never published (queries/load/remove_unpublished.sql, run before each file's load). DuckDB cannot drop a
-- key, so the table is made anew: the upgrade copies the stored originals once, and the file grows by their size
-- once (DuckDB reuses the freed blocks for what is written later).
alter table load_files rename to okno_keyed_files;
create table load_files (
  load_id integer not null,
  part    integer not null,
  bytes   blob not null
);
insert into load_files select load_id, part, bytes from okno_keyed_files order by load_id, part;
drop table okno_keyed_files;
