//! The worker on small databases the tests build: requests in, actions out, tagged with the
//! generation they answer.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use dfexplorer::tui::action::{Action, Request};
use dfexplorer::tui::worker::{Answerer, Worker};

fn build(path: &Path, with_notes: bool) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(dfexplorer::contract::SCHEMA_SQL)
        .unwrap();
    if !with_notes {
        conn.execute_batch("DROP TABLE catalogue_notes").unwrap();
    } else {
        conn.execute_batch(
            "INSERT INTO catalogue_notes VALUES
               ('probation_delius', 'probation_rqmnts', 'rqmnt_commencement_date',
                'completeness', 'A note only this database has.', 'local')",
        )
        .unwrap();
    }
}

/// The answers to one request, as the worker thread would send them.
fn answers(db: &Path, request: Request) -> Vec<Action> {
    let answerer = Answerer::new(dfexplorer::db::open_read_only(db).unwrap());
    let mut out = Vec::new();
    answerer.answer(request, &mut |a| out.push(a));
    out
}

fn answer_one(db: &Path, request: Request) -> Action {
    let mut all = answers(db, request);
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

#[test]
fn notes_come_from_the_database_when_it_has_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("n.db");
    build(&db, true);
    match answer_one(&db, Request::LoadNotes) {
        Action::NotesLoaded(notes) => {
            assert_eq!(notes.len(), 1);
            assert_eq!(notes[0].note, "A note only this database has.");
            assert_eq!(
                notes[0].column_name.as_deref(),
                Some("rqmnt_commencement_date")
            );
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn without_a_notes_table_the_built_in_notes_are_used() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    build(&db, false);
    match answer_one(&db, Request::LoadNotes) {
        Action::NotesLoaded(notes) => {
            assert_eq!(notes, dfexplorer::catalogue::builtin_notes())
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn answers_carry_the_generation_of_their_request_and_unknown_ids_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    build(&db, true);
    let (tx, rx) = mpsc::channel();
    let (database, _) = dfexplorer::db::Database::open(&db).unwrap();
    let worker = Worker::start(&database, tx).unwrap();
    worker.send(Request::OpenId {
        generation: 7,
        id: "NO-SUCH-ID".into(),
    });
    match rx.recv_timeout(Duration::from_secs(60)).unwrap() {
        Action::PersonLoaded { generation, result } => {
            assert_eq!(generation, 7);
            assert!(result.unwrap_err().contains("NO-SUCH-ID"));
        }
        other => panic!("unexpected {other:?}"),
    }
    worker.send(Request::Search {
        generation: 8,
        query: "nothing".into(),
    });
    // Exact and prefix matches come first, then the complete answer.
    match rx.recv_timeout(Duration::from_secs(60)).unwrap() {
        Action::SearchPartial { generation, hits } => {
            assert_eq!(generation, 8);
            assert!(hits.is_empty());
        }
        other => panic!("unexpected {other:?}"),
    }
    match rx.recv_timeout(Duration::from_secs(60)).unwrap() {
        Action::SearchDone { generation, result } => {
            assert_eq!(generation, 8);
            assert!(result.unwrap().is_empty());
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn a_database_that_cannot_be_opened_stops_the_worker_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gone.db");
    build(&db, true);
    let (database, conn) = dfexplorer::db::Database::open(&db).unwrap();
    drop(conn);
    std::fs::remove_file(&db).unwrap();
    let (tx, _rx) = mpsc::channel();
    let err = Worker::start(&database, tx).err().unwrap();
    assert!(err.to_string().contains("does not exist"));
}
