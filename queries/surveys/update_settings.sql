update surveys
set title = $title, series = $series, departments = $departments, min_group = $min_group, min_comments = $min_comments
where id = $id;
