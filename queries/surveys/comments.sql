-- Free-text answers of the departments whose comments may be shown, in alphabetical order (never the order given).
select department, way, question_id, answer[1] as text
from survey_answers
where survey_id = $id
  and list_contains($question_ids::varchar[], question_id)
  and list_contains($departments::varchar[], department)
order by question_id, department, text;
