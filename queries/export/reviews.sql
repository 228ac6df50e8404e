-- okno export: the current effectiveness review of each deal and kind (view `reviews`: the latest recorded; README
-- «Оценка эффективности»). Stable schema `reviews` (src/store/export.ts). No params.
select
  deal_id::bigint as deal_id,
  kind::varchar as kind,
  reviewed_on::date as reviewed_on,
  reviewer::varchar as reviewer,
  effective::boolean as effective,
  minutes::decimal(10, 2) as minutes,
  satisfaction::varchar as satisfaction,
  success_factors::varchar as success_factors,
  causes::varchar as causes,
  improvements::varchar as improvements,
  applied::varchar as applied,
  changes::varchar as changes,
  solved::varchar as solved,
  source::varchar as source,
  source_file::varchar as source_file,
  recorded_at::timestamptz as recorded_at
from reviews
order by deal_id, kind
