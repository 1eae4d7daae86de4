//! Timeline assembly on small databases with known answers.

mod timeline_fixture;

use dfexplorer::contract::Dataset;
use dfexplorer::dates::DateCell;
use dfexplorer::quality::Rule;
use dfexplorer::timeline::{assemble, resolve, PersonRef, PersonTimeline};

fn linked(id: &str) -> PersonRef {
    PersonRef::Linked(id.to_string())
}

fn person(db: &timeline_fixture::TestDb, id: &str) -> PersonTimeline {
    assemble(&db.open(), &linked(id)).expect("assemble")
}

fn spans(p: &PersonTimeline) -> Vec<(String, String, String)> {
    p.events
        .iter()
        .map(|e| {
            (
                e.row_id_hashes.join("+"),
                e.start.display(),
                e.end.display(),
            )
        })
        .collect()
}

fn owned(v: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    v.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

fn has_rule(flags: &[dfexplorer::quality::Flag], rule: Rule) -> bool {
    flags.iter().any(|f| f.rule == rule)
}

#[test]
fn events_are_sorted_by_start_with_missing_starts_last_and_use_each_datasets_span() {
    let db = timeline_fixture::standard();
    let p = person(&db, "X1");
    assert_eq!(
        spans(&p),
        owned(&[
            ("f3", "2014-06-01", "2015-06-01"),
            ("m1", "2015-02-01", "2015-03-01"),
            ("k1", "2015-03-05", "2015-06-01"),
            ("p1", "2015-06-01", ""),
            ("f1+f2", "2016-01-01", ""),
            ("m2", "", "2016-07-01"),
        ])
    );
    let datasets: Vec<Dataset> = p.events.iter().map(|e| e.dataset).collect();
    assert_eq!(datasets[1], Dataset::Magistrates);
    assert_eq!(datasets[2], Dataset::Crown);
    assert_eq!(datasets[3], Dataset::Prison);
    assert_eq!(p.estimated_xjs_id.as_deref(), Some("X1"));
    assert_eq!(p.windows.extract_date.to_string(), "2020-12-31");
}

#[test]
fn open_events_and_markers() {
    let db = timeline_fixture::standard();
    let p = person(&db, "X1");
    let open: Vec<bool> = p.events.iter().map(|e| e.open).collect();
    assert_eq!(open, vec![false, false, false, true, true, false]);
    let m1 = &p.events[1];
    assert_eq!(m1.markers.len(), 1);
    assert_eq!(m1.markers[0].column, "offence_date");
    assert_eq!(m1.markers[0].date.to_string(), "2015-01-10");
    let e1 = &p.events[4];
    let marker_cols: Vec<&str> = e1.markers.iter().map(|m| m.column).collect();
    assert_eq!(marker_cols, vec!["referral_date"]);
    assert_eq!(e1.kind, "ORA Community Order");
    assert_eq!(p.events[3].kind, "Custodial journey");
    // Record flags come from the quality rules: an open journey is right-censored.
    assert!(has_rule(&p.events[3].flags, Rule::OpenAtExtract));
    assert!(!has_rule(&p.events[1].flags, Rule::OpenAtExtract));
    assert_eq!(
        p.events[3].span(&p.windows).map(|s| s.1.to_string()),
        Some("2020-12-31".into())
    );
}

#[test]
fn duplicate_probation_rows_make_one_flagged_event_whose_children_count_once() {
    let db = timeline_fixture::standard();
    let p = person(&db, "X1");
    let probation: Vec<_> = p
        .events
        .iter()
        .filter(|e| e.dataset == Dataset::Probation)
        .collect();
    assert_eq!(probation.len(), 2, "two distinct event_id_hash values");
    let e1 = probation
        .iter()
        .find(|e| e.row_id_hashes.len() == 2)
        .unwrap();
    assert_eq!(e1.row_id_hashes, vec!["f1", "f2"]);
    assert!(has_rule(&e1.flags, Rule::DuplicateEventRows));
    let kinds: Vec<&str> = e1.children.iter().map(|c| c.kind.as_str()).collect();
    assert_eq!(
        kinds,
        vec![
            "Unpaid Work",
            "Rehabilitation Activity Requirement (RAR)",
            "Licence condition"
        ]
    );
    assert!(!e1.children[0].open && e1.children[1].open);
    let e2 = probation
        .iter()
        .find(|e| e.row_id_hashes == ["f3"])
        .unwrap();
    assert!(!has_rule(&e2.flags, Rule::DuplicateEventRows));
    assert!(e2.children.is_empty());
}

/// A copy holding only the main tables (no offences, requirements, licence conditions or
/// journeys) gives the same events, without children or links.
#[test]
fn a_copy_without_child_tables_gives_the_same_events() {
    let db = timeline_fixture::standard();
    let full = person(&db, "X1");
    {
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        for d in Dataset::ALL {
            for table in d.child_tables() {
                conn.execute_batch(&format!("DROP TABLE {table}")).unwrap();
            }
        }
        conn.execute_batch("DROP TABLE mags_crown_journey").unwrap();
    }
    let bare = person(&db, "X1");
    assert_eq!(spans(&bare), spans(&full));
    assert!(full.events.iter().any(|e| !e.children.is_empty()));
    assert!(bare
        .events
        .iter()
        .all(|e| e.children.is_empty() && e.journey_links.is_empty()));
}

#[test]
fn offences_hang_under_their_case_in_sequence_and_journey_links_go_both_ways() {
    let db = timeline_fixture::standard();
    let p = person(&db, "X1");
    let m1 = &p.events[1];
    let offences: Vec<(&str, &str)> = m1
        .children
        .iter()
        .map(|c| (c.kind.as_str(), c.start.display().leak() as &str))
        .collect();
    assert_eq!(
        offences,
        vec![
            ("Principal offence", "2015-01-10"),
            ("Offence", "2015-01-10")
        ]
    );
    assert_eq!(m1.journey_links.len(), 1);
    assert_eq!(m1.journey_links[0].crown_row_id_hash, "k1");
    assert_eq!(m1.journey_links[0].estimated_match_score, Some(0.97));
    let k1 = &p.events[2];
    assert_eq!(k1.journey_links.len(), 1);
    assert_eq!(k1.journey_links[0].mags_row_id_hash, "m1");
    assert_eq!(k1.kind, "Committal for sentence");
}

#[test]
fn person_ids_demographics_and_split_persons() {
    let db = timeline_fixture::standard();
    let p = person(&db, "X1");
    let ids: Vec<String> = p
        .dataset_ids
        .iter()
        .map(|i| format!("{}:{}", i.kind, i.value))
        .collect();
    assert_eq!(
        ids,
        vec![
            "estimated_defendant_id:D1",
            "estimated_defendant_id:CD1",
            "estimated_offender_id:O1",
            "estimated_offender_id:PO1"
        ]
    );
    assert_eq!(p.split_into, vec!["X2"]);
    assert!(has_rule(&p.flags, Rule::PossibleMissedLink));
    assert!(!has_rule(&p.flags, Rule::PossibleFalseLink));
    assert!(p.demographics.iter().all(|d| !d.disagrees));
    assert_eq!(p.demographics.len(), 4);

    let x2 = person(&db, "X2");
    assert_eq!(x2.split_into, vec!["X1"]);
    assert!(has_rule(&x2.flags, Rule::PossibleMissedLink));
}

/// The header shows each dataset's most frequent gender and its latest recorded age (on a tie
/// of dates, the earlier event's); a person whose every record is linked has no missed-link
/// flag.
#[test]
fn demographics_take_the_usual_gender_and_the_latest_age() {
    let db = timeline_fixture::build(
        "INSERT INTO probation_flatfile (row_id_hash, event_id_hash, estimated_offender_id,
           referral_date, disposal_date, age_at_offence, gender) VALUES
           ('r1', 'e1', 'O9', '2014-01-01', '2014-02-01', 30, 'Male'),
           ('r2', 'e2', 'O9', '2016-01-01', '2016-02-01', 32, 'Male'),
           ('r3', 'e3', 'O9', '2016-01-01', '2016-03-01', 33, 'Male'),
           ('r4', 'e4', 'O9', '2015-01-01', '2015-02-01', 31, 'Female');
         INSERT INTO xjs_link VALUES ('probation_delius', 'r1', 'Y'), ('probation_delius', 'r2', 'Y'),
           ('probation_delius', 'r3', 'Y'), ('probation_delius', 'r4', 'Y');",
    );
    let p = person(&db, "Y");
    let d = &p.demographics[0];
    assert_eq!(p.demographics.len(), 1);
    assert_eq!(d.gender.as_deref(), Some("Male"));
    assert_eq!(
        (d.age, d.age_on.map(|d| d.to_string())),
        (Some(32.0), Some("2016-01-01".to_string()))
    );
    assert!(
        !has_rule(&p.flags, Rule::PossibleMissedLink),
        "{:?}",
        p.flags
    );
}

#[test]
fn disagreeing_gender_across_datasets_is_flagged_as_possible_false_link() {
    let db = timeline_fixture::standard();
    let p = person(&db, "X3");
    assert!(p.demographics.iter().all(|d| d.disagrees));
    assert!(has_rule(&p.flags, Rule::PossibleFalseLink));
    assert!(p.split_into.is_empty());
}

#[test]
fn unlinked_records_open_as_one_dataset_person_grouped_by_dataset_level_id() {
    let db = timeline_fixture::standard();
    let conn = db.open();
    let expected = PersonRef::Unlinked {
        dataset: Dataset::Prison,
        row_id_hash: "p10".into(),
    };
    assert_eq!(resolve(&conn, "p9").unwrap(), vec![expected.clone()]);
    assert_eq!(resolve(&conn, "O9").unwrap(), vec![expected.clone()]);
    let p = assemble(&conn, &expected).unwrap();
    assert_eq!(p.estimated_xjs_id, None);
    assert_eq!(
        spans(&p),
        owned(&[
            ("p9", "2012-01-01", "2012-06-01"),
            ("p10", "2013-01-01", "2013-06-01")
        ])
    );
    assert!(has_rule(&p.flags, Rule::Unlinked));
    assert!(p.split_into.is_empty());
}

#[test]
fn missing_start_stays_missing_not_malformed() {
    let db = timeline_fixture::standard();
    let p = person(&db, "X1");
    assert_eq!(p.events[5].start, DateCell::Missing);
}

#[test]
fn event_lanes_are_packed_per_dataset() {
    let db = timeline_fixture::build(
        "INSERT INTO xjs_link VALUES ('prison_nomis','a','X'), ('prison_nomis','b','X'),
           ('prison_nomis','c','X'), ('mags_hocas','m','X'), ('mags_hocas','n','X');
         INSERT INTO prison_custodial_journey (row_id_hash, journey_start_date, journey_end_date) VALUES
           ('a','2015-01-01','2015-12-31'), ('b','2015-06-01',NULL), ('c','2016-01-01','2016-02-01');
         INSERT INTO magistrates_case (row_id_hash, first_hearing_date, final_result_date) VALUES
           ('m', '2015-03-01', '2015-04-01'), ('n', NULL, NULL);",
    );
    let p = person(&db, "X");
    let lanes = dfexplorer::timeline::pack_event_lanes(&p.events, &p.windows);
    let mut by_row: Vec<(String, Option<usize>)> = p
        .events
        .iter()
        .zip(lanes)
        .map(|(e, l)| (e.row_id_hashes[0].clone(), l))
        .collect();
    // b is open, so it runs to the extract date and overlaps c; m overlaps a and b but is in
    // its own dataset's lane, so it takes that lane's first row; n has no date to draw.
    by_row.sort();
    assert_eq!(
        by_row,
        vec![
            ("a".to_string(), Some(0)),
            ("b".to_string(), Some(1)),
            ("c".to_string(), Some(0)),
            ("m".to_string(), Some(0)),
            ("n".to_string(), None),
        ]
    );
}

/// A person with thousands of records (read in bulk from `MANY_RECORDS` on): every record, in
/// order, with its journey link and duplicate rows counted once.
#[test]
fn a_person_with_thousands_of_records_is_complete() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(dfexplorer::contract::SCHEMA_SQL)
        .unwrap();
    conn.execute_batch(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
         INSERT INTO magistrates_case (row_id_hash, case_id_hash, estimated_defendant_id,
           first_hearing_date, final_result_date)
         SELECT 'm' || i, 'c' || i, 'D', date('2011-01-01', '+' || i || ' days'),
           date('2011-02-01', '+' || i || ' days') FROM n;
         INSERT INTO xjs_link SELECT 'mags_hocas', row_id_hash, 'BIG' FROM magistrates_case;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
         INSERT INTO probation_flatfile (row_id_hash, event_id_hash, estimated_offender_id,
           referral_date, disposal_date)
         SELECT 'f' || i, 'e' || ((i + 1) / 2), 'O', '2015-01-01', date('2015-01-01', '+' || i || ' days')
         FROM n;
         INSERT INTO xjs_link SELECT 'probation_delius', row_id_hash, 'BIG' FROM probation_flatfile;
         INSERT INTO crown_case (row_id_hash, receipt_date) VALUES ('k1', '2012-01-01');
         INSERT INTO xjs_link VALUES ('crown_xhibit', 'k1', 'BIG');
         INSERT INTO mags_crown_journey VALUES ('m7', 'k1', 0.9);",
    )
    .unwrap();
    drop(conn);
    let conn = dfexplorer::db::open_read_only(&path).unwrap();
    let p = dfexplorer::timeline::assemble(&conn, &PersonRef::Linked("BIG".into())).unwrap();
    assert_eq!(p.records(Dataset::Magistrates), 3000);
    assert_eq!(
        p.records(Dataset::Probation),
        500,
        "1,000 rows, each event twice"
    );
    assert_eq!(p.records(Dataset::Crown), 1);
    let starts: Vec<_> = p.events.iter().map(|e| e.start.date()).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "sorted by start");
    let m7 = p.events.iter().find(|e| e.row_id_hashes == ["m7"]).unwrap();
    assert_eq!(m7.journey_links.len(), 1);
    assert_eq!(m7.journey_links[0].crown_row_id_hash, "k1");
}
