insert into survey_imports (survey_id, sha256, rows_read, rows_stored, watermark)
values ($id, $sha256, $rows_read, $rows_stored, $watermark::timestamp);
