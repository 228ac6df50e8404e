-- Rule 9: each person of calendar_people with fewer than three one-hour slots (free or booked) in each of the two
-- weeks after the checked one. An event gives as many slots as whole hours it lasts (09:00–11:00: two; 30
-- minutes: none). Params: $week_end (local time text: the next week's Monday 00:00).
-- Facts: week_from (its Monday, 'YYYY-MM-DD'), free, booked (slots).
with weeks as (
  select unnest([$week_end::timestamptz, $week_end::timestamptz + interval 7 day]) as week_start
),
slots as (
  select s.initials, w.week_start,
         sum(floor(date_diff('minute', s.starts_at, s.ends_at) / 60)) filter (where s.kind = 'free')::integer as free,
         sum(floor(date_diff('minute', s.starts_at, s.ends_at) / 60)) filter (where s.kind = 'booked')::integer as booked
  from calendar_slots s
  join weeks w on s.starts_at >= w.week_start and s.starts_at < w.week_start + interval 7 day
  where s.kind is not null
  group by all
)
select null::bigint as deal_id, null::varchar as client, p.consultant, w.week_start as happened_at,
       w.week_start::date::varchar as week_from, coalesce(s.free, 0) as free, coalesce(s.booked, 0) as booked
from calendar_people p
cross join weeks w
left join slots s on s.initials = p.initials and s.week_start = w.week_start
where coalesce(s.free, 0) + coalesce(s.booked, 0) < 3
order by p.consultant, w.week_start, p.initials
