-- The latest answer time held by the survey's earlier imports (open surveys only; erased on closing).
select strftime(max(watermark), '%Y-%m-%d %H:%M:%S') as watermark from survey_imports where survey_id = $id;
