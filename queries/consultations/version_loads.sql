-- The consultation loads kept per load (schema 6): their two tables and the first column of each mapped field,
-- from which src/ingest/versions.ts builds view `deal_versions`. Columns: load_id, raw_table, parsed_table,
-- fields (list of {field, position}).
select l.load_id, l.raw_table, l.parsed_table,
       list({'field': c.field, 'position': c.position} order by c.position) as fields
from loads l
join load_columns c on c.load_id = l.load_id and c.field is not null
where l.parsed_table is not null
group by l.load_id, l.raw_table, l.parsed_table
order by l.load_id
