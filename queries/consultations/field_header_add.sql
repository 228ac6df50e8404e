-- Records which header of the current file feeds each canonical field. Params: $fields, $headers — lists.
insert or replace into field_headers
select unnest($fields::varchar[]), unnest($headers::varchar[])
