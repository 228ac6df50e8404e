-- The weeks the latest calendar load covers (README «okno load calendar», «Window»): expand_to is the window's end
-- (Monday 00:00, exclusive), its start is 105 weeks (735 days) before. `covered`: the checked week and the two
-- after it (rule 9) lie in the window. Params: $week_start, $week_end (local time text). Columns: window_from,
-- window_to ('YYYY-MM-DD', first and last day), covered.
select strftime(expand_to - interval 735 day, '%Y-%m-%d') as window_from,
       strftime(expand_to - interval 1 day, '%Y-%m-%d') as window_to,
       $week_start::timestamptz >= expand_to - interval 735 day
         and $week_end::timestamptz + interval 14 day <= expand_to as covered
from calendar_files
order by file_id desc
limit 1
