-- Per-connection helpers used by the loaders. No parameters.
-- okno_text: trimmed text, empty → null.
create or replace temp macro okno_text(s) as nullif(trim(regexp_replace(s, '[\s\x{a0}]+', ' ', 'g')), '');
-- okno_key: a comparison key: okno_text, lower case, ё → е, every quote style → ".
create or replace temp macro okno_key(s) as
  regexp_replace(replace(lower(okno_text(s)), 'ё', 'е'), '[«»“”„‟″＂''‘’‚‛`]', '"', 'g');
-- okno_local_ts: a local wall-clock timestamp in the formats amoCRM and spreadsheets write.
create or replace temp macro okno_local_ts(s) as try_strptime(okno_text(s), [
  '%d.%m.%Y %H:%M:%S', '%d.%m.%Y %H:%M', '%d.%m.%Y',
  '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d']);
-- okno_number: «1 500,50», «60 мин», «1500 ₽» → 1500.50; null when not a number.
create or replace temp macro okno_number(s) as try_cast(replace(regexp_replace(
  regexp_replace(lower(okno_text(s)), '\s*(мин\.?|минут[аы]?|руб\.?|₽)$', ''), '[\s\x{a0}]', '', 'g'), ',', '.') as decimal(18, 2));
-- okno_bool: да/нет and the usual spellings; null when unknown.
create or replace temp macro okno_bool(s) as case
  when okno_key(s) in ('да', 'yes', 'true', '1', 'д', '+', 'истина') then true
  when okno_key(s) in ('нет', 'no', 'false', '0', 'н', '-', 'ложь') then false
end;
