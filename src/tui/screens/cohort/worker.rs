//! The cohort worker: a [`LaneWorker`] with its own read-only connection, so a long count or
//! export never holds up person lookups and searches on the query worker. Its lanes are scan,
//! summary and export; a newer job interrupts an older one of its lane, which also stops at its
//! next progress report (an export then removes its partial files).

use std::ops::ControlFlow;
use std::sync::mpsc::Sender;

use rusqlite::Connection;

use crate::cohort::{self, CohortSummary};
use crate::db::{Database, OpenError};
use crate::export::{self, ExportError, OutputError};
use crate::outcomes;
use crate::tui::action::Action;
use crate::tui::lanes::{LaneWorker, Turn};

use super::messages::{CohortAnswer, CohortRequest, ExportFailure};

/// The UI side of the cohort worker.
pub struct CohortWorker(LaneWorker<CohortRequest>);

impl CohortWorker {
    pub fn start(db: &Database, answers: Sender<Action>) -> Result<CohortWorker, OpenError> {
        let conn = db.connect()?;
        let interrupt = conn.get_interrupt_handle();
        let db = db.clone();
        Ok(CohortWorker(LaneWorker::start(
            interrupt,
            answers,
            move |request, turn| answer(&db, &conn, request, turn),
        )))
    }

    /// Queues a request as the newest of its lane (a cancel only makes older jobs of its lane
    /// unwanted).
    pub fn send(&self, request: CohortRequest) {
        match request {
            CohortRequest::Cancel { lane, generation } => self.0.cancel(lane, generation),
            other => self.0.send(other),
        }
    }
}

/// Answers one request. Long jobs report progress and stop when the job is no longer wanted.
fn answer(db: &Database, conn: &Connection, request: CohortRequest, turn: &Turn) {
    let emit = |a: CohortAnswer| turn.emit(Action::Cohort(a));
    let go_on = || {
        if turn.still_wanted() {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    };
    if crate::output::failpoint("panic-cohort-worker").is_some() {
        panic!("failpoint panic-cohort-worker");
    }
    match request {
        CohortRequest::Scan { generation, filter } => {
            let result = cohort::scan(conn, &filter, |p| {
                emit(CohortAnswer::ScanProgress {
                    generation,
                    new_members: p.new_members.to_vec(),
                });
                go_on()
            });
            if !turn.still_wanted() {
                return; // stopped (or interrupted) for a newer scan
            }
            let result = result.map_err(|e| e.to_string()).and_then(|(_, counts)| {
                let problems = cohort::referral_date_problems(conn).map_err(|e| e.to_string())?;
                Ok((counts, problems))
            });
            emit(CohortAnswer::ScanDone { generation, result });
        }
        CohortRequest::Summary {
            generation,
            members,
            scan,
            problems,
        } => {
            let result =
                CohortSummary::build(db, &members, &scan, &problems, || turn.still_wanted())
                    .map_err(|e| e.to_string());
            emit(CohortAnswer::Summary { generation, result });
        }
        CohortRequest::Export {
            generation,
            request,
            members,
            scan,
            problems,
        } => {
            let result = export::export_cohort(db, &request, &members, &scan, &problems, |p| {
                emit(CohortAnswer::ExportProgress {
                    generation,
                    done: p.people_done,
                    total: p.people_total,
                });
                go_on()
            });
            let result = result.map_err(|e| ExportFailure {
                exists: matches!(e, ExportError::Output(OutputError::Exists(_))),
                message: e.to_string(),
            });
            emit(CohortAnswer::ExportDone { generation, result });
        }
        CohortRequest::OutcomesPreview { generation, spec } => {
            // Errors are the whole computation's to report.
            if let Ok(follow) = outcomes::follow(conn, &spec, |_| go_on()) {
                emit(CohortAnswer::OutcomesPreviewed {
                    generation,
                    people: follow.people,
                });
            }
        }
        CohortRequest::Outcomes { generation, spec } => {
            let result = outcomes::follow_in(db, conn, &spec, |p| {
                emit(CohortAnswer::OutcomesProgress {
                    generation,
                    done: p.done,
                    of: p.of,
                    // The aligned view lists people as they come.
                    people: if spec.keep_records {
                        p.new.to_vec()
                    } else {
                        Vec::new()
                    },
                });
                go_on()
            });
            if !turn.still_wanted() {
                return;
            }
            let result = result.map_err(|e| e.to_string()).map(|follow| {
                let report = outcomes::Report::build(&spec, &follow);
                let density = crate::tui::screens::outcomes::aligned::Density::of(&follow.people);
                Box::new(crate::tui::screens::outcomes::Computed {
                    follow,
                    report,
                    density,
                })
            });
            emit(CohortAnswer::OutcomesDone { generation, result });
        }
        CohortRequest::OutcomesExport {
            generation,
            files,
            computed,
            branches,
        } => {
            let result =
                outcomes::write_files(db, &files, &computed.report, &computed.follow, &branches)
                    .map_err(|e| ExportFailure {
                        exists: matches!(e, ExportError::Output(OutputError::Exists(_))),
                        message: e.to_string(),
                    });
            emit(CohortAnswer::OutcomesExported { generation, result });
        }
        CohortRequest::PersonExport {
            generation,
            path,
            timeline,
            force,
        } => {
            let result =
                export::person::export_person(db, &timeline.0, &path, force).map_err(|e| {
                    ExportFailure {
                        exists: matches!(e, ExportError::Output(OutputError::Exists(_))),
                        message: e.to_string(),
                    }
                });
            emit(CohortAnswer::PersonExported { generation, result });
        }
        CohortRequest::Choices { generation } => {
            let result = cohort::filter_choices(conn).map_err(|e| e.to_string());
            emit(CohortAnswer::Choices { generation, result });
        }
        CohortRequest::Cancel { .. } => {}
    }
}
