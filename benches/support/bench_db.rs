//! Shared by the benchmarks: which database to use, random IDs of every kind, percentiles.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rusqlite::Connection;

/// The database to measure: `DFX_BENCH_DB`, else `/tmp/dfx-bench-1m.db` (made with
/// `dfexplorer generate --people 1000000 --seed 1 --out /tmp/dfx-bench-1m.db`).
pub fn bench_db() -> Option<(PathBuf, Connection)> {
    let path = std::env::var_os("DFX_BENCH_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/dfx-bench-1m.db"));
    match dfexplorer::db::open_read_only(&path) {
        Ok(conn) => Some((path, conn)),
        Err(e) => {
            eprintln!("skipping: {e} (set DFX_BENCH_DB or generate /tmp/dfx-bench-1m.db)");
            None
        }
    }
}

pub fn describe(conn: &Connection) {
    let people: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT DISTINCT estimated_xjs_id FROM xjs_link)",
            [],
            |r| r.get(0),
        )
        .unwrap_or(-1);
    let stats = dfexplorer::db::table_exists(conn, "sqlite_stat1").unwrap_or(false);
    println!(
        "database: {people} linked people; ANALYZE statistics {}",
        if stats { "present" } else { "absent" }
    );
}

/// (table, column) pairs IDs are drawn from: every kind a researcher may type.
pub const KINDS: &[(&str, &str)] = &[
    ("xjs_link", "estimated_xjs_id"),
    ("magistrates_case", "row_id_hash"),
    ("magistrates_case", "case_id_hash"),
    ("magistrates_case", "estimated_defendant_id"),
    ("crown_case", "row_id_hash"),
    ("crown_case", "defendant_on_case_id_hash"),
    ("crown_case", "case_id_hash"),
    ("crown_case", "estimated_defendant_id"),
    ("prison_custodial_journey", "row_id_hash"),
    ("prison_custodial_journey", "estimated_offender_id"),
    ("probation_flatfile", "row_id_hash"),
    ("probation_flatfile", "event_id_hash"),
    ("probation_flatfile", "estimated_offender_id"),
];

/// `n` random IDs, kinds drawn uniformly, rows drawn uniformly by rowid.
pub fn random_ids(conn: &Connection, n: usize, seed: u64) -> Vec<(String, &'static str)> {
    let mut rng = SmallRng::seed_from_u64(seed);
    let kinds: Vec<(&str, &str, i64)> = KINDS
        .iter()
        .filter_map(|&(t, c)| {
            let max: i64 = conn
                .query_row(&format!("SELECT max(rowid) FROM {t}"), [], |r| r.get(0))
                .ok()?;
            Some((t, c, max))
        })
        .collect();
    let mut out = Vec::with_capacity(n);
    while out.len() < n && !kinds.is_empty() {
        let (t, c, max) = kinds[rng.gen_range(0..kinds.len())];
        let at = rng.gen_range(1..=max.max(1));
        let sql = format!("SELECT {c} FROM {t} WHERE rowid >= ?1 AND {c} IS NOT NULL LIMIT 1");
        if let Ok(Some(v)) = conn.query_row(&sql, [at], |r| dfexplorer::db::row_text(r, 0)) {
            out.push((v, c));
        }
    }
    out
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// p50, p95, max in milliseconds.
pub fn percentiles(mut samples: Vec<Duration>) -> (f64, f64, f64) {
    if samples.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    samples.sort();
    let at = |q: f64| ms(samples[((samples.len() - 1) as f64 * q).round() as usize]);
    (at(0.50), at(0.95), at(1.0))
}
