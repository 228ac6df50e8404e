-- The id of the next load: numbers without gaps, since the database file admits one writer at a time.
-- Columns: load_id.
select (coalesce(max(load_id), 0) + 1)::integer as load_id from loads
