-- Held consultations of the whole centre in [$from, $to) (local TIMESTAMPs, read in $tz). Columns: consultations.
select count(*)::integer as consultations
from held_consultations
where consulted_at >= timezone($tz, $from::timestamp) and consulted_at < timezone($tz, $to::timestamp)
