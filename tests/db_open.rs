//! Opening researcher databases: good, broken, partial, and INTEGER-keyed copies.

use std::path::Path;

use dfexplorer::check::CheckReport;
use dfexplorer::contract::{self, Dataset};
use dfexplorer::db::{self, OpenError, SchemaReport};
use rusqlite::Connection;

fn build(path: &Path, sql: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
}

fn full_schema(path: &Path) {
    build(path, contract::table_ddl());
}

#[test]
fn missing_path_is_an_error_and_is_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nothing.db");
    let err = db::open_read_only(&path).unwrap_err();
    assert!(matches!(err, OpenError::NotFound(_)), "{err}");
    assert!(err.to_string().contains("does not exist"));
    assert!(!path.exists(), "opening must never create the file");
}

#[test]
fn a_folder_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let err = db::open_read_only(dir.path()).unwrap_err();
    assert!(matches!(err, OpenError::IsDirectory(_)), "{err}");
}

#[test]
fn a_text_file_is_not_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(&path, "estimated_xjs_id,row_id_hash\n1,abc\n".repeat(200)).unwrap();
    let err = db::open_read_only(&path).unwrap_err();
    assert!(matches!(err, OpenError::NotSqlite { .. }), "{err}");
    assert!(err.to_string().contains("not an SQLite database"), "{err}");
}

#[test]
fn a_database_without_xjs_link_is_rejected_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nolink.db");
    build(&path, "CREATE TABLE magistrates_case(row_id_hash TEXT);");
    let err = db::open_read_only(&path).unwrap_err();
    assert!(matches!(err, OpenError::MissingLinkTable(_)), "{err}");
    assert!(err.to_string().contains("xjs_link"), "{err}");
}

#[test]
fn full_schema_matches_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("full.db");
    full_schema(&path);
    let conn = db::open_read_only(&path).unwrap();
    let report = SchemaReport::read(&conn).unwrap();
    assert_eq!(report.present_datasets(), Dataset::ALL.to_vec());
    assert!(report.fatal_problems().is_empty());
    assert!(report.warnings().is_empty(), "{:?}", report.warnings());
    assert!(report.unexpected_tables.is_empty());
}

#[test]
fn missing_optional_tables_and_columns_are_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("partial.db");
    build(
        &path,
        "CREATE TABLE xjs_link(source_dataset TEXT, row_id_hash TEXT, estimated_xjs_id TEXT);
         CREATE TABLE prison_custodial_journey(row_id_hash TEXT, estimated_offender_id TEXT,
           journey_start_date TEXT, journey_end_date TEXT, first_establishment TEXT,
           last_establishment TEXT, recall_count INTEGER, sentence_type TEXT,
           sentence_length_days INTEGER, main_offence_code TEXT, main_offence_desc TEXT,
           release_type TEXT, age_at_reception INTEGER, gender TEXT, ethnicity TEXT,
           nationality TEXT, wing TEXT);
         CREATE TABLE crown_case(row_id_hash TEXT, receipt_date TEXT);
         CREATE TABLE my_notes(x TEXT);",
    );
    let conn = db::open_read_only(&path).unwrap();
    let report = SchemaReport::read(&conn).unwrap();
    assert_eq!(report.present_datasets(), vec![Dataset::Prison]);
    assert!(report.fatal_problems().is_empty());
    let warnings = report.warnings().join("\n");
    assert!(
        warnings.contains("dataset mags_hocas is absent"),
        "{warnings}"
    );
    assert!(
        warnings.contains("dataset probation_delius is absent"),
        "{warnings}"
    );
    assert!(
        warnings.contains("crown_case lacks column(s) defendant_on_case_id_hash"),
        "{warnings}"
    );
    let prison = &report.dataset(Dataset::Prison).tables[0];
    assert_eq!(prison.extra_columns, vec!["wing".to_string()]);
    assert_eq!(report.unexpected_tables, vec!["my_notes".to_string()]);
}

#[test]
fn link_table_without_datasets_is_unusable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("linkonly.db");
    build(
        &path,
        "CREATE TABLE xjs_link(source_dataset TEXT, row_id_hash TEXT);",
    );
    let conn = db::open_read_only(&path).unwrap();
    let report = CheckReport::build(&conn).unwrap();
    assert!(!report.usable());
    let problems = report.schema_problems.join("\n");
    assert!(
        problems.contains("xjs_link lacks column(s): estimated_xjs_id"),
        "{problems}"
    );
    assert!(problems.contains("no dataset main table"), "{problems}");
}

#[test]
fn integer_ids_count_like_text_ids() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ints.db");
    build(
        &path,
        "CREATE TABLE xjs_link(source_dataset TEXT, row_id_hash INTEGER, estimated_xjs_id INTEGER);
         CREATE TABLE prison_custodial_journey(row_id_hash INTEGER PRIMARY KEY, estimated_offender_id INTEGER,
           journey_start_date TEXT, journey_end_date TEXT, first_establishment TEXT,
           last_establishment TEXT, recall_count INTEGER, sentence_type TEXT,
           sentence_length_days INTEGER, main_offence_code TEXT, main_offence_desc TEXT,
           release_type TEXT, age_at_reception INTEGER, gender TEXT, ethnicity TEXT, nationality TEXT);
         INSERT INTO prison_custodial_journey(row_id_hash, estimated_offender_id, journey_start_date)
           VALUES (101, 7, '2015-01-01'), (102, 7, 'not a date'), (103, 8, NULL);
         INSERT INTO xjs_link VALUES ('prison_nomis', 101, 900), ('prison_nomis', 102, 900);",
    );
    let conn = db::open_read_only(&path).unwrap();
    let report = CheckReport::build(&conn).unwrap();
    let prison = report
        .datasets
        .iter()
        .find(|d| d.dataset == Dataset::Prison)
        .unwrap();
    assert_eq!(prison.records, Some(3));
    assert_eq!(prison.linked_people, Some(1));
    assert_eq!(prison.unlinked_records, Some(1));
    assert!(report.usable());
}

#[test]
fn the_connection_is_read_only_and_leaves_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    full_schema(&path);
    let before = std::fs::read(&path).unwrap();
    let conn = db::open_read_only(&path).unwrap();
    let write = conn.execute("INSERT INTO xjs_link VALUES ('prison_nomis', 'a', 'b')", []);
    assert!(
        write.is_err(),
        "a write must fail on the explorer's connection"
    );
    CheckReport::build(&conn).unwrap();
    drop(conn);
    assert_eq!(before, std::fs::read(&path).unwrap());
}

fn check(db: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
        .args(["check", "--db"])
        .arg(db)
        .output()
        .unwrap()
}

#[test]
fn check_exit_codes_say_whether_the_database_is_usable() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let out = check(&missing);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
    assert!(!missing.exists());

    let link_only = dir.path().join("linkonly.db");
    build(
        &link_only,
        "CREATE TABLE xjs_link(source_dataset TEXT, row_id_hash TEXT, estimated_xjs_id TEXT);",
    );
    let out = check(&link_only);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no dataset main table"));

    let out = check(&dfexplorer::cli::sample_db_path());
    assert_eq!(out.status.code(), Some(0));
}
