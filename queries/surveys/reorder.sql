-- Rewrites the answer tables in content order, so that nothing stored says in which order answers were given
-- (DESIGN §5). Run in the transaction of every write that adds answers. The tables are dropped and made anew rather
-- than emptied: DuckDB does not reuse the row ids of deleted rows, and ids that grow with every rewrite would count
-- the writes. The definitions repeat migrations/011_survey_ways.sql and must stay the same.
create or replace temp table okno_sorted_respondents as select * from survey_respondents;
create or replace temp table okno_sorted_answers as select * from survey_answers;
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
insert into survey_respondents select * from okno_sorted_respondents order by survey_id, department, way;
insert into survey_answers select * from okno_sorted_answers order by survey_id, question_id, department, answer, way;
drop table okno_sorted_respondents;
drop table okno_sorted_answers;
