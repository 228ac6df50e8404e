-- Figures of the temp table `period_held` per value of each report dimension (project, consultant, topic, format,
-- channel, kind = staff or external). Columns: dimension, name, consultations, minutes, with_duration, clients,
-- new_clients;
-- sorted by dimension, consultations descending, then name.
select
  d.dimension,
  d.name,
  count(*)::integer as consultations,
  coalesce(sum(h.duration_min), 0)::double as minutes,
  count(h.duration_min)::integer as with_duration,
  count(distinct h.client_key)::integer as clients,
  count(distinct h.client_key) filter (where h.is_new_client)::integer as new_clients
from period_held h
cross join lateral (values
  ('project', h.project_name),
  ('consultant', h.consultant_name),
  ('topic', h.topic_name),
  ('format', h.format_name),
  ('channel', h.channel_name),
  ('kind', h.kind_name)
) as d(dimension, name)
group by d.dimension, d.name
order by d.dimension, consultations desc, d.name
