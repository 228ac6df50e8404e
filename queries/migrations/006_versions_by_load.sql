-- Schema 6: deal versions are kept per load, beside the load's raw rows, instead of being copied into one table.
-- A consultation load writes raw.load_<id> (every cell as exported) and raw.parsed_<id> (the typed fields, row for
-- row); view `deal_versions` joins each pair by position and puts the loads together. Writing every text twice cost
-- a third of a load's time. The versions stored by an older okno stay where they are, in `legacy_deal_versions`,
-- and the view starts with them. The loader rebuilds the view after every consultation load (src/ingest/versions.ts).
-- Views `deals` and `held_consultations` name `deal_versions` and are bound when queried: they read the view now.
alter table deal_versions rename to legacy_deal_versions;

create view deal_versions as
select * from legacy_deal_versions;

-- The typed half of a load's rows (consultation loads of schema 6 and later; null before).
alter table loads add column parsed_table varchar;
