-- okno export: every load of consultations or feedback (`loads`, README «Load»); the records_* counts are deals for
-- consultation loads, responses for feedback loads (updated and older are 0 there). Stable schema `loads`. No params.
select
  load_id::bigint as load_id,
  kind::varchar as kind,
  file_name::varchar as file_name,
  sha256::varchar as sha256,
  size_bytes::bigint as size_bytes,
  format::varchar as format,
  encoding::varchar as encoding,
  delimiter::varchar as delimiter,
  time_zone::varchar as time_zone,
  loaded_at::timestamptz as loaded_at,
  rows_read::integer as rows_read,
  rows_rejected::integer as rows_rejected,
  deals_new::integer as records_new,
  deals_updated::integer as records_updated,
  deals_unchanged::integer as records_unchanged,
  deals_older::integer as records_older
from loads
order by load_id
