-- check_state(t): each deal as happened_at instant t — its latest version of check_versions with a time up to t (ties: the
-- later load, then the later row) — with entered_at, the time of the first version of the run of versions in its
-- current stage (the stage was entered then or, between two exports, before). No parameters.
-- The windows run over the keys, the times and the stages only; the deal's other columns join the one version
-- kept (sorting every text of every version through three windows took most of `okno status` on a large base).
create or replace temp macro check_state(t) as table
with k as (
  select deal_id, load_id, line_no, vtime, stage_code is distinct from lag(stage_code) over w as changed
  from check_versions
  where vtime <= t
  window w as (partition by deal_id order by vtime, load_id, line_no)
),
e as (
  select deal_id, load_id, line_no, max(case when changed then vtime end) over (
           partition by deal_id order by vtime, load_id, line_no rows between unbounded preceding and current row) as entered_at
  from k
  qualify row_number() over (partition by deal_id order by vtime desc, load_id desc, line_no desc) = 1
)
select v.*, e.entered_at
from e
join check_versions v using (deal_id, load_id, line_no)
