-- Consultations of the temp table `period_held` whose card lacks a field the note needs (counted all the same).
-- Columns: field ('project' | 'topic' | 'consultant' | 'duration' | 'client'), deal_ids (list, ascending).
select field, list(deal_id order by deal_id) as deal_ids
from (
  select deal_id, 'project' as field from period_held where project is null
  union all select deal_id, 'topic' from period_held where topic is null
  union all select deal_id, 'consultant' from period_held where consultant is null
  union all select deal_id, 'duration' from period_held where duration_min is null
  union all select deal_id, 'client' from period_held where client_key is null
)
group by field
order by field
