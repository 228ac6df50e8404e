-- Records which header of the current file feeds a canonical field. Params: $field, $header.
insert or replace into field_headers values ($field, $header)
