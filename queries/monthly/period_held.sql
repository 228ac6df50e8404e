-- Held consultations in [$from, $to) (local times, read in $tz) with report dimensions and whether the client is
-- new in the period (README «Новый клиент»), optionally of one project only ($project: a project_name, or null
-- for all). Reads temp tables `held_now` (monthly/held_now, built for a set of periods this one is among) and
-- `client_first_seen` (monthly/first_seen). Creates temp table `period_held`. Params: $from, $to TIMESTAMP; $tz;
-- $project. Only the periods `held_now` was built for: another period reads no consultation at all.
create or replace temp table period_held as
with bounds as (
  select timezone($tz, $from::timestamp) as lo, timezone($tz, $to::timestamp) as hi
),
p as (
  select h.*
  from held_now h, bounds b
  where h.consulted_at >= b.lo and h.consulted_at < b.hi
    and ($project::varchar is null or h.project_name = $project::varchar)
),
new_keys as (
  select p.client_key from p join client_first_seen f using (client_key), bounds b where f.first_at >= b.lo
  union
  select client_key from p where new_client and client_key is not null
)
select
  p.deal_id, p.consulted_at, p.duration_min, p.client, p.client_key,
  p.project, p.topic, p.consultant, p.format, p.channel, p.external, p.comments, p.stage, p.new_client,
  p.project_name,
  coalesce(p.consultant, 'не указан') as consultant_name,
  coalesce(p.topic, 'не указана') as topic_name,
  coalesce(p.format, 'не указан') as format_name,
  coalesce(p.channel, 'не указан') as channel_name,
  case p.external when true then 'внешние эксперты' when false then 'сотрудники центра' else 'не указано' end as kind_name,
  p.client_key in (select client_key from new_keys) as is_new_client
from p
