-- What the staged form export brings. Reads temp table `parsed`. A response already stored (same key) is not new;
-- the same response twice in one file counts once. Columns: rows_read, rows_rejected, responses_new,
-- responses_known, timestamp_formats (list of {format, rows}: rows whose timestamp was read, most first).
with good as (
  select distinct response_key from parsed where reject_reason is null
)
select
  (select count(*) from parsed)::integer as rows_read,
  (select count(*) from parsed where reject_reason is not null)::integer as rows_rejected,
  count(*) filter (where response_key not in (select response_key from feedback_responses))::integer as responses_new,
  count(*) filter (where response_key in (select response_key from feedback_responses))::integer as responses_known,
  (select coalesce(list({'format': format, 'rows': n} order by n desc, format), [])
   from (select ts_format as format, count(*)::integer as n from parsed where ts_format is not null group by all)
  ) as timestamp_formats
from good
