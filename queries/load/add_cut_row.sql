-- The file's cut-off last row (README «Rejected rows»: «строка обрезана»), rejected. Params: $line_no (its row),
-- $reason, $deal_id (its ID cell as cut, or null).
insert into parsed by name
select $line_no::integer as line_no, $deal_id as deal_id_text, $reason as reject_reason
