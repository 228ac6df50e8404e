-- The cells of the cut-off last row, as far as the file holds them, for the rejects CSV. Params: $line_no, $cells.
insert into reject_cells values ($line_no::integer, $cells::varchar[])
