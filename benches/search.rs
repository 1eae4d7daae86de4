//! Search as a researcher types: random IDs of every kind typed one character at a time; for each
//! keystroke, the time to the first results (the direct stage: exact + prefix) and to the fuzzy
//! stage after it.
//!
//! `cargo bench --bench search` (env `DFX_BENCH_DB`, `DFX_BENCH_N`; default /tmp/dfx-bench-1m.db).

#[path = "support/bench_db.rs"]
mod bench_db;

use std::time::{Duration, Instant};

use dfexplorer::search::{search_stage, SearchStage};
use dfexplorer::timeline::DbContext;

const LIMIT: usize = 20;

fn main() {
    let Some((_, conn)) = bench_db::bench_db() else {
        return;
    };
    bench_db::describe(&conn);
    let n: usize = std::env::var("DFX_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let ids = bench_db::random_ids(&conn, n, 11);
    let ctx = DbContext::read(&conn).expect("schema");
    let (mut direct, mut fuzzy, mut both) = (Vec::new(), Vec::new(), Vec::new());
    let mut found_exact = 0;
    for (id, _) in &ids {
        let ends: Vec<usize> = id.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
        for end in ends {
            let typed = &id[..end];
            let t = Instant::now();
            let first = search_stage(&conn, &ctx, typed, SearchStage::Direct, LIMIT, &[])
                .expect("direct stage");
            let d = t.elapsed();
            let t = Instant::now();
            let rest = search_stage(&conn, &ctx, typed, SearchStage::Fuzzy, LIMIT, &first)
                .expect("fuzzy stage");
            let f = t.elapsed();
            if end == id.len() && first.iter().any(|h| &h.matched == id) {
                found_exact += 1;
            }
            std::hint::black_box(rest);
            direct.push(d);
            fuzzy.push(f);
            both.push(d + f);
        }
    }
    let keystrokes = direct.len();
    let report = |name: &str, v: Vec<Duration>| {
        let (p50, p95, max) = bench_db::percentiles(v);
        println!("  {name:<22} p50 {p50:.3} ms, p95 {p95:.3} ms, max {max:.3} ms");
    };
    println!(
        "search: {} IDs typed char by char, {keystrokes} keystrokes, limit {LIMIT}; full ID found exactly for {found_exact}",
        ids.len()
    );
    report("first results (direct)", direct);
    report("fuzzy stage", fuzzy);
    report("direct + fuzzy", both);
}
