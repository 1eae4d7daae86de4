//! The worker thread: owns its own read-only SQLite connection, answers requests as actions,
//! skips requests superseded before it reached them, and interrupts a running query when a newer
//! request of the same lane arrives (a new keystroke while a search runs).

use std::path::Path;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use rusqlite::{Connection, InterruptHandle};

use crate::catalogue::CatalogueNote;
use crate::timeline::{self, LookupError};

use super::action::{Action, Lane, Loaded, Request};
use super::update::SEARCH_LIMIT;

/// The UI side of the worker.
pub struct Worker {
    requests: Sender<Request>,
    interrupt: InterruptHandle,
    /// The lane and generation of the request running now.
    running: Arc<Mutex<Option<(Lane, u64)>>>,
    _thread: JoinHandle<()>,
}

impl Worker {
    /// Opens the database for the worker; answers go to `answers`.
    pub fn start(db: &Path, answers: Sender<Action>) -> Result<Worker, crate::db::OpenError> {
        let conn = crate::db::open_read_only(db)?;
        let interrupt = conn.get_interrupt_handle();
        let (tx, rx) = std::sync::mpsc::channel();
        let running = Arc::new(Mutex::new(None));
        let shared = Arc::clone(&running);
        let thread = std::thread::Builder::new()
            .name(THREAD_NAME.into())
            .spawn(move || run(conn, rx, answers, shared))
            .expect("spawn the worker thread");
        Ok(Worker {
            requests: tx,
            interrupt,
            running,
            _thread: thread,
        })
    }

    /// Sends a request, interrupting an older one of the same lane that is still running.
    pub fn send(&self, request: Request) {
        {
            // Held while interrupting, so the worker cannot move on to another request between
            // the check and the interrupt.
            let running = self.running.lock().unwrap_or_else(|e| e.into_inner());
            if supersedes(&request, *running) {
                self.interrupt.interrupt();
            }
        }
        let _ = self.requests.send(request);
    }
}

fn run(
    conn: Connection,
    rx: Receiver<Request>,
    answers: Sender<Action>,
    running: Arc<Mutex<Option<(Lane, u64)>>>,
) {
    while let Ok(first) = rx.recv() {
        // Take everything queued and keep only the newest request of each lane.
        let mut batch = vec![first];
        batch.extend(rx.try_iter());
        for request in latest_per_lane(batch) {
            *running.lock().unwrap_or_else(|e| e.into_inner()) =
                Some((request.lane(), request.generation()));
            let answer = handle_safely(&conn, request);
            *running.lock().unwrap_or_else(|e| e.into_inner()) = None;
            if answers.send(answer).is_err() {
                return; // the UI has gone
            }
        }
    }
}

/// Whether a new request makes the one running now pointless: same lane, newer generation.
pub fn supersedes(request: &Request, running: Option<(Lane, u64)>) -> bool {
    running.is_some_and(|(lane, generation)| {
        lane == request.lane() && generation < request.generation()
    })
}

/// Drops requests superseded by a newer one of the same lane, keeping arrival order otherwise.
pub fn latest_per_lane(batch: Vec<Request>) -> Vec<Request> {
    let mut out: Vec<Request> = Vec::new();
    for r in batch {
        out.retain(|o| o.lane() != r.lane());
        out.push(r);
    }
    out
}

/// The name of the worker thread (the panic hook leaves the terminal alone for it).
pub const THREAD_NAME: &str = "dfexplorer-worker";

/// Answers a request; a panic in the core becomes an error message instead of a dead worker.
fn handle_safely(conn: &Connection, request: Request) -> Action {
    let (lane, generation) = (request.lane(), request.generation());
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(conn, request)));
    result.unwrap_or_else(|_| {
        let message = "internal error while answering this request (see stderr after quitting)";
        match lane {
            Lane::Search => Action::SearchDone {
                generation,
                result: Err(message.into()),
            },
            Lane::Person => Action::PersonLoaded {
                generation,
                result: Err(message.into()),
            },
            Lane::Notes => Action::NotesLoaded(crate::catalogue::builtin_notes()),
        }
    })
}

/// Answers one request on the worker's connection.
pub fn handle(conn: &Connection, request: Request) -> Action {
    match request {
        Request::Search { generation, query } => Action::SearchDone {
            generation,
            result: crate::search::search(conn, &query, SEARCH_LIMIT).map_err(|e| e.to_string()),
        },
        Request::OpenId { generation, id } => Action::PersonLoaded {
            generation,
            result: open_id(conn, &id),
        },
        Request::OpenPerson { generation, person } => Action::PersonLoaded {
            generation,
            result: timeline::assemble(conn, &person)
                .map(|t| Loaded::Person(Box::new(t)))
                .map_err(|e| lookup_message(&e)),
        },
        Request::LoadNotes => Action::NotesLoaded(read_notes(conn)),
    }
}

fn open_id(conn: &Connection, id: &str) -> Result<Loaded, String> {
    let people = timeline::resolve(conn, id).map_err(|e| lookup_message(&e))?;
    match people.as_slice() {
        [] => Err(format!("no person or record has the ID {id:?}")),
        [one] => timeline::assemble(conn, one)
            .map(|t| Loaded::Person(Box::new(t)))
            .map_err(|e| lookup_message(&e)),
        _ => Ok(Loaded::Choice {
            query: id.to_string(),
            people,
        }),
    }
}

fn lookup_message(e: &LookupError) -> String {
    e.to_string()
}

/// The database's own catalogue notes when its `catalogue_notes` table has any, else the
/// built-in ones.
pub fn read_notes(conn: &Connection) -> Vec<CatalogueNote> {
    let from_db = || -> rusqlite::Result<Vec<CatalogueNote>> {
        let mut stmt = conn.prepare(
            "SELECT dataset, table_name, column_name, topic, note, source FROM catalogue_notes",
        )?;
        let rows = stmt.query_map([], |r| {
            let text = |i| crate::db::row_text(r, i);
            Ok(CatalogueNote {
                dataset: text(0)?,
                table_name: text(1)?,
                column_name: text(2)?,
                topic: text(3)?.unwrap_or_default(),
                note: text(4)?.unwrap_or_default(),
                source: text(5)?.unwrap_or_default(),
            })
        })?;
        rows.collect()
    };
    match crate::db::table_exists(conn, crate::contract::CATALOGUE_TABLE) {
        Ok(true) => match from_db() {
            Ok(notes) if !notes.is_empty() => notes,
            _ => crate::catalogue::builtin_notes(),
        },
        _ => crate::catalogue::builtin_notes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_search_interrupts_a_running_search_but_not_a_person_load() {
        let search = Request::Search {
            generation: 5,
            query: "ab".into(),
        };
        assert!(supersedes(&search, Some((Lane::Search, 4))));
        assert!(!supersedes(&search, Some((Lane::Search, 5))));
        assert!(!supersedes(&search, Some((Lane::Person, 1))));
        assert!(!supersedes(&search, None));
    }

    #[test]
    fn only_the_newest_request_of_each_lane_survives() {
        let batch = vec![
            Request::Search {
                generation: 1,
                query: "a".into(),
            },
            Request::OpenId {
                generation: 1,
                id: "X".into(),
            },
            Request::Search {
                generation: 2,
                query: "ab".into(),
            },
        ];
        let kept = latest_per_lane(batch);
        assert_eq!(
            kept,
            vec![
                Request::OpenId {
                    generation: 1,
                    id: "X".into()
                },
                Request::Search {
                    generation: 2,
                    query: "ab".into()
                },
            ]
        );
    }
}
