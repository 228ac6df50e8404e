-- The held consultations as they are now (view `held_consultations`, README «Консультация проведена в месяце»),
-- read once per note into temp table `held_now`: period_held reads it for each of the note's periods (the period,
-- the previous one, the year before). Run it again before period_held whenever deals may have changed. No params.
-- Only the columns period_held reads: the long texts of a deal (its name, tags, contacts) are not copied.
create or replace temp table held_now as
select
  deal_id, consulted_at, duration_min, client, client_key, project, topic, consultant, format, channel, external,
  comments, stage, new_client, project_name
from held_consultations
