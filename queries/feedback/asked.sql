-- Deals asked for feedback (README «Обратная связь запрошена»): any loaded version was in «Запрошена обратная
-- связь», or a response is linked to the deal. Reads temp table `feedback_links`. Creates temp table `asked_deals`.
create or replace temp table asked_deals as
select deal_id from deal_versions where stage_code = 'feedback_requested'
union
select linked_deal_id from feedback_links where linked_deal_id is not null
