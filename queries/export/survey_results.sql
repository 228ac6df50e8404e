-- okno export: results of closed staff surveys as `okno survey results` computes them (temp table filled just
-- before, survey_results_create.sql): one row per option of a question for a shown group. Stable schema
-- `survey_results` (src/store/export.ts). No params.
select
  survey_id::bigint as survey_id,
  survey_title::varchar as survey_title,
  created_on::date as created_on,
  closed_on::date as closed_on,
  min_group::integer as min_group,
  question_id::varchar as question_id,
  question_kind::varchar as question_kind,
  question_text::varchar as question_text,
  group_kind::varchar as group_kind,
  group_name::varchar as group_name,
  group_departments::varchar as group_departments,
  respondents::integer as respondents,
  mean::double as mean,
  option::varchar as option,
  option_count::integer as option_count,
  option_share::double as option_share
from export_survey_results
order by seq
