-- The marks of the latest week before $week that has any (README «Проверки процедуры», «Отметки»), with the file
-- they came from. Params: $week ('YYYY-Www'). Columns: week, rule, item, at_text, deal_id, client, consultant, fixed,
-- comment, sheet_row, file_name, loaded_at (okno_iso).
select m.week, m.rule, m.item, m.at_text, m.deal_id, m.client, m.consultant, m.fixed, m.comment, m.sheet_row,
       f.file_name, okno_iso(m.loaded_at) as loaded_at
from check_marks m
join check_mark_files f using (file_id)
where m.week = (select max(week) from check_marks where week < $week)
order by m.rule, m.sheet_row, m.item, m.at_text
