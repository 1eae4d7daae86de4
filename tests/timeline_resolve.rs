//! Resolving every kind of identifier, and lookups on awkward copies: datasets missing, INTEGER
//! ids, no statistics.

mod timeline_fixture;

use dfexplorer::contract::Dataset;
use dfexplorer::timeline::{assemble, resolve, LookupError, PersonRef};

fn linked(ids: &[&str]) -> Vec<PersonRef> {
    ids.iter()
        .map(|i| PersonRef::Linked(i.to_string()))
        .collect()
}

#[test]
fn every_identifier_kind_resolves_to_its_person() {
    let db = timeline_fixture::standard();
    let conn = db.open();
    for id in [
        "X1", "m1", "c1", "k1", "dc1", "cc1", "CD1", "p1", "O1", "f1", "e1", "PO1",
    ] {
        assert_eq!(resolve(&conn, id).unwrap(), linked(&["X1"]), "{id}");
    }
    // One defendant split across two people resolves to both.
    assert_eq!(resolve(&conn, "D1").unwrap(), linked(&["X1", "X2"]));
    assert_eq!(resolve(&conn, "  X2 ").unwrap(), linked(&["X2"]));
}

#[test]
fn duplicate_event_row_without_link_resolves_to_whoever_holds_the_event() {
    let db = timeline_fixture::standard();
    let conn = db.open();
    // f2 repeats event e1 and has no xjs_link row; X1 holds e1 through f1.
    assert_eq!(resolve(&conn, "f2").unwrap(), linked(&["X1"]));
}

#[test]
fn an_unlinked_probation_event_opens_with_all_its_rows() {
    let db = timeline_fixture::build(
        "INSERT INTO probation_flatfile (row_id_hash, event_id_hash, estimated_offender_id, disposal_date)
           VALUES ('g1','e7',NULL,'2016-01-01'), ('g2','e7',NULL,'2016-01-01');",
    );
    let conn = db.open();
    let expected = vec![PersonRef::Unlinked {
        dataset: Dataset::Probation,
        row_id_hash: "g1".into(),
    }];
    assert_eq!(resolve(&conn, "g2").unwrap(), expected);
    assert_eq!(resolve(&conn, "e7").unwrap(), expected);
    let p = assemble(&conn, &expected[0]).unwrap();
    assert_eq!(p.events.len(), 1);
    assert_eq!(p.events[0].row_id_hashes, vec!["g1", "g2"]);
    assert!(p.split_into.is_empty());
}

/// An unlinked magistrates' case with no defendant ID is a person of its own (only probation
/// rows are grouped by their event without a person ID).
#[test]
fn an_unlinked_case_without_a_person_id_opens_alone() {
    let db = timeline_fixture::build(
        "INSERT INTO magistrates_case (row_id_hash, case_id_hash, estimated_defendant_id,
           first_hearing_date) VALUES ('m7', 'c7', NULL, '2016-01-01'), ('m8', 'c7', NULL, '2016-02-01');",
    );
    let conn = db.open();
    let expected = vec![PersonRef::Unlinked {
        dataset: Dataset::Magistrates,
        row_id_hash: "m8".into(),
    }];
    assert_eq!(resolve(&conn, "m8").unwrap(), expected);
    let p = assemble(&conn, &expected[0]).unwrap();
    assert_eq!(p.events.len(), 1);
    assert_eq!(p.events[0].row_id_hashes, vec!["m8"]);
}

#[test]
fn unknown_id_is_an_error_value() {
    let db = timeline_fixture::standard();
    let conn = db.open();
    assert!(matches!(
        resolve(&conn, "nope"),
        Err(LookupError::UnknownId(id)) if id == "nope"
    ));
    assert!(matches!(
        resolve(&conn, "  "),
        Err(LookupError::UnknownId(_))
    ));
    assert!(matches!(
        assemble(&conn, &PersonRef::Linked("nope".into())),
        Err(LookupError::UnknownId(_))
    ));
}

#[test]
fn missing_datasets_are_absent_not_errors() {
    // Only the link table and the prison journeys; the link still names magistrates' rows.
    let ddl = dfexplorer::contract::table_ddl();
    let keep: String = ddl
        .split(';')
        .filter(|s| s.contains("xjs_link (") || s.contains("prison_custodial_journey ("))
        .map(|s| format!("{s};"))
        .collect();
    let db = timeline_fixture::build_with(&format!(
        "{keep}
         INSERT INTO xjs_link VALUES ('prison_nomis','p1','X1'), ('mags_hocas','m1','X1'),
           ('mags_hocas','m9','X9');
         INSERT INTO prison_custodial_journey (row_id_hash, estimated_offender_id, journey_start_date)
           VALUES ('p1','O1','2016-01-01');"
    ));
    let conn = db.open();
    assert_eq!(resolve(&conn, "O1").unwrap(), linked(&["X1"]));
    // A row of an absent dataset still resolves through the link table.
    assert_eq!(resolve(&conn, "m1").unwrap(), linked(&["X1"]));
    let p = assemble(&conn, &PersonRef::Linked("X1".into())).unwrap();
    assert_eq!(p.datasets_present, vec![Dataset::Prison]);
    assert_eq!(p.events.len(), 1);
    assert_eq!(p.events[0].dataset, Dataset::Prison);
    // A person whose only records are in absent datasets has an empty timeline.
    let x9 = assemble(&conn, &PersonRef::Linked("X9".into())).unwrap();
    assert!(x9.events.is_empty());
}

#[test]
fn integer_stored_ids_compare_as_text() {
    let db = timeline_fixture::integer_ids();
    let conn = db.open();
    assert_eq!(resolve(&conn, "1001").unwrap(), linked(&["1001"]));
    assert_eq!(resolve(&conn, "5").unwrap(), linked(&["1001"]));
    let refs = resolve(&conn, "77").unwrap();
    assert_eq!(
        refs,
        vec![
            PersonRef::Linked("1001".into()),
            PersonRef::Unlinked {
                dataset: Dataset::Prison,
                row_id_hash: "7".into()
            }
        ]
    );
    let p = assemble(&conn, &refs[0]).unwrap();
    assert_eq!(p.events.len(), 1);
    assert_eq!(p.events[0].row_id_hashes, vec!["5"]);
    // The extra column is kept on the record.
    assert_eq!(p.events[0].record.get("wing"), Some("B"));
    assert_eq!(p.dataset_ids[0].value, "77");
    // Record 7 of the same offender has no link: a possible missed link.
    assert!(p
        .flags
        .iter()
        .any(|f| f.rule == dfexplorer::quality::Rule::PossibleMissedLink));
    assert!(matches!(
        resolve(&conn, "05"),
        Err(LookupError::UnknownId(_))
    ));
}

#[test]
fn a_copy_without_statistics_gives_the_same_answers() {
    let db = timeline_fixture::standard();
    let copy = timeline_fixture::without_statistics(&db.path);
    let (a, b) = (db.open(), copy.open());
    for id in ["X1", "D1", "e1", "O9", "f2", "dc1"] {
        let (ra, rb) = (resolve(&a, id).unwrap(), resolve(&b, id).unwrap());
        assert_eq!(ra, rb, "{id}");
        for p in &ra {
            let (ta, tb) = (assemble(&a, p).unwrap(), assemble(&b, p).unwrap());
            assert_eq!(
                serde_json::to_string(&ta).unwrap(),
                serde_json::to_string(&tb).unwrap()
            );
        }
    }
}
