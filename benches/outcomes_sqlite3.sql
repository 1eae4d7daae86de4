-- The sqlite3-shell reference for benches/outcomes.rs: the same question as `dfexplorer outcomes
-- --index referral --outcome any` (index = earliest linked referral in range; outcome = the
-- earliest start strictly after it of any linked record, Crown cases that continue proceedings
-- begun by then left out; censored at the end of follow-up), written one row per person with
-- `.mode csv`. It does less than dfexplorer (no date validation, no curves, no test).
-- The bench substitutes :FROM, :TO_EXCLUSIVE, :END and :OUT.
.mode csv
.headers on
CREATE TEMP TABLE idx AS
  SELECT l.estimated_xjs_id AS xjs, min(substr(f.referral_date, 1, 10)) AS d
  FROM probation_flatfile AS f
  JOIN xjs_link AS l ON l.source_dataset = 'probation_delius' AND l.row_id_hash = f.row_id_hash
  WHERE f.referral_date >= ':FROM' AND f.referral_date < ':TO_EXCLUSIVE'
  GROUP BY l.estimated_xjs_id;
CREATE TEMP TABLE starts AS
  SELECT i.xjs, i.d, substr(m.first_hearing_date, 1, 10) AS s
  FROM idx AS i JOIN xjs_link AS l ON l.estimated_xjs_id = i.xjs AND l.source_dataset = 'mags_hocas'
  JOIN magistrates_case AS m ON m.row_id_hash = l.row_id_hash
  UNION ALL
  SELECT i.xjs, i.d, substr(c.receipt_date, 1, 10)
  FROM idx AS i JOIN xjs_link AS l ON l.estimated_xjs_id = i.xjs AND l.source_dataset = 'crown_xhibit'
  JOIN crown_case AS c ON c.row_id_hash = l.row_id_hash
  WHERE NOT EXISTS (
    SELECT 1 FROM mags_crown_journey AS j JOIN magistrates_case AS m ON m.row_id_hash = j.mags_row_id_hash
    WHERE j.crown_row_id_hash = c.row_id_hash AND substr(m.first_hearing_date, 1, 10) <= i.d)
  UNION ALL
  SELECT i.xjs, i.d, substr(p.journey_start_date, 1, 10)
  FROM idx AS i JOIN xjs_link AS l ON l.estimated_xjs_id = i.xjs AND l.source_dataset = 'prison_nomis'
  JOIN prison_custodial_journey AS p ON p.row_id_hash = l.row_id_hash
  UNION ALL
  SELECT i.xjs, i.d, substr(f.referral_date, 1, 10)
  FROM idx AS i JOIN xjs_link AS l ON l.estimated_xjs_id = i.xjs AND l.source_dataset = 'probation_delius'
  JOIN probation_flatfile AS f ON f.row_id_hash = l.row_id_hash;
.output :OUT
SELECT i.xjs AS estimated_xjs_id, i.d AS index_date, o.o AS outcome_date,
  CASE WHEN o.o <= ':END' THEN 1 ELSE 0 END AS event,
  CAST(julianday(CASE WHEN o.o <= ':END' THEN o.o ELSE ':END' END) - julianday(i.d) AS INTEGER) AS time_days
FROM idx AS i
LEFT JOIN (SELECT xjs, min(s) AS o FROM starts WHERE s > d GROUP BY xjs) AS o ON o.xjs = i.xjs
WHERE i.d < ':END';
