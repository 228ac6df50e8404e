-- Review figures for okno status as of $today (README «okno status»), from the windows of macro review_windows_at
-- (queries/reviews/windows_macro.sql): only the columns counted here are read. Params: $today DATE; $week_end DATE
-- (Sunday of this week); $from DATE or null (config.reviews.from).
-- Columns: month_this_week, followup_this_week (not done, deadline in [$today, $week_end]), month_overdue,
-- followup_overdue, followup_late (after d + 4 months, up to d + 6 months).
select
  count(*) filter (where kind = 'month' and not done and deadline between $today::date and $week_end::date)::integer as month_this_week,
  count(*) filter (where kind = 'followup' and not done and deadline between $today::date and $week_end::date)::integer as followup_this_week,
  count(*) filter (where kind = 'month' and state = 'overdue')::integer as month_overdue,
  count(*) filter (where kind = 'followup' and state = 'overdue')::integer as followup_overdue,
  count(*) filter (where kind = 'followup' and state = 'late')::integer as followup_late
from review_windows_at($today::date, $from::date)
