-- The id of the next check workbook load. Columns: file_id.
select (coalesce(max(file_id), 0) + 1)::integer as file_id from check_mark_files
