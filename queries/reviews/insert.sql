-- Stores one review version (after reviews/classify said it is new or updated).
-- Params: $deal_id, $kind, $reviewed_on DATE, $reviewer, $effective, $minutes, $satisfaction, $success_factors,
-- $causes, $improvements, $applied, $changes, $solved, $source, $source_file, $content_hash (text of a UBIGINT),
-- $now (the command's clock, ISO instant).
insert into review_versions (deal_id, kind, reviewed_on, reviewer, effective, minutes, satisfaction, success_factors,
                             causes, improvements, applied, changes, solved, source, source_file, recorded_at, content_hash)
values ($deal_id::bigint, $kind::varchar, $reviewed_on::date, $reviewer::varchar, $effective::boolean,
        $minutes::decimal(10, 2), $satisfaction::varchar, $success_factors::varchar, $causes::varchar,
        $improvements::varchar, $applied::varchar, $changes::varchar, $solved::varchar, $source::varchar,
        $source_file::varchar, $now::timestamptz, $content_hash::ubigint)
