-- Adds one stage name. Params: $name (as exported), $code.
insert or replace into stage_map values (okno_key($name), $code)
