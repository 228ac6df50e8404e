-- Codes issued by this run whose sheet could not be written: nobody can ever see them, so they go
-- ($hashes: varchar[]). A code already used is kept (it cannot be one of them, but a used code is never undone).
delete from survey_codes
where survey_id = $id and not used and code_hash in (select unnest($hashes::varchar[]));
