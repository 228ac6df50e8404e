-- Rule 9: whether the latest calendar load has any slot (an event of kind free or booked, whoever's) starting in
-- the two weeks after the checked one; without one the rule is no_data, not ok. Params: $week_end (local time
-- text: the next week's Monday 00:00). Columns: slots.
select count(*)::integer as slots
from calendar_slots
where kind is not null
  and starts_at >= $week_end::timestamptz
  and starts_at < $week_end::timestamptz + interval 14 day
