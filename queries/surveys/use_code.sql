-- Spends a code: one row back when it was unused, none when it is used or unknown. Runs in the same transaction as
-- the answers it admits, so a code admits one answer sheet even when two people send it at once.
update survey_codes set used = true
where survey_id = $id and code_hash = $hash and not used
returning survey_id;
