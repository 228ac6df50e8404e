-- The consultations of the temp table `period_held`, for the workbook's list. Columns as named.
select deal_id, strftime(consulted_at, '%Y-%m-%d %H:%M:%S') as consulted_local, client, project_name, topic_name,
       consultant_name, kind_name, format_name, channel_name, duration_min::double as duration_min, is_new_client, stage,
       comments
from period_held
order by consulted_at, deal_id
