-- Records the rejected rows of the staged file. Params: $load_id.
insert into load_rejects (load_id, line_no, deal_id, reason, field, value)
select $load_id, p.line_no, p.deal_id_text, p.reject_reason, h.header, p.reject_value
from parsed p
left join field_headers h on h.field = p.reject_field
where p.reject_reason is not null
