-- The first rejected row of a reject group of the staged file (consultations or feedback), as reject_summary.sql
-- groups them. Reads temp `parsed`, `field_headers`. Params: $reason VARCHAR, $header VARCHAR (null: the group has
-- no column). Columns: line_no, field, value.
select p.line_no, p.reject_field as field, p.reject_value as value
from parsed p
left join field_headers h on h.field = p.reject_field
where p.reject_reason = $reason and h.header is not distinct from $header
order by p.line_no
limit 1
