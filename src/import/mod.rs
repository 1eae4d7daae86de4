//! Building the local SQLite copy from delivered extracts (parquet parts and CSV).
//!
//! The database is built in a hidden temporary file next to the target: tables from the
//! contract, rows streamed file by file (a reader thread decodes batches while SQLite inserts
//! them), catalogue notes, then the indexes, `ANALYZE` and the contract check. Only then is the
//! file moved into place, so a failed or interrupted import leaves nothing at the target, and an
//! existing target is replaced only with `force`.
//!
//! Tables for which no file was given are dropped (the explorer then reports their dataset as
//! absent), except `xjs_link`, `catalogue_notes` and `extract_info`. When no catalogue notes
//! arrive (no `moj_catalogue_notes_*` file, no `--catalogue`), the built-in notes are written.

mod batch;
mod catalogue;
pub mod columns;
pub mod dates;
mod error;
mod load;
mod read;
pub mod sources;
mod summary;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use rusqlite::Connection;

pub use error::ImportError;
pub use sources::TableGlob;
pub use summary::{ImportSummary, Rejection, TableSummary};

use crate::contract;
use crate::output::{check_outputs, commit, OutputError, Target, TempOutput};

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub out: PathBuf,
    pub force: bool,
    pub sources: Vec<PathBuf>,
    pub tables: Vec<TableGlob>,
    pub catalogue: Option<PathBuf>,
    /// The extract date, recorded in `extract_info` (replacing one delivered in the extracts).
    pub extract_date: Option<chrono::NaiveDate>,
    /// Observation windows per dataset, recorded in `extract_info` as `coverage.<dataset>`.
    pub coverage: Vec<(crate::contract::Dataset, crate::observation::Window)>,
}

/// What the import reports as it goes; the CLI draws progress bars from it.
pub trait ImportProgress {
    /// `total_work` is in the unit of [`ImportProgress::advanced`]'s `work`: bytes for CSV,
    /// rows for parquet (summed over the table's files).
    fn table_started(&mut self, _table: &str, _files: usize, _total_work: u64) {}
    /// Rows loaded into the table so far, and work done.
    fn advanced(&mut self, _rows: u64, _work: u64) {}
    fn table_finished(&mut self, _table: &str, _rows: u64, _rejected: u64) {}
    /// A finishing step started (indexes, ANALYZE, check).
    fn step(&mut self, _what: &str) {}
}

/// Reports nothing.
pub struct NoProgress;
impl ImportProgress for NoProgress {}

/// Lets another thread (a Ctrl-C handler) stop an import, including a long SQL statement.
#[derive(Default)]
pub struct Cancel {
    flag: AtomicBool,
    interrupt: Mutex<Option<rusqlite::InterruptHandle>>,
}

impl Cancel {
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::SeqCst);
        if let Ok(guard) = self.interrupt.lock() {
            if let Some(h) = guard.as_ref() {
                h.interrupt();
            }
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    fn attach(&self, conn: Option<&Connection>) {
        if let Ok(mut guard) = self.interrupt.lock() {
            *guard = conn.map(Connection::get_interrupt_handle);
        }
    }
}

pub fn import(
    opts: &ImportOptions,
    progress: &mut dyn ImportProgress,
    cancel: &Cancel,
) -> Result<ImportSummary, ImportError> {
    let started = Instant::now();
    let plan = sources::plan(&opts.sources, &opts.tables)?;
    if let Some(path) = &opts.catalogue {
        // Found missing now, not after loading every table.
        if !path.is_file() {
            return Err(ImportError::Catalogue {
                path: path.clone(),
                message: "the file does not exist".into(),
            });
        }
    }
    check_target(opts, &plan)?;
    let temp = TempOutput::reserve(&opts.out).map_err(target_error)?;
    let temp_path = temp.path();
    let result = (|| {
        let conn = Connection::open(&temp_path).map_err(ImportError::sqlite(format!(
            "creating {}",
            temp_path.display()
        )))?;
        crate::output::fill_early_if_asked(&conn);
        cancel.attach(Some(&conn));
        let r = build(&conn, &plan, opts, progress, cancel, started);
        cancel.attach(None);
        let summary = r?;
        conn.close()
            .map_err(|(_, e)| ImportError::sqlite("closing the database")(e))?;
        Ok(summary)
    })();
    let mut summary = result.map_err(|e| match e {
        ImportError::Interrupted(_) => ImportError::Interrupted(opts.out.clone()),
        ImportError::Sqlite { source, .. } if cancel.is_cancelled() => {
            let _ = source;
            ImportError::Interrupted(opts.out.clone())
        }
        other => other,
    })?;
    if cancel.is_cancelled() {
        return Err(ImportError::Interrupted(opts.out.clone()));
    }
    std::fs::File::open(&temp_path)
        .and_then(|f| f.sync_all())
        .map_err(|e| ImportError::io(&opts.out, e))?;
    commit(vec![temp], opts.force).map_err(target_error)?;
    summary.skipped_files = plan.skipped;
    summary.target = opts.out.clone();
    summary.total_seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Checks the target against every input (sources, the files found in them, the catalogue).
fn check_target(opts: &ImportOptions, plan: &sources::SourcePlan) -> Result<(), ImportError> {
    let mut inputs: Vec<&Path> = opts.sources.iter().map(PathBuf::as_path).collect();
    inputs.extend(plan.tables.values().flatten().map(|f| f.path.as_path()));
    inputs.extend(opts.catalogue.as_deref());
    check_outputs(&[Target::File(&opts.out)], &inputs, opts.force).map_err(target_error)
}

/// The import's own words for the common cases (they name its flags).
fn target_error(e: OutputError) -> ImportError {
    match e {
        OutputError::Exists(p) => ImportError::TargetExists(p),
        OutputError::IsFolder(p) => ImportError::TargetIsFolder(p),
        OutputError::NoFolder(folder) => ImportError::TargetFolderMissing(folder),
        other => ImportError::Output(other),
    }
}

fn build(
    conn: &Connection,
    plan: &sources::SourcePlan,
    opts: &ImportOptions,
    progress: &mut dyn ImportProgress,
    cancel: &Cancel,
    started: Instant,
) -> Result<ImportSummary, ImportError> {
    let sql = |context: &str| ImportError::sqlite(context.to_string());
    conn.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;
         PRAGMA cache_size = -65536; PRAGMA temp_store = FILE;",
    )
    .map_err(sql("setting up"))?;
    conn.execute_batch(contract::table_ddl())
        .map_err(sql("creating the contract tables"))?;
    let mut summary = ImportSummary::default();
    for spec in contract::tables() {
        let Some(files) = plan.tables.get(&spec.name) else {
            continue;
        };
        conn.execute_batch("BEGIN").map_err(sql("starting"))?;
        let table = load::TableLoad {
            conn,
            table: &spec.name,
            progress: &mut *progress,
            cancel,
        }
        .load(files)?;
        conn.execute_batch("COMMIT").map_err(sql("saving rows"))?;
        summary.tables.push(table);
    }
    summary.load_seconds = started.elapsed().as_secs_f64();

    if let Some(path) = &opts.catalogue {
        summary.catalogue_notes += catalogue::load_catalogue(conn, path)?;
        summary.catalogue_source = path.display().to_string();
    }
    let from_files = summary
        .tables
        .iter()
        .find(|t| t.table == contract::CATALOGUE_TABLE)
        .map_or(0, |t| t.rows);
    if from_files > 0 {
        summary.catalogue_notes += from_files;
        if summary.catalogue_source.is_empty() {
            summary.catalogue_source = "extract files".into();
        }
    }
    if summary.catalogue_notes == 0 {
        summary.catalogue_notes = write_builtin_notes(conn)?;
        summary.catalogue_source = "built-in catalogue".into();
    }
    record_windows(conn, opts, &mut summary)?;

    for spec in contract::tables() {
        let kept = [
            contract::LINK_TABLE,
            contract::CATALOGUE_TABLE,
            contract::EXTRACT_INFO_TABLE,
        ];
        if !plan.tables.contains_key(&spec.name) && !kept.contains(&spec.name.as_str()) {
            conn.execute_batch(&format!(
                "DROP TABLE {}",
                crate::db::quote_ident(&spec.name)
            ))
            .map_err(sql("dropping tables without files"))?;
        }
    }
    progress.step("creating indexes");
    // An index build sorts in memory up to the cache size, on top of the page cache: halving
    // the cache here keeps the peak at about 64 + 32 MiB of SQLite memory whatever the input.
    conn.execute_batch("PRAGMA cache_size = -32768")
        .map_err(sql("creating indexes"))?;
    for stmt in contract::index_ddl().split(';') {
        let Some(table) = index_table(stmt) else {
            continue;
        };
        // Only the statement itself, without the comment lines before it.
        let stmt = &stmt[stmt.find("CREATE INDEX").unwrap_or(0)..];
        if crate::db::table_exists(conn, table).map_err(sql("creating indexes"))? {
            conn.execute_batch(stmt).map_err(sql("creating indexes"))?;
        }
    }
    progress.step("ANALYZE");
    conn.execute_batch("ANALYZE").map_err(sql("ANALYZE"))?;
    progress.step("checking the contract");
    let report = crate::db::SchemaReport::read(conn).map_err(sql("checking the contract"))?;
    let fatal = report.fatal_problems();
    if !fatal.is_empty() {
        return Err(ImportError::Contract(fatal.join("; ")));
    }
    summary.warnings.extend(report.warnings());
    let link_rows: i64 = conn
        .query_row("SELECT count(*) FROM xjs_link", [], |r| r.get(0))
        .map_err(sql("checking the contract"))?;
    if link_rows == 0 {
        summary
            .warnings
            .push("xjs_link is empty: records cannot be grouped into people".into());
    }
    Ok(summary)
}

/// Records the extract date and observation windows given on the command line in `extract_info`
/// (they replace delivered values), and says which ones the explorer will infer instead.
fn record_windows(
    conn: &Connection,
    opts: &ImportOptions,
    summary: &mut ImportSummary,
) -> Result<(), ImportError> {
    let sql = || ImportError::sqlite("recording the extract date and windows");
    let mut given: Vec<(String, String)> = Vec::new();
    if let Some(d) = opts.extract_date {
        given.push(("extract_date".into(), crate::dates::format_date(d)));
    }
    for (d, w) in &opts.coverage {
        given.push((crate::observation::coverage_key(*d), w.to_string()));
    }
    for (key, value) in &given {
        conn.execute("DELETE FROM extract_info WHERE key = ?1", [key])
            .map_err(sql())?;
        conn.execute(
            "INSERT INTO extract_info (key, value) VALUES (?1, ?2)",
            [key, value],
        )
        .map_err(sql())?;
    }
    let windows = crate::observation::Windows::read(conn);
    if windows.extract_date_source == crate::observation::Source::BuiltIn {
        summary.warnings.push(format!(
            "no extract date in the extracts or --extract-date: assumed {} (records with no end are open at their dataset's window end)",
            crate::dates::format_date(windows.extract_date)
        ));
    }
    let inferred: Vec<String> = contract::Dataset::ALL
        .into_iter()
        .filter(|d| windows.source_of(*d) == crate::observation::Source::BuiltIn)
        .map(|d| format!("{} {}", d.source_name(), windows.of(d)))
        .collect();
    if !inferred.is_empty() {
        summary.warnings.push(format!(
            "observation windows not given (--coverage), taken from the built-in catalogue: {}",
            inferred.join(", ")
        ));
    }
    Ok(())
}

/// The table of a `CREATE INDEX ... ON table(...)` statement.
fn index_table(stmt: &str) -> Option<&str> {
    let code: String = stmt
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect();
    if !code.contains("CREATE INDEX") {
        return None;
    }
    let on = stmt.find(" ON ")? + 4;
    let rest = &stmt[on..];
    let end = rest.find('(')?;
    Some(rest[..end].trim())
}

fn write_builtin_notes(conn: &Connection) -> Result<u64, ImportError> {
    let notes = crate::catalogue::builtin_notes();
    let mut stmt = conn
        .prepare(
            "INSERT INTO catalogue_notes (dataset, table_name, column_name, topic, note, source) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .map_err(ImportError::sqlite("catalogue notes"))?;
    for n in &notes {
        stmt.execute(rusqlite::params![
            n.dataset,
            n.table_name,
            n.column_name,
            n.topic,
            n.note,
            n.source
        ])
        .map_err(ImportError::sqlite("catalogue notes"))?;
    }
    Ok(notes.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_statements_name_their_table() {
        let tables: Vec<&str> = contract::index_ddl()
            .split(';')
            .filter_map(index_table)
            .collect();
        assert!(tables.contains(&"xjs_link"));
        assert!(tables.contains(&"probation_flatfile"));
        assert!(
            tables.iter().all(|t| contract::table(t).is_some()),
            "{tables:?}"
        );
    }
}
