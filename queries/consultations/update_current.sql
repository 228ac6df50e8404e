-- Makes `deal_current` name the current version of each deal the load brought versions of (in the transaction
-- that publishes it, after insert_versions): of the deal's current version so far and this load's versions, the one
-- with the latest «Дата редактирования», ties to the later load (this one), then the later row (README «Версии
-- сделок»). One aggregate, not a ranking: max_by over the key (has an edit date, the date or none, load, row) picks the
-- same version as ordering by edited_at desc nulls last, load_id desc, line_no desc. Reads temp `parsed`; makes temp
-- `current_candidates`, which update_current_apply puts in place (a statement of its own: only the last statement
-- of a string gets parameters). Params: $load_id.
create or replace temp table current_candidates as
select deal_id,
       max_by(load_id, (edited_at is not null, coalesce(edited_at, 'epoch'::timestamptz), load_id, line_no)) as load_id,
       max_by(line_no, (edited_at is not null, coalesce(edited_at, 'epoch'::timestamptz), load_id, line_no)) as line_no
from (
  select deal_id, $load_id::integer as load_id, line_no, edited_at from parsed where is_version
  union all
  select c.deal_id, c.load_id, c.line_no, v.edited_at
  from deal_current c
  join deal_versions v using (load_id, line_no)
  where c.deal_id in (select deal_id from parsed where is_version)
)
group by deal_id
