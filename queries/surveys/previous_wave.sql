-- The previous wave of a survey: the latest closed survey with the same title created before it.
select id from surveys where series = $series and id < $id and state = 'closed' order by id desc limit 1;
