-- Per-connection helpers used by the loaders. No parameters. They run on every cell of large exports, so
-- regular expressions are kept to the cells that need them.
-- okno_text: trimmed text, empty → null. (trim removes spaces only; a cell that neither starts nor ends with one
-- goes through as it is: half the cost per cell of trimming every one.)
create or replace temp macro okno_text(s) as
  case when s = '' then null when starts_with(s, ' ') or ends_with(s, ' ') then nullif(trim(s), '') else s end;
-- okno_name: a name as shown: okno_text with inner runs of spaces (also tabs, newlines, NBSP) made one space.
create or replace temp macro okno_name(s) as case
  when contains(s, '  ') or contains(s, chr(9)) or contains(s, chr(10)) or contains(s, chr(13)) or contains(s, chr(160))
    then nullif(trim(regexp_replace(s, '[\s\x{a0}]+', ' ', 'g')), '')
  else okno_text(s) end;
-- okno_key: a comparison key: okno_name, lower case, ё → е, every quote style (« » “ ” „ ‟ ″ ＂ ' ‘ ’ ‚ ‛ `) → ".
-- okno_name_key: the same for a value that is okno_name already (the loader has it: no second pass over the text).
-- (regexp_replace with a class of those characters: a third of translate's cost per cell.)
create or replace temp macro okno_name_key(name) as
  regexp_replace(replace(lower(name), 'ё', 'е'), '[«»“”„‟″＂''‘’‚‛`]', '"', 'g');
create or replace temp macro okno_key(s) as okno_name_key(okno_name(s));
-- okno_ts: a local wall-clock timestamp, from trimmed text, in the formats amoCRM and spreadsheets write.
-- amoCRM's own format is tried alone first: a list of formats costs several times more per cell.
create or replace temp macro okno_ts(s) as case when s is not null then coalesce(
  try_strptime(s, '%d.%m.%Y %H:%M:%S'),
  try_strptime(s, ['%d.%m.%Y %H:%M', '%d.%m.%Y', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d'])) end;
-- okno_number: from trimmed text, «1 500,50», «60 мин», «1500 ₽» → 1500.50; null when not a number. Plain numbers are cast directly.
create or replace temp macro okno_number(s) as case when s is not null then coalesce(
  try_cast(s as decimal(18, 2)),
  try_cast(replace(regexp_replace(
    regexp_replace(lower(s), '\s*(мин\.?|минут[аы]?|руб\.?|₽)$', ''), '[\s\x{a0}]', '', 'g'), ',', '.') as decimal(18, 2))) end;
-- okno_bool: да/нет and the usual spellings; null when unknown. list_contains, not IN: DuckDB may turn a long IN
-- list into a join, and a join lets it reorder rows (the loader relies on the raw order; see parse_rows.sql).
create or replace temp macro okno_bool(s) as case
  when list_contains(['да', 'yes', 'true', '1', 'д', '+', 'истина'], lower(okno_text(s))) then true
  when list_contains(['нет', 'no', 'false', '0', 'н', '-', 'ложь'], lower(okno_text(s))) then false
end;
-- okno_iso: a moment as ISO 8601 with the session time zone's offset at that moment, as JSON gives times
-- (README «Times and dates»): 2026-12-02T00:04:00+03:00. DuckDB's %z writes a whole-hour offset as +03.
create or replace temp macro okno_iso(t) as
  strftime(t, '%Y-%m-%dT%H:%M:%S') || regexp_replace(strftime(t, '%z'), '^([+-]\d\d)$', '\1:00');
