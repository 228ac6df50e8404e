-- Stores one item's mark, replacing the one stored for the same week, rule, item and «Когда». Params: $week, $rule,
-- $item, $at_text, $deal_id, $client, $consultant, $fixed (boolean or null), $comment, $file_id, $sheet_row, $now.
insert or replace into check_marks values
  ($week, $rule, $item, $at_text, $deal_id::bigint, $client, $consultant, $fixed::boolean, $comment, $file_id, $sheet_row, $now::timestamptz)
