-- Schema 11: the way each answer came in, so the thresholds count each way on its own (issue 19). `way` is 0 for
-- answers given with a code (a terminal, a kiosk, the web form, a typed-in paper form) and n for the survey's n-th
-- imported export (survey_imports.way): `survey load` of a few invented answers into a department where one real
-- person answered no longer makes that department's figures show that person (README «Опросы сотрудников»).
-- Answers stored before this schema are counted as given with a code (way 0): which export brought them is not
-- known. The answer tables are made anew, as reorder.sql does, in content order.
create table okno_ways_respondents as select survey_id, department, 0 as way from survey_respondents;
create table okno_ways_answers as select survey_id, department, question_id, answer, 0 as way from survey_answers;
drop table survey_respondents;
drop table survey_answers;
create table survey_respondents (
  survey_id   integer not null,
  department  varchar not null,
  way         integer not null
);
create table survey_answers (
  survey_id    integer not null,
  department   varchar not null,
  question_id  varchar not null,
  answer       varchar[] not null,
  way          integer not null
);
insert into survey_respondents select * from okno_ways_respondents order by survey_id, department, way;
insert into survey_answers select * from okno_ways_answers order by survey_id, question_id, department, answer, way;
drop table okno_ways_respondents;
drop table okno_ways_answers;
-- Each import's way: its number among the survey's imports, in the order they were loaded (rowid order).
create table okno_ways_imports as
  select survey_id, sha256, rows_read, rows_stored, watermark, (row_number() over (partition by survey_id order by rowid))::integer as way
  from survey_imports;
drop table survey_imports;
create table survey_imports (
  survey_id   integer not null,
  sha256      varchar not null,
  rows_read   integer not null,
  rows_stored integer not null,
  watermark   timestamp,
  way         integer not null
);
insert into survey_imports select * from okno_ways_imports order by survey_id, way;
drop table okno_ways_imports;
