select rows_stored from survey_imports where survey_id = $id and sha256 = $sha256;
