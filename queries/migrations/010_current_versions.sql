-- Schema 10: the current version of each deal kept in a table, not found again by every query.
-- Before, view `deals` ranked all of `deal_versions` (row_number over each deal's versions) whenever a report,
-- the status or a check read it — several times per command, the most of `okno status` on a large database. Now
-- `deal_current` names each deal's current version, (load_id, line_no); the load that brings versions updates it
-- for its deals in the transaction that publishes it (queries/consultations/update_current.sql), and `deals` is a
-- join. The current version is the one it always was: the latest «Дата редактирования», ties to the later load,
-- then the later row.
create table deal_current as
select deal_id, load_id, line_no
from (
  select deal_id, load_id, line_no, row_number() over (
           partition by deal_id
           order by edited_at desc nulls last, load_id desc, line_no desc) as rn
  from deal_versions
)
where rn = 1;

create or replace view deals as
select v.*
from deal_current c
join deal_versions v using (load_id, line_no);
