-- The current review of one deal and kind (view `reviews`). Params: $deal_id BIGINT; $kind VARCHAR.
-- Columns: reviewed_on, reviewer, effective, minutes, satisfaction, success_factors, causes, improvements,
-- applied, changes, solved, source, recorded_at.
select reviewed_on::varchar as reviewed_on, reviewer, effective, minutes::double as minutes, satisfaction,
       success_factors, causes, improvements, applied, changes, solved, source, recorded_at::varchar as recorded_at
from reviews
where deal_id = $deal_id::bigint and kind = $kind
