-- The consultations of the temp table `period_held`, for the workbook's list. Columns as named; consulted_iso is
-- the consultation's moment, ISO 8601 with the offset (okno_iso).
select deal_id, okno_iso(consulted_at) as consulted_iso, client, project_name, topic_name,
       consultant_name, kind_name, format_name, channel_name, duration_min::double as duration_min, is_new_client, stage,
       comments
from period_held
order by consulted_at, deal_id
