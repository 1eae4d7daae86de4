use super::*;
use crate::contract;

#[test]
fn builtin_catalogue_parses() {
    let cat = Catalogue::builtin();
    assert_eq!(cat.datasets.len(), 4);
    assert!(!cat.notes.is_empty());
    assert!(!cat.notes_from_db);
}

#[test]
fn every_dataset_table_and_column_of_the_contract_is_described() {
    let cat = Catalogue::builtin();
    for d in Dataset::ALL {
        let text = cat.describe_dataset(d.source_name());
        assert!(
            text.is_some_and(|t| t.len() > 20),
            "dataset {d} lacks a description"
        );
    }
    for spec in contract::tables() {
        let t = cat.describe_table(&spec.name);
        assert!(
            t.is_some_and(|t| t.len() > 20),
            "table {} lacks a description",
            spec.name
        );
        for col in &spec.columns {
            let c = cat.describe_column(&spec.name, col);
            assert!(
                c.is_some_and(|c| c.len() > 5),
                "column {}.{col} lacks a description",
                spec.name
            );
        }
        // No stale descriptions of columns the contract does not have.
        for (col, _) in &cat.table(&spec.name).unwrap().columns {
            assert!(
                spec.columns.contains(col),
                "{}.{col} is not in the contract",
                spec.name
            );
        }
    }
}

#[test]
fn notes_have_known_topics_sources_and_places() {
    let cat = Catalogue::builtin();
    for n in &cat.notes {
        assert!(TOPICS.contains(&n.topic.as_str()), "topic {:?}", n.topic);
        assert!(
            !n.source.trim().is_empty(),
            "note without source: {}",
            n.note
        );
        if let Some(d) = &n.dataset {
            assert!(
                Dataset::from_source_name(d).is_some(),
                "unknown dataset {d}"
            );
        }
        if let Some(t) = &n.table_name {
            let spec = contract::table(t).unwrap_or_else(|| panic!("unknown table {t}"));
            if let (Some(d), Some(ds)) = (&n.dataset, spec.dataset) {
                assert_eq!(d, ds.source_name(), "note on {t} names the wrong dataset");
            }
            if let Some(c) = &n.column_name {
                assert!(spec.columns.contains(c), "unknown column {t}.{c}");
            }
        } else {
            assert!(n.column_name.is_none(), "column without table");
        }
    }
    let keys: Vec<_> = builtin_note_keys().into_iter().map(|(k, _)| k).collect();
    let mut dedup = keys.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(keys.len(), dedup.len(), "note keys are unique");
}

/// Each of the 13 known problems in FACTS.md is covered by a note tagged with its number whose
/// text mentions the heart of the problem.
#[test]
fn all_thirteen_known_problems_are_noted() {
    let must_mention: [(u8, &[&str]); 13] = [
        (1, &["event_id_hash"]),
        (2, &["commencement", "rqmnt_start_date"]),
        (3, &["termination", "still running"]),
        (4, &["hours", "days", "months"]),
        (5, &["refusal", "z_dummy ethnicity 04", "not stated"]),
        (6, &["age"]),
        (7, &["before the period", "after the date the extract"]),
        (8, &["w01", "missing"]),
        (9, &["probation trusts", "community rehabilitation company"]),
        (10, &["2020", "common platform"]),
        (
            11,
            &[
                "merges two different people",
                "misses true matches",
                "gender",
            ],
        ),
        (12, &["remand", "recall", "2011"]),
        (13, &["drafts"]),
    ];
    let keys = builtin_note_keys();
    for (fact, words) in must_mention {
        let text: String = keys
            .iter()
            .filter(|(_, facts)| facts.contains(&fact))
            .map(|(k, _)| builtin_note(k).unwrap().note.to_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(!text.is_empty(), "no note for FACTS problem {fact}");
        for w in words {
            assert!(
                text.contains(w),
                "problem {fact}: notes do not mention {w:?}"
            );
        }
    }
}

#[test]
fn notes_for_returns_dataset_table_and_column_levels() {
    let cat = Catalogue::builtin();
    let notes = cat.notes_for(
        None,
        Some("probation_rqmnts"),
        Some("rqmnt_commencement_date"),
    );
    let keys: Vec<_> = notes.iter().map(|n| n.location()).collect();
    assert!(keys.contains(&"probation_delius".to_string()), "{keys:?}");
    assert!(keys.contains(&"probation_rqmnts.rqmnt_commencement_date".to_string()));
    assert!(!keys.contains(&"probation_rqmnts.length".to_string()));
    // Table level without a column: no column notes.
    let t = cat.notes_for(Some("probation_delius"), Some("probation_flatfile"), None);
    assert!(t.iter().all(|n| n.column_name.is_none()));
    assert!(t
        .iter()
        .any(|n| n.table_name.as_deref() == Some("probation_flatfile")));
    // Cross-cutting notes only when nothing is named.
    let general = cat.notes_for(None, None, None);
    assert!(general.iter().any(|n| n.note.contains("drafts")));
    assert!(cat
        .notes_for(Some("mags_hocas"), None, None)
        .iter()
        .all(|n| n.dataset.is_some()));
    // Link-table notes are reachable by table.
    assert!(!cat
        .notes_for(None, Some("xjs_link"), Some("estimated_xjs_id"))
        .is_empty());
    assert!(cat.notes_in_table("probation_rqmnts").len() >= 3);
}

#[test]
fn search_finds_names_descriptions_and_notes() {
    let cat = Catalogue::builtin();
    let hits = cat.search("commencement");
    assert_eq!(hits[0].kind, HitKind::Column);
    assert_eq!(hits[0].column.as_deref(), Some("rqmnt_commencement_date"));
    assert!(hits.iter().any(|h| h.kind == HitKind::Note));
    // Every word must match.
    let both = cat.search("welsh deprivation");
    assert!(!both.is_empty());
    assert!(both.iter().all(|h| h.text.to_lowercase().contains("welsh")
        || h.column.as_deref().is_some_and(|c| c.contains("welsh"))));
    assert!(cat.search("xyzzy nothing").is_empty());
    assert!(cat.search("   ").is_empty());
    assert!(cat
        .search("CROWN_CASE")
        .iter()
        .any(|h| h.kind == HitKind::Table));
}

#[test]
fn short_text_is_the_first_sentence() {
    let n = builtin_note("rqmnt_commencement_missing").unwrap();
    assert_eq!(
        n.short(),
        "The commencement date is blank for most requirements."
    );
}

fn db_with_notes(rows: &[(&str, &str)]) -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(contract::table_ddl()).unwrap();
    for (topic, note) in rows {
        conn.execute(
            "INSERT INTO catalogue_notes VALUES ('prison_nomis', 'prison_custodial_journey', NULL, ?1, ?2, 'test')",
            [topic, note],
        )
        .unwrap();
    }
    conn
}

#[test]
fn from_db_prefers_database_notes_and_falls_back_when_empty_or_absent() {
    let conn = db_with_notes(&[("coverage", "Local note.")]);
    let cat = Catalogue::from_db(&conn).unwrap();
    assert!(cat.notes_from_db);
    assert_eq!(cat.notes.len(), 1);
    assert_eq!(
        cat.notes_for(None, Some("prison_custodial_journey"), None)[0].note,
        "Local note."
    );
    assert!(cat
        .describe_column("prison_custodial_journey", "journey_end_date")
        .is_some());

    let empty = db_with_notes(&[]);
    let cat = Catalogue::from_db(&empty).unwrap();
    assert!(!cat.notes_from_db);
    assert_eq!(cat.notes, builtin_notes());

    let absent = Connection::open_in_memory().unwrap();
    absent.execute_batch("CREATE TABLE xjs_link(a)").unwrap();
    assert!(!Catalogue::from_db(&absent).unwrap().notes_from_db);
}

#[test]
fn note_columns_are_the_contract_columns_of_catalogue_notes() {
    let spec = crate::contract::table(crate::contract::CATALOGUE_TABLE).unwrap();
    assert_eq!(spec.columns, NOTE_COLUMNS.to_vec());
}

#[test]
fn every_form_of_a_word_finds_the_duplicate_rows_note() {
    let cat = Catalogue::builtin();
    for query in [
        "duplicate",
        "duplicates",
        "Duplicated",
        "de-duplicate",
        "duplication",
        "DUPLICATE rows",
    ] {
        let hits = cat.search(query);
        assert!(
            hits.iter().any(|h| h.kind == HitKind::Note
                && h.table.as_deref() == Some("probation_flatfile")
                && h.text.contains("event_id_hash")),
            "{query}: {hits:?}"
        );
    }
    // Every word must match: a word found nowhere rules the entry out.
    assert!(cat.search("duplicate zebra").is_empty());
}
