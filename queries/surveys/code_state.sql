-- Whether a code (by hash) was issued for the survey and whether it is used; no row when it was never issued.
select used from survey_codes where survey_id = $id and code_hash = $hash;
