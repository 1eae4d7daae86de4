//! Generation speed and memory: runs the release binary for 100,000 people (and 1,000,000 with
//! `DFX_BENCH_1M=1`, or `4000000` people with `DFX_BENCH_PEOPLE=4000000`), parses its
//! summary line and prints rows, seconds, rows/s, peak memory and file size.
//!
//! `cargo bench --bench generate` (add `DFX_BENCH_1M=1` for the national-scale-ish run).

use std::process::Command;

fn field<'a>(line: &'a str, key: &str) -> &'a str {
    line.split_whitespace()
        .find_map(|kv| kv.strip_prefix(key).and_then(|v| v.strip_prefix('=')))
        .unwrap_or("?")
}

fn run(people: u64) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join(format!("bench-{people}.db"));
    let output = Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
        .args([
            "generate",
            "--people",
            &people.to_string(),
            "--seed",
            "1",
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("run dfexplorer generate");
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        eprintln!("generate --people {people} failed:\n{stderr}");
        std::process::exit(1);
    }
    let line = stderr
        .lines()
        .find(|l| l.starts_with("summary: "))
        .expect("a summary line");
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    let peak_kb: f64 = field(line, "peak_rss_kb").parse().unwrap_or(f64::NAN);
    println!(
        "generate --people {people:>9}: rows {:>11}  seconds {:>7}  rows/s {:>9}  peak RSS {:>7.1} MB  DB {:>8.1} MB",
        field(line, "rows"),
        field(line, "seconds"),
        field(line, "rows_per_sec"),
        peak_kb / 1024.0,
        size as f64 / 1_048_576.0
    );
}

fn main() {
    run(100_000);
    if std::env::var_os("DFX_BENCH_1M").is_some() {
        run(1_000_000);
    }
    if let Some(n) = std::env::var("DFX_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        run(n);
    }
}
