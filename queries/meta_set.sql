-- Sets one database setting. Params: $key, $value.
insert or replace into meta (key, value) values ($key, $value)
