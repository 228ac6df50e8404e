-- okno export: one row of the survey results (one option of one question for one shown group).
-- Params: the columns of export_survey_results (survey_results_create.sql), by name.
insert into export_survey_results values (
  $seq, $survey_id, $survey_title, $created_on::date, $closed_on::date, $min_group, $question_id, $question_kind,
  $question_text, $group_kind, $group_name, $group_departments, $respondents, $mean, $option, $option_count, $option_share
)
