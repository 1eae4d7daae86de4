//! The query worker: searches, person lookups and the catalogue notes, answered on its own
//! read-only connection by a [`LaneWorker`] (a newer search interrupts an older one; a newer
//! lookup supersedes an older one).

use rusqlite::Connection;

use crate::catalogue::{Catalogue, CatalogueNote};
use crate::search::{self, SearchHit, SearchStage};
use crate::timeline::{self, DbContext, LookupError, PersonRef, PersonTimeline};

use super::action::{Action, Loaded, Request};
use super::lanes::LaneWorker;
use super::update::SEARCH_LIMIT;

/// The UI side of the query worker.
pub struct Worker(LaneWorker<Request>);

impl Worker {
    /// Opens the database for the worker; answers go to `answers`.
    pub fn start(
        db: &crate::db::Database,
        answers: std::sync::mpsc::Sender<Action>,
    ) -> Result<Worker, crate::db::OpenError> {
        let conn = db.connect()?;
        let interrupt = conn.get_interrupt_handle();
        let answerer = Answerer::new(conn);
        Ok(Worker(LaneWorker::start(
            interrupt,
            answers,
            move |request, turn| {
                answerer.answer(request, &mut |a| {
                    turn.emit(a);
                })
            },
        )))
    }

    /// Sends a request, interrupting an older one of the same lane that is still running.
    pub fn send(&self, request: Request) {
        self.0.send(request);
    }
}

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
