//! Small databases with known answers, built by the tests themselves.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub struct TestDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TestDb {
    pub fn open(&self) -> Connection {
        dfexplorer::db::open_read_only(&self.path).expect("open test db")
    }
}

/// A database with the contract's tables and indexes and `sql` run on it.
pub fn build(sql: &str) -> TestDb {
    build_with(&format!(
        "{}\n{}\n{sql}",
        dfexplorer::contract::table_ddl(),
        dfexplorer::contract::index_ddl()
    ))
}

/// A database holding exactly what `sql` creates.
pub fn build_with(sql: &str) -> TestDb {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("test.db");
    let conn = Connection::open(&path).expect("create");
    conn.execute_batch(sql).expect("fixture SQL");
    TestDb { dir, path }
}

/// A copy of `db` analysed and then stripped of its statistics (as a hand-built copy would be).
pub fn without_statistics(db: &Path) -> TestDb {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("copy.db");
    std::fs::copy(db, &path).expect("copy");
    let conn = Connection::open(&path).expect("open copy");
    conn.execute_batch(
        "ANALYZE; DROP TABLE IF EXISTS sqlite_stat1; DROP TABLE IF EXISTS sqlite_stat4;",
    )
    .expect("drop stats");
    TestDb { dir, path }
}

/// The standard fixture:
/// - X1: two magistrates' cases (m1 with two offences and an offence date; m2 with no hearing
///   date), Crown case k1 sent from m1, an open prison journey p1, a probation event e1 held in
///   two flatfile rows (f1 linked, f2 a duplicate with no link) with two requirements and a
///   licence condition, and a second event e2 (f3) ending before e1 starts.
/// - X2: magistrates' case m3 of the same defendant D1 as X1 (a split person).
/// - X3: mags says Male, prison says Female (possible false link).
/// - Unlinked prison offender O9 with journeys p9 and p10.
pub const STANDARD: &str = r#"
INSERT INTO extract_info VALUES ('extract_date', '2020-12-31');
INSERT INTO xjs_link VALUES
  ('mags_hocas','m1','X1'), ('mags_hocas','m2','X1'), ('crown_xhibit','k1','X1'),
  ('prison_nomis','p1','X1'), ('probation_delius','f1','X1'), ('probation_delius','f3','X1'),
  ('mags_hocas','m3','X2'),
  ('mags_hocas','m4','X3'), ('prison_nomis','p4','X3');
INSERT INTO magistrates_case (row_id_hash, case_id_hash, estimated_defendant_id, court_name,
  offence_date, first_hearing_date, final_result_date, offence_desc, jsas_result_group_desc,
  age_at_offence, gender) VALUES
  ('m1','c1','D1','Leeds MC','2015-01-10','2015-02-01','2015-03-01','Theft','Committed for sentence',30,'Male'),
  ('m2','c2','D1','Leeds MC','2016-05-01',NULL,'2016-07-01','Criminal damage','Fine',31,'Male'),
  ('m3','c3','D1','Leeds MC','2017-01-01','2017-02-01','2017-02-02','Theft','Discharge',32,'Male'),
  ('m4','c4','D4','York MC','2018-01-01','2018-02-01','2018-03-01','Assault','Fine',40,'Male');
INSERT INTO magistrates_offence (case_row_id_hash, offence_seq, offence_desc, offence_date, is_principal) VALUES
  ('m1', 2, 'Handling stolen goods', '2015-01-10', 0),
  ('m1', 1, 'Theft from a shop', '2015-01-10', 1);
INSERT INTO crown_case (row_id_hash, defendant_on_case_id_hash, case_id_hash, estimated_defendant_id,
  case_type, receipt_date, disposal_date, offence_desc, sentence_type, age_at_receipt, gender) VALUES
  ('k1','dc1','cc1','CD1','Committal for sentence','2015-03-05','2015-06-01','Theft','Immediate custody',30,'Male');
INSERT INTO mags_crown_journey VALUES ('m1','k1',0.97);
INSERT INTO prison_custodial_journey (row_id_hash, estimated_offender_id, journey_start_date,
  journey_end_date, first_establishment, age_at_reception, gender) VALUES
  ('p1','O1','2015-06-01',NULL,'Leeds (HMP)',30,'Male'),
  ('p4','O4','2018-03-01','2018-09-01','Hull (HMP)',40,'Female'),
  ('p9','O9','2012-01-01','2012-06-01','Wakefield (HMP)',50,'Male'),
  ('p10','O9','2013-01-01','2013-06-01','Wakefield (HMP)',51,'Male');
INSERT INTO probation_flatfile (row_id_hash, event_id_hash, estimated_offender_id, referral_date,
  disposal_date, disposal_termination_date, disposal_type_description, age_at_offence, gender) VALUES
  ('f1','e1','PO1','2015-12-01','2016-01-01',NULL,'ORA Community Order',31,'Male'),
  ('f2','e1','PO1','2015-12-01','2016-01-01',NULL,'ORA Community Order',31,'Male'),
  ('f3','e2','PO1','2014-05-01','2014-06-01','2015-06-01','ORA Suspended Sentence Order',29,'Male');
INSERT INTO probation_rqmnts (event_id_hash, rqmnt_type_main_category_desc, length,
  rqmnt_type_main_units_desc, rqmnt_start_date, rqmnt_termination_date) VALUES
  ('e1','Unpaid Work',100,'Hours','2016-01-01','2016-09-01'),
  ('e1','Rehabilitation Activity Requirement (RAR)',20,'Days','2016-01-01',NULL);
INSERT INTO probation_licence_conditions (event_id_hash, lic_cond_type_main_cat_desc,
  lic_cond_start_date) VALUES ('e1','Residence','2016-02-01');
"#;

pub fn standard() -> TestDb {
    build(STANDARD)
}

/// A hand-built copy: IDs stored as INTEGER, in columns without affinity (where text '1001' and
/// integer 1001 differ) and with INTEGER affinity, an extra column (`wing`), and only two
/// indexes (the person side of the link, and the prison rowid). Offender 77 has a linked
/// journey (5, person 1001) and an unlinked one (7).
pub fn integer_ids() -> TestDb {
    build_with(
        "CREATE TABLE xjs_link (source_dataset TEXT NOT NULL, row_id_hash NOT NULL, estimated_xjs_id NOT NULL);
         CREATE TABLE prison_custodial_journey (row_id_hash INTEGER PRIMARY KEY, estimated_offender_id,
           journey_start_date TEXT, journey_end_date TEXT, first_establishment TEXT, last_establishment TEXT,
           recall_count INTEGER, sentence_type TEXT, sentence_length_days INTEGER, main_offence_code TEXT,
           main_offence_desc TEXT, release_type TEXT, age_at_reception INTEGER, gender TEXT,
           ethnicity TEXT, nationality TEXT, wing TEXT);
         CREATE INDEX link_person ON xjs_link(estimated_xjs_id);
         INSERT INTO xjs_link VALUES ('prison_nomis', 5, 1001), ('prison_nomis', 6, 1002);
         INSERT INTO prison_custodial_journey (row_id_hash, estimated_offender_id, journey_start_date, wing)
           VALUES (5, 77, '2016-01-01', 'B'), (6, 78, '2017-01-01', 'C'), (7, 77, '2018-01-01', 'D');",
    )
}
