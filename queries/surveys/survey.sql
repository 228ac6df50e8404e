-- One survey with the totals okno may show at any time: codes issued and used, respondents (never per department).
-- The counts filter by $id itself, not by the outer row: DuckDB plans a correlated subquery as a join, and three of
-- them took twice as long as the rest (this query runs for every page `okno survey serve` answers).
select
  s.id, s.title, s.series, s.previous_id, s.template, s.questions, s.departments, s.min_group, s.min_comments,
  s.state, strftime(s.created_on, '%Y-%m-%d') as created_on, strftime(s.closed_on, '%Y-%m-%d') as closed_on,
  (select count(*) from survey_codes c where c.survey_id = $id)::integer as codes_issued,
  (select count(*) from survey_codes c where c.survey_id = $id and c.used)::integer as codes_used,
  (select count(*) from survey_respondents r where r.survey_id = $id)::integer as respondents
from surveys s
where s.id = $id;
