-- Stores the occurrences of a calendar load. Params: $file_id; $rows — JSON text, an array of
-- {uid, starts, ends (ISO instants), summary, initials, kind, organisation}.
insert into calendar_slots
select $file_id, o.uid, o.starts::timestamptz, o.ends::timestamptz, o.summary, o.initials, o.kind, o.organisation
from (
  select unnest(from_json($rows::json, '[{"uid": "VARCHAR", "starts": "VARCHAR", "ends": "VARCHAR", "summary": "VARCHAR",
                                          "initials": "VARCHAR", "kind": "VARCHAR", "organisation": "VARCHAR"}]')) as o
)
