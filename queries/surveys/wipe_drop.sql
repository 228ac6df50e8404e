-- Drops the table wipe_fill.sql made (its blocks, random bytes, become the file's free blocks). No parameters.
drop table if exists okno_free_space_wipe;
