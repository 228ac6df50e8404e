-- Whether a review is new, unchanged or an update of the current one for its deal and kind (README «Оценка
-- эффективности», recording). The content hash covers every content field (not source, source_file, recorded_at).
-- With no review date given, the current review's date is tried first (reloading the same sheet on another day
-- changes nothing); a new or changed review gets $today.
-- Params: $deal_id, $kind, $reviewed_on DATE or null, $today DATE, $reviewer, $effective, $minutes, $satisfaction,
-- $success_factors, $causes, $improvements, $applied, $changes, $solved.
-- Columns: status ('new' | 'unchanged' | 'updated'), reviewed_on, content_hash (text of a UBIGINT).
with cur as (
  select reviewed_on, content_hash from reviews where deal_id = $deal_id::bigint and kind = $kind::varchar
),
c as (
  select coalesce($reviewed_on::date, (select reviewed_on from cur), $today::date) as keep_on,
         coalesce($reviewed_on::date, $today::date) as new_on
),
h as (
  select keep_on, new_on,
         hash($deal_id::bigint, $kind::varchar, keep_on, $reviewer::varchar, $effective::boolean,
              $minutes::decimal(10, 2), $satisfaction::varchar, $success_factors::varchar, $causes::varchar,
              $improvements::varchar, $applied::varchar, $changes::varchar, $solved::varchar) as keep_h,
         hash($deal_id::bigint, $kind::varchar, new_on, $reviewer::varchar, $effective::boolean,
              $minutes::decimal(10, 2), $satisfaction::varchar, $success_factors::varchar, $causes::varchar,
              $improvements::varchar, $applied::varchar, $changes::varchar, $solved::varchar) as new_h
  from c
),
s as (
  select h.*, case when not exists (select 1 from cur) then 'new'
                   when keep_h = (select content_hash from cur) then 'unchanged'
                   else 'updated' end as status
  from h
)
select status,
       (case when status = 'unchanged' then keep_on else new_on end)::varchar as reviewed_on,
       (case when status = 'unchanged' then keep_h else new_h end)::varchar as content_hash
from s
