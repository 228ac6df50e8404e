-- Temp table calendar_people: the settings file's calendar.initials (initials → consultant), plus every other
-- initials found on a slot of the calendar, named by the initials themselves (mapped = false).
-- Params: lists $initials, $consultants. Columns: initials, consultant, mapped.
create or replace temp table calendar_people as
select unnest($initials::varchar[]) as initials, unnest($consultants::varchar[]) as consultant, true as mapped
union all
select distinct initials, initials, false
from calendar_slots
where initials is not null and initials not in (select unnest($initials::varchar[]))
