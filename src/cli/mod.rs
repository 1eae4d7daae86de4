//! The headless face: argument parsing and one function per subcommand. Each prints results on
//! stdout, errors on stderr, and returns the process exit code.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

mod catalogue;
mod check;
mod cohort;
mod generate;
mod import;
mod outcomes;
mod person;
mod search;
mod sequences;

/// Terminal explorer for the MoJ Data First linked justice datasets.
#[derive(Debug, Parser)]
#[command(name = "dfexplorer", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub db: DbArg,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--db DB`, on the explorer and on every command that reads a database.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct DbArg {
    /// The SQLite database to open, read-only (default: the bundled sample database).
    #[arg(long, value_name = "DB")]
    pub db: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Search the catalogue: datasets, tables, columns and data-quality notes.
    Catalogue(catalogue::CatalogueArgs),
    /// Report the datasets, schema problems and data-quality problems of a database.
    Check(check::CheckArgs),
    /// Select people by probation referral date (and more), summarise and export them to CSV.
    Cohort(Box<cohort::CohortArgs>),
    /// Who comes back and how soon: shares within windows, Kaplan-Meier curves, log-rank test.
    Outcomes(Box<outcomes::OutcomesArgs>),
    /// What comes next after an index event, step by step, as a disclosure-safe tree.
    Sequences(Box<sequences::SequencesArgs>),
    /// Generate a synthetic Data First database (deterministic for a seed).
    Generate(generate::GenerateArgs),
    /// Show everyone an identifier resolves to, with their timelines.
    Person(person::PersonArgs),
    /// List identifiers matching a query (exact, prefix, fuzzy) and whom they resolve to.
    Search(search::SearchArgs),
    /// Build the local SQLite copy from delivered extract files (parquet parts or CSV).
    Import(import::ImportArgs),
}

/// Opens the database read-only for a headless command, or prints why not (the caller exits 2).
fn open_or_report(db: &std::path::Path) -> Option<rusqlite::Connection> {
    crate::db::open_read_only(db)
        .map_err(|e| eprintln!("error: {e}"))
        .ok()
}

/// Text for a terminal: control characters from the data (NUL, CR, ESC sequences that could
/// move the cursor, retitle the window or hide text) and bidirectional overrides are shown
/// escaped (`\u{1b}`); newlines and tabs of the layout stay.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(unsafe_char) {
        return s.into();
    }
    s.chars()
        .map(|c| {
            if unsafe_char(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// The bundled sample database, found from any working directory.
pub fn sample_db_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-db/sample.db")
}

/// The database a command reads: its own `--db`, else one given before the command, else the
/// bundled sample.
pub fn db_path(command: &DbArg, top: &DbArg) -> PathBuf {
    command
        .db
        .clone()
        .or_else(|| top.db.clone())
        .unwrap_or_else(sample_db_path)
}

pub fn run() -> i32 {
    let cli = Cli::parse();
    crate::output::signals::install();
    if cli.command.is_some() {
        quiet_on_closed_pipe();
    }
    let result = match &cli.command {
        Some(Command::Catalogue(args)) => catalogue::run(&db_path(&args.db, &cli.db), args),
        Some(Command::Check(args)) => check::run(&db_path(&args.db, &cli.db), args),
        Some(Command::Cohort(args)) => cohort::run(&db_path(&args.db, &cli.db), args),
        Some(Command::Generate(args)) => generate::run(args),
        Some(Command::Sequences(args)) => {
            sequences::run(&db_path(&args.question.db, &cli.db), args)
        }
        Some(Command::Outcomes(args)) => outcomes::run(&db_path(&args.question.db, &cli.db), args),
        Some(Command::Person(args)) => person::run(&db_path(&args.db, &cli.db), args),
        Some(Command::Search(args)) => search::run(&db_path(&args.db, &cli.db), args),
        Some(Command::Import(args)) => import::run(args),
        None => run_tui(&db_path(&DbArg::default(), &cli.db)),
    };
    for notice in crate::output::take_notices() {
        eprintln!("note: {notice}");
    }
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", error_text(&e));
            1
        }
    }
}

/// Says which tables every answer leaves out because they lack contract columns.
fn warn_ignored_tables(schema: &crate::db::SchemaReport) {
    for t in schema.ignored_tables() {
        eprintln!("warning: {}", terminal_safe(&t));
    }
}

/// An error and its causes on one line, each said once (SQLite repeats its message in its
/// source, as "Error code 11: ..."), and for a damaged file what to do about it.
pub fn error_text(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        // SQLite errors in plain words: no SQL text, no repeated code.
        let said = match cause.downcast_ref::<rusqlite::Error>() {
            Some(sqlite) => crate::db::plain_error(sqlite),
            None => cause.to_string(),
        };
        let said = match said.strip_prefix("Error code ") {
            Some(rest) => rest
                .split_once(": ")
                .map_or(said.clone(), |(_, m)| m.to_string()),
            None => said,
        };
        if !text.contains(&said) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&said);
        }
    }
    let damaged = e
        .chain()
        .filter_map(|c| c.downcast_ref::<rusqlite::Error>())
        .any(crate::db::is_damage);
    if damaged {
        text.push_str(
            "\nThe database file is damaged, so dfexplorer stopped rather than count around the damage; `dfexplorer check --integrity` names the damaged tables.",
        );
    }
    text
}

/// A headless command whose output pipe closes (`| head`) ends at once and quietly, with the
/// conventional status of a process killed by SIGPIPE, rather than panicking on the write.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default has no preconditions.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// The default face: the interactive explorer. Database errors print plainly, before any screen.
fn run_tui(db: &std::path::Path) -> anyhow::Result<i32> {
    match crate::db::Database::open(db) {
        Ok((database, _)) => crate::tui::run(&database),
        Err(e) => {
            eprintln!("error: {e}");
            Ok(2)
        }
    }
}
