//! The SQLite layout: a contract database built in a temporary file next to the target and
//! renamed over it only when complete, so the target is never half-built.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use rusqlite::Connection;

use super::sink::{RowSink, Value};

/// Rows per transaction: large, so commits cost little.
const ROWS_PER_TRANSACTION: u64 = 500_000;

/// Why the output path cannot be used, in words a researcher understands.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{0} already exists; pass --force to replace it")]
    Exists(PathBuf),
    #[error("{0} is a folder; give a database file name such as {0}/datafirst.db")]
    IsDirectory(PathBuf),
    #[error("cannot write {path}: the folder {parent} does not exist")]
    MissingParent { path: PathBuf, parent: PathBuf },
}

/// Checks that `target` can be written, and returns the temporary path to build in.
pub fn prepare_output(target: &Path, force: bool) -> Result<PathBuf, OutputError> {
    if target.is_dir() {
        return Err(OutputError::IsDirectory(target.to_path_buf()));
    }
    if target.exists() && !force {
        return Err(OutputError::Exists(target.to_path_buf()));
    }
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(OutputError::MissingParent {
            path: target.to_path_buf(),
            parent,
        });
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "datafirst.db".into());
    Ok(parent.join(format!(".{name}.partial-{}", std::process::id())))
}

/// Writes rows into a new contract database; `finish` indexes, analyses and moves it into place.
pub struct SqliteSink {
    conn: Option<Connection>,
    temp: PathBuf,
    target: PathBuf,
    force: bool,
    inserts: HashMap<&'static str, String>,
    rows_in_transaction: u64,
    finished: bool,
}

impl SqliteSink {
    /// Starts a database for `target` (refused if it exists, unless `force`).
    pub fn create(target: &Path, force: bool) -> anyhow::Result<SqliteSink> {
        let temp = prepare_output(target, force)?;
        let _ = std::fs::remove_file(&temp);
        let conn =
            Connection::open(&temp).with_context(|| format!("cannot create {}", temp.display()))?;
        let sink = SqliteSink {
            conn: Some(conn),
            temp,
            target: target.to_path_buf(),
            force,
            inserts: insert_statements(),
            rows_in_transaction: 0,
            finished: false,
        };
        let conn = sink.conn()?;
        // Build speed over crash safety: a crash leaves only the temporary file, which is discarded.
        conn.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;
             PRAGMA cache_size = -131072;
             PRAGMA threads = 2;",
        )?;
        conn.set_prepared_statement_cache_capacity(32);
        conn.execute_batch(crate::contract::table_ddl())?;
        conn.execute_batch("BEGIN")?;
        Ok(sink)
    }

    fn conn(&self) -> anyhow::Result<&Connection> {
        self.conn.as_ref().context("the database is already closed")
    }

    fn insert_sql(&self, table: &'static str) -> anyhow::Result<&str> {
        self.inserts
            .get(table)
            .map(String::as_str)
            .with_context(|| format!("{table} is not a contract table"))
    }

    /// Commits every so many rows: large transactions, bounded work per commit.
    fn count_row(rows_in_transaction: &mut u64, conn: &Connection) -> anyhow::Result<()> {
        *rows_in_transaction += 1;
        if *rows_in_transaction >= ROWS_PER_TRANSACTION {
            conn.execute_batch("COMMIT; BEGIN")?;
            *rows_in_transaction = 0;
        }
        Ok(())
    }
}

/// The INSERT statement of every contract table.
fn insert_statements() -> HashMap<&'static str, String> {
    crate::contract::tables()
        .iter()
        .map(|t| {
            let marks = vec!["?"; t.columns.len()].join(", ");
            let sql = format!(
                "INSERT INTO {} ({}) VALUES ({marks})",
                t.name,
                t.columns.join(", ")
            );
            (t.name.as_str(), sql)
        })
        .collect()
}

impl RowSink for SqliteSink {
    fn write_row(&mut self, table: &'static str, row: &[Value]) -> anyhow::Result<()> {
        let conn = self
            .conn
            .as_ref()
            .context("the database is already closed")?;
        let mut stmt = conn.prepare_cached(self.insert_sql(table)?)?;
        stmt.execute(rusqlite::params_from_iter(row))
            .with_context(|| format!("cannot insert a row into {table}"))?;
        drop(stmt);
        Self::count_row(&mut self.rows_in_transaction, conn)
    }

    /// Prepares each table's statement once per batch instead of looking it up per row.
    fn write_rows(
        &mut self,
        rows: &mut dyn Iterator<Item = (&'static str, &[Value])>,
    ) -> anyhow::Result<()> {
        let conn = self
            .conn
            .as_ref()
            .context("the database is already closed")?;
        let mut statements: Vec<(&'static str, rusqlite::CachedStatement<'_>)> = Vec::new();
        for (table, row) in rows {
            let at = match statements.iter().position(|(t, _)| *t == table) {
                Some(i) => i,
                None => {
                    let sql = self
                        .inserts
                        .get(table)
                        .with_context(|| format!("{table} is not a contract table"))?;
                    statements.push((table, conn.prepare_cached(sql)?));
                    statements.len() - 1
                }
            };
            statements[at]
                .1
                .execute(rusqlite::params_from_iter(row))
                .with_context(|| format!("cannot insert a row into {table}"))?;
            Self::count_row(&mut self.rows_in_transaction, conn)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        let conn = self
            .conn
            .take()
            .context("the database is already finished")?;
        conn.execute_batch("COMMIT")?;
        // Index sorting is what would make memory grow with the data: sort in this thread with
        // a fixed budget, spilling to temporary files beyond it.
        conn.execute_batch("PRAGMA threads = 0; PRAGMA cache_size = -32768;")?;
        conn.execute_batch(crate::contract::index_ddl())
            .context("cannot create the indexes")?;
        conn.execute_batch("ANALYZE")?;
        conn.close().map_err(|(_, e)| e)?;
        if self.target.exists() && !self.force {
            bail!(OutputError::Exists(self.target.clone()));
        }
        std::fs::rename(&self.temp, &self.target).with_context(|| {
            format!(
                "cannot move {} to {}",
                self.temp.display(),
                self.target.display()
            )
        })?;
        self.finished = true;
        Ok(())
    }
}

impl Drop for SqliteSink {
    /// An unfinished build leaves nothing behind.
    fn drop(&mut self) {
        if !self.finished {
            drop(self.conn.take());
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}
