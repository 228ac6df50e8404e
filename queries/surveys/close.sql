-- Closes a survey: no more answers.
update surveys set state = 'closed', closed_on = $closed_on::date where id = $id;
