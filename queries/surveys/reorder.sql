-- Rewrites the survey tables in content order, so that the stored order of answers says nothing about the order they
-- were given in (DESIGN §5). Run in the transaction of every write that adds answers.
create or replace temp table okno_survey_sorted as select * from survey_respondents;
delete from survey_respondents;
insert into survey_respondents select * from okno_survey_sorted order by survey_id, department;
create or replace temp table okno_survey_sorted as select * from survey_answers;
delete from survey_answers;
insert into survey_answers select * from okno_survey_sorted order by survey_id, question_id, department, answer;
drop table okno_survey_sorted;
