-- Records an imported export; $way is its number among the survey's imports (next_import_way.sql).
insert into survey_imports (survey_id, sha256, rows_read, rows_stored, watermark, way)
values ($id, $sha256, $rows_read, $rows_stored, $watermark::timestamp, $way);
