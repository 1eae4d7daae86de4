//! What an import did: per table the files, rows loaded and rows rejected with their reasons.

use std::path::PathBuf;

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Rejection {
    pub reason: String,
    pub count: u64,
    /// Where the first such row was: file and data row (1-based, header excluded).
    pub first: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct TableSummary {
    pub table: String,
    pub files: usize,
    pub rows: u64,
    pub rejected: Vec<Rejection>,
    /// Columns beyond the contract, kept and added to the table.
    pub extra_columns: Vec<String>,
    /// Optional contract columns absent from at least one file (left empty for its rows).
    pub missing_columns: Vec<String>,
}

impl TableSummary {
    pub fn rejected_rows(&self) -> u64 {
        self.rejected.iter().map(|r| r.count).sum()
    }

    pub(crate) fn reject(&mut self, reason: &str, file: &std::path::Path, row: u64) {
        match self.rejected.iter_mut().find(|r| r.reason == reason) {
            Some(r) => r.count += 1,
            None => self.rejected.push(Rejection {
                reason: reason.to_string(),
                count: 1,
                first: format!("{}, row {row}", file.display()),
            }),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSummary {
    pub target: PathBuf,
    pub tables: Vec<TableSummary>,
    /// Files in SOURCE folders that matched no table.
    pub skipped_files: Vec<PathBuf>,
    /// Catalogue notes in the database and where they came from.
    pub catalogue_notes: u64,
    pub catalogue_source: String,
    /// Contract-check warnings and other things worth knowing.
    pub warnings: Vec<String>,
    /// Seconds spent loading rows, and in total (with indexes, ANALYZE and the check).
    pub load_seconds: f64,
    pub total_seconds: f64,
}

impl ImportSummary {
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }

    pub fn rejected_rows(&self) -> u64 {
        self.tables.iter().map(TableSummary::rejected_rows).sum()
    }
}
