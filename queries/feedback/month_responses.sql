-- Every response of `month_feedback` with what the note lists about it: the consultation, and for a dissatisfied
-- client (rating «не удовлетворен» or «нет» to «Получен ли ответ») the further consultation of the same client
-- held after it and no later than 3 days after its date (seed 000 step 7), when it is linked.
-- Columns: deal_id, consulted_iso, submitted_iso, organisation, consultant_name, answered, rating, reasons,
-- suggestions, dissatisfied, followup_deal_id, followup_iso (moments: ISO 8601 with the offset, okno_iso); by date,
-- then submission.
select
  f.linked_deal_id as deal_id,
  okno_iso(f.deal_consulted_at) as consulted_iso,
  okno_iso(f.submitted_at) as submitted_iso,
  coalesce(f.deal_client, f.organisation) as organisation,
  f.consultant_name,
  f.answered,
  f.rating,
  f.reasons,
  f.suggestions,
  coalesce(f.rating = 'dissatisfied' or not f.answered, false) as dissatisfied,
  n.deal_id as followup_deal_id,
  okno_iso(n.consulted_at) as followup_iso
from month_feedback f
left join held_consultations d on d.deal_id = f.linked_deal_id
left join lateral (
  select h.deal_id, h.consulted_at
  from held_consultations h
  where coalesce(f.rating = 'dissatisfied' or not f.answered, false)
    and h.client_key = d.client_key
    and h.consulted_at > d.consulted_at
    and h.consulted_at::date <= d.consulted_at::date + 3
  order by h.consulted_at, h.deal_id
  limit 1
) n on true
order by f.about_date, f.submitted_at, f.response_key
