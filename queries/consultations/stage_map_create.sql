-- The stage names the current load knows (built-in and from the mapping file), filled by stage_map_add.
create or replace temp table stage_map (key varchar primary key, code varchar not null);
create or replace temp table field_headers (field varchar primary key, header varchar not null);
