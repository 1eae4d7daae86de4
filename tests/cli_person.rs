//! The headless `person` and `search` commands, run as the real binary.

mod timeline_fixture;

use std::process::{Command, Output};

use serde_json::Value;

fn run(db: &timeline_fixture::TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
        .args(args)
        .arg("--db")
        .arg(&db.path)
        .output()
        .expect("run dfexplorer")
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn person_json_has_the_documented_shape_and_order() {
    let db = timeline_fixture::standard();
    let v = json(&run(&db, &["person", "PO1", "--format", "json"]));
    assert_eq!(v["query"], "PO1");
    let persons = v["persons"].as_array().unwrap();
    assert_eq!(persons.len(), 1);
    let p = &persons[0];
    assert_eq!(p["estimated_xjs_id"], "X1");
    let events = p["events"].as_array().unwrap();
    let starts: Vec<&Value> = events.iter().map(|e| &e["start"]).collect();
    assert_eq!(starts.first().unwrap().as_str(), Some("2014-06-01"));
    assert!(starts.last().unwrap().is_null(), "missing start last");
    let first = &events[0];
    for key in [
        "dataset",
        "table",
        "row_id_hashes",
        "kind",
        "start",
        "end",
        "label",
        "flags",
        "children",
    ] {
        assert!(first.get(key).is_some(), "event lacks {key}");
    }
    assert_eq!(first["dataset"], "probation_delius");
    assert_eq!(first["table"], "probation_flatfile");
    let dup = events
        .iter()
        .find(|e| e["row_id_hashes"].as_array().unwrap().len() == 2)
        .unwrap();
    assert!(dup["end"].is_null());
    assert_eq!(dup["children"].as_array().unwrap().len(), 3);
    assert!(dup["flags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "duplicate_event_rows"));
    assert!(p["flags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "possible_missed_link"));
}

#[test]
fn person_resolving_to_several_people_lists_each_and_unlinked_is_null() {
    let db = timeline_fixture::standard();
    let v = json(&run(&db, &["person", "D1", "--format", "json"]));
    let ids: Vec<&Value> = v["persons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["estimated_xjs_id"])
        .collect();
    assert_eq!(ids, vec!["X1", "X2"]);
    let v = json(&run(&db, &["person", "O9", "--format", "json"]));
    assert!(v["persons"][0]["estimated_xjs_id"].is_null());
    assert_eq!(v["persons"][0]["events"].as_array().unwrap().len(), 2);
}

#[test]
fn unknown_id_exits_non_zero_with_a_message() {
    let db = timeline_fixture::standard();
    let out = run(&db, &["person", "no-such-id"]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no-such-id"), "{err}");
}

#[test]
fn person_text_and_csv() {
    let db = timeline_fixture::standard();
    let out = run(&db, &["person", "X1"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("person X1"), "{text}");
    assert!(text.contains("2015-02-01 → 2015-03-01"), "{text}");
    assert!(text.contains("open"), "{text}");

    let out = run(&db, &["person", "X1", "--format", "csv"]);
    assert!(out.status.success());
    let mut rdr = csv::Reader::from_reader(&out.stdout[..]);
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(&headers[0], "estimated_xjs_id");
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let level = |l: &str| rows.iter().filter(|r| &r[at("record_level")] == l).count();
    assert_eq!((level("main"), level("child")), (6, 5));
    // The event held in two flatfile rows is one record, from both.
    assert!(rows
        .iter()
        .any(|r| &r[at("row_id_hash")] == "f1" && &r[at("source_rows")] == "2"));
}

#[test]
fn search_json_and_text() {
    let db = timeline_fixture::standard();
    let v = json(&run(
        &db,
        &["search", "p1", "--format", "json", "--limit", "2"],
    ));
    assert_eq!(v["query"], "p1");
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0]["match_kind"], "exact");
    assert_eq!(hits[0]["dataset"], "prison_nomis");
    assert_eq!(hits[0]["persons"][0], "X1");
    assert_eq!(hits[1]["matched"], "p10");
    assert_eq!(hits[1]["unlinked"][0], "prison_nomis:p10");

    let out = run(&db, &["search", "X1"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines().next().unwrap().starts_with("exact  X1"),
        "{text}"
    );

    let out = run(&db, &["search", "zzzz"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("zzzz"));
}

#[test]
fn a_missing_database_is_reported_plainly() {
    let out = Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
        .args(["person", "X1", "--db", "/nonexistent/x.db"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
}

#[test]
fn person_csv_protects_cells_a_spreadsheet_would_run() {
    let db = timeline_fixture::build(&format!(
        "{}{}",
        timeline_fixture::STANDARD,
        "INSERT INTO xjs_link VALUES ('mags_hocas','m9','X9');
         INSERT INTO magistrates_case (row_id_hash, case_id_hash, estimated_defendant_id,
           court_name, first_hearing_date, offence_desc) VALUES
           ('m9','c9','D9','+44 MC','2016-01-01','=HYPERLINK(\"http://x\")');"
    ));
    let out = run(&db, &["person", "X9", "--format", "csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    let label = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "offence_desc")
        .unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 1);
    let cell = &rows[0][label];
    assert!(cell.starts_with("'=HYPERLINK"), "{cell}");
}
