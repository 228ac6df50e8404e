-- Every survey, newest first.
select id, title, state, strftime(created_on, '%Y-%m-%d') as created_on, strftime(closed_on, '%Y-%m-%d') as closed_on
from surveys
order by id desc;
