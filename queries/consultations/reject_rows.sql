-- Every rejected row of the staged file, for the rejects CSV. Reads temp tables `parsed`, `field_headers`.
-- Columns: line_no, deal_id, reason, header, value.
select p.line_no, p.deal_id_text as deal_id, p.reject_reason as reason, h.header, p.reject_value as value
from parsed p
left join field_headers h on h.field = p.reject_field
where p.reject_reason is not null
order by p.line_no
