//! Every statement a lookup or a search runs is an index seek, on a copy without `ANALYZE`
//! statistics: no statement scans a whole table, whatever the planner's guesses.

mod timeline_fixture;

use std::sync::{Arc, Mutex};

use dfexplorer::search::{search_stage, SearchStage};
use dfexplorer::timeline::{assemble_with, resolve_with, DbContext};
use rusqlite::trace::{TraceEvent, TraceEventCodes};

#[test]
fn lookups_and_searches_never_scan_a_table_without_statistics() {
    let db = timeline_fixture::standard();
    let copy = timeline_fixture::without_statistics(&db.path);
    let mut conn = copy.open();
    let ctx = DbContext::read(&conn).unwrap();
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = seen.clone();
    conn.trace_v2(
        TraceEventCodes::SQLITE_TRACE_STMT,
        Some(move |e: TraceEvent<'_>| {
            if let TraceEvent::Stmt(stmt, _) = e {
                sink.lock().unwrap().extend(stmt.expanded_sql());
            }
        }),
    )
    .unwrap();
    for id in ["X1", "D1", "e1", "O9", "f2", "dc1", "k1", "p9"] {
        for p in resolve_with(&conn, &ctx, id).unwrap() {
            assemble_with(&conn, &ctx, &p).unwrap();
        }
    }
    for q in ["p", "D1", "d1", "1", "dc"] {
        let direct = search_stage(&conn, &ctx, q, SearchStage::Direct, 10, &[]).unwrap();
        search_stage(&conn, &ctx, q, SearchStage::Fuzzy, 10, &direct).unwrap();
    }
    conn.trace_v2(TraceEventCodes::empty(), None::<fn(TraceEvent<'_>)>)
        .unwrap();

    let mut statements = seen.lock().unwrap().clone();
    statements.sort();
    statements.dedup();
    assert!(statements.len() > 20, "{statements:?}");
    for sql in &statements {
        let mut plan = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let details: Vec<String> = plan
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(
            details.iter().all(|d| !d.starts_with("SCAN")),
            "{sql}\nplans as {details:?}"
        );
    }
}
