-- The database file's free blocks (DuckDB keeps what they held until a block is reused) and the size of a block.
-- No parameters.
select free_blocks::bigint as free_blocks, block_size::bigint as block_size from pragma_database_size() where database_name = current_database();
