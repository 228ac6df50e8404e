-- The effectiveness-review windows of every tracked consultation as of $as_of (macro review_windows_at,
-- queries/reviews/windows_macro.sql). Creates temp table `review_windows`. Params: $as_of DATE, $from DATE or null.
create or replace temp table review_windows as
select * from review_windows_at($as_of::date, $from::date)
