-- The satisfaction of a consultation from client feedback: the rating of the latest linked response that has one
-- (by submission time; at the same time, the one loaded later: load, then line) (temp table `feedback_links`, from
-- feedback/links). Params: $deal_id BIGINT or null (all).
-- Columns: deal_id, rating ('satisfied' | 'partly' | 'dissatisfied').
select linked_deal_id as deal_id, arg_max(rating, (submitted_at, load_id, line_no)) as rating
from feedback_links
where linked_deal_id is not null and rating is not null
  and ($deal_id::bigint is null or linked_deal_id = $deal_id::bigint)
group by linked_deal_id
