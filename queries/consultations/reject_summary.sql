-- Rejected rows of the staged file grouped by reason and column. Reads temp tables `parsed`, `field_headers`.
-- Columns: reason, field, header, count, lines (list of line numbers, in order), values (first few values).
select
  p.reject_reason as reason,
  p.reject_field as field,
  h.header,
  count(*)::integer as count,
  list(p.line_no order by p.line_no) as lines,
  list(p.deal_id_text order by p.line_no) filter (where p.deal_id_text is not null) as deal_ids
from parsed p
left join field_headers h on h.field = p.reject_field
where p.reject_reason is not null
group by all
order by count desc, min(p.line_no)
