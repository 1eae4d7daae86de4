//! Render benchmarks for the explorer.
//!
//! 1. Drawing one frame of the person screen for a person with 200 records (target <= 5 ms),
//!    at 80x24 and 160x48, into ratatui's TestBackend (layout, chart, table, header, footer);
//!    and for a person with 50,000 records, opening them (lanes packed, first frame drawn;
//!    target <= 1 s) and a key press to the next frame (p95 target <= 16 ms), at 120x40.
//! 2. Time to first frame: the real binary started in a pseudo-terminal until the search screen
//!    is on it (target <= 200 ms).
//!
//! Run with `cargo bench --bench render` (release build). Prints median and p95.

#[path = "../tests/common/mod.rs"]
mod common;

#[path = "../tests/pty_support/mod.rs"]
mod pty_support;

use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dfexplorer::tui::app::App;
use dfexplorer::tui::theme::Theme;
use dfexplorer::tui::{ui, update};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn report(name: &str, mut samples: Vec<Duration>, target: Duration) {
    samples.sort();
    let median = percentile(&samples, 0.5);
    let p95 = percentile(&samples, 0.95);
    println!(
        "{name}: median {:.3} ms, p95 {:.3} ms, max {:.3} ms over {} runs (target <= {} ms) {}",
        median.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3,
        samples.last().unwrap().as_secs_f64() * 1e3,
        samples.len(),
        target.as_millis(),
        if p95 <= target { "OK" } else { "OVER" }
    );
}

fn bench_frame(width: u16, height: u16) {
    let mut app = App::new("bench.db", width, height, Theme { color: true });
    app.outbox.clear();
    common::open(&mut app, common::big_person(200));
    assert_eq!(app.person.as_ref().unwrap().timeline.events.len(), 200);
    let mut term = Terminal::new(TestBackend::new(width, height)).unwrap();
    let keys = [
        dfexplorer::tui::keymap::Command::Right,
        dfexplorer::tui::keymap::Command::ZoomIn,
        dfexplorer::tui::keymap::Command::Right,
        dfexplorer::tui::keymap::Command::ZoomFit,
    ];
    for _ in 0..20 {
        term.draw(|f| ui::draw(f, &app)).unwrap();
    }
    let mut samples = Vec::new();
    let mut cpu_samples = Vec::new();
    for i in 0..500 {
        // Move the selection now and then, as a researcher would.
        update(
            &mut app,
            dfexplorer::tui::Action::Command(keys[i % keys.len()]),
        );
        let (t, cpu) = (Instant::now(), thread_cpu());
        term.draw(|f| ui::draw(f, &app)).unwrap();
        samples.push(t.elapsed());
        cpu_samples.push(thread_cpu() - cpu);
    }
    report(
        &format!("frame, person with 200 records, {width}x{height}, wall"),
        samples,
        Duration::from_millis(5),
    );
    report(
        &format!("frame, person with 200 records, {width}x{height}, thread CPU"),
        cpu_samples,
        Duration::from_millis(5),
    );
}

/// A person with 50,000 records: the time to open them (the view is built, lanes packed, and
/// the first frame drawn) and from each key press to its frame.
fn bench_big_person() {
    const RECORDS: usize = 50_000;
    let timeline = common::big_person(RECORDS);
    let (width, height) = (120, 40);
    let mut app = App::new("bench.db", width, height, Theme { color: true });
    app.outbox.clear();
    let mut term = Terminal::new(TestBackend::new(width, height)).unwrap();
    let t = Instant::now();
    common::open(&mut app, timeline);
    term.draw(|f| ui::draw(f, &app)).unwrap();
    let open = t.elapsed();
    println!(
        "person with {RECORDS} records: open and first frame {:.1} ms (target <= 1000 ms) {}",
        open.as_secs_f64() * 1e3,
        if open <= Duration::from_secs(1) {
            "OK"
        } else {
            "OVER"
        }
    );
    use dfexplorer::tui::keymap::Command;
    let keys = [
        Command::Down,
        Command::Down,
        Command::PageDown,
        Command::Right,
        Command::ZoomIn,
        Command::Up,
        Command::ZoomFit,
        Command::Bottom,
        Command::Top,
    ];
    let mut samples = Vec::new();
    for i in 0..300 {
        let t = Instant::now();
        update(
            &mut app,
            dfexplorer::tui::Action::Command(keys[i % keys.len()]),
        );
        term.draw(|f| ui::draw(f, &app)).unwrap();
        samples.push(t.elapsed());
    }
    report(
        &format!("key press to frame, person with {RECORDS} records, {width}x{height}"),
        samples,
        Duration::from_millis(16),
    );
}

/// CPU time of this thread: unlike wall time, not inflated when a busy machine preempts us.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Starts the binary and returns the time until the search screen is drawn.
fn first_frame(db: &Path) -> Duration {
    let (master, slave) = pty_support::open_pty(120, 40);
    let slave_fd = slave.as_raw_fd();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dfexplorer"));
    cmd.arg("--db")
        .arg(db)
        .env("TERM", "xterm-256color")
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave));
    unsafe {
        use std::os::unix::process::CommandExt;
        cmd.pre_exec(move || {
            libc::setsid();
            libc::ioctl(slave_fd, libc::TIOCSCTTY as _, 0);
            Ok(())
        });
    }
    let started = Instant::now();
    let mut child = cmd.spawn().expect("start dfexplorer");
    drop(cmd);
    let mut master = std::fs::File::from(master);
    let mut parser = vt100::Parser::new(40, 120, 0);
    let mut buf = [0u8; 65536];
    let elapsed = loop {
        let n = master.read(&mut buf).expect("read the pty");
        parser.process(&buf[..n]);
        if buf[..n].windows(4).any(|w| w == b"\x1b[6n") {
            let (r, c) = parser.screen().cursor_position();
            let _ = write!(master, "\x1b[{};{}R", r + 1, c + 1);
        }
        if parser
            .screen()
            .contents()
            .contains("Find a person by any ID")
        {
            break started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no first frame"
        );
    };
    let _ = master.write_all(b"\x03");
    while master.read(&mut buf).map(|n| n > 0).unwrap_or(false) {}
    let _ = child.wait();
    elapsed
}

fn bench_db() -> (PathBuf, Option<tempfile::TempDir>) {
    let sample = dfexplorer::cli::sample_db_path();
    if sample.exists() {
        return (sample, None);
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(dfexplorer::contract::SCHEMA_SQL)
        .unwrap();
    (db, Some(dir))
}

fn main() {
    bench_frame(80, 24);
    bench_frame(160, 48);
    bench_big_person();
    let (db, _keep) = bench_db();
    let mut databases = vec![db];
    // The large database the other benches use, when it is there: start-up must not depend on size.
    let large = std::env::var_os("DFX_BENCH_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/dfx-bench-1m.db"));
    if large.exists() {
        databases.push(large);
    }
    for db in databases {
        let samples: Vec<Duration> = (0..15).map(|_| first_frame(&db)).collect();
        report(
            &format!("time to first frame ({})", db.display()),
            samples,
            Duration::from_millis(200),
        );
    }
}
