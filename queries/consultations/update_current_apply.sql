-- Puts the current versions update_current chose in place of the deals' earlier ones. No params.
delete from deal_current where deal_id in (select deal_id from current_candidates);
insert into deal_current select * from current_candidates;
drop table current_candidates
