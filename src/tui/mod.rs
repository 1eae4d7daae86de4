//! The interactive explorer: state + actions + a pure `update`, rendering as a pure function of
//! the state, a worker thread for every query, and a keymap that is data.
//!
//! The event loop waits for something to happen (a key, a mouse event, a resize, a worker
//! answer), drains everything else already pending, applies it all, then draws once.

pub mod action;
pub mod app;
pub mod input;
pub mod keymap;
pub mod lanes;
pub mod rules;
pub mod screens;
pub mod terminal;
pub mod theme;
pub mod timeline_view;
pub mod ui;
pub mod update;
pub mod worker;

use std::sync::mpsc::{self, Receiver, Sender};

use ratatui::crossterm::event;

pub use action::{Action, Request};
pub use app::App;
pub use update::update;

use worker::Worker;

/// Messages for the event loop: terminal input, or an action from the worker.
enum Incoming {
    Terminal(event::Event),
    Action(Action),
}

/// Runs the explorer on a database. Opening errors are returned before the screen is touched.
pub fn run(database: &crate::db::Database) -> anyhow::Result<i32> {
    let (tx, rx) = mpsc::channel::<Incoming>();
    let (answers_tx, answers_rx) = mpsc::channel::<Action>();
    // Connect first: a database problem is printed plainly, not drawn.
    let cohort_worker = screens::cohort::CohortWorker::start(database, answers_tx.clone())?;
    let worker = Worker::start(database, answers_tx)?;
    forward_answers(answers_rx, tx.clone());

    let mut guard = terminal::TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    let mut app = App::new(
        database.file_name(),
        size.width,
        size.height,
        theme::Theme::from_env(),
    );
    read_terminal_events(tx);

    loop {
        for request in app.outbox.drain(..) {
            match request {
                Request::Cohort(r) => cohort_worker.send(r),
                other => worker.send(other),
            }
        }
        if let Some(text) = app.clipboard.take() {
            terminal::copy_to_clipboard(&text);
        }
        guard.terminal.draw(|f| ui::draw(f, &app))?;
        if app.quit {
            break;
        }
        let Ok(first) = rx.recv() else { break };
        let mut batch = vec![first];
        batch.extend(rx.try_iter());
        // Ctrl-C quits at once, ahead of any keys queued before it.
        if batch.iter().any(is_interrupt) {
            break;
        }
        for incoming in batch {
            let action = match incoming {
                Incoming::Terminal(ev) => input::event_action(&app, ev),
                Incoming::Action(a) => Some(a),
            };
            if let Some(a) = action {
                update(&mut app, a);
            }
            if app.quit {
                break;
            }
        }
        if app.quit {
            break;
        }
    }
    drop(guard);
    // An export still running on the cohort worker is abandoned: its temporaries go now.
    if crate::output::discard_unfinished() > 0 {
        eprintln!("export cancelled on quitting; nothing was written");
    }
    terminal::report_worker_panics();
    Ok(0)
}

/// Ctrl-C, which always quits.
fn is_interrupt(incoming: &Incoming) -> bool {
    matches!(incoming, Incoming::Terminal(event::Event::Key(k))
        if k.kind == event::KeyEventKind::Press
            && input::key_of(k) == Some(keymap::Key::Ctrl('c')))
}

fn forward_answers(answers: Receiver<Action>, tx: Sender<Incoming>) {
    std::thread::spawn(move || {
        for a in answers {
            if tx.send(Incoming::Action(a)).is_err() {
                break;
            }
        }
    });
}

/// Terminal input on its own thread, so the loop can wait on one channel for everything.
fn read_terminal_events(tx: Sender<Incoming>) {
    std::thread::spawn(move || {
        while let Ok(ev) = event::read() {
            if tx.send(Incoming::Terminal(ev)).is_err() {
                break;
            }
        }
    });
}
