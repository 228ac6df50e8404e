-- Schema 6: deal versions are kept per load, beside the load's raw rows, instead of being copied into one table.
-- A consultation load writes raw.load_<id> (every cell as exported) and raw.parsed_<id> (the typed fields, row for
-- row); view `deal_versions` joins each pair by position and puts the loads together. Writing every text twice cost
-- a third of a load's time. The versions stored by an older okno stay where they are, in `legacy_deal_versions`,
-- and the view starts with them. The loader rebuilds the view after every consultation load (src/ingest/versions.ts).
drop view held_consultations;
drop view deals;
alter table deal_versions rename to legacy_deal_versions;

-- The typed half of a load's rows (consultation loads of schema 6 and later; null before).
alter table loads add column parsed_table varchar;

create view deal_versions as
select * from legacy_deal_versions;

-- The current state of each deal: its version with the latest «Дата редактирования»; ties go to the later
-- load, then the later row. (As in schema 1.)
create view deals as
select * exclude (rn)
from (
  select *, row_number() over (
           partition by deal_id
           order by edited_at desc nulls last, load_id desc, line_no desc) as rn
  from deal_versions
)
where rn = 1;

-- Held consultations (README «Консультация проведена в месяце»): stage held / feedback requested / success.
create view held_consultations as
select *, coalesce(project, 'не распределено') as project_name
from deals
where stage_code in ('held', 'feedback_requested', 'success');
