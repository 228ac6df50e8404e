-- What the staged file does to the current state of its deals. Reads temp table `parsed` and view `deals`.
-- A deal's version in the file is its latest row (by «Дата редактирования», then line). It is
-- new: the deal is not in the database; unchanged: same content as the current version;
-- updated: different content and at least as recent (ties go to this, the later, load);
-- older: the database already holds a more recent version — nothing rolls back.
-- Columns: rows_read, rows_rejected, deals_new, deals_updated, deals_unchanged, deals_older.
with f as (
  select deal_id, edited_at, content_hash
  from parsed
  where reject_reason is null
  qualify row_number() over (partition by deal_id order by edited_at desc nulls last, line_no desc) = 1
),
c as (
  select
    f.*,
    d.deal_id is null as is_new,
    d.content_hash = f.content_hash as same,
    case
      when f.edited_at is null then d.edited_at is null
      else d.edited_at is null or f.edited_at >= d.edited_at
    end as wins
  from f
  left join deals d using (deal_id)
)
select
  (select count(*) from parsed)::integer as rows_read,
  (select count(*) from parsed where reject_reason is not null)::integer as rows_rejected,
  count(*) filter (where is_new)::integer as deals_new,
  count(*) filter (where not is_new and not same and wins)::integer as deals_updated,
  count(*) filter (where not is_new and same)::integer as deals_unchanged,
  count(*) filter (where not is_new and not same and not wins)::integer as deals_older
from c
