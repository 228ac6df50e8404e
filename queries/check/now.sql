-- Each deal as happened_at the cutoff. Creates temp table check_now. Params: $cutoff (local time text).
create or replace temp table check_now as
select * from check_state($cutoff::timestamptz)
