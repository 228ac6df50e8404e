-- Utilisation of offered slots in the checked week, per person (a consultant of calendar_people, all their
-- initials together): one-hour slots offered (free and booked) and booked. Params: $week_start, $week_end.
-- Columns: consultant, initials (the person's, «, »-separated in alphabetical order), offered, booked.
select p.consultant, string_agg(distinct p.initials, ', ' order by p.initials) as initials,
       coalesce(sum(floor(date_diff('minute', s.starts_at, s.ends_at) / 60)), 0)::integer as offered,
       coalesce(sum(floor(date_diff('minute', s.starts_at, s.ends_at) / 60)) filter (where s.kind = 'booked'), 0)::integer as booked
from calendar_people p
left join calendar_slots s
  on s.initials = p.initials and s.kind is not null
 and s.starts_at >= $week_start::timestamptz and s.starts_at < $week_end::timestamptz
group by p.consultant
order by p.consultant
