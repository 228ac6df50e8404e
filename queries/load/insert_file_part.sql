-- One part of a load's original file (src/ingest/original.ts). Params: $load_id, $part, $bytes BLOB, $codec.
insert into load_files (load_id, part, bytes, codec) values ($load_id, $part, $bytes, $codec)
