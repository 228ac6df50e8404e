-- The id of the next calendar load. Columns: file_id.
select (coalesce(max(file_id), 0) + 1)::integer as file_id from calendar_files
