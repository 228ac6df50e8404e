-- The id of the next load. Columns: load_id.
select nextval('load_id_seq')::integer as load_id
