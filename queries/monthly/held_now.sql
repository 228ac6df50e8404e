-- The held consultations as they are now (view `held_consultations`, README «Консультация проведена в месяце») whose
-- consultation falls in one of up to three periods [$from1, $to1), [$from2, $to2), [$from3, $to3) (local TIMESTAMP
-- texts, read in $tz; a note's period, the previous one and the year before — repeat a period for fewer), read
-- once per note into temp table `held_now`: period_held reads it for each of those periods. Run it, and
-- monthly/first_seen, again before period_held whenever deals may have changed. Only the columns period_held reads,
-- and only the periods it is asked for: the long texts of a deal (its name, tags, contacts) and the consultations
-- of other months are not copied. Three fixed ranges, not a list: DuckDB pushes these comparisons into the scan.
create or replace temp table held_now as
select
  deal_id, consulted_at, duration_min, client, client_key, project, topic, consultant, format, channel, external,
  comments, stage, new_client, project_name
from held_consultations
where (consulted_at >= timezone($tz, $from1::timestamp) and consulted_at < timezone($tz, $to1::timestamp))
   or (consulted_at >= timezone($tz, $from2::timestamp) and consulted_at < timezone($tz, $to2::timestamp))
   or (consulted_at >= timezone($tz, $from3::timestamp) and consulted_at < timezone($tz, $to3::timestamp))
