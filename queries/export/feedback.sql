-- okno export: every stored feedback response with the consultation it links to, as computed now (temp table
-- `feedback_links`, made by queries/feedback/links.sql just before; README «Отзыв и консультация»). Keyed by
-- (load_id, line_no): the load that first brought the response and its row. Stable schema `feedback`. No params.
select
  load_id::bigint as load_id,
  line_no::integer as line_no,
  submitted_at::timestamptz as submitted_at,
  deal_id::bigint as form_deal_id,
  organisation::varchar as organisation,
  client_key::varchar as client_key,
  consultant::varchar as consultant,
  consulted_on::date as consulted_on,
  answered::boolean as answered,
  rating::varchar as rating,
  reasons::varchar as reasons,
  suggestions::varchar as suggestions,
  link::varchar as link_method,
  linked_deal_id::bigint as linked_deal_id,
  about_date::date as about_on
from feedback_links
order by load_id, line_no
