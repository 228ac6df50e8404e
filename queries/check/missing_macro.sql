-- check_missing(...): the card fields the procedure requires after a consultation (seed 001 §3) that are empty, as
-- field names in this order: consultant, topic, project («не распределено» is a value), duration_min, format,
-- comments (the notes). No parameters.
create or replace temp macro check_missing(consultant, topic, project, duration_min, format, comments) as
list_filter([
  case when consultant is null then 'consultant' end,
  case when topic is null then 'topic' end,
  case when project is null then 'project' end,
  case when duration_min is null then 'duration_min' end,
  case when format is null then 'format' end,
  case when comments is null then 'comments' end
], x -> x is not null)
