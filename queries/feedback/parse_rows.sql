-- Feedback answers of every non-blank staged row, with the first reason the row cannot load (null = good).
-- Reads the temp view `staged` (one VARCHAR column per feedback field, line_no, is_blank). Local times become
-- instants in the session time zone (the account's). Creates temp table `parsed` (the columns the shared reject
-- queries read: line_no, deal_id_text, reject_reason, reject_field, reject_value).
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
t as (
  select
    s.*,
    okno_ts(submitted_text)::timestamptz as submitted_at,
    -- «1001», «№ 1001», «#1001»
    try_cast(regexp_replace(deal_id_text, '^[№#\s]+', '') as bigint) as deal_id,
    okno_ts(consulted_text)::date as consulted_on,
    okno_bool(answered_text) as answered,
    -- Seed 002's three answers, in any gender or number form («удовлетворена», «Не удовлетворены»).
    case
      when regexp_matches(replace(lower(rating_text), 'ё', 'е'), '^(не |не-|неу)') then 'dissatisfied'
      when replace(lower(rating_text), 'ё', 'е') like 'частично%' then 'partly'
      when replace(lower(rating_text), 'ё', 'е') like 'удовлетвор%'
        or replace(lower(rating_text), 'ё', 'е') like 'полностью%' then 'satisfied'
    end as rating
  from s
)
select
  line_no, submitted_at, deal_id_text, deal_id, organisation, okno_key(organisation) as client_key,
  consultant, okno_key(consultant) as consultant_key, consulted_on, answered, rating, reasons, suggestions,
  hash(submitted_text, deal_id_text, organisation, consultant, consulted_text, answered_text, rating_text, reasons,
       suggestions) as response_key,
  reject.reason as reject_reason,
  reject.field as reject_field,
  reject.value as reject_value
from (
  -- The first problem of a row: why it is rejected, which field, the cell as read.
  select *,
    case
      when submitted_text is null then {'reason': 'пустая отметка времени', 'field': 'submitted_at', 'value': null::varchar}
      when submitted_at is null then {'reason': 'не распознана дата', 'field': 'submitted_at', 'value': submitted_text}
      when deal_id_text is not null and deal_id is null then {'reason': 'не целое число', 'field': 'deal_id', 'value': deal_id_text}
      when consulted_text is not null and consulted_on is null then {'reason': 'не распознана дата', 'field': 'consulted_on', 'value': consulted_text}
      when answered_text is not null and answered is null then {'reason': 'неизвестный ответ', 'field': 'answered', 'value': answered_text}
      when rating_text is not null and rating is null then {'reason': 'неизвестный ответ', 'field': 'rating', 'value': rating_text}
    end as reject
  from t
) t
