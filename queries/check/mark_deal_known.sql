-- Whether a deal is in the database (any loaded version). Params: $deal_id. Columns: known.
select exists (select 1 from deal_versions where deal_id = $deal_id::bigint) as known
