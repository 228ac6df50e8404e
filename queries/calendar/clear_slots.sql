-- A new calendar export replaces the previous one's slots. No parameters.
delete from calendar_slots
