//! Outcomes on a large database: a one-year referral cohort followed up to any new record, from
//! the filter to the curves (index events, outcome dates, censoring, Kaplan-Meier per gender,
//! log-rank), against the `sqlite3` shell computing index, outcome and censoring for the same
//! people (benches/outcomes_sqlite3.sql), both timed in this one run; and the peak memory.
//!
//! Then the cohort seen at once (issue 13) for the same people: what came next to depth 3
//! (follow-up with the next records kept, and the tree), and the explorer's aligned view:
//! the computation that fills it, and a frame per scroll step at 160x48.
//!
//! `cargo bench --bench outcomes` (env `DFX_BENCH_DB`, default /tmp/dfx-bench-1m.db; made with
//! `dfexplorer generate --people 1000000 --seed 1 --out /tmp/dfx-bench-1m.db`; `DFX_BENCH_FROM`,
//! `DFX_BENCH_TO` for another range; `DFX_BENCH_REPEATS`, default 3).

#[path = "support/bench_db.rs"]
mod support;

use std::ops::ControlFlow;
use std::process::Command;
use std::time::{Duration, Instant};

use dfexplorer::outcomes::{self, Grouping, OutcomeKind, OutcomeSpec};

// The same allocator as the dfexplorer binary, so the figures are the shipped program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Anonymous resident memory of this process now (its heap, not the memory-mapped database
/// pages, which are the system's file cache), in MB (Linux; 0 elsewhere).
fn heap_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("RssAnon:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let Some((db, _)) = support::bench_db() else {
        return;
    };
    let database = dfexplorer::db::Database::open(&db).expect("database").0;
    let conn = database.connect().expect("connection");
    let from = env_or("DFX_BENCH_FROM", "2016-01-01");
    let to = env_or("DFX_BENCH_TO", "2016-12-31");
    let repeats: usize = env_or("DFX_BENCH_REPEATS", "3").parse().unwrap_or(3);
    let date = |s: &str| dfexplorer::dates::parse_user_date("date", s).expect("a date");
    let spec = OutcomeSpec {
        from: Some(date(&from)),
        to: Some(date(&to)),
        outcome: OutcomeKind::Any,
        by: Grouping::Gender,
        ..OutcomeSpec::default()
    };
    println!("database: {}; {}", db.display(), spec.describe());

    let mut times = Vec::new();
    let mut result = None;
    for _ in 0..repeats {
        let t = Instant::now();
        let follow = outcomes::follow_in(&database, &conn, &spec, |_| ControlFlow::Continue(()))
            .expect("follow-up");
        let report = outcomes::Report::build(&spec, &follow);
        times.push(t.elapsed());
        result = Some((follow, report));
    }
    let (follow, report) = result.expect("at least one run");
    let ours = median(times);
    let events: usize = follow.people.iter().filter(|p| p.event).count();
    println!(
        "dfexplorer: {} people followed up ({} with the outcome), {} groups, filter to curves in {:.0} ms (median of {repeats}; target <= 3000 at national scale); heap {:.0} MB holding the results",
        follow.people.len(),
        events,
        report.groups.len(),
        ours.as_secs_f64() * 1000.0,
        heap_mb(),
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("sq.csv");
    let next_day = spec.to.and_then(|d| d.succ_opt()).expect("a next day");
    let script = include_str!("outcomes_sqlite3.sql")
        .replace(":FROM", &from)
        .replace(":TO_EXCLUSIVE", &next_day.to_string())
        .replace(":END", &follow.window.to.to_string())
        .replace(":OUT", &out.display().to_string());
    let script_path = dir.path().join("outcomes.sql");
    std::fs::write(&script_path, script).expect("script");
    let t = Instant::now();
    let run = Command::new("/usr/bin/sqlite3")
        .arg("-bail")
        .arg("-readonly")
        .arg(&db)
        .stdin(std::fs::File::open(&script_path).expect("script"))
        .output();
    let shell = t.elapsed();
    match run {
        Ok(o) if o.status.success() && o.stderr.is_empty() => {
            let rows = std::fs::read_to_string(&out).map_or(0, |s| s.lines().count()) - 1;
            println!(
                "sqlite3 shell: {rows} people (it reads malformed dates as dates) in {:.0} ms",
                shell.as_secs_f64() * 1000.0
            );
            println!(
                "ratio (dfexplorer time / sqlite3 time; target <= 2): {:.2}",
                ours.as_secs_f64() / shell.as_secs_f64()
            );
        }
        Ok(o) => println!(
            "sqlite3 shell failed: {}",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => println!("sqlite3 shell not run: {e}"),
    }
    cohort_at_once(&database, &conn, &spec);
}

/// What came next and the aligned view, on the same cohort.
fn cohort_at_once(
    database: &dfexplorer::db::Database,
    conn: &rusqlite::Connection,
    spec: &OutcomeSpec,
) {
    use dfexplorer::tui::action::Action;
    use dfexplorer::tui::app::{App, Screen};
    use dfexplorer::tui::keymap::Key;
    use dfexplorer::tui::screens::cohort::CohortAnswer;
    use dfexplorer::tui::screens::outcomes::{Computed, View};
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    let spec = OutcomeSpec {
        keep_next: 3,
        ..spec.clone()
    };
    let t = Instant::now();
    let follow = outcomes::follow_in(database, conn, &spec, |_| ControlFlow::Continue(()))
        .expect("follow-up");
    let tree =
        outcomes::sequences::tree(&follow.people, 3, dfexplorer::disclosure::Rules::default());
    println!(
        "sequences, depth 3: {} branches for {} people in {:.0} ms (target <= 5000)",
        tree.len(),
        follow.people.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );

    // The explorer's computation for the aligned view (every record kept), then its frames.
    let spec = OutcomeSpec {
        keep_next: dfexplorer::tui::screens::outcomes::MAX_DEPTH,
        keep_records: true,
        ..spec
    };
    // The explorer asks for a preview of the first people first, then for everyone.
    let t = Instant::now();
    let preview = outcomes::follow(
        conn,
        &OutcomeSpec {
            first: Some(dfexplorer::tui::screens::outcomes::PREVIEW),
            ..spec.clone()
        },
        |_| ControlFlow::Continue(()),
    )
    .expect("preview");
    let preview_time = t.elapsed();
    let t = Instant::now();
    let mut first_rows = None;
    let follow = outcomes::follow_in(database, conn, &spec, |p| {
        if first_rows.is_none() && !p.new.is_empty() {
            first_rows = Some(t.elapsed());
        }
        ControlFlow::Continue(())
    })
    .expect("follow-up");
    let report = outcomes::Report::build(&spec, &follow);
    let density = dfexplorer::tui::screens::outcomes::aligned::Density::of(&follow.people);
    let computed = Computed {
        follow,
        report,
        density,
    };
    let compute = t.elapsed();
    let mut app = App::new(
        "bench.db",
        160,
        48,
        dfexplorer::tui::theme::Theme::from_env(),
    );
    app.cohort.filter = Some(spec.cohort_filter());
    app.screen = Screen::Outcomes;
    app.outcomes.view = View::Aligned;
    let generation = app.outcomes.generation;
    let t = Instant::now();
    dfexplorer::tui::update(
        &mut app,
        Action::Cohort(CohortAnswer::OutcomesDone {
            generation,
            result: Ok(Box::new(computed)),
        }),
    );
    let mut term = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    term.draw(|f| dfexplorer::tui::ui::draw(f, &app))
        .expect("draw");
    let first = t.elapsed();
    let mut steps = Vec::new();
    for i in 0..300 {
        let key = if i % 50 == 49 {
            Key::PageDown
        } else {
            Key::Down
        };
        let t = Instant::now();
        if let Some(a) = dfexplorer::tui::input::key_action(&app, key) {
            dfexplorer::tui::update(&mut app, a);
        }
        term.draw(|f| dfexplorer::tui::ui::draw(f, &app))
            .expect("draw");
        steps.push(t.elapsed());
    }
    println!(
        "aligned view, {} people: the first {} listed after {:.0} ms (the preview; target <= 200), the whole computation's first chunk {:.0} ms into it, all of them and the density after {:.0} ms, then drawn in {:.1} ms; scroll step to frame p50 {:.2} ms, p95 {:.2} ms (target <= 16)",
        app.outcomes.aligned.rows.len(),
        preview.people.len(),
        preview_time.as_secs_f64() * 1000.0,
        first_rows.unwrap_or_default().as_secs_f64() * 1000.0,
        compute.as_secs_f64() * 1000.0,
        first.as_secs_f64() * 1000.0,
        percentile(steps.clone(), 0.5).as_secs_f64() * 1000.0,
        percentile(steps, 0.95).as_secs_f64() * 1000.0,
    );
}
