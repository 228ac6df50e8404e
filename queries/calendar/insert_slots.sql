-- Stores the occurrences of a calendar load, one list element per occurrence. Params: $file_id; lists $uids,
-- $starts, $ends (ISO instants), $summaries, $initials, $kinds, $organisations.
insert into calendar_slots
select $file_id, unnest($uids), unnest($starts)::timestamptz, unnest($ends)::timestamptz, unnest($summaries),
       unnest($initials), unnest($kinds), unnest($organisations)
