-- What the database holds. Columns: loads, versions, deals, held, held_undated, latest_load, latest_edited.
-- held: current deals in a held stage (README «Консультация проведена»); held_undated: of them, without a
-- consultation date (never counted in a month). Times as text in the session time zone.
select
  (select count(*) from loads where kind = 'consultations')::integer as loads,
  (select count(*) from deal_versions)::integer as versions,
  count(*)::integer as deals,
  count(*) filter (where stage_code in ('held', 'feedback_requested', 'success'))::integer as held,
  count(*) filter (where stage_code in ('held', 'feedback_requested', 'success') and consulted_at is null)::integer
    as held_undated,
  (select strftime(max(loaded_at), '%d.%m.%Y %H:%M') from loads where kind = 'consultations') as latest_load,
  strftime(max(edited_at), '%d.%m.%Y %H:%M') as latest_edited
from deals
