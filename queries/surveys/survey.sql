-- One survey with the totals okno may show at any time: codes issued and used, respondents (never per department).
select
  s.id, s.title, s.series, s.previous_id, s.template, s.questions, s.departments, s.min_group, s.min_comments,
  s.state, strftime(s.created_on, '%Y-%m-%d') as created_on, strftime(s.closed_on, '%Y-%m-%d') as closed_on,
  (select count(*) from survey_codes c where c.survey_id = s.id)::integer as codes_issued,
  (select count(*) from survey_codes c where c.survey_id = s.id and c.used)::integer as codes_used,
  (select count(*) from survey_respondents r where r.survey_id = s.id)::integer as respondents
from surveys s
where s.id = $id;
