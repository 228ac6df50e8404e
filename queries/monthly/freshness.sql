-- How fresh the consultation data is for a period whose data must reach $end (local TIMESTAMP, read in $tz: the
-- period's end, or the start of today for a period not over yet). README «Freshness».
-- Columns: latest_load_local, latest_load_ms (epoch ms), latest_load_file, latest_edited_local, latest_edited_ms,
-- loaded_after_end, edited_before_end (no deal version at all counts as before).
select
  (select strftime(max(loaded_at), '%d.%m.%Y %H:%M') from loads where kind = 'consultations') as latest_load_local,
  (select epoch_ms(max(loaded_at)) from loads where kind = 'consultations') as latest_load_ms,
  -- Loads stamped at the same instant (one command loading several files): the one loaded last.
  (select file_name from loads where kind = 'consultations' order by loaded_at desc, load_id desc limit 1) as latest_load_file,
  (select strftime(max(edited_at), '%d.%m.%Y %H:%M') from deal_versions) as latest_edited_local,
  (select epoch_ms(max(edited_at)) from deal_versions) as latest_edited_ms,
  coalesce((select max(loaded_at) >= timezone($tz, $end::timestamp) from loads where kind = 'consultations'), false) as loaded_after_end,
  coalesce((select max(edited_at) < timezone($tz, $end::timestamp) from deal_versions), true) as edited_before_end
