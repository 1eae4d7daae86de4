//! The SQLite layout: a contract database built in a temporary file next to the target and
//! renamed over it only when complete, so the target is never half-built.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use rusqlite::Connection;

use super::sink::{RowSink, Value};
use crate::output::{check_outputs, commit, OutputError, Target, TempOutput};

/// Rows per transaction: large, so commits cost little.
const ROWS_PER_TRANSACTION: u64 = 500_000;

/// Checks a generator's output (a database file or an extracts folder) before any work: the
/// generator reads nothing, so only the usual output rules apply, with the `--force` hint.
pub fn check_output(target: Target<'_>, force: bool) -> anyhow::Result<()> {
    check_outputs(&[target], &[], force).map_err(with_force_hint)
}

/// An output error; "already exists" says how to replace it.
pub fn with_force_hint(e: OutputError) -> anyhow::Error {
    match e {
        OutputError::Exists(p) => {
            anyhow::anyhow!("{} already exists; pass --force to replace it", p.display())
        }
        other => other.into(),
    }
}

/// Writes rows into a new contract database; `finish` indexes, analyses and moves it into place.
pub struct SqliteSink {
    conn: Option<Connection>,
    temp: Option<TempOutput>,
    force: bool,
    inserts: HashMap<&'static str, String>,
    rows_in_transaction: u64,
}

impl SqliteSink {
    /// Starts a database for `target` (refused if it exists, unless `force`).
    pub fn create(target: &Path, force: bool) -> anyhow::Result<SqliteSink> {
        check_output(Target::File(target), force)?;
        let temp = TempOutput::reserve(target)?;
        let conn = Connection::open(temp.path())
            .with_context(|| format!("cannot create {}", temp.path().display()))?;
        let sink = SqliteSink {
            conn: Some(conn),
            temp: Some(temp),
            force,
            inserts: insert_statements(),
            rows_in_transaction: 0,
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
        crate::output::fill_early_if_asked(conn);
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
        let temp = self
            .temp
            .take()
            .context("the database is already finished")?;
        std::fs::File::open(temp.path())
            .and_then(|f| f.sync_all())
            .with_context(|| format!("cannot write {}", temp.target().display()))?;
        commit(vec![temp], self.force).map_err(with_force_hint)
    }
}

impl Drop for SqliteSink {
    /// An unfinished build leaves nothing behind: the connection closes, then the temporary
    /// (dropped after it) removes itself.
    fn drop(&mut self) {
        drop(self.conn.take());
    }
}
