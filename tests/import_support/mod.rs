//! Helpers shared by the import tests: hand-written rows for every contract table, a direct
//! SQLite writer for them, and a sorted dump of a database for comparisons.
#![allow(dead_code)]

use std::path::Path;

use dfexplorer::generate::sink::{RowSink, Value};
use dfexplorer::import::columns::{column_specs, ColumnKind};
use rusqlite::Connection;

/// Writes `per_table` rows into every contract table of `sink`, with NULLs, awkward text
/// (commas, quotes, new lines, non-ASCII) and dates.
pub fn write_hand_rows(sink: &mut dyn RowSink, per_table: usize) {
    for spec in dfexplorer::contract::tables() {
        let table: &'static str = spec.name.as_str();
        let cols = column_specs(table).unwrap();
        let n = if table == "extract_info" {
            3
        } else {
            per_table
        };
        for i in 0..n {
            let row: Vec<Value> = cols
                .iter()
                .enumerate()
                .map(|(c, col)| {
                    if !col.required() && (i + c) % 7 == 3 {
                        return Value::Null;
                    }
                    match col.kind {
                        ColumnKind::Integer => Value::Integer(i as i64 * 3 - 5),
                        ColumnKind::Real => Value::Real(i as f64 * 0.25),
                        ColumnKind::Text if col.is_date => Value::Text(format!(
                            "20{:02}-{:02}-{:02}",
                            10 + i % 12,
                            1 + i % 12,
                            1 + i % 28
                        )),
                        ColumnKind::Text if col.name == "topic" => Value::Text("coverage".into()),
                        ColumnKind::Text => Value::Text(match i % 5 {
                            0 => format!("{table}:{}:{i}", col.name),
                            1 => format!("Wrexham, \"W01\" é {i}"),
                            2 => format!("line one\nline two {i}"),
                            _ => format!("{}-{i}", col.name),
                        }),
                    }
                })
                .collect();
            sink.write_row(table, &row).unwrap();
        }
    }
    sink.finish().unwrap();
}

/// A plain SQLite writer: the contract schema, rows as given, indexes, ANALYZE.
pub struct DirectSink {
    conn: Connection,
}

impl DirectSink {
    pub fn create(path: &Path) -> DirectSink {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch(dfexplorer::contract::table_ddl())
            .unwrap();
        conn.execute_batch("BEGIN").unwrap();
        DirectSink { conn }
    }
}

impl RowSink for DirectSink {
    fn write_row(&mut self, table: &'static str, row: &[Value]) -> anyhow::Result<()> {
        let marks = vec!["?"; row.len()].join(",");
        let mut stmt = self
            .conn
            .prepare_cached(&format!("INSERT INTO {table} VALUES ({marks})"))?;
        stmt.execute(rusqlite::params_from_iter(row.iter()))?;
        Ok(())
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        self.conn.execute_batch("COMMIT")?;
        for stmt in dfexplorer::contract::index_ddl().split(';') {
            if let Some(at) = stmt.find("CREATE INDEX") {
                self.conn.execute_batch(&stmt[at..])?;
            }
        }
        Ok(())
    }
}

/// Every contract table's rows, each as text with its storage class, sorted.
pub fn dump(path: &Path) -> Vec<(String, Vec<String>)> {
    dump_with(path, false)
}

/// As [`dump`]; with `empty_is_null`, an empty string counts as NULL (CSV cannot tell them apart).
pub fn dump_with(path: &Path, empty_is_null: bool) -> Vec<(String, Vec<String>)> {
    let conn = Connection::open(path).unwrap();
    let mut out = Vec::new();
    for spec in dfexplorer::contract::tables() {
        if !dfexplorer::db::table_exists(&conn, &spec.name).unwrap() {
            continue;
        }
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {}", spec.name))
            .unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let mut cells = Vec::new();
                for i in 0..n {
                    let mut v: rusqlite::types::Value = r.get(i)?;
                    if empty_is_null && v == rusqlite::types::Value::Text(String::new()) {
                        v = rusqlite::types::Value::Null;
                    }
                    cells.push(format!("{v:?}"));
                }
                Ok(cells.join("|"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        out.push((spec.name.clone(), rows));
    }
    out
}

/// Runs `dfexplorer` with `args`; returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
