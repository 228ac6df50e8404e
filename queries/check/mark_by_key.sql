-- The stored mark of one item of a week's rule. Params: $week, $rule, $item, $at_text. Columns: fixed, comment,
-- deal_id, client, consultant.
select fixed, comment, deal_id, client, consultant from check_marks
where week = $week and rule = $rule and item = $item and at_text = $at_text
