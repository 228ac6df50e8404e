-- 1-month reviews of the tracked consultations held in [$from, $to) (local dates) whose window has opened by
-- $today (d ≤ $today), from temp table `review_windows`: in total, by topic and by consultant (README «Оценка
-- эффективности»). Params: $from DATE, $to DATE (exclusive), $today DATE.
-- Columns: dimension ('total' | 'topic' | 'consultant'), name (null for the total), due, done, effective,
-- minutes (sum of the done reviews' minutes), done_share (done / due), effective_share (effective / done),
-- minutes_per_effective (minutes / effective); a share is null when its divisor is 0.
with m as (
  select w.deal_id, w.topic_name, w.consultant_name, w.done, r.effective, r.minutes
  from review_windows w
  left join reviews r on r.deal_id = w.deal_id and r.kind = w.kind
  where w.kind = 'month' and w.consulted_on >= $from::date and w.consulted_on < $to::date
    and w.opens <= $today::date
),
g as (
  select case when grouping(topic_name) = 0 then 'topic' when grouping(consultant_name) = 0 then 'consultant' else 'total' end as dimension,
         coalesce(topic_name, consultant_name) as name,
         count(*)::integer as due,
         count(*) filter (where done)::integer as done,
         count(*) filter (where done and effective)::integer as effective,
         coalesce(sum(minutes) filter (where done), 0)::double as minutes
  from m
  group by grouping sets ((), (topic_name), (consultant_name))
)
select dimension, name, due, done, effective, minutes,
       case when due > 0 then done / due end as done_share,
       case when done > 0 then effective / done end as effective_share,
       case when effective > 0 then minutes / effective end as minutes_per_effective
from g
order by case dimension when 'total' then 0 when 'topic' then 1 else 2 end, due desc, name
