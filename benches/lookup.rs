//! ID lookup to assembled timeline on a large database: p50/p95 over random IDs of every kind,
//! and the ratio against running the same SQL statements in the `sqlite3` shell.
//!
//! `cargo bench --bench lookup` (env `DFX_BENCH_DB`, `DFX_BENCH_N`; default /tmp/dfx-bench-1m.db).

#[path = "support/bench_db.rs"]
mod bench_db;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dfexplorer::timeline::{assemble_with, resolve_with, DbContext};
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use rusqlite::Connection;

fn lookup(conn: &Connection, ctx: &DbContext, id: &str) -> usize {
    let refs = resolve_with(conn, ctx, id).expect("a sampled ID resolves");
    refs.iter()
        .map(|p| assemble_with(conn, ctx, p).expect("assemble").events.len())
        .sum()
}

fn pass(conn: &Connection, ctx: &DbContext, ids: &[(String, &str)]) -> (Vec<Duration>, usize) {
    let mut times = Vec::with_capacity(ids.len());
    let mut events = 0;
    for (id, _) in ids {
        let t = Instant::now();
        events += lookup(conn, ctx, id);
        times.push(t.elapsed());
    }
    (times, events)
}

fn main() {
    let Some((path, mut conn)) = bench_db::bench_db() else {
        return;
    };
    bench_db::describe(&conn);
    let n: usize = std::env::var("DFX_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let ids = bench_db::random_ids(&conn, n, 7);
    let ctx = DbContext::read(&conn).expect("schema");

    let (cold, events) = pass(&conn, &ctx, &ids);
    let (p50, p95, max) = bench_db::percentiles(cold.clone());
    println!(
        "lookup first pass: {} IDs, {events} events; p50 {p50:.3} ms, p95 {p95:.3} ms, max {max:.3} ms",
        ids.len()
    );
    let (hot, _) = pass(&conn, &ctx, &ids);
    let mut slowest: Vec<(Duration, &String, &str)> = hot
        .iter()
        .zip(&ids)
        .map(|(t, (id, k))| (*t, id, *k))
        .collect();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    // Re-timing the slowest IDs tells a costly person from a stall (e.g. a busy machine).
    for (t, id, kind) in slowest.iter().take(3) {
        let best = (0..20)
            .map(|_| {
                let t = Instant::now();
                lookup(&conn, &ctx, id);
                t.elapsed()
            })
            .min()
            .unwrap_or_default();
        println!(
            "  slowest: {kind} {id} {:.3} ms (best of 20 repeats {:.3} ms)",
            bench_db::ms(*t),
            bench_db::ms(best)
        );
    }
    let rust_mean = bench_db::ms(hot.iter().sum::<Duration>()) / ids.len() as f64;
    let (p50, p95, max) = bench_db::percentiles(hot);
    println!("lookup warm pass:  p50 {p50:.3} ms, p95 {p95:.3} ms, max {max:.3} ms, mean {rust_mean:.3} ms");
    for (kind, _) in bench_db::KINDS
        .iter()
        .map(|k| (k.1, ()))
        .collect::<std::collections::BTreeMap<_, _>>()
    {
        let of_kind: Vec<&(String, &str)> = ids.iter().filter(|i| i.1 == kind).collect();
        let times: Vec<Duration> = of_kind
            .iter()
            .map(|(id, _)| {
                let t = Instant::now();
                lookup(&conn, &ctx, id);
                t.elapsed()
            })
            .collect();
        let (p50, p95, _) = bench_db::percentiles(times);
        println!(
            "  by {kind:<26} n={:<4} p50 {p50:.3} ms, p95 {p95:.3} ms",
            of_kind.len()
        );
    }

    shell_ratio(&path, &mut conn, &ctx, &ids, rust_mean);
}

/// Records every statement a lookup runs (with its values bound), replays them all in the
/// `sqlite3` shell, and compares the mean time per ID.
fn shell_ratio(
    path: &std::path::Path,
    conn: &mut Connection,
    ctx: &DbContext,
    ids: &[(String, &str)],
    rust_mean: f64,
) {
    let shell = "/usr/bin/sqlite3";
    if !std::path::Path::new(shell).exists() {
        println!("sqlite3 shell not found at {shell}: skipping the ratio");
        return;
    }
    let statements = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = statements.clone();
    conn.trace_v2(
        TraceEventCodes::SQLITE_TRACE_STMT,
        Some(move |e: TraceEvent<'_>| {
            if let TraceEvent::Stmt(stmt, _) = e {
                if let Some(sql) = stmt.expanded_sql() {
                    sink.lock().unwrap().push(sql);
                }
            }
        }),
    )
    .expect("trace");
    for (id, _) in ids {
        lookup(conn, ctx, id);
    }
    conn.trace_v2(TraceEventCodes::empty(), None::<fn(TraceEvent<'_>)>)
        .expect("untrace");
    let statements = statements.lock().unwrap();
    let dir = tempfile::tempdir().expect("tempdir");
    let script = dir.path().join("lookups.sql");
    let mut f = std::fs::File::create(&script).expect("script");
    writeln!(f, "PRAGMA cache_size = -65536;").unwrap();
    for s in statements.iter() {
        writeln!(f, "{s};").unwrap();
    }
    drop(f);
    let run = |script: &std::path::Path| {
        let t = Instant::now();
        let status = std::process::Command::new(shell)
            .arg("-readonly")
            .arg(path)
            .stdin(std::fs::File::open(script).expect("open script"))
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run sqlite3");
        assert!(status.success());
        bench_db::ms(t.elapsed())
    };
    let empty = dir.path().join("empty.sql");
    std::fs::write(&empty, "SELECT 1;\n").unwrap();
    let baseline = run(&empty);
    let total = run(&script);
    let shell_mean = (total - baseline).max(0.0) / ids.len() as f64;
    println!(
        "sqlite3 shell: {} statements ({:.1} per ID), {total:.1} ms total, {baseline:.1} ms start-up; mean {shell_mean:.3} ms per ID",
        statements.len(),
        statements.len() as f64 / ids.len() as f64
    );
    println!(
        "ratio (dfexplorer warm mean / sqlite3 shell mean): {:.2}",
        rust_mean / shell_mean.max(1e-9)
    );
}
