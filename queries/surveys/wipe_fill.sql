-- Fills the database file's free blocks with random bytes (settleAnswers, src/surveys/store.ts): a table of random
-- UUIDs, which no compression shrinks, that the next checkpoint writes into the free blocks first. Params: $rows —
-- 16-byte values enough for the free blocks and one more.
create or replace table okno_free_space_wipe as select gen_random_uuid() as filler from range($rows);
