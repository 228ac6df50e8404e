-- Schema 9: the office manager's marks brought back from the check workbook (`okno check load`): per week, rule and
-- item, «Исправлено» (да / нет / not marked) and «Комментарий», so the next week's `okno check` can say what was fixed
-- and what is still open; and the workbooks they came from, by sha256, so the same file twice is «уже загружен».
create table check_mark_files (
  file_id    integer primary key,
  week       varchar not null,          -- 'YYYY-Www', the week the workbook covers («Сводка», «Неделя: …»)
  file_name  varchar not null,          -- as given on the command line
  sha256     varchar not null unique,
  loaded_at  timestamptz not null,      -- the command's clock
  marks      integer not null           -- rows stored or updated from this file
);

create table check_marks (
  week       varchar not null,          -- 'YYYY-Www'
  rule       varchar not null,          -- the rule's code (friday_closing, …)
  item       varchar not null,          -- the deal ID as text; for a person's row (rules 7, 8, 9) the consultant
  at_text    varchar not null,          -- «Когда» as written in the workbook ('' if empty): two rows of one deal differ by it
  deal_id    bigint,
  client     varchar,
  consultant varchar,
  fixed      boolean,                   -- «Исправлено»: true да, false нет, null not marked (a comment only)
  comment    varchar,
  file_id    integer not null,          -- the load that stored the mark as it is now
  sheet_row  integer not null,          -- its row in that file's rule sheet
  loaded_at  timestamptz not null,      -- when that load ran (the command's clock)
  primary key (week, rule, item, at_text)
);
