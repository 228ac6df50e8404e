-- Utilisation of offered slots in the checked week, per person of calendar_people: one-hour slots offered (free and
-- booked) and booked. Params: $week_start, $week_end. Columns: consultant, initials, offered, booked.
select p.consultant, p.initials,
       coalesce(sum(floor(date_diff('minute', s.starts_at, s.ends_at) / 60)), 0)::integer as offered,
       coalesce(sum(floor(date_diff('minute', s.starts_at, s.ends_at) / 60)) filter (where s.kind = 'booked'), 0)::integer as booked
from calendar_people p
left join calendar_slots s
  on s.initials = p.initials and s.kind is not null
 and s.starts_at >= $week_start::timestamptz and s.starts_at < $week_end::timestamptz
group by all
order by p.consultant, p.initials
