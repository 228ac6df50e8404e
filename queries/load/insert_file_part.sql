-- One part of a load's original file (gzip member). Params: $load_id, $part, $bytes BLOB.
insert into load_files (load_id, part, bytes) values ($load_id, $part, $bytes)
