-- Follow-ups (3–4 months, up to 6) of the tracked consultations held in [$from, $to) whose window has opened by
-- $today ($today ≥ d + 3 months), from temp table `review_windows` (README «Оценка эффективности»).
-- Params: $from DATE, $to DATE (exclusive), $today DATE.
-- Columns: due, done, applied_none, applied_partial, applied_full, solved_yes, solved_partial, solved_no
-- (counts of done follow-ups).
select count(*)::integer as due,
       count(*) filter (where w.done)::integer as done,
       count(*) filter (where r.applied = 'none')::integer as applied_none,
       count(*) filter (where r.applied = 'partial')::integer as applied_partial,
       count(*) filter (where r.applied = 'full')::integer as applied_full,
       count(*) filter (where r.solved = 'yes')::integer as solved_yes,
       count(*) filter (where r.solved = 'partial')::integer as solved_partial,
       count(*) filter (where r.solved = 'no')::integer as solved_no
from review_windows w
left join reviews r on r.deal_id = w.deal_id and r.kind = w.kind
where w.kind = 'followup' and w.consulted_on >= $from::date and w.consulted_on < $to::date
  and w.opens <= $today::date
