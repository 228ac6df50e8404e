-- Records the header of one column of a load. Params: $load_id, $position, $header, $field.
insert into load_columns (load_id, position, header, field) values ($load_id, $position, $header, $field)
