-- Records one load. Params: every column of `loads` but loaded_at, which is $now (the command's clock, ISO instant); $kind 'consultations' | 'feedback';
-- $parsed_table null for a feedback load.
insert into loads (load_id, kind, file_name, file_path, sha256, size_bytes, format, encoding, delimiter, time_zone,
                   loaded_at, rows_read, rows_rejected, deals_new, deals_updated, deals_unchanged, deals_older, raw_table,
                   parsed_table)
values ($load_id, $kind, $file_name, $file_path, $sha256, $size_bytes, $format, $encoding, $delimiter, $tz,
        $now::timestamptz, $rows_read, $rows_rejected, $deals_new, $deals_updated, $deals_unchanged, $deals_older, $raw_table,
        $parsed_table)
