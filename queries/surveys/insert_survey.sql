-- A new survey; its id is the next free number.
insert into surveys (id, title, series, previous_id, template, questions, departments, min_group, min_comments, state, created_on)
select coalesce(max(id), 0) + 1, $title, $series, $previous_id, $template, $questions, $departments, $min_group, $min_comments, 'open', $created_on::date
from surveys
returning id;
