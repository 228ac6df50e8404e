-- okno export: the survey results' rows (one per option of a question for a shown group) into the temp table, all
-- at once. Params: $rows VARCHAR, a JSON array of objects with the columns of export_survey_results
-- (survey_results_create.sql) by name.
insert into export_survey_results by name
select unnest(from_json($rows, '[{"seq": "INTEGER", "survey_id": "BIGINT", "survey_title": "VARCHAR", "created_on": "DATE",
  "closed_on": "DATE", "min_group": "INTEGER", "question_id": "VARCHAR", "question_kind": "VARCHAR", "question_text": "VARCHAR",
  "group_kind": "VARCHAR", "group_name": "VARCHAR", "group_departments": "VARCHAR", "respondents": "INTEGER", "mean": "DOUBLE",
  "option": "VARCHAR", "option_count": "INTEGER", "option_share": "DOUBLE"}]'), recursive := true)
