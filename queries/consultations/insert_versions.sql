-- Appends the staged file's versions to `deal_versions` (in the transaction that publishes the load). Reads temp
-- `parsed`. Params: $load_id.
insert into deal_versions by name
select $load_id::integer as load_id, * exclude (deal_id_text, is_version, reject_reason, reject_field, reject_value)
from parsed
where is_version
