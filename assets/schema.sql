-- The dfexplorer SQLite contract (see README "Data contract" and CONTRACT.md).
-- Dates are TEXT 'YYYY-MM-DD'. Identifiers are opaque: TEXT here, but a hand-built copy may use
-- INTEGER and the explorer copes. Every table is optional except xjs_link.
-- Indexes follow the @indexes marker so bulk loads can create them at the end.

CREATE TABLE IF NOT EXISTS xjs_link (
  source_dataset   TEXT NOT NULL,
  row_id_hash      TEXT NOT NULL,
  estimated_xjs_id TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS mags_crown_journey (
  mags_row_id_hash      TEXT NOT NULL,
  crown_row_id_hash     TEXT NOT NULL,
  estimated_match_score REAL
);

CREATE TABLE IF NOT EXISTS magistrates_case (
  row_id_hash            TEXT PRIMARY KEY,
  case_id_hash           TEXT,
  estimated_defendant_id TEXT,
  court_name             TEXT,
  offence_date           TEXT,
  first_hearing_date     TEXT,
  final_result_date      TEXT,
  proceeding_type        TEXT,
  proceedings_type_desc  TEXT,
  breach_marker          TEXT,
  ho_offence_code        TEXT,
  offence_desc           TEXT,
  offence_group          TEXT,
  plea                   TEXT,
  verdict                TEXT,
  jsas_result_group_desc TEXT,
  custody_days           INTEGER,
  fine_amount            REAL,
  committed_to_crown     TEXT,
  age_at_offence         INTEGER,
  gender                 TEXT,
  ethnicity              TEXT,
  lsoa                   TEXT
);

CREATE TABLE IF NOT EXISTS magistrates_offence (
  case_row_id_hash TEXT NOT NULL,
  offence_seq      INTEGER,
  ho_offence_code  TEXT,
  offence_desc     TEXT,
  offence_date     TEXT,
  plea             TEXT,
  verdict          TEXT,
  result_desc      TEXT,
  is_principal     INTEGER
);

CREATE TABLE IF NOT EXISTS crown_case (
  row_id_hash               TEXT PRIMARY KEY,
  defendant_on_case_id_hash TEXT,
  case_id_hash              TEXT,
  estimated_defendant_id    TEXT,
  court_name                TEXT,
  case_type                 TEXT,
  receipt_date              TEXT,
  first_hearing_date        TEXT,
  disposal_date             TEXT,
  plea                      TEXT,
  verdict                   TEXT,
  final_offence_ho_code     TEXT,
  offence_desc              TEXT,
  offence_group             TEXT,
  sentence_type             TEXT,
  custodial_period_days     INTEGER,
  monetary                  REAL,
  age_at_receipt            INTEGER,
  gender                    TEXT,
  ethnicity                 TEXT,
  lsoa                      TEXT
);

CREATE TABLE IF NOT EXISTS crown_offence (
  case_row_id_hash             TEXT NOT NULL,
  defendant_on_offence_id_hash TEXT,
  final_offence_ho_code        TEXT,
  offence_desc                 TEXT,
  result_desc                  TEXT,
  result_priority              INTEGER,
  custodial_period_days        INTEGER,
  monetary                     REAL,
  most_serious_disposal_rank   INTEGER
);

CREATE TABLE IF NOT EXISTS prison_custodial_journey (
  row_id_hash           TEXT PRIMARY KEY,
  estimated_offender_id TEXT,
  journey_start_date    TEXT,
  journey_end_date      TEXT,
  first_establishment   TEXT,
  last_establishment    TEXT,
  recall_count          INTEGER,
  sentence_type         TEXT,
  sentence_length_days  INTEGER,
  main_offence_code     TEXT,
  main_offence_desc     TEXT,
  release_type          TEXT,
  age_at_reception      INTEGER,
  gender                TEXT,
  ethnicity             TEXT,
  nationality           TEXT
);

-- Not unique on event_id_hash: duplicate event rows occur in the delivered data.
CREATE TABLE IF NOT EXISTS probation_flatfile (
  row_id_hash               TEXT NOT NULL,
  event_id_hash             TEXT,
  estimated_offender_id     TEXT,
  referral_date             TEXT,
  disposal_date             TEXT,
  disposal_termination_date TEXT,
  disposal_type_description TEXT,
  length                    INTEGER,
  length_in_days            INTEGER,
  recall_count              INTEGER,
  main_offence_date         TEXT,
  mo_code                   TEXT,
  mo_category_description   TEXT,
  age_at_offence            INTEGER,
  gender                    TEXT,
  ethnicity_desc            TEXT,
  lsoa_residence            TEXT,
  probation_area_desc       TEXT
);

CREATE TABLE IF NOT EXISTS probation_rqmnts (
  event_id_hash                 TEXT NOT NULL,
  estimated_offender_id         TEXT,
  rqmnt_type_main_category_code TEXT,
  rqmnt_type_main_category_desc TEXT,
  rqmnt_type_sub_category_desc  TEXT,
  rqmnt_type_main_units_desc    TEXT,
  length                        INTEGER,
  rqmnt_start_date              TEXT,
  rqmnt_commencement_date       TEXT,
  rqmnt_termination_date        TEXT,
  rqmnt_termination_reason_desc TEXT
);

CREATE TABLE IF NOT EXISTS probation_licence_conditions (
  event_id_hash                    TEXT NOT NULL,
  estimated_offender_id            TEXT,
  lic_cond_type_main_cat_desc      TEXT,
  lic_cond_type_sub_cat_desc       TEXT,
  lic_cond_start_date              TEXT,
  lic_cond_termination_date        TEXT,
  lic_cond_termination_reason_desc TEXT
);

CREATE TABLE IF NOT EXISTS probation_pss_rqmnts (
  event_id_hash                     TEXT NOT NULL,
  estimated_offender_id             TEXT,
  pss_rqmnt_type_main_category_desc TEXT,
  pss_rqmnt_start_date              TEXT,
  pss_rqmnt_termination_date        TEXT,
  pss_rqmnt_termination_reason_desc TEXT
);

CREATE TABLE IF NOT EXISTS catalogue_notes (
  dataset     TEXT,
  table_name  TEXT,
  column_name TEXT,
  topic       TEXT NOT NULL,
  note        TEXT NOT NULL,
  source      TEXT
);

CREATE TABLE IF NOT EXISTS extract_info (
  key   TEXT PRIMARY KEY,
  value TEXT
);

-- @indexes (everything below is created after bulk loading, then ANALYZE)
-- Person-ID and event-ID indexes carry row_id_hash so the lookups behind split-person checks and
-- duplicate event rows are answered from the index alone.
-- xjs_link both ways, each covering so lookups never touch the table.
CREATE INDEX IF NOT EXISTS xjs_link_by_record ON xjs_link(source_dataset, row_id_hash, estimated_xjs_id);
CREATE INDEX IF NOT EXISTS xjs_link_by_row    ON xjs_link(row_id_hash, source_dataset, estimated_xjs_id);
CREATE INDEX IF NOT EXISTS xjs_link_by_person ON xjs_link(estimated_xjs_id, source_dataset, row_id_hash);

CREATE INDEX IF NOT EXISTS mags_crown_by_mags  ON mags_crown_journey(mags_row_id_hash, crown_row_id_hash);
CREATE INDEX IF NOT EXISTS mags_crown_by_crown ON mags_crown_journey(crown_row_id_hash, mags_row_id_hash);

CREATE INDEX IF NOT EXISTS magistrates_case_by_case      ON magistrates_case(case_id_hash);
CREATE INDEX IF NOT EXISTS magistrates_case_by_defendant ON magistrates_case(estimated_defendant_id, row_id_hash);
CREATE INDEX IF NOT EXISTS magistrates_offence_by_case   ON magistrates_offence(case_row_id_hash);

CREATE INDEX IF NOT EXISTS crown_case_by_case           ON crown_case(case_id_hash);
CREATE INDEX IF NOT EXISTS crown_case_by_defendant_case ON crown_case(defendant_on_case_id_hash);
CREATE INDEX IF NOT EXISTS crown_case_by_defendant      ON crown_case(estimated_defendant_id, row_id_hash);
CREATE INDEX IF NOT EXISTS crown_offence_by_case        ON crown_offence(case_row_id_hash);

CREATE INDEX IF NOT EXISTS prison_journey_by_offender ON prison_custodial_journey(estimated_offender_id, row_id_hash);

CREATE INDEX IF NOT EXISTS probation_flatfile_by_row      ON probation_flatfile(row_id_hash);
CREATE INDEX IF NOT EXISTS probation_flatfile_by_event    ON probation_flatfile(event_id_hash, row_id_hash);
CREATE INDEX IF NOT EXISTS probation_flatfile_by_offender ON probation_flatfile(estimated_offender_id, row_id_hash);
CREATE INDEX IF NOT EXISTS probation_flatfile_by_referral ON probation_flatfile(referral_date, row_id_hash);

CREATE INDEX IF NOT EXISTS probation_rqmnts_by_event   ON probation_rqmnts(event_id_hash);
CREATE INDEX IF NOT EXISTS probation_licence_by_event  ON probation_licence_conditions(event_id_hash);
CREATE INDEX IF NOT EXISTS probation_pss_by_event      ON probation_pss_rqmnts(event_id_hash);
