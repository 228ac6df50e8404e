-- okno export: the office manager's marks brought back from the check workbooks (`okno check load`), with the file
-- each came from. Stable schema `check_marks` (src/store/export.ts). No params.
select
  m.week::varchar as week,
  m.rule::varchar as rule,
  m.item::varchar as item,
  m.at_text::varchar as at_text,
  m.deal_id::bigint as deal_id,
  m.client::varchar as client,
  m.consultant::varchar as consultant,
  m.fixed::boolean as fixed,
  m.comment::varchar as comment,
  f.file_name::varchar as file_name,
  m.sheet_row::integer as sheet_row,
  m.loaded_at::timestamptz as loaded_at
from check_marks m
join check_mark_files f using (file_id)
order by m.week, m.rule, m.item, m.at_text
