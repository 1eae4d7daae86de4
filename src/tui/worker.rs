//! The worker thread: owns its own read-only SQLite connection, answers requests as actions,
//! skips requests superseded before it reached them, and interrupts a running query when a newer
//! request of the same lane arrives (a new keystroke while a search runs).

use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use rusqlite::{Connection, InterruptHandle};

use crate::catalogue::{Catalogue, CatalogueNote};
use crate::search::{self, SearchHit, SearchStage};
use crate::timeline::{self, DbContext, LookupError, PersonRef, PersonTimeline};

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
    pub fn start(
        db: &crate::db::Database,
        answers: Sender<Action>,
    ) -> Result<Worker, crate::db::OpenError> {
        let conn = db.connect()?;
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
    let answerer = Answerer::new(conn);
    while let Ok(first) = rx.recv() {
        // Take everything queued and keep only the newest request of each lane.
        let mut batch = vec![first];
        batch.extend(rx.try_iter());
        for request in latest_per_lane(batch) {
            *running.lock().unwrap_or_else(|e| e.into_inner()) =
                Some((request.lane(), request.generation()));
            let mut gone = false;
            answerer.answer_safely(request, &mut |a| gone |= answers.send(a).is_err());
            *running.lock().unwrap_or_else(|e| e.into_inner()) = None;
            if gone {
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

/// Answers requests on the worker's own connection, with the schema read once.
pub struct Answerer {
    conn: Connection,
    /// `None` when the schema could not be read up front; each call then reads it itself.
    ctx: Option<DbContext>,
}

impl Answerer {
    pub fn new(conn: Connection) -> Answerer {
        let ctx = DbContext::read(&conn).ok();
        Answerer { conn, ctx }
    }

    /// Answers a request; a panic in the core becomes an error answer, not a dead worker.
    pub fn answer_safely(&self, request: Request, emit: &mut dyn FnMut(Action)) {
        let (lane, generation) = (request.lane(), request.generation());
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.answer(request, emit)));
        if result.is_err() {
            let message = "internal error while answering this request (see stderr after quitting)";
            emit(match lane {
                Lane::Search => Action::SearchDone {
                    generation,
                    result: Err(message.into()),
                },
                Lane::Person => Action::PersonLoaded {
                    generation,
                    result: Err(message.into()),
                },
                Lane::Notes => Action::NotesLoaded(crate::catalogue::builtin_notes()),
                Lane::Cohort => return,
            });
        }
    }

    /// Answers one request. A search answers twice: exact and prefix matches at once, then
    /// everything with the fuzzy matches added.
    pub fn answer(&self, request: Request, emit: &mut dyn FnMut(Action)) {
        match request {
            Request::Search { generation, query } => {
                let result = self
                    .search(&query, generation, emit)
                    .map_err(|e| e.to_string());
                emit(Action::SearchDone { generation, result });
            }
            Request::OpenId { generation, id } => emit(Action::PersonLoaded {
                generation,
                result: self.open_id(&id),
            }),
            Request::OpenPerson { generation, person } => emit(Action::PersonLoaded {
                generation,
                result: self
                    .assemble(&person)
                    .map(|t| Loaded::Person(Box::new(t)))
                    .map_err(|e| lookup_message(&e)),
            }),
            Request::LoadNotes => emit(Action::NotesLoaded(read_notes(&self.conn))),
            // The cohort worker answers these; the event loop never sends them here.
            Request::Cohort(_) => {}
        }
    }

    fn search(
        &self,
        query: &str,
        generation: u64,
        emit: &mut dyn FnMut(Action),
    ) -> rusqlite::Result<Vec<SearchHit>> {
        let Some(ctx) = &self.ctx else {
            return search::search(&self.conn, query, SEARCH_LIMIT);
        };
        let mut hits = search::search_stage(
            &self.conn,
            ctx,
            query,
            SearchStage::Direct,
            SEARCH_LIMIT,
            &[],
        )?;
        if hits.len() < SEARCH_LIMIT {
            emit(Action::SearchPartial {
                generation,
                hits: hits.clone(),
            });
            let more = search::search_stage(
                &self.conn,
                ctx,
                query,
                SearchStage::Fuzzy,
                SEARCH_LIMIT - hits.len(),
                &hits,
            )?;
            hits.extend(more);
        }
        Ok(hits)
    }

    fn assemble(&self, person: &PersonRef) -> Result<PersonTimeline, LookupError> {
        match &self.ctx {
            Some(ctx) => timeline::assemble_with(&self.conn, ctx, person),
            None => timeline::assemble(&self.conn, person),
        }
    }

    fn open_id(&self, id: &str) -> Result<Loaded, String> {
        let people = match &self.ctx {
            Some(ctx) => timeline::resolve_with(&self.conn, ctx, id),
            None => timeline::resolve(&self.conn, id),
        }
        .map_err(|e| lookup_message(&e))?;
        match people.as_slice() {
            [] => Err(format!("no person or record has the ID {id:?}")),
            [one] => self
                .assemble(one)
                .map(|t| Loaded::Person(Box::new(t)))
                .map_err(|e| lookup_message(&e)),
            _ => Ok(Loaded::Choice {
                query: id.to_string(),
                people,
            }),
        }
    }
}

fn lookup_message(e: &LookupError) -> String {
    e.to_string()
}

/// The database's own catalogue notes when its `catalogue_notes` table has any, else the
/// built-in ones.
pub fn read_notes(conn: &Connection) -> Vec<CatalogueNote> {
    Catalogue::from_db(conn)
        .map(|c| c.notes)
        .unwrap_or_else(|_| crate::catalogue::builtin_notes())
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
