-- Spends a code: one row back when it was unused, none when it is used or unknown. Runs in the same transaction as
-- the answers it admits, so a code admits one answer sheet even when two people send it at once. $hashes: what the
-- code may be stored as (under the database's key, or the way okno stored codes before it had one).
update survey_codes set used = true
where survey_id = $id and list_contains($hashes::varchar[], code_hash) and not used
returning survey_id;
