-- Records a calendar load. Params: $file_id, $file_name, $file_path, $sha256, $calendar_name, $expand_to (ISO
-- instant), $events, $occurrences.
insert into calendar_files values
  ($file_id, $file_name, $file_path, $sha256, $calendar_name, now(), $expand_to::timestamptz, $events, $occurrences)
