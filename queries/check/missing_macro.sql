-- check_missing(...): the card fields the procedure requires after a consultation (seed 001 §3) that are empty:
-- consultant, topic, project («не распределено» is a value), duration, format, content (the notes). No parameters.
create or replace temp macro check_missing(consultant, topic, project, duration_min, format, comments) as
list_filter([
  case when consultant is null then 'консультант' end,
  case when topic is null then 'тема' end,
  case when project is null then 'проект' end,
  case when duration_min is null then 'продолжительность' end,
  case when format is null then 'формат' end,
  case when comments is null then 'содержание (примечание)' end
], x -> x is not null)
