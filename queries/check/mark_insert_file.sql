-- Records a check workbook load. Params: $file_id, $week, $file_name, $sha256, $now (the command's clock, ISO
-- instant), $marks.
insert into check_mark_files values ($file_id, $week, $file_name, $sha256, $now::timestamptz, $marks)
