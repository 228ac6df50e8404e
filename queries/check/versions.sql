-- The deal history as okno knows it at the check's cutoff (README «Проверки процедуры»): every loaded version with
-- its time — «Дата редактирования», else the time of its load — before $cutoff. Makes temp view check_versions: a
-- view, not a copy, so each check reads only the columns it needs (copying these twenty columns of every version,
-- the notes among them, was a fifth of `okno status` on a 200,000-row database). A view takes no parameters: the
-- cutoff is the session variable okno_check_cutoff, set by the last statement (the one that gets the parameters).
-- Params: $cutoff (local 'YYYY-MM-DD HH:MM:SS', read in the session time zone).
create or replace temp view check_versions as
select v.deal_id, v.load_id, v.line_no, v.name, v.stage, v.stage_code, v.created_at, v.closed_at, v.consulted_at,
       v.consultant, v.external, v.topic, v.project, v.duration_min, v.format, v.comments, v.client, v.client_key,
       v.new_client, v.loss_reason,
       coalesce(v.edited_at, l.loaded_at) as vtime
from deal_versions v
join loads l using (load_id)
where coalesce(v.edited_at, l.loaded_at) < getvariable('okno_check_cutoff');

set variable okno_check_cutoff = $cutoff::timestamptz
