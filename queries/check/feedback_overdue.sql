-- Rule 3: cards in «Запрошена обратная связь» at this Friday 18:00 that entered the stage before this week's Monday:
-- their deadline, the Friday (18:00) of the week after the one they entered it in, has passed.
-- Params: $week_start, $friday18 (local time text). Facts: stage, entered_at, due_on (that Friday, 'YYYY-MM-DD').
select deal_id, client, consultant, entered_at as happened_at,
       stage, entered_at, (date_trunc('week', entered_at) + interval 11 day)::date::varchar as due_on
from check_state($friday18::timestamptz)
where stage_code = 'feedback_requested' and entered_at < $week_start::timestamptz
order by entered_at, deal_id
