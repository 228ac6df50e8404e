-- check_state(t): each deal as happened_at instant t — its latest version of check_versions with a time up to t (ties: the
-- later load, then the later row) — with entered_at, the time of the first version of the run of versions in its
-- current stage (the stage was entered then or, between two exports, before). No parameters.
create or replace temp macro check_state(t) as table
select * exclude (changed, rn)
from (
  select *, row_number() over (partition by deal_id order by vtime desc, load_id desc, line_no desc) as rn
  from (
    select *, max(case when changed then vtime end) over (
                partition by deal_id order by vtime, load_id, line_no rows between unbounded preceding and current row) as entered_at
    from (
      select *, stage_code is distinct from lag(stage_code) over (partition by deal_id order by vtime, load_id, line_no) as changed
      from check_versions
      where vtime <= t
    )
  )
)
where rn = 1
