//! The cohort worker: its own thread and read-only connection, so a long count or export never
//! holds up person lookups and searches on the main worker. Each lane (scan, summary, export)
//! keeps the generation the UI wants; a running job whose generation is no longer wanted stops at
//! its next progress report (the export then removes its partial files).

use std::ops::ControlFlow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;

use rusqlite::Connection;

use crate::cohort::{self, CohortSummary};
use crate::db::{Database, OpenError};
use crate::export::{self, ExportError, OutputError};
use crate::tui::action::Action;

use super::messages::{CohortAnswer, CohortRequest, ExportFailure};

#[derive(Default)]
struct Wanted {
    scan: AtomicU64,
    summary: AtomicU64,
    export: AtomicU64,
}

impl Wanted {
    fn lane(&self, r: &CohortRequest) -> &AtomicU64 {
        match r {
            CohortRequest::Scan { .. } => &self.scan,
            CohortRequest::Summary { .. } => &self.summary,
            CohortRequest::Export { .. } | CohortRequest::Cancel { .. } => &self.export,
        }
    }
}

pub struct CohortWorker {
    requests: Sender<CohortRequest>,
    wanted: Arc<Wanted>,
}

impl CohortWorker {
    pub fn start(db: &Database, answers: Sender<Action>) -> Result<CohortWorker, OpenError> {
        let conn = db.connect()?;
        let db = db.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let wanted = Arc::new(Wanted::default());
        let shared = Arc::clone(&wanted);
        std::thread::Builder::new()
            .name(super::super::worker::THREAD_NAME.into())
            .spawn(move || run(&db, conn, rx, answers, shared))
            .expect("spawn the cohort worker thread");
        Ok(CohortWorker {
            requests: tx,
            wanted,
        })
    }

    /// Records the generation the UI now wants for the request's lane, then queues the request
    /// (a cancel only records).
    pub fn send(&self, request: CohortRequest) {
        self.wanted
            .lane(&request)
            .fetch_max(request.generation(), Ordering::SeqCst);
        if !matches!(request, CohortRequest::Cancel { .. }) {
            let _ = self.requests.send(request);
        }
    }
}

fn run(
    db: &Database,
    conn: Connection,
    rx: Receiver<CohortRequest>,
    answers: Sender<Action>,
    wanted: Arc<Wanted>,
) {
    let emit = |a: CohortAnswer| answers.send(Action::Cohort(a)).is_ok();
    while let Ok(request) = rx.recv() {
        let lane = wanted.lane(&request);
        if lane.load(Ordering::SeqCst) != request.generation() {
            continue; // superseded while queued
        }
        let still_wanted = |g: u64| lane.load(Ordering::SeqCst) == g;
        let alive = answer_safely(db, &conn, request, &emit, &still_wanted);
        if !alive {
            return; // the UI has gone
        }
    }
}

/// Answers one request; a panic in the core becomes an error answer for that request (the
/// screen shows it instead of "counting…" for ever). False when the UI is gone.
pub fn answer_safely(
    db: &Database,
    conn: &Connection,
    request: CohortRequest,
    emit: &dyn Fn(CohortAnswer) -> bool,
    still_wanted: &dyn Fn(u64) -> bool,
) -> bool {
    let generation = request.generation();
    let (is_scan, is_summary) = (
        matches!(request, CohortRequest::Scan { .. }),
        matches!(request, CohortRequest::Summary { .. }),
    );
    let run = std::panic::AssertUnwindSafe(|| answer(db, conn, request, emit, still_wanted));
    let payload = match std::panic::catch_unwind(run) {
        Ok(alive) => return alive,
        Err(payload) => payload,
    };
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown".into());
    let message = format!("internal error: {what} (please report it)");
    emit(if is_scan {
        CohortAnswer::ScanDone {
            generation,
            result: Err(message),
        }
    } else if is_summary {
        CohortAnswer::Summary {
            generation,
            result: Err(message),
        }
    } else {
        CohortAnswer::ExportDone {
            generation,
            result: Err(ExportFailure {
                exists: false,
                message,
            }),
        }
    })
}

/// Answers one request; false when the UI is gone.
fn answer(
    db: &Database,
    conn: &Connection,
    request: CohortRequest,
    emit: &dyn Fn(CohortAnswer) -> bool,
    still_wanted: &dyn Fn(u64) -> bool,
) -> bool {
    if crate::output::failpoint("panic-cohort-worker").is_some() {
        panic!("failpoint panic-cohort-worker");
    }
    match request {
        CohortRequest::Scan { generation, filter } => {
            let mut alive = true;
            let result = cohort::scan(conn, &filter, |p| {
                alive &= emit(CohortAnswer::ScanProgress {
                    generation,
                    new_members: p.new_members.to_vec(),
                });
                if alive && still_wanted(generation) {
                    ControlFlow::Continue(())
                } else {
                    ControlFlow::Break(())
                }
            });
            if !still_wanted(generation) {
                return alive;
            }
            let result = result.map_err(|e| e.to_string()).and_then(|(_, counts)| {
                let problems = cohort::referral_date_problems(conn).map_err(|e| e.to_string())?;
                Ok((counts, problems))
            });
            alive && emit(CohortAnswer::ScanDone { generation, result })
        }
        CohortRequest::Summary {
            generation,
            members,
            scan,
            problems,
        } => {
            let result =
                CohortSummary::build(db, &members, &scan, &problems, || still_wanted(generation))
                    .map_err(|e| e.to_string());
            emit(CohortAnswer::Summary { generation, result })
        }
        CohortRequest::Export {
            generation,
            request,
            members,
            scan,
            problems,
        } => {
            let mut alive = true;
            let result = export::export_cohort(db, &request, &members, &scan, &problems, |p| {
                alive &= emit(CohortAnswer::ExportProgress {
                    generation,
                    done: p.people_done,
                    total: p.people_total,
                });
                if alive && still_wanted(generation) {
                    ControlFlow::Continue(())
                } else {
                    ControlFlow::Break(())
                }
            });
            let result = result.map_err(|e| ExportFailure {
                exists: matches!(e, ExportError::Output(OutputError::Exists(_))),
                message: e.to_string(),
            });
            alive && emit(CohortAnswer::ExportDone { generation, result })
        }
        CohortRequest::Cancel { .. } => true,
    }
}
