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
  case
    when submitted_text is null then 'пустая отметка времени'
    when submitted_at is null then 'не распознана дата'
    when deal_id_text is not null and deal_id is null then 'не целое число'
    when consulted_text is not null and consulted_on is null then 'не распознана дата'
    when answered_text is not null and answered is null then 'неизвестный ответ'
    when rating_text is not null and rating is null then 'неизвестный ответ'
  end as reject_reason,
  case
    when submitted_text is null or submitted_at is null then 'submitted_at'
    when deal_id_text is not null and deal_id is null then 'deal_id'
    when consulted_text is not null and consulted_on is null then 'consulted_on'
    when answered_text is not null and answered is null then 'answered'
    when rating_text is not null and rating is null then 'rating'
  end as reject_field,
  case
    when submitted_text is null then null
    when submitted_at is null then submitted_text
    when deal_id_text is not null and deal_id is null then deal_id_text
    when consulted_text is not null and consulted_on is null then consulted_text
    when answered_text is not null and answered is null then answered_text
    when rating_text is not null and rating is null then rating_text
  end as reject_value
from t
