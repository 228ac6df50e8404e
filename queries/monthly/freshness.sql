-- How fresh the consultation data is for a period ending at $to (local TIMESTAMP, read in $tz).
-- Columns: latest_load_local, latest_load_file, latest_edited_local, loaded_after_end.
select
  (select strftime(max(loaded_at), '%d.%m.%Y %H:%M') from loads where kind = 'consultations') as latest_load_local,
  (select arg_max(file_name, loaded_at) from loads where kind = 'consultations') as latest_load_file,
  (select strftime(max(edited_at), '%d.%m.%Y %H:%M') from deal_versions) as latest_edited_local,
  coalesce((select max(loaded_at) >= timezone($tz, $to::timestamp) from loads where kind = 'consultations'), false) as loaded_after_end
