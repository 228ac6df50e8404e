-- Temp table calendar_people: the settings file's calendar.initials (initials → consultant), plus every other
-- initials found on a slot of the calendar, named by the initials themselves (mapped = false).
-- Params: $initials (JSON object text, {"ИИ": "Иванова Ирина"}). Columns: initials, consultant, mapped.
create or replace temp table calendar_people as
with settings as (
  select $initials::json as j
),
mapped as (
  select k as initials, json_extract_string(j, '$."' || k || '"') as consultant
  from settings, unnest(json_keys(j)) as t(k)
)
select initials, consultant, true as mapped from mapped
union all
select distinct initials, initials, false
from calendar_slots
where initials is not null and initials not in (select initials from mapped)
