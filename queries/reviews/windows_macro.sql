-- review_windows_at(as_of, from_date): the effectiveness-review windows of every tracked consultation (README
-- «Оценка эффективности»), as of as_of (DATE). Tracked: a held consultation with a consultation date on or after
-- from_date (DATE; null: all). d = its local date (the session time zone is the account's). Two rows per
-- consultation:
--   'month'    opens d, deadline d + 1 month, allowed until the deadline;
--   'followup' opens d + 3 months, deadline d + 4 months, allowed until d + 6 months.
-- DuckDB's month arithmetic clamps month ends (31.01 + 1 month = 28.02).
-- state: 'done' (the view `reviews` has the (deal, kind)), 'not_open' (as_of before opens), 'due' (up to the
-- deadline), 'late' (after the deadline, still allowed), 'overdue' (after allowed_until). days_left: to the
-- deadline (negative after it); days_overdue: days past allowed_until (0 before).
-- A table macro, so a query that needs only some columns (okno status's counts) reads only those: DuckDB inlines
-- it and reads no text of a deal it does not select. No parameters.
create or replace temp macro review_windows_at(as_of, from_date) as table
with t as (
  select h.deal_id, h.consulted_at::date as consulted_on, h.client, h.client_key, h.client_type,
         coalesce(h.consultant, 'не указан') as consultant_name,
         coalesce(h.topic, 'не указана') as topic_name,
         h.project_name, h.duration_min
  from held_consultations h
  where h.consulted_at is not null
    and (from_date is null or h.consulted_at::date >= from_date)
),
k as (
  select t.*, 'month' as kind, consulted_on as opens,
         (consulted_on + interval 1 month)::date as deadline,
         (consulted_on + interval 1 month)::date as allowed_until
  from t
  union all
  select t.*, 'followup', (consulted_on + interval 3 month)::date,
         (consulted_on + interval 4 month)::date,
         (consulted_on + interval 6 month)::date
  from t
)
select k.*,
       r.deal_id is not null as done,
       case when r.deal_id is not null then 'done'
            when as_of < k.opens then 'not_open'
            when as_of <= k.deadline then 'due'
            when as_of <= k.allowed_until then 'late'
            else 'overdue' end as state,
       date_diff('day', as_of, k.deadline)::integer as days_left,
       greatest(date_diff('day', k.allowed_until, as_of), 0)::integer as days_overdue
from k
left join reviews r on r.deal_id = k.deal_id and r.kind = k.kind
