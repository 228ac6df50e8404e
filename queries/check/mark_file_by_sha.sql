-- A check workbook loaded before, by the sha256 of its bytes. Params: $sha256. Columns: file_id, week, file_name,
-- loaded_at (ISO 8601 with the offset, okno_iso).
select file_id, week, file_name, okno_iso(loaded_at) as loaded_at from check_mark_files where sha256 = $sha256
