-- Success factors (9a), causes and improvement steps (9b) of the done 1-month reviews of the tracked consultations
-- held in [$from, $to), verbatim, from temp table `review_windows`. Params: $from DATE, $to DATE (exclusive).
-- Columns: deal_id, consulted_on, consultant_name, topic_name, effective, success_factors, causes, improvements,
-- reviewer, reviewed_on.
select w.deal_id, w.consulted_on::varchar as consulted_on, w.consultant_name, w.topic_name, r.effective,
       r.success_factors, r.causes, r.improvements, r.reviewer, r.reviewed_on::varchar as reviewed_on
from review_windows w
join reviews r on r.deal_id = w.deal_id and r.kind = w.kind
where w.kind = 'month' and w.consulted_on >= $from::date and w.consulted_on < $to::date
  and (r.success_factors is not null or r.causes is not null or r.improvements is not null)
order by r.effective desc, w.consulted_on, w.deal_id
