-- Records an issue of the note for a period ($month: its key, e.g. 2026-10, 2026-Q3, 2026) and the consultations it counted (from temp table `period_held`).
-- Params: $month, $tz, $figures (JSON text), $now (the command's clock, ISO instant). Columns: issue_id.
insert into issued_notes (issue_id, month, issued_at, time_zone, figures)
select coalesce(max(issue_id), 0) + 1, $month, $now::timestamptz, $tz, $figures::json from issued_notes
returning issue_id
