-- The rows of the review sheet: every review not done whose window is open (temp table `review_windows`), with
-- the card's minutes and the satisfaction from linked feedback (temp table `feedback_links`).
-- No params. Columns: kind, deal_id, consulted_on, client, consultant_name, topic_name, project_name, deadline,
-- allowed_until, state, duration_min, satisfaction.
with s as (
  select linked_deal_id as deal_id, arg_max(rating, (submitted_at, load_id, line_no)) as rating
  from feedback_links
  where linked_deal_id is not null and rating is not null
  group by linked_deal_id
)
select w.kind, w.deal_id, w.consulted_on::varchar as consulted_on, w.client, w.consultant_name, w.topic_name,
       w.project_name, w.deadline::varchar as deadline, w.allowed_until::varchar as allowed_until, w.state,
       w.duration_min::double as duration_min, s.rating as satisfaction
from review_windows w
left join s using (deal_id)
where w.state in ('due', 'late', 'overdue')
order by w.kind desc, w.deadline, w.consulted_on, w.deal_id
