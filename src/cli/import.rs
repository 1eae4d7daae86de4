//! `dfexplorer import`: build the local SQLite copy from delivered extract files.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::import::{self, Cancel, ImportOptions, ImportProgress, ImportSummary, TableGlob};

const AFTER_HELP: &str = "\
Example: dfexplorer import --out linked.db extracts/

Files map to tables by name: moj_<table>_NN.parquet or .csv (e.g. moj_probation_flatfile_01.parquet,
moj_xjs_link_07.csv), with or without moj_ and the part number, in any case; a folder named so
(e.g. moj_probation_flatfile/part-0001.parquet) works too. Folders are searched recursively;
numbered parts are appended in order. Column names match case-insensitively; unknown columns are
kept; key and NOT NULL columns are required. Dates become YYYY-MM-DD (parquet DATE/TIMESTAMP; CSV
forms such as 01/03/2016, 2016-03-01 00:00:00, 20160301, 01-MAR-2016); other text is kept as written.
Rows with a missing or duplicate key are rejected and counted in the summary. An empty CSV field
is NULL.";

/// Build a database from extract files (parquet parts or CSV).
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct ImportArgs {
    /// The database to build. It is written only when the whole import succeeds.
    #[arg(long, value_name = "DB")]
    pub out: PathBuf,
    /// Replace the database at --out if it exists.
    #[arg(long)]
    pub force: bool,
    /// Files matching GLOB hold TABLE (e.g. --table probation_flatfile='flat_*.csv');
    /// repeatable; takes precedence over file names.
    #[arg(long = "table", value_name = "TABLE=GLOB")]
    pub tables: Vec<String>,
    /// Catalogue notes to load, a CSV with columns dataset,table_name,column_name,topic,note,source.
    #[arg(long, value_name = "FILE")]
    pub catalogue: Option<PathBuf>,
    /// The date the data were extracted (recorded in the database; records with no end are open
    /// at their dataset's window end, never after it).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub extract_date: Option<String>,
    /// A dataset's observation window, e.g. probation=2014-01-01..2020-12-31 (repeatable);
    /// datasets not given use the built-in catalogue's windows.
    #[arg(long = "coverage", value_name = "DATASET=FROM..TO")]
    pub coverage: Vec<String>,
    /// No progress bars and no summary (errors are still printed).
    #[arg(long)]
    pub quiet: bool,
    /// Extract files or folders holding them.
    #[arg(required = true, value_name = "SOURCE")]
    pub sources: Vec<PathBuf>,
}

pub fn run(args: &ImportArgs) -> anyhow::Result<i32> {
    let tables = match args
        .tables
        .iter()
        .map(|t| TableGlob::parse(t))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(2);
        }
    };
    let (extract_date, coverage) = match windows_of(args) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(2);
        }
    };
    let opts = ImportOptions {
        extract_date,
        coverage,
        out: args.out.clone(),
        force: args.force,
        sources: args.sources.clone(),
        tables,
        catalogue: args.catalogue.clone(),
    };
    // Ctrl-C and other signals are handled for every command (see output::signals): the
    // temporary database is removed and the target left untouched.
    let cancel = Cancel::default();
    let mut bars = Bars::new(!args.quiet && std::io::stderr().is_terminal());
    match import::import(&opts, &mut bars, &cancel) {
        Ok(summary) => {
            bars.clear();
            if !args.quiet {
                print!("{}", render_summary(&summary));
            }
            Ok(0)
        }
        Err(e) => {
            bars.clear();
            // SQLite's own errors (a full disk, a lost drive) say nothing of the file.
            match &e {
                import::ImportError::Sqlite { .. } => {
                    eprintln!("error: {e} (writing {})", args.out.display())
                }
                _ => eprintln!("error: {e}"),
            }
            Ok(1)
        }
    }
}

type GivenWindows = (
    Option<chrono::NaiveDate>,
    Vec<(crate::contract::Dataset, crate::observation::Window)>,
);

/// `--extract-date` and `--coverage`, each error naming its flag and value.
fn windows_of(args: &ImportArgs) -> Result<GivenWindows, String> {
    let extract_date = args
        .extract_date
        .as_deref()
        .map(|d| crate::dates::parse_user_date("--extract-date", d))
        .transpose()?;
    let coverage = args
        .coverage
        .iter()
        .map(|c| {
            let bad = || format!("--coverage {c:?}: expected DATASET=FROM..TO, e.g. probation=2014-01-01..2020-12-31 (FROM on or before TO)");
            let (d, w) = c.split_once('=').ok_or_else(bad)?;
            let dataset = crate::cohort::parse_dataset(d)?;
            let window = crate::observation::Window::parse(w).ok_or_else(bad)?;
            Ok((dataset, window))
        })
        .collect::<Result<_, String>>()?;
    Ok((extract_date, coverage))
}

/// One progress bar per table on stderr; finished bars stay as a log of what was loaded.
struct Bars {
    enabled: bool,
    current: Option<ProgressBar>,
    started: Instant,
}

impl Bars {
    fn new(enabled: bool) -> Bars {
        Bars {
            enabled,
            current: None,
            started: Instant::now(),
        }
    }

    fn clear(&mut self) {
        if let Some(bar) = self.current.take() {
            bar.finish_and_clear();
        }
    }
}

impl ImportProgress for Bars {
    fn table_started(&mut self, table: &str, files: usize, total_work: u64) {
        self.clear();
        if !self.enabled {
            return;
        }
        let bar = ProgressBar::with_draw_target(Some(total_work), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix:<30} [{bar:28}] {percent:>3}% {msg} {elapsed_precise}, {eta} left",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_prefix(format!("{table} ({files} files)"));
        self.started = Instant::now();
        self.current = Some(bar);
    }

    fn advanced(&mut self, rows: u64, work: u64) {
        if let Some(bar) = &self.current {
            let secs = self.started.elapsed().as_secs_f64().max(1e-3);
            bar.set_position(work);
            bar.set_message(format!("{rows} rows, {:.0} rows/s,", rows as f64 / secs));
        }
    }

    fn table_finished(&mut self, _table: &str, rows: u64, rejected: u64) {
        if let Some(bar) = self.current.take() {
            let secs = self.started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!(
                "{rows} rows ({rejected} rejected), {:.0} rows/s,",
                rows as f64 / secs
            ));
            bar.finish();
        }
    }

    fn step(&mut self, what: &str) {
        self.clear();
        if self.enabled {
            eprintln!("{what} ...");
        }
    }
}

fn render_summary(s: &ImportSummary) -> String {
    let mut out = format!("imported {}\n\n", s.target.display());
    out += &format!(
        "  {:<30} {:>6} {:>12} {:>10}\n",
        "table", "files", "rows", "rejected"
    );
    for t in &s.tables {
        out += &format!(
            "  {:<30} {:>6} {:>12} {:>10}\n",
            t.table,
            t.files,
            t.rows,
            t.rejected_rows()
        );
        for r in &t.rejected {
            out += &format!(
                "      rejected {}: {} (first: {})\n",
                r.count, r.reason, r.first
            );
        }
        if !t.extra_columns.is_empty() {
            out += &format!("      extra columns kept: {}\n", t.extra_columns.join(", "));
        }
        if !t.missing_columns.is_empty() {
            out += &format!(
                "      columns absent from some files (left empty): {}\n",
                t.missing_columns.join(", ")
            );
        }
    }
    out += &format!(
        "\n{} tables, {} rows loaded, {} rows rejected\n",
        s.tables.len(),
        s.rows(),
        s.rejected_rows()
    );
    out += &format!(
        "catalogue notes: {} ({})\n",
        s.catalogue_notes, s.catalogue_source
    );
    for w in &s.warnings {
        out += &format!("warning: {w}\n");
    }
    if !s.skipped_files.is_empty() {
        out += &format!(
            "skipped {} file(s) matching no table:\n",
            s.skipped_files.len()
        );
        for f in &s.skipped_files {
            out += &format!("  {}\n", f.display());
        }
    }
    let rate = s.rows() as f64 / s.load_seconds.max(1e-6);
    out += &format!(
        "time: {:.2} s loading ({rate:.0} rows/s), {:.2} s in total\n",
        s.load_seconds, s.total_seconds
    );
    if let Some(kib) = peak_memory_kib() {
        out += &format!("peak memory: {:.1} MiB (VmHWM)\n", kib as f64 / 1024.0);
    }
    out
}

/// The process's peak resident memory, from Linux's /proc/self/status.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
