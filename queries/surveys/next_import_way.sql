-- The way number of the survey's next imported export: 1 for its first. Params: $id.
select (coalesce(max(way), 0) + 1)::integer as way from survey_imports where survey_id = $id;
