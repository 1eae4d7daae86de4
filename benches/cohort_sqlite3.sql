-- The sqlite3-shell reference for benches/cohort.rs: the same cohort (people with a linked
-- probation referral in range, index = earliest) and the same rows and columns as `dfexplorer
-- cohort --out --events` (the tidy columns of `--dictionary`): one row per person, then one row
-- per main-table record (a probation event once per event_id_hash) and per child record, with
-- the same columns, written with `.mode csv`. The shell does less than dfexplorer: it leaves the
-- quality-flag columns empty (the rules are not SQL) and takes every open record's window end as
-- the extract date. The bench substitutes :FROM, :TO_EXCLUSIVE, :PEOPLE and :EVENTS.
.mode csv
.headers on
CREATE TEMP TABLE members AS
  SELECT l.estimated_xjs_id AS xjs, min(substr(f.referral_date, 1, 10)) AS idx
  FROM probation_flatfile AS f
  JOIN xjs_link AS l ON l.source_dataset = 'probation_delius' AND l.row_id_hash = f.row_id_hash
  WHERE f.referral_date >= ':FROM' AND f.referral_date < ':TO_EXCLUSIVE'
  GROUP BY l.estimated_xjs_id;
CREATE TEMP TABLE links AS
  SELECT m.xjs, l.source_dataset AS ds, l.row_id_hash AS row
  FROM members AS m JOIN xjs_link AS l ON l.estimated_xjs_id = m.xjs;
CREATE TEMP TABLE window_end AS SELECT value AS d FROM extract_info WHERE key = 'extract_date';
.output :PEOPLE
SELECT m.xjs AS estimated_xjs_id, m.idx AS index_referral_date,
  sum(k.ds = 'mags_hocas') AS mags_hocas_records, sum(k.ds = 'crown_xhibit') AS crown_xhibit_records,
  sum(k.ds = 'prison_nomis') AS prison_nomis_records,
  sum(k.ds = 'probation_delius') AS probation_delius_records,
  NULL AS first_record_date, NULL AS last_record_date,
  (SELECT f.gender FROM probation_flatfile AS f JOIN xjs_link AS l ON l.row_id_hash = f.row_id_hash
    WHERE l.estimated_xjs_id = m.xjs AND substr(f.referral_date, 1, 10) = m.idx LIMIT 1) AS gender_at_index,
  NULL AS age_at_index, NULL AS quality_flag_count, NULL AS person_flags
FROM members AS m JOIN links AS k ON k.xjs = m.xjs GROUP BY m.xjs ORDER BY m.idx, m.xjs;
.output :EVENTS
WITH events AS (
  SELECT DISTINCT k.xjs, f.event_id_hash AS event
  FROM links AS k JOIN probation_flatfile AS f ON f.row_id_hash = k.row
  WHERE k.ds = 'probation_delius')
SELECT k.xjs AS estimated_xjs_id, 'mags_hocas' AS dataset, 'magistrates_case' AS "table",
  'main' AS record_level, c.row_id_hash, 1 AS source_rows, c.case_id_hash AS case_or_event_id_hash,
  c.estimated_defendant_id AS dataset_person_id, 'Magistrates'' case' AS kind,
  c.first_hearing_date AS start, c.final_result_date AS "end", c.final_result_date IS NULL AS open,
  CASE WHEN c.final_result_date IS NULL THEN (SELECT d FROM window_end) END AS open_at,
  c.ho_offence_code AS offence_code, c.offence_desc, c.offence_group, c.offence_date, c.plea,
  c.verdict, c.jsas_result_group_desc AS outcome, c.custody_days AS length,
  CASE WHEN c.custody_days IS NOT NULL THEN 'days' END AS length_units, c.fine_amount AS amount,
  c.committed_to_crown, NULL AS requirement_type, NULL AS requirement_subtype,
  NULL AS termination_reason, NULL AS recall_count, c.court_name AS place, c.age_at_offence AS age,
  c.gender, c.ethnicity, NULL AS quality_flags
FROM links AS k JOIN magistrates_case AS c ON c.row_id_hash = k.row WHERE k.ds = 'mags_hocas'
UNION ALL
SELECT k.xjs, 'mags_hocas', 'magistrates_offence', 'child', o.case_row_id_hash, NULL, c.case_id_hash,
  c.estimated_defendant_id, CASE WHEN o.is_principal = 1 THEN 'Principal offence' ELSE 'Offence' END,
  o.offence_date, NULL, 1, (SELECT d FROM window_end), o.ho_offence_code, o.offence_desc, NULL,
  o.offence_date, o.plea, o.verdict, o.result_desc, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL
FROM links AS k JOIN magistrates_case AS c ON c.row_id_hash = k.row
  JOIN magistrates_offence AS o ON o.case_row_id_hash = c.row_id_hash WHERE k.ds = 'mags_hocas'
UNION ALL
SELECT k.xjs, 'crown_xhibit', 'crown_case', 'main', c.row_id_hash, 1, c.case_id_hash,
  c.estimated_defendant_id, c.case_type, c.receipt_date, c.disposal_date, c.disposal_date IS NULL,
  CASE WHEN c.disposal_date IS NULL THEN (SELECT d FROM window_end) END, c.final_offence_ho_code,
  c.offence_desc, c.offence_group, NULL, c.plea, c.verdict, c.sentence_type, c.custodial_period_days,
  CASE WHEN c.custodial_period_days IS NOT NULL THEN 'days' END, c.monetary, NULL, NULL, NULL, NULL,
  NULL, c.court_name, c.age_at_receipt, c.gender, c.ethnicity, NULL
FROM links AS k JOIN crown_case AS c ON c.row_id_hash = k.row WHERE k.ds = 'crown_xhibit'
UNION ALL
SELECT k.xjs, 'crown_xhibit', 'crown_offence', 'child', o.case_row_id_hash, NULL, c.case_id_hash,
  c.estimated_defendant_id, 'Offence', NULL, NULL, 0, NULL, o.final_offence_ho_code, o.offence_desc,
  NULL, NULL, NULL, NULL, o.result_desc, o.custodial_period_days,
  CASE WHEN o.custodial_period_days IS NOT NULL THEN 'days' END, o.monetary, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL
FROM links AS k JOIN crown_case AS c ON c.row_id_hash = k.row
  JOIN crown_offence AS o ON o.case_row_id_hash = c.row_id_hash WHERE k.ds = 'crown_xhibit'
UNION ALL
SELECT k.xjs, 'prison_nomis', 'prison_custodial_journey', 'main', p.row_id_hash, 1, NULL,
  p.estimated_offender_id, 'Custodial journey', p.journey_start_date, p.journey_end_date,
  p.journey_end_date IS NULL, CASE WHEN p.journey_end_date IS NULL THEN (SELECT d FROM window_end) END,
  p.main_offence_code, p.main_offence_desc, NULL, NULL, NULL, NULL, p.sentence_type,
  p.sentence_length_days, CASE WHEN p.sentence_length_days IS NOT NULL THEN 'days' END, NULL, NULL,
  NULL, NULL, p.release_type, p.recall_count, p.first_establishment, p.age_at_reception, p.gender,
  p.ethnicity, NULL
FROM links AS k JOIN prison_custodial_journey AS p ON p.row_id_hash = k.row WHERE k.ds = 'prison_nomis'
UNION ALL
SELECT e.xjs, 'probation_delius', 'probation_flatfile', 'main', f.row_id_hash,
  (SELECT count(*) FROM probation_flatfile WHERE event_id_hash = e.event), f.event_id_hash,
  f.estimated_offender_id, f.disposal_type_description, f.disposal_date, f.disposal_termination_date,
  f.disposal_termination_date IS NULL,
  CASE WHEN f.disposal_termination_date IS NULL THEN (SELECT d FROM window_end) END, f.mo_code, NULL,
  f.mo_category_description, f.main_offence_date, NULL, NULL, f.disposal_type_description,
  f.length_in_days, CASE WHEN f.length_in_days IS NOT NULL THEN 'days' END, NULL, NULL, NULL, NULL,
  NULL, f.recall_count, f.probation_area_desc, f.age_at_offence, f.gender, f.ethnicity_desc, NULL
FROM events AS e JOIN probation_flatfile AS f ON f.rowid =
  (SELECT rowid FROM probation_flatfile WHERE event_id_hash = e.event LIMIT 1)
UNION ALL
SELECT e.xjs, 'probation_delius', 'probation_rqmnts', 'child', NULL, NULL, r.event_id_hash,
  r.estimated_offender_id, r.rqmnt_type_main_category_desc, r.rqmnt_start_date,
  r.rqmnt_termination_date, r.rqmnt_termination_date IS NULL,
  CASE WHEN r.rqmnt_termination_date IS NULL THEN (SELECT d FROM window_end) END, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, r.length, r.rqmnt_type_main_units_desc, NULL, NULL,
  r.rqmnt_type_main_category_desc, r.rqmnt_type_sub_category_desc, r.rqmnt_termination_reason_desc,
  NULL, NULL, NULL, NULL, NULL, NULL
FROM events AS e JOIN probation_rqmnts AS r ON r.event_id_hash = e.event
UNION ALL
SELECT e.xjs, 'probation_delius', 'probation_licence_conditions', 'child', NULL, NULL, c.event_id_hash,
  c.estimated_offender_id, 'Licence condition', c.lic_cond_start_date, c.lic_cond_termination_date,
  c.lic_cond_termination_date IS NULL,
  CASE WHEN c.lic_cond_termination_date IS NULL THEN (SELECT d FROM window_end) END, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, c.lic_cond_type_main_cat_desc,
  c.lic_cond_type_sub_cat_desc, c.lic_cond_termination_reason_desc, NULL, NULL, NULL, NULL, NULL, NULL
FROM events AS e JOIN probation_licence_conditions AS c ON c.event_id_hash = e.event
UNION ALL
SELECT e.xjs, 'probation_delius', 'probation_pss_rqmnts', 'child', NULL, NULL, s.event_id_hash,
  s.estimated_offender_id, 'PSS requirement', s.pss_rqmnt_start_date, s.pss_rqmnt_termination_date,
  s.pss_rqmnt_termination_date IS NULL,
  CASE WHEN s.pss_rqmnt_termination_date IS NULL THEN (SELECT d FROM window_end) END, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, s.pss_rqmnt_type_main_category_desc, NULL,
  s.pss_rqmnt_termination_reason_desc, NULL, NULL, NULL, NULL, NULL, NULL
FROM events AS e JOIN probation_pss_rqmnts AS s ON s.event_id_hash = e.event;
