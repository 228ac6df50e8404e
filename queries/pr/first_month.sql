-- The first month with data (README «Тексты PR»): the month, in the session's time zone (the account's), of the
-- earliest «Дата консультации» of a held consultation, the whole centre. Columns: month ('YYYY-MM', null: none).
select strftime(min(consulted_at), '%Y-%m') as month
from held_consultations
