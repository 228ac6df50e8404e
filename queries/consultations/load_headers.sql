-- The headers of a load, in column order. Params: $load_id. Columns: header.
select header from load_columns where load_id = $load_id order by position
