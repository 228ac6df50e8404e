-- Schema 5: the consultants' shared Google calendar (seed 001 «Создание графика проведения консультаций»), read by
-- `okno load calendar` for the procedure checks (`okno check`). A calendar export holds the whole calendar, so each
-- load replaces the slots of the previous one; calendar_files keeps the history of loads.
create table calendar_files (
  file_id       integer primary key,
  file_name     varchar not null,
  file_path     varchar not null,
  sha256        varchar not null,
  calendar_name varchar,                   -- X-WR-CALNAME
  loaded_at     timestamptz not null,
  expand_to     timestamptz not null,      -- recurring events are expanded up to here
  events        integer not null,          -- VEVENT components read (series, single events and exceptions)
  occurrences   integer not null           -- rows stored in calendar_slots
);

-- One row per occurrence of an event of the latest calendar load, recurring events expanded, exceptions
-- (RECURRENCE-ID) applied, EXDATEs and cancelled occurrences left out. Times are instants.
create table calendar_slots (
  file_id      integer not null,
  uid          varchar not null,
  starts_at    timestamptz not null,
  ends_at      timestamptz not null,
  summary      varchar,
  initials     varchar,                    -- «ИИ» of «ИИ консультация» / «ИИ_Организация»; null for other events
  kind         varchar,                    -- 'free' («ИИ консультация») | 'booked' («ИИ_Организация») | null
  organisation varchar                     -- booked: the client after «_»
);
