//! Helpers shared by the generator tests: run the real binary, read a database's contents.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

pub fn dfexplorer(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
        .args(args)
        .output()
        .expect("run dfexplorer")
}

pub fn generate(people: u64, seed: u64, out: &Path) -> Output {
    let o = dfexplorer(&[
        "generate",
        "--people",
        &people.to_string(),
        "--seed",
        &seed.to_string(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        o.status.success(),
        "generate failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Every contract table's rows, each row as text, sorted: content independent of file layout.
pub fn contents(db: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open");
    dfexplorer::contract::tables()
        .iter()
        .map(|t| {
            let sql = format!("SELECT {} FROM {}", t.columns.join(", "), t.name);
            let mut stmt = conn.prepare(&sql).expect("prepare");
            let n = t.columns.len();
            let mut rows: Vec<Vec<String>> = stmt
                .query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            let v: rusqlite::types::Value = r.get(i)?;
                            Ok(format!("{v:?}"))
                        })
                        .collect()
                })
                .expect("query")
                .collect::<Result<_, _>>()
                .expect("rows");
            rows.sort();
            (t.name.clone(), rows)
        })
        .collect()
}

pub fn count(conn: &rusqlite::Connection, sql: &str) -> f64 {
    conn.query_row(sql, [], |r| r.get::<_, f64>(0)).expect(sql)
}
