-- Schema 13: the parts of a load's original say how they are compressed. okno now stores each part as a brotli
-- stream (quality 1): on the bench's export it compresses 2.2 times as fast as gzip level 1 (CPU the load's parse
-- shares), to a smaller size (README «How a load is stored»). The parts stored before this
-- schema stay as they are, gzip members, and say so; a new part must name its codec (no default).
alter table load_files add column codec varchar default 'gzip';
alter table load_files alter column codec set not null;
alter table load_files alter column codec drop default;
