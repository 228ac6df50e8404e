-- How the responses of the staged export are linked. Reads temp tables `parsed`, `feedback_links`.
-- Columns: by_id, by_organisation, unlinked.
select
  count(*) filter (where link = 'id')::integer as by_id,
  count(*) filter (where link = 'organisation')::integer as by_organisation,
  count(*) filter (where link is null)::integer as unlinked
from feedback_links
where response_key in (select response_key from parsed where reject_reason is null)
