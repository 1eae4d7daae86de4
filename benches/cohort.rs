//! Cohorts on a large database: for a one-year referral range, the time to the first people
//! listed and to the exact count; then the export of that cohort with its events (rows/s), and
//! the ratio against the `sqlite3` shell writing the same rows with `.mode csv`
//! (benches/cohort_sqlite3.sql), both timed in this one run.
//!
//! `cargo bench --bench cohort` (env `DFX_BENCH_DB`, default /tmp/dfx-bench-1m.db made with
//! `dfexplorer generate --people 1000000 --seed 1 --out /tmp/dfx-bench-1m.db`; `DFX_BENCH_FROM`,
//! `DFX_BENCH_TO` for another range; `DFX_BENCH_REPEATS`, default 5).

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use dfexplorer::cohort::{self, CohortFilter};

// The same allocator as the dfexplorer binary, so the figures are the shipped program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use dfexplorer::export::{self, ExportRequest};

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn lines(p: &Path) -> usize {
    std::fs::read_to_string(p)
        .map(|s| s.lines().count())
        .unwrap_or(0)
}

fn main() {
    let db = PathBuf::from(env_or("DFX_BENCH_DB", "/tmp/dfx-bench-1m.db"));
    let conn = match dfexplorer::db::open_read_only(&db) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("skipping: {e} (set DFX_BENCH_DB or generate /tmp/dfx-bench-1m.db)");
            return;
        }
    };
    let from = env_or("DFX_BENCH_FROM", "2016-01-01");
    let to = env_or("DFX_BENCH_TO", "2016-12-31");
    let repeats: usize = env_or("DFX_BENCH_REPEATS", "5").parse().unwrap_or(5);
    let filter = CohortFilter::from_text(&from, &to).expect("a valid range");
    println!("database: {}; cohort: {}", db.display(), filter.describe());

    // Listing: first people shown, then the exact count.
    let (mut firsts, mut totals) = (Vec::new(), Vec::new());
    let mut members = Vec::new();
    let mut scan = Default::default();
    for _ in 0..repeats {
        let t = Instant::now();
        let mut first = None;
        let (m, s) = cohort::scan(&conn, &filter, |p| {
            if first.is_none() && p.members_so_far > 0 {
                first = Some(t.elapsed());
            }
            ControlFlow::Continue(())
        })
        .expect("scan");
        totals.push(t.elapsed());
        firsts.push(first.unwrap_or_default());
        members = m;
        scan = s;
    }
    println!(
        "listing: first people after {:.1} ms (median of {repeats}; target <= 100), exact count {} after {:.1} ms (median; target <= 1000)",
        ms(median(firsts)),
        members.len(),
        ms(median(totals)),
    );

    // Export with events, timed from the scan as the sqlite3 script selects the cohort too.
    let dir = tempfile::tempdir().expect("tempdir");
    let problems = cohort::referral_date_problems(&conn).expect("referral problems");
    let t = Instant::now();
    let (members, scan2) =
        cohort::scan(&conn, &filter, |_| ControlFlow::Continue(())).expect("scan");
    let scan_time = t.elapsed();
    let req = ExportRequest {
        people_path: dir.path().join("people.csv"),
        events_path: Some(dir.path().join("events.csv")),
        flag_columns: false,
        force: false,
        filter: filter.clone(),
        marked_only: false,
        disclosure: Default::default(),
    };
    let database = dfexplorer::db::Database::open(&db).expect("database").0;
    let (req_people, req_events) = (req.people_path.clone(), req.events_path.clone().unwrap());
    let t_export = Instant::now();
    let summary = export::export_cohort(&database, &req, &members, &scan2, &problems, |_| {
        ControlFlow::Continue(())
    })
    .expect("export");
    let export_time = t_export.elapsed();
    let ours = scan_time + export_time;
    let rows = summary.people_rows + summary.event_rows.unwrap_or(0);
    let _ = scan;
    println!(
        "export: {} people + {} event rows in {:.0} ms (scan {:.0} ms + export {:.0} ms): {:.0} rows/s",
        summary.people_rows,
        summary.event_rows.unwrap_or(0),
        ms(ours),
        ms(scan_time),
        ms(export_time),
        rows as f64 / ours.as_secs_f64()
    );

    // The sqlite3 shell, same cohort, same rows.
    let next_day = filter
        .referral_to
        .and_then(|d| d.succ_opt())
        .map(|d| d.to_string())
        .unwrap_or_else(|| "9999-12-31".into());
    let sq_people = dir.path().join("sq_people.csv");
    let sq_events = dir.path().join("sq_events.csv");
    let script = include_str!("cohort_sqlite3.sql")
        .replace(":FROM", &from)
        .replace(":TO_EXCLUSIVE", &next_day)
        .replace(":PEOPLE", &sq_people.display().to_string())
        .replace(":EVENTS", &sq_events.display().to_string());
    let script_path = dir.path().join("export.sql");
    std::fs::write(&script_path, script).expect("script");
    let t = Instant::now();
    let out = Command::new("/usr/bin/sqlite3")
        .arg("-bail")
        .arg("-readonly")
        .arg(&db)
        .stdin(std::fs::File::open(&script_path).expect("script"))
        .output();
    let shell = t.elapsed();
    match out {
        Ok(o) if o.status.success() && o.stderr.is_empty() => {
            let sq_rows = lines(&sq_people) + lines(&sq_events) - 2;
            let header = |p: &Path| {
                std::fs::read_to_string(p)
                    .ok()
                    .and_then(|s| s.lines().next().map(str::to_string))
            };
            let same_columns = header(&sq_events) == header(req.events_path.as_ref().unwrap())
                && header(&sq_people) == header(&req.people_path);
            println!(
                "sqlite3 shell: {sq_rows} rows ({} people; it also takes malformed referral dates such as 2016-02-30 as in range) in {:.0} ms: {:.0} rows/s; same columns: {same_columns}",
                lines(&sq_people) - 1,
                ms(shell),
                sq_rows as f64 / shell.as_secs_f64()
            );
            println!(
                "ratio (sqlite3 time / dfexplorer time, >= 1 means at least as fast): {:.2}",
                shell.as_secs_f64() / ours.as_secs_f64()
            );
        }
        Ok(o) => println!(
            "sqlite3 shell failed: {}",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => println!("sqlite3 shell not run: {e}"),
    }

    // The same export as parquet.
    let pq = ExportRequest {
        people_path: dir.path().join("people.parquet"),
        events_path: Some(dir.path().join("events.parquet")),
        // Its loaders replace the CSV export's (same name, same folder).
        force: true,
        ..req
    };
    let t = Instant::now();
    let s = export::export_cohort(&database, &pq, &members, &scan2, &problems, |_| {
        ControlFlow::Continue(())
    })
    .expect("parquet export");
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    println!(
        "parquet export: {} + {} rows in {:.0} ms ({:.1} MB; CSV {:.1} MB)",
        s.people_rows,
        s.event_rows.unwrap_or(0),
        ms(t.elapsed()),
        size(&pq.people_path) + size(pq.events_path.as_ref().unwrap()),
        size(&req_people) + size(&req_events),
    );
}
