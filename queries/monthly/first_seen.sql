-- When each client (client_key) was first consulted, over every held consultation as it is now (README «Новый
-- клиент»): period_held's test of a new client. Creates temp table `client_first_seen` (client_key, first_at).
-- No params.
create or replace temp table client_first_seen as
select client_key, min(consulted_at) as first_at
from held_consultations
where client_key is not null and consulted_at is not null
group by client_key
