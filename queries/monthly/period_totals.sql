-- Headline figures of the temp table `period_held`. Columns: consultations, minutes, with_duration (consultations
-- whose card has a duration), clients, new_clients.
select
  count(*)::integer as consultations,
  coalesce(sum(duration_min), 0)::double as minutes,
  count(duration_min)::integer as with_duration,
  count(distinct client_key)::integer as clients,
  count(distinct client_key) filter (where is_new_client)::integer as new_clients
from period_held
