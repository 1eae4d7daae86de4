//! Why an import failed, in words that point at the file, row and column to fix.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0} already exists; pass --force to replace it")]
    TargetExists(PathBuf),
    #[error("{0} is a folder; --out needs a database file name")]
    TargetIsFolder(PathBuf),
    #[error("the folder {0} does not exist")]
    TargetFolderMissing(PathBuf),
    #[error(transparent)]
    Output(crate::output::OutputError),
    #[error("source {0} does not exist")]
    SourceNotFound(PathBuf),
    #[error("no extract files (.csv or .parquet) found in {0}")]
    NoFiles(String),
    #[error("cannot tell which contract table {0} holds: name it moj_<table>_NN.csv or .parquet (see `dfexplorer import --help`), or pass --table TABLE=GLOB")]
    UnknownFile(PathBuf),
    #[error("--table {0}: expected TABLE=GLOB, e.g. probation_flatfile='flat_*.csv'")]
    BadTableOption(String),
    #[error("--table {0}: only * and ? are wildcards (no [ ] or {{ }})")]
    BadGlob(String),
    #[error("--table {0} matches no file in the sources")]
    GlobMatchesNothing(String),
    #[error("--table {0}: {1} is not a table of the contract")]
    UnknownTable(String, String),
    #[error("two files for part {part} of {table}: {first} and {second}; import one of them")]
    DuplicatePart {
        table: String,
        part: u64,
        first: PathBuf,
        second: PathBuf,
    },
    #[error("{0} is empty (no header, no rows)")]
    EmptyFile(PathBuf),
    #[error("{path}: required column {column} of {table} is missing (columns found: {found})")]
    MissingColumn {
        path: PathBuf,
        table: String,
        column: String,
        found: String,
    },
    #[error("{path}: column {column} appears more than once")]
    DuplicateColumn { path: PathBuf, column: String },
    #[error("{path} has {found} columns; a table can hold at most {max} (the contract needs only a few dozen): drop the extra columns before importing")]
    TooManyColumns {
        path: PathBuf,
        found: usize,
        max: usize,
    },
    #[error("{path}: column {position} has no name")]
    BlankColumnName { path: PathBuf, position: usize },
    #[error("{path}, line {line}: {found} fields where the header has {expected}")]
    RaggedRow {
        path: PathBuf,
        line: u64,
        found: u64,
        expected: u64,
    },
    #[error(
        "{path}, line {line}, column {column}: text is not valid UTF-8 (re-save the file as UTF-8)"
    )]
    CsvNotUtf8 {
        path: PathBuf,
        line: u64,
        column: String,
    },
    #[error("{path}, line {line}: {message}")]
    Csv {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{path} is not a readable parquet file: {reason}")]
    NotParquet { path: PathBuf, reason: String },
    #[error("{path}, row group {row_group}, column {column}: {message}")]
    ParquetData {
        path: PathBuf,
        row_group: usize,
        column: String,
        message: String,
    },
    #[error("{path}, column {column}: {reason}")]
    UnsupportedColumn {
        path: PathBuf,
        column: String,
        reason: String,
    },
    #[error("catalogue {path}: {message}")]
    Catalogue { path: PathBuf, message: String },
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("building the database ({context}): {source}")]
    Sqlite {
        context: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("the imported database fails the contract check: {0}")]
    Contract(String),
    #[error("import interrupted; nothing was written to {0}")]
    Interrupted(PathBuf),
}

impl ImportError {
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> ImportError {
        ImportError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn sqlite(
        context: impl Into<String>,
    ) -> impl FnOnce(rusqlite::Error) -> ImportError {
        let context = context.into();
        move |source| ImportError::Sqlite { context, source }
    }
}
