-- Records one load. Params: every column of `loads` but loaded_at, which is $now (the command's clock, ISO
-- instant), and raw_table / parsed_table (schema 6: a load of schema 8 keeps its original file in load_files).
insert into loads (load_id, kind, file_name, file_path, sha256, size_bytes, format, encoding, delimiter, time_zone,
                   loaded_at, rows_read, rows_rejected, deals_new, deals_updated, deals_unchanged, deals_older)
values ($load_id, $kind, $file_name, $file_path, $sha256, $size_bytes, $format, $encoding, $delimiter, $tz,
        $now::timestamptz, $rows_read, $rows_rejected, $deals_new, $deals_updated, $deals_unchanged, $deals_older)
