-- The held consultations as they are now (view `held_consultations`, README «Консультация проведена в месяце»),
-- read once per note into temp table `held_now`: period_held reads it for each of the note's periods (the period,
-- the previous one, the year before). Run it again before period_held whenever deals may have changed. No params.
create or replace temp table held_now as
select * from held_consultations
