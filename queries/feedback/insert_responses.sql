-- Stores the good responses of the staged export not stored before (by response_key; the first of duplicates
-- within the file). Params: $load_id.
insert into feedback_responses
select response_key, $load_id, line_no, submitted_at, deal_id, organisation, client_key, consultant,
       consultant_key, consulted_on, answered, rating, reasons, suggestions
from parsed
where reject_reason is null
  and response_key not in (select response_key from feedback_responses)
qualify row_number() over (partition by response_key order by line_no) = 1
