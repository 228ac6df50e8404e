-- The feedback of a report period (README «Отзывы за месяц»): responses linked to a consultation in the temp table
-- `period_held`, and — for the whole centre ($whole) — unlinked responses whose date (the consultation date the
-- client gave, else the submission date) falls in [$from, $to). Reads temp tables `feedback_links`, `period_held`.
-- Creates temp table `month_feedback`. Params: $from, $to TIMESTAMP (local); $whole BOOLEAN.
create or replace temp table month_feedback as
select f.*, h.client as deal_client, h.consulted_at as deal_consulted_at
from feedback_links f
left join period_held h on h.deal_id = f.linked_deal_id
where h.deal_id is not null
   or ($whole and f.linked_deal_id is null and f.about_date >= $from::date and f.about_date < $to::date)
