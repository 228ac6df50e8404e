-- Schema 4: anonymous surveys of internal clients (seed 004 §5–6, DESIGN §5).
--
-- What is deliberately ABSENT from these tables is the design:
--   * no table links an access code, or its hash, to an answer: survey_codes holds only (survey, hash, used);
--   * no answer carries a time: not a timestamp, not a load, not a sequence number;
--   * one person's answers are not linked to each other: survey_answers has one row per answered question with no
--     respondent key, so a comment cannot be tied to that person's ratings;
--   * rows are kept in content order (okno rewrites the survey tables sorted by their values after every write),
--     so the stored order says nothing about who answered when.

create table surveys (
  id            integer primary key,
  title         varchar not null,
  series        varchar not null,          -- the title normalised: waves of one survey share it
  previous_id   integer,                   -- the previous wave, when given at creation
  template      varchar,                   -- 'internal' for the built-in template, null for a custom one
  questions     varchar not null,          -- the questions as JSON (src/surveys/model.ts: Question[])
  departments   varchar[] not null,        -- as the respondent chooses them
  min_group     integer not null,          -- figures only for groups of at least this many respondents
  min_comments  integer not null,          -- free text only for groups of at least this many respondents
  state         varchar not null,          -- 'open' | 'closed'
  created_on    date not null,
  closed_on     date
);

-- One-time access codes, by hash only (sha256 of the survey id and the code). `used` flips once.
create table survey_codes (
  survey_id  integer not null,
  code_hash  varchar not null,
  used       boolean not null
);

-- One row per respondent: the department they chose, nothing else.
create table survey_respondents (
  survey_id   integer not null,
  department  varchar not null
);

-- One row per answered question: scale '1'…'5', a single choice, the choices of a multiple choice, or free text.
create table survey_answers (
  survey_id    integer not null,
  department   varchar not null,
  question_id  varchar not null,
  answer       varchar[] not null
);

-- Exports of answers collected elsewhere (okno survey load): the file's hash, so it is not loaded twice, and
-- while the survey is open the latest answer time it held, so a later export of the same form adds only newer
-- answers. The watermark is erased when the survey closes.
create table survey_imports (
  survey_id   integer not null,
  sha256      varchar not null,
  rows_read   integer not null,
  rows_stored integer not null,
  watermark   timestamp
);
