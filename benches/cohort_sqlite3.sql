-- The sqlite3-shell reference for benches/cohort.rs: the same cohort (people with a linked
-- probation referral in range, index = earliest) and the same rows as `dfexplorer cohort --out
-- --events`: one row per person, then one row per main-table record (a probation event once per
-- event_id_hash) and per child record, with the same columns, written with `.mode csv`.
-- sqlite3 3.40 has no concat_ws, so labels join with ifnull(..) || ' · ' || .. (same work).
-- The bench substitutes :FROM, :TO_EXCLUSIVE, :PEOPLE and :EVENTS.
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
.output :PEOPLE
SELECT m.xjs AS estimated_xjs_id, m.idx AS index_referral_date,
  sum(k.ds = 'mags_hocas') AS mags_hocas_records, sum(k.ds = 'crown_xhibit') AS crown_xhibit_records,
  sum(k.ds = 'prison_nomis') AS prison_nomis_records,
  sum(k.ds = 'probation_delius') AS probation_delius_records
FROM members AS m JOIN links AS k ON k.xjs = m.xjs GROUP BY m.xjs ORDER BY m.idx, m.xjs;
.output :EVENTS
WITH events AS (
  SELECT DISTINCT k.xjs, f.event_id_hash AS event
  FROM links AS k JOIN probation_flatfile AS f ON f.row_id_hash = k.row
  WHERE k.ds = 'probation_delius')
SELECT k.xjs, 'mags_hocas', 'magistrates_case', 'main', c.row_id_hash, 'Magistrates'' case',
  c.first_hearing_date, c.final_result_date,
  (ifnull(c.offence_desc, '') || ' · ' || ifnull(c.jsas_result_group_desc, '') || ' · ' || ifnull(c.court_name, ''))
FROM links AS k JOIN magistrates_case AS c ON c.row_id_hash = k.row WHERE k.ds = 'mags_hocas'
UNION ALL
SELECT k.xjs, 'mags_hocas', 'magistrates_offence', 'child', o.case_row_id_hash, 'Offence',
  o.offence_date, NULL, (ifnull(o.offence_desc, '') || ' · ' || ifnull(o.ho_offence_code, '') || ' · ' || ifnull(o.result_desc, ''))
FROM links AS k JOIN magistrates_offence AS o ON o.case_row_id_hash = k.row WHERE k.ds = 'mags_hocas'
UNION ALL
SELECT k.xjs, 'crown_xhibit', 'crown_case', 'main', c.row_id_hash, c.case_type,
  c.receipt_date, c.disposal_date, (ifnull(c.offence_desc, '') || ' · ' || ifnull(c.sentence_type, '') || ' · ' || ifnull(c.court_name, ''))
FROM links AS k JOIN crown_case AS c ON c.row_id_hash = k.row WHERE k.ds = 'crown_xhibit'
UNION ALL
SELECT k.xjs, 'crown_xhibit', 'crown_offence', 'child', o.case_row_id_hash, 'Offence',
  NULL, NULL, (ifnull(o.offence_desc, '') || ' · ' || ifnull(o.final_offence_ho_code, '') || ' · ' || ifnull(o.result_desc, ''))
FROM links AS k JOIN crown_offence AS o ON o.case_row_id_hash = k.row WHERE k.ds = 'crown_xhibit'
UNION ALL
SELECT k.xjs, 'prison_nomis', 'prison_custodial_journey', 'main', p.row_id_hash, 'Custodial journey',
  p.journey_start_date, p.journey_end_date,
  (ifnull(p.main_offence_desc, '') || ' · ' || ifnull(p.sentence_type, '') || ' · ' || ifnull(p.first_establishment, ''))
FROM links AS k JOIN prison_custodial_journey AS p ON p.row_id_hash = k.row WHERE k.ds = 'prison_nomis'
UNION ALL
SELECT e.xjs, 'probation_delius', 'probation_flatfile', 'main', f.row_id_hash,
  f.disposal_type_description, f.disposal_date, f.disposal_termination_date,
  (ifnull(f.mo_category_description, '') || ' · ' || ifnull(f.length_in_days || ' days', '') || ' · ' || ifnull(f.probation_area_desc, ''))
FROM events AS e JOIN probation_flatfile AS f ON f.rowid =
  (SELECT rowid FROM probation_flatfile WHERE event_id_hash = e.event LIMIT 1)
UNION ALL
SELECT e.xjs, 'probation_delius', 'probation_rqmnts', 'child', r.event_id_hash,
  r.rqmnt_type_main_category_desc, r.rqmnt_start_date, r.rqmnt_termination_date,
  (ifnull(r.rqmnt_type_sub_category_desc, '') || ' · ' || ifnull(r.length || ' ' || r.rqmnt_type_main_units_desc, '') || ' · ' || ifnull(r.rqmnt_termination_reason_desc, ''))
FROM events AS e JOIN probation_rqmnts AS r ON r.event_id_hash = e.event
UNION ALL
SELECT e.xjs, 'probation_delius', 'probation_licence_conditions', 'child', c.event_id_hash,
  'Licence condition', c.lic_cond_start_date, c.lic_cond_termination_date,
  (ifnull(c.lic_cond_type_main_cat_desc, '') || ' · ' || ifnull(c.lic_cond_type_sub_cat_desc, '') || ' · ' || ifnull(c.lic_cond_termination_reason_desc, ''))
FROM events AS e JOIN probation_licence_conditions AS c ON c.event_id_hash = e.event
UNION ALL
SELECT e.xjs, 'probation_delius', 'probation_pss_rqmnts', 'child', s.event_id_hash,
  'PSS requirement', s.pss_rqmnt_start_date, s.pss_rqmnt_termination_date,
  (ifnull(s.pss_rqmnt_type_main_category_desc, '') || ' · ' || ifnull(s.pss_rqmnt_termination_reason_desc, ''))
FROM events AS e JOIN probation_pss_rqmnts AS s ON s.event_id_hash = e.event;
