-- Rows with data of the staged file (blank rows are not counted) and how many were rejected. Reads temp `parsed`.
-- Columns: read, rejected.
select count(*)::integer as read, count(*) filter (where reject_reason is not null)::integer as rejected
from parsed
