-- The projects of the temp table `period_held`, by consultations descending then name. Columns: name.
select project_name as name from period_held group by 1 order by count(*) desc, 1
