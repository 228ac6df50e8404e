-- okno export: the temp table survey results are put in before they are written (src/store/export.ts fills it with
-- what src/surveys/results.ts returns: thresholds applied, never an answer). `seq` keeps the results' order.
create or replace temp table export_survey_results (
  seq              integer not null,
  survey_id        bigint not null,
  survey_title     varchar not null,
  created_on       date not null,
  closed_on        date not null,
  min_group        integer not null,
  question_id      varchar not null,
  question_kind    varchar not null,
  question_text    varchar not null,
  group_kind       varchar not null,
  group_name       varchar not null,
  group_departments varchar not null,
  respondents      integer not null,
  mean             double,
  option           varchar not null,
  option_count     integer not null,
  option_share     double not null
)
