-- Deals asked for feedback by the cutoff (README «Обратная связь запрошена»): a loaded version in «Запрошена
-- обратная связь», or a response submitted before the cutoff linked to the deal. Reads check_versions and
-- feedback_links. Creates temp table check_asked. Params: $cutoff (local time text).
create or replace temp table check_asked as
select deal_id from check_versions where stage_code = 'feedback_requested'
union
select linked_deal_id from feedback_links where linked_deal_id is not null and submitted_at < $cutoff::timestamptz
