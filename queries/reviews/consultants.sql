-- The consultants of temp table `review_windows` (every tracked consultation) and whether each is $consultant,
-- compared as okno_key. One row with name null when there is none. Params: $consultant VARCHAR.
-- Columns: name, key, wanted (okno_key($consultant)).
with wanted as (select okno_key($consultant::varchar) as key),
     c as (select distinct consultant_name as name from review_windows)
select c.name, okno_key(c.name) as key, wanted.key as wanted
from wanted left join c on true
order by c.name
