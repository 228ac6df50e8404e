-- What changed since an issue, comparing its consultations with the temp table `period_held`.
-- Params: $issue_id. Columns: change ('added' | 'removed' | 'project' | 'topic' | 'consultant' | 'duration' |
-- 'format' | 'channel' | 'external' | 'date' | 'client'), deal_ids (list, ascending).
with was as (select * from issued_note_deals where issue_id = $issue_id),
pairs as (
  select coalesce(n.deal_id, w.deal_id) as deal_id, n.deal_id is not null as now_in, w.deal_id is not null as was_in,
         n.project is distinct from w.project as project, n.topic is distinct from w.topic as topic,
         n.consultant is distinct from w.consultant as consultant,
         n.duration_min is distinct from w.duration_min as duration,
         n.format is distinct from w.format as format, n.channel is distinct from w.channel as channel,
         n.external is distinct from w.external as external,
         n.consulted_at is distinct from w.consulted_at as date,
         n.client_key is distinct from w.client_key as client
  from period_held n full join was w using (deal_id)
),
changes as (
  select deal_id, 'added' as change from pairs where now_in and not was_in
  union all select deal_id, 'removed' from pairs where was_in and not now_in
  union all select deal_id, 'project' from pairs where now_in and was_in and project
  union all select deal_id, 'topic' from pairs where now_in and was_in and topic
  union all select deal_id, 'consultant' from pairs where now_in and was_in and consultant
  union all select deal_id, 'duration' from pairs where now_in and was_in and duration
  union all select deal_id, 'format' from pairs where now_in and was_in and format
  union all select deal_id, 'channel' from pairs where now_in and was_in and channel
  union all select deal_id, 'external' from pairs where now_in and was_in and external
  union all select deal_id, 'date' from pairs where now_in and was_in and date
  union all select deal_id, 'client' from pairs where now_in and was_in and client
)
select change, list(deal_id order by deal_id) as deal_ids
from changes
group by change
order by list_position(['added', 'removed', 'project', 'topic', 'consultant', 'duration', 'format', 'channel', 'external',
                        'date', 'client'], change)
