-- Issued codes, by hash only ($hashes: varchar[]).
insert into survey_codes (survey_id, code_hash, used)
select $id, h, false from unnest($hashes::varchar[]) as t(h);
