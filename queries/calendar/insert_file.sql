-- Records a calendar load. Params: $file_id, $file_name, $file_path, $sha256, $calendar_name, $expand_to (ISO
-- instant), $events, $occurrences, $now (the command's clock, ISO instant).
insert into calendar_files values
  ($file_id, $file_name, $file_path, $sha256, $calendar_name, $now::timestamptz, $expand_to::timestamptz, $events, $occurrences)
