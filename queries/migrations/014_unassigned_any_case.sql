-- Schema 14: a card whose «Проект» says «не распределено» in any case («Не распределено», «НЕ РАСПРЕДЕЛЕНО») is in
-- the «не распределено» row, as one left empty is (README «Project»): each spelling was a project row of its own.
create or replace view held_consultations as
select *, case when project is null or lower(project) = 'не распределено' then 'не распределено' else project end as project_name
from deals
where stage_code in ('held', 'feedback_requested', 'success');
