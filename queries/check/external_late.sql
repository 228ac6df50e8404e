-- Rule 5: consultations of external consultants (at the cutoff) whose deadline — the end of the day after the
-- consultation, i.e. 00:00 of the day after that — fell after this Monday 00:00 and up to the cutoff (a deadline
-- at the cutoff is this week's) and has passed by $now, and whose card was complete (a version in «Консультация
-- проведена» or later with every field of check_missing) only at or after it, or not yet: 23:59:59 of the next day
-- is in time, 00:00:00 of the day after is late. Params: $week_start, $cutoff (local time text), $now (instant).
-- Facts: due_on (the day the card was due by its end, 'YYYY-MM-DD'), completed_at (null: not complete), scheduled
-- (still in «Консультация назначена»), stage, missing (check_missing, at the cutoff).
with done as (
  select deal_id, min(vtime) as completed_at
  from check_versions
  where stage_code in ('held', 'feedback_requested', 'success')
    and len(check_missing(consultant, topic, project, duration_min, "format", comments)) = 0
  group by deal_id
),
external as (
  select *, ((consulted_at::date + 2)::timestamp)::timestamptz as deadline
  from check_now
  where external and consulted_at is not null and stage_code in ('scheduled', 'held', 'feedback_requested', 'success')
)
select e.deal_id, e.client, e.consultant, e.consulted_at as happened_at,
       (e.consulted_at::date + 1)::varchar as due_on, d.completed_at, e.stage_code = 'scheduled' as scheduled, e.stage,
       check_missing(e.consultant, e.topic, e.project, e.duration_min, e.format, e.comments) as missing
from external e
left join done d using (deal_id)
where e.deadline > $week_start::timestamptz and e.deadline <= $cutoff::timestamptz and e.deadline <= $now::timestamptz
  and (d.completed_at is null or d.completed_at >= e.deadline)
order by e.consulted_at, e.deal_id
