-- Rule 9: whether the latest calendar load has any slot at all (an event of kind free or booked, whoever's, in any
-- week it was expanded over). Without one (an empty export loaded with --force, the wrong calendar) the rule is
-- no_data, not ok; with slots only in other weeks, the consultants are listed with 0. Columns: slots.
select count(*)::integer as slots
from calendar_slots
where kind is not null
