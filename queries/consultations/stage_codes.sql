-- The stage code of every distinct stage cell of the staged file (null: a stage okno does not know), for the list
-- lookup in parse_rows.sql. Reads view `staged`, temp table `stage_map`. Columns: cell, code.
select s.cell, m.code
from (select distinct stage as cell from staged where stage is not null) s
left join stage_map m on m.key = okno_key(s.cell)
