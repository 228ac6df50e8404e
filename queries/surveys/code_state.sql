-- Whether a code was issued for the survey and whether it is used; no row when it was never issued. $hashes: what
-- the code may be stored as (see use_code.sql).
select used from survey_codes where survey_id = $id and list_contains($hashes::varchar[], code_hash);
