-- Stores the consultations of temp table `period_held` under an issue. Params: $issue_id.
insert into issued_note_deals
select $issue_id, deal_id, consulted_at, project, topic, consultant, format, channel, external, duration_min, client_key
from period_held
