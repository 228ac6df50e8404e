-- Rule 9: each person with fewer than three one-hour slots (free or booked) in each of the two weeks after the
-- checked one. A person is a consultant of calendar_people: the slots of all their initials count together (the
-- settings may give one person two spellings, «ИИ» and «II»). An event gives as many slots as whole hours it lasts
-- (09:00–11:00: two; 30 minutes: none). Params: $week_end (local time text: the next week's Monday 00:00).
-- Facts: week_from (its Monday, 'YYYY-MM-DD'), free, booked (slots).
with weeks as (
  select unnest([$week_end::timestamptz, $week_end::timestamptz + interval 7 day]) as week_start
),
people as (
  select distinct consultant from calendar_people
),
slots as (
  select p.consultant, w.week_start,
         sum(floor(date_diff('minute', s.starts_at, s.ends_at) / 60)) filter (where s.kind = 'free')::integer as free,
         sum(floor(date_diff('minute', s.starts_at, s.ends_at) / 60)) filter (where s.kind = 'booked')::integer as booked
  from calendar_slots s
  join calendar_people p on p.initials = s.initials
  join weeks w on s.starts_at >= w.week_start and s.starts_at < w.week_start + interval 7 day
  where s.kind is not null
  group by all
)
select null::bigint as deal_id, null::varchar as client, p.consultant, w.week_start as happened_at,
       w.week_start::date::varchar as week_from, coalesce(s.free, 0) as free, coalesce(s.booked, 0) as booked
from people p
cross join weeks w
left join slots s on s.consultant = p.consultant and s.week_start = w.week_start
where coalesce(s.free, 0) + coalesce(s.booked, 0) < 3
order by p.consultant, w.week_start
