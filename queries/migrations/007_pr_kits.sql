-- Schema 7: PR kits made by `okno pr` — when the kit for a month was made, where, and its figures, so `okno status`
-- can say the PR figures are ready and whether the data changed since.
create table pr_kits (
  kit_id     integer primary key,
  month      varchar not null,          -- 'YYYY-MM'
  made_at    timestamptz not null,      -- the command's clock
  time_zone  varchar not null,
  dir        varchar not null,          -- the kit's folder, absolute
  partial    boolean not null,          -- made while the month was not over
  forced     boolean not null,          -- made with --force over data that plainly cannot be complete
  warning    varchar,                   -- the reason --force was needed, else null
  figures    json not null              -- the kit's figures as in `okno pr --json`
);
