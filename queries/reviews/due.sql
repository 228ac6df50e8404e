-- Reviews not done whose window is open, from temp table `review_windows`: due, late (follow-ups, still allowed)
-- and overdue; optionally of one consultant ($consultant compared as okno_key) and only the overdue ones.
-- Params: $consultant VARCHAR or null; $overdue_only BOOLEAN.
-- Columns: deal_id, kind, consulted_on, client, consultant_name, topic_name, project_name, opens, deadline,
-- allowed_until, state, days_left, days_overdue, duration_min.
select deal_id, kind, consulted_on::varchar as consulted_on, client, consultant_name, topic_name, project_name,
       opens::varchar as opens, deadline::varchar as deadline, allowed_until::varchar as allowed_until,
       state, days_left, days_overdue, duration_min::double as duration_min
from review_windows
where state in ('due', 'late', 'overdue')
  and ($consultant::varchar is null or okno_key(consultant_name) = okno_key($consultant::varchar))
  and (not $overdue_only::boolean or state = 'overdue')
order by deadline, consulted_on, deal_id, kind
