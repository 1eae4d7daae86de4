//! Search on small databases: exact before prefix before fuzzy, what each hit resolves to.

mod timeline_fixture;

use dfexplorer::contract::Dataset;
use dfexplorer::search::{search, search_stage, MatchKind, SearchHit, SearchStage};
use dfexplorer::timeline::{DbContext, PersonRef};

fn summary(hits: &[SearchHit]) -> Vec<(MatchKind, String, String)> {
    hits.iter()
        .map(|h| (h.match_kind, h.matched.clone(), h.id_kind.clone()))
        .collect()
}

fn row(kind: MatchKind, matched: &str, id_kind: &str) -> (MatchKind, String, String) {
    (kind, matched.to_string(), id_kind.to_string())
}

#[test]
fn exact_match_comes_first_then_prefix_matches() {
    let db = timeline_fixture::standard();
    let hits = search(&db.open(), "p1", 10).unwrap();
    assert_eq!(
        summary(&hits)[..2],
        [
            row(MatchKind::Exact, "p1", "row_id_hash"),
            row(MatchKind::Prefix, "p10", "row_id_hash")
        ]
    );
    assert_eq!(hits[0].dataset, Some(Dataset::Prison));
    assert_eq!(hits[0].persons, vec!["X1"]);
    assert!(hits[1].persons.is_empty(), "p10 is not linked");
    assert_eq!(
        hits[1].resolves_to,
        vec![PersonRef::Unlinked {
            dataset: Dataset::Prison,
            row_id_hash: "p10".into()
        }]
    );
}

#[test]
fn hits_say_the_id_kind_dataset_and_persons() {
    let db = timeline_fixture::standard();
    let conn = db.open();
    let hits = search(&conn, "X1", 5).unwrap();
    assert_eq!(hits[0].match_kind, MatchKind::Exact);
    assert_eq!(hits[0].id_kind, "estimated_xjs_id");
    assert_eq!(hits[0].dataset, None);
    assert_eq!(hits[0].persons, vec!["X1"]);

    let hits = search(&conn, "D", 5).unwrap();
    let d1 = hits.iter().find(|h| h.matched == "D1").unwrap();
    assert_eq!(d1.match_kind, MatchKind::Prefix);
    assert_eq!(d1.id_kind, "estimated_defendant_id");
    assert_eq!(d1.dataset, Some(Dataset::Magistrates));
    assert_eq!(
        d1.persons,
        vec!["X1", "X2"],
        "a split defendant resolves to both"
    );

    let e1 = search(&conn, "e1", 1).unwrap();
    assert_eq!(
        summary(&e1),
        vec![row(MatchKind::Exact, "e1", "event_id_hash")]
    );
    assert_eq!(e1[0].persons, vec!["X1"]);
}

#[test]
fn fuzzy_matches_follow_and_leave_out_what_was_already_shown() {
    let db = timeline_fixture::standard();
    let conn = db.open();
    let ctx = DbContext::read(&conn).unwrap();
    // No ID starts with "d1"; "D1" differs in case and "dc1" has a character more.
    let direct = search_stage(&conn, &ctx, "d1", SearchStage::Direct, 10, &[]).unwrap();
    assert!(direct.is_empty());
    let fuzzy = search_stage(&conn, &ctx, "d1", SearchStage::Fuzzy, 10, &direct).unwrap();
    let matched: Vec<&str> = fuzzy.iter().map(|h| h.matched.as_str()).collect();
    assert!(matched.contains(&"D1"), "{matched:?}");
    assert!(matched.contains(&"dc1"), "{matched:?}");
    assert!(fuzzy.iter().all(|h| h.match_kind == MatchKind::Fuzzy));
    assert!(fuzzy.windows(2).all(|w| w[0].score >= w[1].score));

    // The combined search puts the direct hits first and does not repeat them.
    let all = search(&conn, "dc", 10).unwrap();
    assert_eq!(all[0].matched, "dc1");
    assert_eq!(all[0].match_kind, MatchKind::Prefix);
    assert_eq!(all.iter().filter(|h| h.matched == "dc1").count(), 1);
}

#[test]
fn limit_and_empty_queries() {
    let db = timeline_fixture::standard();
    let conn = db.open();
    assert_eq!(search(&conn, "", 10).unwrap().len(), 0);
    assert_eq!(search(&conn, "   ", 10).unwrap().len(), 0);
    assert!(search(&conn, "c", 2).unwrap().len() <= 2);
    assert_eq!(search(&conn, "c", 0).unwrap().len(), 0);
    assert!(search(&conn, "zzzz", 10).unwrap().is_empty());
}

#[test]
fn integer_ids_match_by_prefix_and_unindexed_columns_exactly() {
    let db = timeline_fixture::integer_ids();
    let conn = db.open();
    let hits = search(&conn, "100", 10).unwrap();
    assert_eq!(
        summary(&hits)[..2],
        [
            row(MatchKind::Prefix, "1001", "estimated_xjs_id"),
            row(MatchKind::Prefix, "1002", "estimated_xjs_id")
        ]
    );
    // estimated_offender_id has no index here: found exactly in the slower stage, not by prefix.
    let ctx = DbContext::read(&conn).unwrap();
    assert!(!ctx.is_indexed("prison_custodial_journey", "estimated_offender_id"));
    assert!(ctx.is_indexed("prison_custodial_journey", "row_id_hash"));
    let direct = search_stage(&conn, &ctx, "77", SearchStage::Direct, 10, &[]).unwrap();
    assert!(direct.is_empty());
    let slow = search_stage(&conn, &ctx, "77", SearchStage::Fuzzy, 10, &[]).unwrap();
    assert_eq!(slow[0].match_kind, MatchKind::Exact);
    assert_eq!(slow[0].id_kind, "estimated_offender_id");
    assert_eq!(slow[0].persons, vec!["1001"]);
    assert_eq!(
        slow[0].resolves_to.len(),
        2,
        "linked journey 5 and unlinked journey 7"
    );
    // Row IDs stored as integers, found by their decimal prefix.
    let rows = search(&conn, "5", 10).unwrap();
    assert_eq!(rows[0].matched, "5");
    assert_eq!(rows[0].match_kind, MatchKind::Exact);
}

/// A researcher typing in lower case still finds an upper-case ID: the combined search runs the
/// fuzzy stage whenever the direct one leaves room.
#[test]
fn the_combined_search_finds_ids_that_differ_in_case() {
    let db = timeline_fixture::standard();
    let hits = search(&db.open(), "d1", 10).unwrap();
    let matched: Vec<&str> = hits.iter().map(|h| h.matched.as_str()).collect();
    assert!(matched.contains(&"D1"), "{matched:?}");
}

/// However the direct and fuzzy stages split them, a search gives at most `limit` hits, and
/// exactly `limit` when more match.
#[test]
fn a_search_never_gives_more_than_its_limit() {
    let conn = dfexplorer::db::open_read_only(&dfexplorer::cli::sample_db_path()).unwrap();
    for query in ["2813", "28133", "1", "9", "abc1", "e0"] {
        let all = search(&conn, query, 200).unwrap().len();
        for limit in 1..=8 {
            let n = search(&conn, query, limit).unwrap().len();
            assert_eq!(n, all.min(limit), "{query:?} with limit {limit}");
        }
    }
}

/// Several fuzzy matches in one ID column are all kept (each value once).
#[test]
fn fuzzy_hits_from_one_column_are_all_kept() {
    let db = timeline_fixture::standard();
    let conn = db.open();
    let ctx = DbContext::read(&conn).unwrap();
    // Every magistrates' row m1..m4 resembles "m".
    let fuzzy = search_stage(&conn, &ctx, "m", SearchStage::Fuzzy, 50, &[]).unwrap();
    let mut keys: Vec<(String, Option<Dataset>, String)> = fuzzy
        .iter()
        .map(|h| (h.id_kind.clone(), h.dataset, h.matched.clone()))
        .collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n, "no value twice");
    let most_in_one_column = keys
        .chunk_by(|a, b| a.0 == b.0 && a.1 == b.1)
        .map(<[_]>::len)
        .max()
        .unwrap_or(0);
    assert!(most_in_one_column >= 4, "{keys:?}");
}

/// An ID held in two datasets' columns (the same defendant ID in both courts, typed in lower
/// case) is offered once for each dataset, not merged into one.
#[test]
fn a_fuzzy_match_in_two_datasets_is_offered_for_each() {
    let db = timeline_fixture::build(&format!(
        "{}
         INSERT INTO magistrates_case (row_id_hash, estimated_defendant_id) VALUES ('m9', 'DEF9');
         INSERT INTO crown_case (row_id_hash, estimated_defendant_id) VALUES ('k9', 'DEF9');",
        timeline_fixture::STANDARD
    ));
    let conn = db.open();
    let ctx = DbContext::read(&conn).unwrap();
    let fuzzy = search_stage(&conn, &ctx, "def9", SearchStage::Fuzzy, 50, &[]).unwrap();
    let mut datasets: Vec<Option<Dataset>> = fuzzy
        .iter()
        .filter(|h| h.matched == "DEF9")
        .map(|h| h.dataset)
        .collect();
    datasets.sort();
    assert_eq!(
        datasets,
        vec![Some(Dataset::Magistrates), Some(Dataset::Crown)],
        "{fuzzy:?}"
    );
}

/// Whole IDs of every kind in the sample, typed with one mistake of each kind, pasted with the
/// usual wrappings, or in upper case: found, and labelled for what they are.
#[test]
fn a_whole_id_with_one_typo_is_found_and_labelled() {
    let conn = dfexplorer::db::open_read_only(&dfexplorer::cli::sample_db_path()).unwrap();
    let ctx = DbContext::read(&conn).unwrap();
    let mut checked = 0;
    for col in ctx.id_columns().into_iter().filter(|c| c.indexed) {
        let id: String = conn
            .query_row(
                &format!(
                    "SELECT {0} FROM {1} WHERE {0} IS NOT NULL AND length({0}) >= 10 LIMIT 1 OFFSET 7",
                    col.column, col.table
                ),
                [],
                |r| r.get(0),
            )
            .unwrap();
        let chars: Vec<char> = id.chars().collect();
        let n = chars.len();
        let with = |i: usize, c: char| {
            let mut v = chars.clone();
            v[i] = c;
            v.into_iter().collect::<String>()
        };
        let other = |c: char| if c == '3' { '4' } else { '3' };
        let mut swapped = chars.clone();
        let at = (0..n - 1).find(|&i| chars[i] != chars[i + 1]).unwrap();
        swapped.swap(at, at + 1);
        let typos = [
            with(n / 2, other(chars[n / 2])),                // a wrong character
            swapped.iter().collect::<String>(),              // two swapped
            format!("{}{}", &id[..n / 2], &id[n / 2 + 1..]), // one missing
            format!("{}5{}", &id[..3], &id[3..]),            // one extra
        ];
        for typo in typos {
            let hits = search(&conn, &typo, 20).unwrap();
            let hit = hits
                .iter()
                .find(|h| h.matched == id && h.id_kind == col.column && h.dataset == col.dataset);
            // A typo that is itself another real ID is an exact match; then the ID may be left out.
            if hits.iter().any(|h| h.match_kind == MatchKind::Exact) {
                continue;
            }
            let hit = hit.unwrap_or_else(|| panic!("{typo} -> {id} ({}): {hits:?}", col.column));
            assert_eq!(hit.match_kind, MatchKind::OneEdit, "{typo}");
            checked += 1;
        }
        for pasted in [
            format!("/{id}"),
            format!("\"{id}\""),
            format!("  '{id}' "),
            id.to_uppercase(),
        ] {
            let hits = search(&conn, &pasted, 5).unwrap();
            assert_eq!(hits[0].matched, id, "{pasted}");
            assert_eq!(hits[0].match_kind, MatchKind::Exact, "{pasted}");
        }
        if id.chars().all(|c| c.is_ascii_digit()) {
            let hits = search(&conn, &format!("{id}.0"), 5).unwrap();
            assert_eq!(
                (hits[0].matched.as_str(), hits[0].match_kind),
                (id.as_str(), MatchKind::Exact)
            );
            let o_for_zero = id.replacen('0', "O", 1);
            if o_for_zero != id {
                let hits = search(&conn, &o_for_zero, 5).unwrap();
                assert!(hits
                    .iter()
                    .any(|h| h.matched == id && h.match_kind == MatchKind::OneEdit));
            }
        }
    }
    assert!(checked >= 30, "{checked} typos checked");
}

/// The typo stage looks variants up by index, never by scanning a table.
#[test]
fn the_typo_stage_uses_indexes_only() {
    let conn = dfexplorer::db::open_read_only(&dfexplorer::cli::sample_db_path()).unwrap();
    let ctx = DbContext::read(&conn).unwrap();
    for col in ctx.id_columns().into_iter().filter(|c| c.indexed) {
        let sql = format!(
            "EXPLAIN QUERY PLAN {}",
            dfexplorer::search::typos::existing_sql(&col, 50)
        );
        let mut stmt = conn.prepare(&sql).unwrap();
        let params: Vec<String> = (0..100).map(|i| format!("v{i}")).collect();
        let plan: Vec<String> = stmt
            .query_map(rusqlite::params_from_iter(params), |r| {
                r.get::<_, String>(3)
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let plan = plan.join(" | ");
        assert!(
            plan.contains("USING") && plan.contains("INDEX"),
            "{}: {plan}",
            col.column
        );
        assert!(!plan.contains("SCAN"), "{}: {plan}", col.column);
    }
}

/// A one-character typo is looked for even when the query also starts other IDs, and an ID the
/// prefix stage already listed is not listed again as a typo.
#[test]
fn typos_are_found_beside_prefix_matches_and_never_twice() {
    let db = timeline_fixture::build(
        "INSERT INTO xjs_link VALUES ('mags_hocas', 'r1', 'ABCDEF123'),
                                    ('mags_hocas', 'r2', 'ABCDEF12X9');",
    );
    let hits = search(&db.open(), "ABCDEF12X", 10).unwrap();
    assert_eq!(
        summary(&hits)[..2],
        [
            row(MatchKind::Prefix, "ABCDEF12X9", "estimated_xjs_id"),
            row(MatchKind::OneEdit, "ABCDEF123", "estimated_xjs_id"),
        ]
    );
    let mut seen: Vec<(String, String)> = hits
        .iter()
        .map(|h| (h.matched.clone(), h.id_kind.clone()))
        .collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), hits.len(), "{hits:?}");
}
