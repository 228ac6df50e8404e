-- Step 11: the 5 topics with most consultations for each client group, over temp table `period_held` (the held
-- consultations of the period, with is_new_client). The group is «Тип организации» (deal_versions.client_type)
-- when any consultation of the period has one («тип не указан» for the rest); otherwise «новые клиенты» /
-- «повторные клиенты» (README «Новый клиент»), «клиент не указан» without an organisation.
-- No params. Columns: grouping ('client_type' | 'new_returning'), group_name, group_consultations, topic,
-- consultations, place (1…5).
with g as (
  select p.deal_id, p.topic_name, h.client_type,
         case when p.client_key is null then 'клиент не указан'
              when p.is_new_client then 'новые клиенты'
              else 'повторные клиенты' end as new_returning
  from period_held p
  join held_consultations h using (deal_id)
),
mode as (select count(client_type) > 0 as by_type from g),
grouped as (
  select case when mode.by_type then coalesce(g.client_type, 'тип не указан') else g.new_returning end as group_name,
         g.topic_name,
         mode.by_type
  from g, mode
),
counted as (
  select group_name, topic_name as topic, count(*)::integer as consultations, any_value(by_type) as by_type
  from grouped
  group by group_name, topic_name
),
ranked as (
  select *, sum(consultations) over (partition by group_name)::integer as group_consultations,
         row_number() over (partition by group_name order by consultations desc, topic)::integer as place
  from counted
)
select case when by_type then 'client_type' else 'new_returning' end as grouping, group_name, group_consultations,
       topic, consultations, place
from ranked
where place <= 5
order by group_consultations desc, group_name, place
