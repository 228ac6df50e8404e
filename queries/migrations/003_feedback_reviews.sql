-- Schema 3: client feedback from Google / Yandex Forms, the effectiveness reviews (seed 000 steps 8–10), and the
-- client group of a deal («Тип организации», step 11).

-- The client group as exported; null when the export has no such column.
alter table deal_versions add column client_type varchar;

-- One row per distinct feedback response. The same response brought by several exports (a form's export holds
-- every earlier answer) is stored once: response_key hashes the timestamp and every mapped answer as exported.
-- Loads of kind 'feedback' count responses in the loads table: deals_new = new responses, deals_unchanged =
-- responses already stored; deals_updated and deals_older stay 0.
create table feedback_responses (
  response_key   ubigint not null,
  load_id        integer not null,           -- the load that first brought it; raw row in raw.load_<load_id>
  line_no        integer not null,
  submitted_at   timestamptz,                -- «Отметка времени», local wall time of the configured zone
  deal_id        bigint,                     -- when the form carries it
  organisation   varchar,                    -- as answered, trimmed, spaces collapsed
  client_key     varchar,                    -- okno_key(organisation): compared with deals.client_key
  consultant     varchar,
  consultant_key varchar,                    -- okno_key(consultant)
  consulted_on   date,                       -- the consultation date the client gave
  answered       boolean,                    -- «Получен ли ответ на Ваш вопрос?» да / нет
  rating         varchar,                    -- «Оцените качество работы консультанта»: 'satisfied' | 'partly' | 'dissatisfied'
  reasons        varchar,                    -- reasons for dissatisfaction (6b)
  suggestions    varchar                     -- suggestions and wishes (6a)
);

-- Every recorded effectiveness review; the current one per deal and kind is the latest recorded (view `reviews`).
-- kind 'month': steps 8–9, due within a month of the consultation.
-- kind 'followup': step 10, from 3 to 4 months after the consultation, allowed up to 6.
create table review_versions (
  deal_id         bigint not null,
  kind            varchar not null,          -- 'month' | 'followup'
  reviewed_on     date not null,
  reviewer        varchar not null,
  effective       boolean,                   -- month: was the consultation effective
  minutes         decimal(10, 2),            -- month: resources spent, from the card unless the reviewer corrected it
  satisfaction    varchar,                   -- month: the linked feedback's rating when recorded ('satisfied' | 'partly' | 'dissatisfied')
  success_factors varchar,                   -- month, effective (9a)
  causes          varchar,                   -- month, not effective (9b)
  improvements    varchar,                   -- month, not effective (9b)
  applied         varchar,                   -- followup: 'none' | 'partial' | 'full'
  changes         varchar,                   -- followup: changes in the client's work
  solved          varchar,                   -- followup: 'yes' | 'partial' | 'no'
  source          varchar not null,          -- 'sheet' | 'prompt' | 'flags'
  source_file     varchar,                   -- the workbook a sheet review came from
  recorded_at     timestamptz not null,
  content_hash    ubigint not null           -- hash of everything above but source, source_file and recorded_at
);

create view reviews as
select * exclude (rn)
from (
  select *, row_number() over (partition by deal_id, kind order by recorded_at desc, rowid desc) as rn
  from review_versions
)
where rn = 1;
