-- Records the rejected rows of the staged file with their cells (temp `reject_cells`). Params: $load_id.
insert into load_rejects (load_id, line_no, deal_id, reason, field, value, cells)
select $load_id, p.line_no, p.deal_id_text, p.reject_reason, h.header, p.reject_value, c.cells
from parsed p
left join field_headers h on h.field = p.reject_field
left join reject_cells c on c.line_no = p.line_no
where p.reject_reason is not null
