//! Cohort export end to end: the files parse back and match the cohort, the manifest says how it
//! was chosen, nothing is overwritten or left half-written, formula cells are protected, and the
//! bulk reader gives exactly the timelines of the per-person path.

#[path = "timeline_fixture/mod.rs"]
mod timeline_fixture;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use dfexplorer::cohort::{self, CohortFilter, Member, ScanCounts};
use dfexplorer::export::{self, ExportError, ExportRequest, OutputError};
use dfexplorer::timeline::{self, DbContext, PersonRef};
use rusqlite::Connection;

/// The standard timeline fixture plus X5, referred in 2016, whose records carry text that a
/// spreadsheet would run as a formula.
const EXTRA: &str = r#"
INSERT INTO xjs_link VALUES ('probation_delius','f5','X5'), ('mags_hocas','m5','X5');
INSERT INTO probation_flatfile (row_id_hash, event_id_hash, estimated_offender_id, referral_date,
  disposal_date, disposal_type_description, mo_category_description, age_at_offence, gender) VALUES
  ('f5','e5','PO5','2016-03-01','2016-04-01','ORA Community Order','=HYPERLINK("http://x")',22,'-');
INSERT INTO magistrates_case (row_id_hash, case_id_hash, estimated_defendant_id, court_name,
  first_hearing_date, final_result_date, offence_desc, gender, age_at_offence) VALUES
  ('m5','c5','D5','+44 MC','2016-01-01','2016-02-01','@SUM(A1)','Male',22);
"#;

struct Fixture {
    db: timeline_fixture::TestDb,
    conn: Connection,
    out: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let db = timeline_fixture::build(&format!("{}{EXTRA}", timeline_fixture::STANDARD));
    let conn = db.open();
    Fixture {
        db,
        conn,
        out: tempfile::tempdir().unwrap(),
    }
}

fn filter() -> CohortFilter {
    CohortFilter::from_text("2014-01-01", "2016-12-31").unwrap()
}

fn members(conn: &Connection, f: &CohortFilter) -> (Vec<Member>, ScanCounts) {
    cohort::scan(conn, f, |_| ControlFlow::Continue(())).unwrap()
}

fn request(fx: &Fixture, events: bool) -> ExportRequest {
    ExportRequest {
        people_path: fx.out.path().join("people.csv"),
        events_path: events.then(|| fx.out.path().join("events.csv")),
        flag_columns: false,
        force: false,
        filter: filter(),
        marked_only: false,
        disclosure: Default::default(),
    }
}

fn database(path: &Path) -> dfexplorer::db::Database {
    dfexplorer::db::Database::open(path).unwrap().0
}

fn run(fx: &Fixture, req: &ExportRequest) -> Result<export::ExportSummary, ExportError> {
    let (m, scan) = members(&fx.conn, &req.filter);
    let problems = cohort::referral_date_problems(&fx.conn).unwrap();
    export::export_cohort(&database(&fx.db.path), req, &m, &scan, &problems, |_| {
        ControlFlow::Continue(())
    })
}

/// A CSV's header and rows.
fn parse_csv(input: impl std::io::Read) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(input);
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn read_csv(p: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    parse_csv(std::fs::File::open(p).unwrap())
}

/// The rows `person --format csv` gives for these timelines, parsed back.
fn timeline_rows(timelines: &[timeline::PersonTimeline]) -> (Vec<String>, Vec<Vec<String>>) {
    parse_csv(&export::person::write_csv(Vec::new(), timelines).unwrap()[..])
}

/// A column of parsed rows by name.
fn col<'a>(header: &[String], row: &'a [String], name: &str) -> &'a str {
    let at = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    &row[at]
}

fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

#[test]
fn people_and_events_parse_back_and_match_the_cohort() {
    let fx = fixture();
    let req = request(&fx, true);
    let summary = run(&fx, &req).unwrap();
    let (m, _) = members(&fx.conn, &filter());
    assert_eq!(
        m.iter()
            .map(|m| m.estimated_xjs_id.as_str())
            .collect::<Vec<_>>(),
        ["X1", "X5"]
    );

    let (people_header, people) = read_csv(&req.people_path);
    let names: Vec<&str> = export::tidy::PEOPLE_COLUMNS
        .iter()
        .map(|c| c.name.as_ref())
        .collect();
    assert_eq!(people_header, names);
    assert_eq!(summary.people_rows, 2);
    // X1: index is the earliest referral in range (2014-05-01); 2 mags cases, 1 Crown case,
    // 1 prison journey, probation events e1 (two flatfile rows, one record) and e2 = 2 records;
    // records span from e2's disposal (2014-06-01) to m2's final result (2016-07-01).
    assert_eq!(
        people[0][..8],
        [
            "X1",
            "2014-05-01",
            "2",
            "1",
            "1",
            "2",
            "2014-06-01",
            "2016-07-01"
        ]
    );
    assert_eq!(people[0][8..10], ["Male", "29"]);
    assert_eq!(people[1][..2], ["X5", "2016-03-01"]);

    // Every event row is the person's timeline record, in timeline order.
    let (header, events) = read_csv(req.events_path.as_ref().unwrap());
    let ctx = DbContext::read(&fx.conn).unwrap();
    let timelines: Vec<_> = ["X1", "X5"]
        .iter()
        .map(|p| timeline::assemble_with(&fx.conn, &ctx, &PersonRef::Linked((*p).into())).unwrap())
        .collect();
    let (want_header, want) = timeline_rows(&timelines);
    assert_eq!(header, want_header);
    assert_eq!(events, want);
    // Each person's flag count is every flag on them, on their records and on their child
    // records (X1 has some at each level).
    let flags_of = |t: &timeline::PersonTimeline| {
        t.flags.len()
            + t.events
                .iter()
                .map(|e| e.flags.len() + e.children.iter().map(|c| c.flags.len()).sum::<usize>())
                .sum::<usize>()
    };
    let x1 = &timelines[0];
    assert!(!x1.flags.is_empty());
    assert!(x1.events.iter().any(|e| !e.flags.is_empty()));
    assert!(x1
        .events
        .iter()
        .flat_map(|e| &e.children)
        .any(|c| !c.flags.is_empty()));
    for (row, t) in people.iter().zip(&timelines) {
        assert_eq!(
            col(&people_header, row, "quality_flag_count"),
            flags_of(t).to_string()
        );
    }
    assert_eq!(summary.event_rows, Some(events.len() as u64));
    // The duplicated probation event appears once (from two rows), its children once each,
    // under its event ID.
    let e1: Vec<_> = events
        .iter()
        .filter(|r| col(&header, r, "case_or_event_id_hash") == "e1")
        .collect();
    let main: Vec<_> = e1
        .iter()
        .filter(|r| col(&header, r, "record_level") == "main")
        .collect();
    assert_eq!(main.len(), 1);
    assert_eq!(col(&header, main[0], "source_rows"), "2");
    assert!(col(&header, main[0], "quality_flags").contains("duplicate_event_rows"));
    assert_eq!(
        e1.iter()
            .filter(|r| col(&header, r, "record_level") == "child")
            .count(),
        3
    );
    assert!(events
        .iter()
        .any(|r| col(&header, r, "table") == "magistrates_offence"
            && col(&header, r, "row_id_hash") == "m1"));
}

#[test]
fn formula_cells_are_protected_in_both_files() {
    let fx = fixture();
    let req = request(&fx, true);
    run(&fx, &req).unwrap();
    let (_, people) = read_csv(&req.people_path);
    assert_eq!(people[1][8], "'-", "gender '-' is protected");
    let (header, events) = read_csv(req.events_path.as_ref().unwrap());
    let x5: Vec<&Vec<String>> = events.iter().filter(|r| r[0] == "X5").collect();
    assert!(
        x5.iter()
            .any(|r| col(&header, r, "offence_desc") == "'@SUM(A1)"),
        "{x5:?}"
    );
    assert!(
        x5.iter().any(|r| col(&header, r, "place") == "'+44 MC"),
        "{x5:?}"
    );
    assert!(
        x5.iter()
            .any(|r| col(&header, r, "offence_group") == "'=HYPERLINK(\"http://x\")"),
        "{x5:?}"
    );
    for row in events.iter().chain(&people) {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "unprotected cell {cell:?} in {row:?}"
            );
        }
    }
}

#[test]
fn the_manifest_records_how_the_cohort_was_chosen() {
    let fx = fixture();
    let mut req = request(&fx, true);
    req.marked_only = true;
    run(&fx, &req).unwrap();
    let text = std::fs::read_to_string(fx.out.path().join("people.csv.manifest.json")).unwrap();
    let m: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(m["tool"], "dfexplorer");
    assert_eq!(m["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["database"], "test.db");
    assert_eq!(m["extract_info"]["extract_date"], "2020-12-31");
    assert_eq!(m["filter"]["referral_from"], "2014-01-01");
    assert_eq!(m["filter"]["referral_to"], "2016-12-31");
    assert_eq!(m["filter_description"], "referral 2014-01-01 to 2016-12-31");
    assert_eq!(m["cohort"], "marked people");
    assert_eq!(m["files"][0]["path"], "people.csv");
    assert_eq!(m["files"][1]["path"], "events.csv");
    assert!(m["created_at"].as_str().unwrap().ends_with('Z'));
    // The manifest's counts follow the disclosure rules: 2 people, 4 rows in range and 1
    // unlinked are all small.
    assert!(m["disclosure"]
        .as_str()
        .unwrap()
        .starts_with("disclosure control"));
    assert_eq!(m["files"][0]["rows"], "<10");
    assert_eq!(m["scan"]["rows_in_range"], "<10");
    assert_eq!(m["scan"]["unlinked_rows_in_range"], "<10");
    assert!(m["files"][1]["rows"].as_u64().unwrap() > 10);

    // With suppression off, the exact counts, and a manifest that says so.
    req.disclosure.threshold = 0;
    req.force = true;
    run(&fx, &req).unwrap();
    let text = std::fs::read_to_string(fx.out.path().join("people.csv.manifest.json")).unwrap();
    let m: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(m["disclosure"]
        .as_str()
        .unwrap()
        .starts_with("NOT DISCLOSURE-CHECKED"));
    assert_eq!(m["files"][0]["rows"], 2);
    // f1, f2 (unlinked duplicate), f3 and f5 are in range.
    assert_eq!(m["scan"]["rows_in_range"], 4);
    assert_eq!(m["scan"]["unlinked_rows_in_range"], 1);
}

#[test]
fn existing_files_are_refused_unless_forced() {
    let fx = fixture();
    let req = request(&fx, true);
    std::fs::write(&req.people_path, "keep me").unwrap();
    let err = run(&fx, &req).unwrap_err();
    assert!(
        matches!(err, ExportError::Output(OutputError::Exists(_))),
        "{err}"
    );
    assert!(err.to_string().contains("already exists"), "{err}");
    assert_eq!(
        listing(fx.out.path()),
        std::slice::from_ref(&req.people_path)
    );
    assert_eq!(
        std::fs::read_to_string(&req.people_path).unwrap(),
        "keep me"
    );

    // An existing events file or manifest is refused too, before anything is written.
    std::fs::remove_file(&req.people_path).unwrap();
    std::fs::write(req.manifest_path(), "old").unwrap();
    assert!(run(&fx, &req).is_err());
    assert_eq!(listing(fx.out.path()), [req.manifest_path()]);

    let mut forced = req.clone();
    forced.force = true;
    run(&fx, &forced).unwrap();
    // people, manifest, events and the two loaders
    assert_eq!(listing(fx.out.path()).len(), 5);
    assert!(std::fs::read_to_string(req.manifest_path())
        .unwrap()
        .contains("dfexplorer"));
}

#[test]
fn failures_leave_nothing_behind() {
    let fx = fixture();
    // A missing folder.
    let mut req = request(&fx, true);
    req.people_path = fx.out.path().join("no/such/people.csv");
    let err = run(&fx, &req).unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");

    // A target that is a folder (the events file here): the people file must not appear either.
    let mut req = request(&fx, true);
    let events_dir = fx.out.path().join("events.csv");
    std::fs::create_dir(&events_dir).unwrap();
    req.force = true;
    let err = run(&fx, &req).unwrap_err();
    assert!(err.to_string().contains("is a folder"), "{err}");
    assert_eq!(listing(fx.out.path()), std::slice::from_ref(&events_dir));
    std::fs::remove_dir(&events_dir).unwrap();

    assert!(listing(fx.out.path()).is_empty());
}

#[test]
fn a_cancelled_export_writes_nothing_at_all() {
    let fx = fixture();
    let req = request(&fx, true);
    let (m, scan) = members(&fx.conn, &req.filter);
    let problems = cohort::referral_date_problems(&fx.conn).unwrap();
    let err = export::export_cohort(&database(&fx.db.path), &req, &m, &scan, &problems, |_| {
        ControlFlow::Break(())
    })
    .unwrap_err();
    assert!(matches!(err, ExportError::Cancelled));
    assert!(listing(fx.out.path()).is_empty());
}

/// The bulk reader against the per-person path on the bundled sample (5,000 generated people
/// with every injected problem: duplicate events, split and false links, bad dates).
#[test]
fn bulk_timelines_equal_the_per_person_timelines() {
    let conn = dfexplorer::db::open_read_only(&dfexplorer::cli::sample_db_path()).unwrap();
    let ctx = DbContext::read(&conn).unwrap();
    let (m, _) = members(&conn, &CohortFilter::default());
    assert!(m.len() > 500, "{} members", m.len());
    let ids: Vec<String> = m.iter().map(|m| m.estimated_xjs_id.clone()).collect();
    let mut compared = 0;
    let mut flagged = 0;
    for chunk in ids.chunks(700) {
        let bulk = export::bulk_timelines(&conn, &ctx, chunk).unwrap();
        assert_eq!(bulk.len(), chunk.len());
        for (id, b) in chunk.iter().zip(bulk) {
            let mut one =
                timeline::assemble_with(&conn, &ctx, &PersonRef::Linked(id.clone())).unwrap();
            for e in &mut one.events {
                e.journey_links.clear(); // the bulk reader does not read them
            }
            assert_eq!(
                serde_json::to_value(&b).unwrap(),
                serde_json::to_value(&one).unwrap(),
                "person {id}"
            );
            flagged += usize::from(!one.flags.is_empty());
            compared += 1;
        }
    }
    assert_eq!(compared, ids.len());
    assert!(flagged > 0, "the sample has people with person-level flags");
}

/// A probation event repeated on 10,050 flatfile rows of one offender ID, only one row linked:
/// the bulk reader keeps the per-person path's limits (10,000 rows named per event, 5,000 rows
/// read per dataset ID), so the export shows exactly what the explorer shows.
#[test]
fn an_event_on_ten_thousand_rows_is_read_within_the_same_limits_either_way() {
    let db = timeline_fixture::build(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10050)
         INSERT INTO probation_flatfile (row_id_hash, event_id_hash, estimated_offender_id,
           referral_date) SELECT printf('f%05d', i), 'E', 'O', '2016-01-01' FROM n;
         INSERT INTO xjs_link VALUES ('probation_delius', 'f00001', 'P');",
    );
    let conn = db.open();
    let ctx = DbContext::read(&conn).unwrap();
    let bulk = export::bulk_timelines(&conn, &ctx, &["P".to_string()])
        .unwrap()
        .remove(0);
    let one = timeline::assemble_with(&conn, &ctx, &PersonRef::Linked("P".into())).unwrap();
    assert_eq!(one.events.len(), 1);
    assert_eq!(one.events[0].row_id_hashes.len(), 10_000);
    assert_eq!(
        serde_json::to_value(&bulk).unwrap(),
        serde_json::to_value(&one).unwrap()
    );
}

/// Cancelled after some people were already written: the temporary files go too.
#[test]
fn cancelling_part_way_removes_the_partial_files() {
    let sample = dfexplorer::cli::sample_db_path();
    let conn = dfexplorer::db::open_read_only(&sample).unwrap();
    let out = tempfile::tempdir().unwrap();
    let req = ExportRequest {
        people_path: out.path().join("people.csv"),
        events_path: Some(out.path().join("events.csv")),
        flag_columns: false,
        force: false,
        filter: CohortFilter::default(),
        marked_only: false,
        disclosure: Default::default(),
    };
    let (m, scan) = members(&conn, &req.filter);
    let problems = cohort::referral_date_problems(&conn).unwrap();
    let mut done_when_cancelled = 0;
    let err = export::export_cohort(&database(&sample), &req, &m, &scan, &problems, |p| {
        if p.people_done > 0 {
            done_when_cancelled = p.people_done;
            assert!(
                !listing(out.path()).is_empty(),
                "partial files exist while writing"
            );
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    })
    .unwrap_err();
    assert!(matches!(err, ExportError::Cancelled), "{err}");
    assert!(done_when_cancelled > 0 && done_when_cancelled < m.len());
    assert!(listing(out.path()).is_empty(), "{:?}", listing(out.path()));
}

/// The whole sample spans several chunks, read by two connections at once: the files must list
/// every member in cohort order with exactly the rows of their per-person timelines.
#[test]
fn a_large_export_keeps_cohort_order_and_matches_per_person_timelines() {
    let db = dfexplorer::cli::sample_db_path();
    let conn = dfexplorer::db::open_read_only(&db).unwrap();
    let all = CohortFilter::default();
    let (m, scan) = members(&conn, &all);
    assert!(m.len() > 1000, "the sample has {} members", m.len());
    let out = tempfile::tempdir().unwrap();
    let req = ExportRequest {
        people_path: out.path().join("people.csv"),
        events_path: Some(out.path().join("events.csv")),
        flag_columns: false,
        force: false,
        filter: all,
        marked_only: false,
        disclosure: Default::default(),
    };
    let problems = cohort::referral_date_problems(&conn).unwrap();
    // Progress says how many people are written before each chunk (from none, in even steps),
    // then that all are.
    let mut done = Vec::new();
    export::export_cohort(&database(&db), &req, &m, &scan, &problems, |p| {
        assert_eq!(p.people_total, m.len());
        done.push(p.people_done);
        ControlFlow::Continue(())
    })
    .unwrap();
    assert!(done.len() >= 3 && done[0] == 0, "{done:?}");
    let step = done[1];
    assert!(step > 0 && step < m.len(), "{done:?}");
    let mut even: Vec<usize> = (0..done.len() - 1).map(|c| c * step).collect();
    even.push(m.len());
    assert_eq!(done, even);
    let (_, people) = read_csv(&req.people_path);
    let ids: Vec<&str> = people.iter().map(|r| r[0].as_str()).collect();
    let want: Vec<&str> = m.iter().map(|m| m.estimated_xjs_id.as_str()).collect();
    assert_eq!(ids, want);
    let (_, events) = read_csv(req.events_path.as_ref().unwrap());
    let ctx = DbContext::read(&conn).unwrap();
    let timelines: Vec<_> = m
        .iter()
        .map(|member| {
            let person = PersonRef::Linked(member.estimated_xjs_id.clone());
            timeline::assemble_with(&conn, &ctx, &person).unwrap()
        })
        .collect();
    let (_, expected) = timeline_rows(&timelines);
    assert_eq!(events.len(), expected.len());
    assert!(
        events == expected,
        "events.csv differs from the per-person timelines"
    );
}

/// One counting rule: for a cohort with duplicated probation events (the sample has them), the
/// summary's records per dataset, the sums of people.csv's columns and the main-table events in
/// events.csv all agree, and duplicates are not counted twice.
#[test]
fn summary_people_and_events_count_records_the_same_way() {
    let db = dfexplorer::cli::sample_db_path();
    let database = database(&db);
    let conn = dfexplorer::db::open_read_only(&db).unwrap();
    let f = CohortFilter::from_text("2016-01-01", "2017-12-31").unwrap();
    let (m, scan) = members(&conn, &f);
    let problems = cohort::referral_date_problems(&conn).unwrap();
    let summary =
        dfexplorer::cohort::CohortSummary::build(&database, &m, &scan, &problems, || true).unwrap();
    let out = tempfile::tempdir().unwrap();
    let req = ExportRequest {
        people_path: out.path().join("people.csv"),
        events_path: Some(out.path().join("events.csv")),
        flag_columns: false,
        force: false,
        filter: f,
        marked_only: false,
        disclosure: Default::default(),
    };
    export::export_cohort(&database, &req, &m, &scan, &problems, |_| {
        ControlFlow::Continue(())
    })
    .unwrap();
    let (header, people) = read_csv(&req.people_path);
    let (_, events) = read_csv(req.events_path.as_ref().unwrap());
    let mut duplicated_rows = 0;
    for (d, n) in &summary.records_per_dataset {
        let col = header
            .iter()
            .position(|h| h == &format!("{}_records", d.source_name()))
            .unwrap();
        let from_people: u64 = people.iter().map(|r| r[col].parse::<u64>().unwrap()).sum();
        let main_events = events
            .iter()
            .filter(|r| r[1] == d.source_name() && r[3] == "main")
            .count() as u64;
        assert_eq!(from_people, *n, "{d:?}: people.csv against the summary");
        assert_eq!(main_events, *n, "{d:?}: events.csv against the summary");
        if *d == dfexplorer::contract::Dataset::Probation {
            // Rows behind those events, counted by the links: more than the events.
            let mut stmt = conn
                .prepare("SELECT count(*) FROM xjs_link WHERE source_dataset = 'probation_delius' AND estimated_xjs_id = ?1")
                .unwrap();
            let rows: i64 = m
                .iter()
                .map(|p| {
                    stmt.query_row([&p.estimated_xjs_id], |r| r.get::<_, i64>(0))
                        .unwrap()
                })
                .sum();
            duplicated_rows = rows as u64 - n;
        }
    }
    assert!(
        duplicated_rows > 0,
        "the cohort has repeated flatfile rows, counted once"
    );
    // The explorer's header counts a person's records with the same rule.
    let ctx = DbContext::read(&conn).unwrap();
    for row in people.iter().take(200) {
        let t = timeline::assemble_with(&conn, &ctx, &PersonRef::Linked(row[0].clone())).unwrap();
        let probation = header
            .iter()
            .position(|h| h == "probation_delius_records")
            .unwrap();
        assert_eq!(
            t.records(dfexplorer::contract::Dataset::Probation)
                .to_string(),
            row[probation]
        );
    }
}

/// A person with many records is read in bulk, journey links included: on every linked person of
/// the sample, the bulk path gives exactly the per-record timeline.
#[test]
fn the_bulk_path_for_one_person_equals_the_per_record_path() {
    let conn = dfexplorer::db::open_read_only(&dfexplorer::cli::sample_db_path()).unwrap();
    let ctx = DbContext::read(&conn).unwrap();
    let ids: Vec<String> = conn
        .prepare("SELECT DISTINCT estimated_xjs_id FROM xjs_link ORDER BY 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut with_journeys = 0;
    for id in &ids {
        let bulk = timeline::assemble_in_bulk(&conn, &ctx, id).unwrap();
        let one = timeline::assemble_with(&conn, &ctx, &PersonRef::Linked(id.clone())).unwrap();
        with_journeys += usize::from(one.events.iter().any(|e| !e.journey_links.is_empty()));
        assert_eq!(
            serde_json::to_value(&bulk).unwrap(),
            serde_json::to_value(&one).unwrap(),
            "person {id}"
        );
    }
    assert!(
        with_journeys > 100,
        "{with_journeys} people with journey links"
    );
}

/// The explorer's export of the open person: the `person --format csv` rows, written as an
/// output transaction (never over the database, never over a file without --force/confirm).
#[test]
fn one_person_s_timeline_is_written_whole_and_never_over_an_input() {
    use dfexplorer::export::person::{export_person, file_name_for, write_csv};
    let fx = fixture();
    let db = database(&fx.db.path);
    let ctx = DbContext::read(&fx.conn).unwrap();
    let t = timeline::assemble_with(&fx.conn, &ctx, &PersonRef::Linked("X5".into())).unwrap();
    assert_eq!(file_name_for(&t), Path::new("person_X5.csv"));
    let path = fx.out.path().join(file_name_for(&t));
    export_person(&db, &t, &path, false).unwrap();
    let written = std::fs::read_to_string(&path).unwrap();
    let stdout =
        String::from_utf8(write_csv(Vec::new(), std::slice::from_ref(&t)).unwrap()).unwrap();
    // The same rows as `person --format csv` (both end lines with CRLF, for Windows).
    assert_eq!(written, stdout);
    assert!(written.contains("'=HYPERLINK"), "{written}");
    // Existing: refused without force, replaced with it.
    let err = export_person(&db, &t, &path, false).unwrap_err();
    assert!(
        matches!(err, ExportError::Output(OutputError::Exists(_))),
        "{err}"
    );
    export_person(&db, &t, &path, true).unwrap();
    // Never over the database, even with force.
    let err = export_person(&db, &t, &fx.db.path, true).unwrap_err();
    assert!(
        matches!(err, ExportError::Output(OutputError::IsInput { .. })),
        "{err}"
    );
    assert!(Connection::open(&fx.db.path).is_ok());
    let temporaries = std::fs::read_dir(fx.out.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".dfexplorer-")
        })
        .count();
    assert_eq!(temporaries, 0);
}
