-- The latest calendar load, if any. Columns: file_id, file_name, loaded_at (local 'dd.mm.yyyy hh:mm').
select file_id, file_name, strftime(loaded_at, '%d.%m.%Y %H:%M') as loaded_at
from calendar_files
order by file_id desc
limit 1
