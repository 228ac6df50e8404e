-- Adds the stage names the current load knows. Params: $names, $codes — lists of equal length.
insert or replace into stage_map
select okno_key(name), code from (select unnest($names::varchar[]) as name, unnest($codes::varchar[]) as code)
