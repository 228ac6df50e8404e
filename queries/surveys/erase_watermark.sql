-- On closing: the time of the latest imported answer is forgotten (it was needed only while answers came in).
update survey_imports set watermark = null where survey_id = $id;
