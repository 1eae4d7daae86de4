//! The one worker type behind both explorer workers (queries, and cohort work): a thread with its
//! own read-only SQLite connection that answers jobs in lanes.
//!
//! Every job carries a lane and a generation. Sending a job records the newest generation wanted
//! for its lane; a queued job that is no longer the newest is skipped, and a running one is
//! interrupted (its SQLite statement stops with "interrupted", and long jobs also ask
//! [`Turn::still_wanted`] at each progress report). A panic while answering becomes an error
//! answer for that job, so the screen never waits for ever; the worker carries on.

use std::cell::Cell;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};

use rusqlite::InterruptHandle;

use super::action::{Action, Lane};

/// The name of every worker thread (the panic hook leaves the terminal alone for it).
pub const THREAD_NAME: &str = "dfexplorer-worker";

/// Work for a lane worker.
pub trait Job: Send + 'static {
    fn lane(&self) -> Lane;
    fn generation(&self) -> u64;
}

/// The UI side of a lane worker.
pub struct LaneWorker<J: Job> {
    requests: Sender<J>,
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    interrupt: InterruptHandle,
}

#[derive(Default)]
struct State {
    /// The newest generation asked for, per lane.
    wanted: [u64; Lane::COUNT],
    /// The lane and generation of the job running now.
    running: Option<(Lane, u64)>,
}

impl Shared {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl<J: Job> LaneWorker<J> {
    /// Starts the thread. `interrupt` stops the SQLite work `answer` runs; answers go to `answers`.
    pub fn start(
        interrupt: InterruptHandle,
        answers: Sender<Action>,
        answer: impl FnMut(J, &Turn) + Send + 'static,
    ) -> LaneWorker<J> {
        let (tx, rx) = std::sync::mpsc::channel();
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            interrupt,
        });
        let on_thread = Arc::clone(&shared);
        std::thread::Builder::new()
            .name(THREAD_NAME.into())
            .spawn(move || run(rx, answers, &on_thread, answer))
            .expect("spawn a worker thread");
        LaneWorker {
            requests: tx,
            shared,
        }
    }

    /// Queues a job as the newest of its lane, interrupting an older one of that lane.
    pub fn send(&self, job: J) {
        self.want(job.lane(), job.generation());
        let _ = self.requests.send(job);
    }

    /// Makes every job of `lane` older than `generation` unwanted, without queueing anything.
    pub fn cancel(&self, lane: Lane, generation: u64) {
        self.want(lane, generation);
    }

    fn want(&self, lane: Lane, generation: u64) {
        // Held while interrupting, so the thread cannot move on to another job between the
        // check and the interrupt.
        let mut state = self.shared.state();
        let wanted = &mut state.wanted[lane as usize];
        *wanted = (*wanted).max(generation);
        if supersedes(lane, generation, state.running) {
            self.shared.interrupt.interrupt();
        }
    }
}

/// Whether a job of `lane` and `generation` makes the one running now pointless.
pub fn supersedes(lane: Lane, generation: u64, running: Option<(Lane, u64)>) -> bool {
    running.is_some_and(|(l, g)| l == lane && g < generation)
}

/// What a job sees of its worker while it runs.
pub struct Turn<'a> {
    lane: Lane,
    generation: u64,
    shared: &'a Shared,
    answers: &'a Sender<Action>,
    gone: Cell<bool>,
}

impl Turn<'_> {
    /// Sends an answer to the screen; false once the screen has gone.
    pub fn emit(&self, action: Action) -> bool {
        if self.answers.send(action).is_err() {
            self.gone.set(true);
        }
        !self.gone.get()
    }

    /// Whether the screen still wants this job (no newer one of its lane, screen still there).
    pub fn still_wanted(&self) -> bool {
        !self.gone.get() && self.shared.state().wanted[self.lane as usize] <= self.generation
    }
}

fn run<J: Job>(
    rx: Receiver<J>,
    answers: Sender<Action>,
    shared: &Shared,
    mut answer: impl FnMut(J, &Turn),
) {
    for job in rx {
        let (lane, generation) = (job.lane(), job.generation());
        {
            let mut state = shared.state();
            if state.wanted[lane as usize] > generation {
                continue; // superseded while queued
            }
            state.running = Some((lane, generation));
        }
        let turn = Turn {
            lane,
            generation,
            shared,
            answers: &answers,
            gone: Cell::new(false),
        };
        let failed = answer_safely(job, |job| answer(job, &turn));
        shared.state().running = None;
        if let Some(action) = failed {
            turn.emit(action);
        }
        if turn.gone.get() {
            return; // the screen has gone
        }
    }
}

/// Runs `answer` on a job; if it panics, the answer that tells the screen so (`None`: no panic).
pub fn answer_safely<J: Job>(job: J, answer: impl FnOnce(J)) -> Option<Action> {
    let (lane, generation) = (job.lane(), job.generation());
    let payload = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| answer(job))).err()?;
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown".into());
    let message = format!("internal error: {what} (please report it)");
    Some(Action::failed(lane, generation, message))
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::{self, Receiver};
    use std::time::{Duration, Instant};

    use rusqlite::Connection;

    use super::*;
    use crate::tui::action::Request;

    fn search(generation: u64) -> Request {
        Request::Search {
            generation,
            query: String::new(),
        }
    }

    fn generation_of(action: &Action) -> (u64, Result<(), String>) {
        match action {
            Action::SearchDone { generation, result } => (
                *generation,
                result.as_ref().map(|_| ()).map_err(|e| e.clone()),
            ),
            other => panic!("unexpected {other:?}"),
        }
    }

    /// A worker whose searches run `sql` (a generation of 13 panics), its answers, and a
    /// signal as each job starts.
    fn worker(sql: &'static str) -> (LaneWorker<Request>, Receiver<Action>, Receiver<u64>) {
        let conn = Connection::open_in_memory().unwrap();
        let (tx, rx) = mpsc::channel();
        let (started_tx, started) = mpsc::channel();
        let worker = LaneWorker::start(
            conn.get_interrupt_handle(),
            tx,
            move |job: Request, turn| {
                let generation = job.generation();
                let _ = started_tx.send(generation);
                if generation == 13 {
                    panic!("unlucky");
                }
                let result = conn
                    .query_row(sql, [], |_| Ok(()))
                    .map(|_| Vec::new())
                    .map_err(|e| e.to_string());
                turn.emit(Action::SearchDone { generation, result });
            },
        );
        (worker, rx, started)
    }

    const SLOW: &str = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n \
                        WHERE i < 200000000) SELECT count(*) FROM n";

    #[test]
    fn a_newer_job_interrupts_the_running_one_of_its_lane_only() {
        assert!(supersedes(Lane::Search, 5, Some((Lane::Search, 4))));
        assert!(!supersedes(Lane::Search, 5, Some((Lane::Search, 5))));
        assert!(!supersedes(Lane::Search, 5, Some((Lane::Person, 1))));
        assert!(!supersedes(Lane::Search, 5, None));

        let (worker, rx, started) = worker(SLOW);
        worker.send(search(1));
        assert_eq!(started.recv_timeout(Duration::from_secs(60)), Ok(1));
        std::thread::sleep(Duration::from_millis(100)); // into its statement
        let sent = Instant::now();
        worker.send(search(2));
        let (generation, result) =
            generation_of(&rx.recv_timeout(Duration::from_secs(60)).unwrap());
        assert_eq!(generation, 1);
        assert!(result.unwrap_err().contains("interrupted"));
        assert!(
            sent.elapsed() < Duration::from_secs(2),
            "{:?}",
            sent.elapsed()
        );
    }

    #[test]
    fn only_the_newest_queued_job_of_a_lane_runs() {
        let conn = Connection::open_in_memory().unwrap();
        let (tx, rx) = mpsc::channel();
        let (open_gate, gate) = mpsc::channel::<()>();
        let (held_tx, held) = mpsc::channel::<()>();
        let worker = LaneWorker::start(
            conn.get_interrupt_handle(),
            tx,
            move |job: Request, turn| {
                if job.generation() == 1 {
                    held_tx.send(()).unwrap();
                    gate.recv().unwrap(); // hold the worker while 2, 3 and a notes load queue up
                }
                turn.emit(Action::SearchDone {
                    generation: job.generation(),
                    result: Ok(Vec::new()),
                });
            },
        );
        worker.send(search(1));
        held.recv_timeout(Duration::from_secs(60)).unwrap();
        worker.send(search(2));
        worker.send(Request::LoadNotes);
        worker.send(search(3));
        open_gate.send(()).unwrap();
        let seen: Vec<u64> = (0..3)
            .map(|_| generation_of(&rx.recv_timeout(Duration::from_secs(60)).unwrap()).0)
            .collect();
        // 2 was superseded while queued; the notes load is another lane and keeps its place.
        assert_eq!(seen, [1, 0, 3]);
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
    }

    #[test]
    fn a_panic_answers_its_job_with_an_error_and_the_worker_carries_on() {
        let (worker, rx, _) = worker("SELECT 1");
        worker.send(search(13));
        let (generation, result) =
            generation_of(&rx.recv_timeout(Duration::from_secs(60)).unwrap());
        assert_eq!(generation, 13);
        let message = result.unwrap_err();
        assert!(message.contains("internal error: unlucky"), "{message}");
        worker.send(search(14));
        let (generation, result) =
            generation_of(&rx.recv_timeout(Duration::from_secs(60)).unwrap());
        assert_eq!((generation, result), (14, Ok(())));
    }

    #[test]
    fn a_cancel_stops_the_running_job_and_queues_nothing() {
        let (worker, rx, started) = worker(SLOW);
        worker.send(search(1));
        assert_eq!(started.recv_timeout(Duration::from_secs(60)), Ok(1));
        std::thread::sleep(Duration::from_millis(100)); // into its statement
        worker.cancel(Lane::Search, 2);
        let (generation, result) =
            generation_of(&rx.recv_timeout(Duration::from_secs(60)).unwrap());
        assert_eq!(generation, 1);
        assert!(result.is_err());
        assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
    }
}
