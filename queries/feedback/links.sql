-- Every stored feedback response with the held consultation it is about (README «Отзыв и консультация»):
-- 1. by ID: the form's deal ID is a held consultation in the database;
-- 2. else by organisation: a held consultation of the same client (client_key, quotes as spaces) — and of the same consultant when
--    the form names one — whose date is within $link_days days of the date the client gave, or, when the form
--    gives none, on the submission day or up to $link_days days before it. The closest date wins, then the later
--    consultation, then the larger deal ID.
-- Unlinked responses stay, with deal_id null. Distances are calendar dates, not hours: both sides are cast to dates
-- in the session time zone, which is the account's (a response 14 dates later at 23:59 links with $link_days 14).
-- Creates temp table `feedback_links`: the response's columns, plus link ('id' | 'organisation' | null),
-- linked_deal_id, about_date (the consultation's date, else the date the client gave, else the submission date),
-- consultant_name (the consultation's consultant, else the form's, else «не указан»).
-- Params: $link_days INTEGER.
create or replace temp table feedback_links as
with r as (
  select *, submitted_at::date as submitted_on from feedback_responses
),
by_id as (
  select r.response_key, h.deal_id
  from r join held_consultations h on h.deal_id = r.deal_id
),
by_organisation as (
  select response_key, deal_id
  from (
    select r.response_key, h.deal_id,
           row_number() over (
             partition by r.response_key
             order by abs(date_diff('day', coalesce(r.consulted_on, r.submitted_on), h.consulted_at::date)),
                      h.consulted_at desc, h.deal_id desc) as rn
    from r
    join held_consultations h
      -- Quotes as spaces, then spaces made one: «ООО"Гамма"», «ООО «Гамма»» and «АНО « Светлый путь »» match.
      on trim(regexp_replace(replace(h.client_key, '"', ' '), ' +', ' ', 'g')) = trim(regexp_replace(replace(r.client_key, '"', ' '), ' +', ' ', 'g'))
     and (r.consultant_key is null or okno_key(h.consultant) = r.consultant_key)
    where r.response_key not in (select response_key from by_id)
      and h.consulted_at is not null
      and case
            when r.consulted_on is not null
              then abs(date_diff('day', r.consulted_on, h.consulted_at::date)) <= $link_days
            else h.consulted_at::date between r.submitted_on - $link_days::integer and r.submitted_on
          end
  )
  where rn = 1
),
links as (
  select response_key, deal_id, 'id' as link from by_id
  union all
  select response_key, deal_id, 'organisation' from by_organisation
)
select
  r.* exclude (submitted_on),
  l.link,
  l.deal_id as linked_deal_id,
  coalesce(h.consulted_at::date, r.consulted_on, r.submitted_on) as about_date,
  coalesce(h.consultant, r.consultant, 'не указан') as consultant_name
from r
left join links l using (response_key)
left join held_consultations h on h.deal_id = l.deal_id
