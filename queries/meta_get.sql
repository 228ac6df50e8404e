-- One database setting. Params: $key. Columns: value.
select value from meta where key = $key
