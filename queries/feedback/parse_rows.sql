-- Feedback answers of every non-blank staged row, with the first reason the row cannot load (null = good).
-- Reads temp table `staged` (one VARCHAR column per feedback field, line_no, is_blank). «Отметка времени» in the
-- formats of README «Timestamps of form exports»: the order of day and month in slash dates is decided for the whole
-- file (o below); local times become instants in the session time zone (the account's), times with an offset are
-- instants already. Creates temp table `parsed` (the columns the shared reject queries read: line_no, deal_id_text,
-- reject_reason, reject_field, reject_value; ts_format, the timestamp's format as shown to the user).
create or replace temp table parsed as
with s as (
  select
    line_no,
    okno_text(submitted_at) as submitted_text,
    okno_text(deal_id) as deal_id_text,
    okno_name(organisation) as organisation,
    okno_name(consultant) as consultant,
    okno_text(consulted_on) as consulted_text,
    okno_name(answered) as answered_text,
    okno_name(rating) as rating_text,
    nullif(trim(reasons), '') as reasons,
    nullif(trim(suggestions), '') as suggestions
  from staged
  where not is_blank
),
shaped as (
  select s.*,
    case
      when regexp_matches(submitted_text, '^\d{1,2}\.\d{1,2}\.\d{4}') then 'dotted'
      when regexp_matches(submitted_text, '^\d{1,2}/\d{1,2}/\d{4}') then 'slash'
      when regexp_matches(submitted_text, '^\d{4}-\d{1,2}-\d{1,2}T.*(Z|[+-]\d{2}:?\d{2})$') then 'instant'
      when regexp_matches(submitted_text, '^\d{4}[-/]\d{1,2}[-/]\d{1,2}') then 'year_first'
      when regexp_matches(submitted_text, '^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{1,2} \d{4} \d') then 'script'
    end as ts_shape,
    -- strptime's %z wants «+07», not Google's «GMT+7»; a bare «GMT» (or «UTC») is +00; Apps Script's «(zone name)» goes.
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(submitted_text,
      '\s*\([^)]*\)$', ''), '\sUTC([+-]|$)', ' GMT\1'), '\sGMT$', ' GMT+00'), '\sGMT([+-])(\d)(:?\d\d)?$', ' GMT\10\2\3') as ts_text,
    regexp_matches(consulted_text, '^\d{1,2}/\d{1,2}/\d{4}') as cd_slash,
    -- «1001», «№ 1001», «#1001»
    regexp_replace(deal_id_text, '^[№#\s]+', '') as deal_id_digits
  from s
),
read as (
  select shaped.*,
    regexp_matches(ts_text, ' GMT[+-]\d') as ts_offset,
    case when ts_shape = 'slash' then coalesce(
      try_strptime(ts_text, ['%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%m/%d/%Y'])::timestamptz,
      try_strptime(ts_text, ['%m/%d/%Y %H:%M:%S GMT%z', '%m/%d/%Y %H:%M GMT%z'])) end as ts_month_first,
    case when ts_shape = 'slash' then coalesce(
      try_strptime(ts_text, ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y'])::timestamptz,
      try_strptime(ts_text, ['%d/%m/%Y %H:%M:%S GMT%z', '%d/%m/%Y %H:%M GMT%z'])) end as ts_day_first,
    case when cd_slash then try_strptime(consulted_text, ['%m/%d/%Y', '%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M'])::date end as cd_month_first,
    case when cd_slash then try_strptime(consulted_text, ['%d/%m/%Y', '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M'])::date end as cd_day_first
  from shaped
),
-- The file's order of slash dates (README): month first when every one reads so, else day first when every one
-- reads so, else the order that reads more (month first on a tie). Consultation dates follow the timestamps' order.
o as (
  select coalesce(
    case when count(*) filter (where ts_shape = 'slash') > 0 then
      case when count(ts_month_first) = count(*) filter (where ts_shape = 'slash') then true
           when count(ts_day_first) = count(*) filter (where ts_shape = 'slash') then false
           else count(ts_month_first) >= count(ts_day_first) end end,
    case when count(*) filter (where cd_slash) > 0 then
      case when count(cd_month_first) = count(*) filter (where cd_slash) then true
           when count(cd_day_first) = count(*) filter (where cd_slash) then false
           else count(cd_month_first) >= count(cd_day_first) end end,
    true) as month_first
  from read
),
t as (
  select
    read.*,
    o.month_first,
    case ts_shape
      when 'dotted' then coalesce(okno_ts(submitted_text)::timestamptz,
        try_strptime(ts_text, ['%d.%m.%Y %H:%M:%S GMT%z', '%d.%m.%Y %H:%M GMT%z']))
      when 'slash' then case when o.month_first then ts_month_first else ts_day_first end
      when 'instant' then try_cast(submitted_text as timestamptz)
      when 'year_first' then try_strptime(submitted_text, ['%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M',
        '%Y-%m-%d', '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y/%m/%d'])::timestamptz
      when 'script' then try_strptime(ts_text, '%a %b %d %Y %H:%M:%S GMT%z')
    end as submitted_at,
    case ts_shape
      when 'dotted' then 'dd.MM.yyyy'
      when 'slash' then case when o.month_first then 'M/d/yyyy' else 'dd/MM/yyyy' end
      when 'instant' then case when contains(submitted_text, '.') then 'yyyy-MM-ddTHH:mm:ss.SSSZ' else 'yyyy-MM-ddTHH:mm:ssZ' end
      when 'year_first' then case when contains(submitted_text, '/') then 'yyyy/MM/dd' else 'yyyy-MM-dd' end
      when 'script' then 'EEE MMM dd yyyy HH:mm:ss GMT+HHMM'
    end || case
      when ts_shape in ('instant', 'script') then ''
      when regexp_matches(submitted_text, '\d:\d\d:\d\d') then ' H:mm:ss'
      when regexp_matches(submitted_text, '\d:\d\d') then ' H:mm'
      else ''
    end || case when ts_shape in ('dotted', 'slash') and ts_offset then ' GMT±H' else '' end as ts_pattern,
    -- Digits only, as amoCRM writes an ID: DuckDB's cast would read «1001.5» as 1002, «1e3» as 1000.
    case when ltrim(deal_id_digits, '0123456789') = '' then try_cast(deal_id_digits as bigint) end as deal_id,
    case when cd_slash then case when o.month_first then cd_month_first else cd_day_first end
         else okno_ts(consulted_text)::date end as consulted_on,
    okno_bool(answered_text) as answered,
    -- Seed 002's three answers, in any gender or number form («удовлетворена», «Не удовлетворены»).
    case
      when regexp_matches(replace(lower(rating_text), 'ё', 'е'), '^(не |не-|неу)') then 'dissatisfied'
      when replace(lower(rating_text), 'ё', 'е') like 'частично%' then 'partly'
      when replace(lower(rating_text), 'ё', 'е') like 'удовлетвор%'
        or replace(lower(rating_text), 'ё', 'е') like 'полностью%' then 'satisfied'
    end as rating
  from read cross join o
)
select
  line_no, submitted_at, deal_id_text, deal_id, organisation, okno_key(organisation) as client_key,
  consultant, okno_key(consultant) as consultant_key, consulted_on, answered, rating, reasons, suggestions,
  hash(submitted_text, deal_id_text, organisation, consultant, consulted_text, answered_text, rating_text, reasons,
       suggestions) as response_key,
  case when submitted_at is not null then ts_pattern end as ts_format,
  reject.reason as reject_reason,
  reject.field as reject_field,
  reject.value as reject_value
from (
  -- The first problem of a row: why it is rejected, which field, the cell as read.
  select *,
    case
      when submitted_text is null then {'reason': 'пустая отметка времени', 'field': 'submitted_at', 'value': null::varchar}
      when submitted_at is null and (case when month_first then ts_day_first else ts_month_first end) is not null
        then {'reason': 'день и месяц не в том порядке, что в остальных строках', 'field': 'submitted_at', 'value': submitted_text}
      when submitted_at is null then {'reason': 'не распознана дата', 'field': 'submitted_at', 'value': submitted_text}
      when deal_id_text is not null and deal_id is null then {'reason': 'не целое число', 'field': 'deal_id', 'value': deal_id_text}
      when consulted_text is not null and consulted_on is null and (case when month_first then cd_day_first else cd_month_first end) is not null
        then {'reason': 'день и месяц не в том порядке, что в остальных строках', 'field': 'consulted_on', 'value': consulted_text}
      when consulted_text is not null and consulted_on is null then {'reason': 'не распознана дата', 'field': 'consulted_on', 'value': consulted_text}
      when answered_text is not null and answered is null then {'reason': 'неизвестный ответ', 'field': 'answered', 'value': answered_text}
      when rating_text is not null and rating is null then {'reason': 'неизвестный ответ', 'field': 'rating', 'value': rating_text}
    end as reject
  from t
) t
