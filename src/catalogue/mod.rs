//! The data catalogue: descriptions of every dataset, table and column of the contract, and the
//! data-quality notes attached to them. Built into the binary from `assets/catalogue.json`; a
//! database may carry its own notes in `catalogue_notes`, which then replace the built-in ones
//! (descriptions always come from the built-in catalogue).

pub mod search;

pub use search::{CatalogueHit, HitKind};

use std::sync::OnceLock;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::contract::Dataset;

const CATALOGUE_JSON: &str = include_str!("../../assets/catalogue.json");

/// The five note topics, in the order the explorer lists them.
pub const TOPICS: [&str; 5] = [
    "coverage",
    "completeness",
    "linkage",
    "recording",
    "definition",
];

/// The columns of `catalogue_notes`, in contract order.
pub const NOTE_COLUMNS: [&str; 6] = [
    "dataset",
    "table_name",
    "column_name",
    "topic",
    "note",
    "source",
];

/// A data-quality note, as stored in the `catalogue_notes` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueNote {
    /// `source_dataset` name; `None` for notes on the link tables.
    pub dataset: Option<String>,
    /// `None`: a note about the whole dataset.
    pub table_name: Option<String>,
    /// `None`: a note about the whole table.
    pub column_name: Option<String>,
    /// coverage | completeness | linkage | recording | definition
    pub topic: String,
    pub note: String,
    pub source: String,
}

impl CatalogueNote {
    /// The note's first sentence, for one-line listings such as `dfexplorer check`.
    pub fn short(&self) -> &str {
        let text = self.note.trim();
        match text.find(". ") {
            Some(i) => &text[..=i],
            None => text,
        }
    }

    /// Where the note is attached, e.g. `probation_rqmnts.length`, `probation_delius`, `(all)`.
    pub fn location(&self) -> String {
        match (&self.dataset, &self.table_name, &self.column_name) {
            (_, Some(t), Some(c)) => format!("{t}.{c}"),
            (_, Some(t), None) => t.clone(),
            (Some(d), None, _) => d.clone(),
            (None, None, _) => "(all datasets)".to_string(),
        }
    }
}

/// A dataset's description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetEntry {
    /// The `source_dataset` name.
    pub dataset: String,
    pub description: String,
}

/// A table's description and its columns' descriptions, in schema order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableEntry {
    pub table: String,
    pub description: String,
    /// (column, description)
    pub columns: Vec<(String, String)>,
}

/// A built-in note with the stable key quality rules use to refer to it, and the FACTS.md
/// problem numbers it covers.
#[derive(Debug, Clone, Deserialize)]
struct KeyedNote {
    key: String,
    #[serde(default)]
    facts: Vec<u8>,
    #[serde(flatten)]
    note: CatalogueNote,
}

#[derive(Debug, Deserialize)]
struct BuiltinFile {
    datasets: Vec<DatasetEntry>,
    tables: Vec<TableEntry>,
    notes: Vec<KeyedNote>,
}

fn builtin_file() -> &'static BuiltinFile {
    static FILE: OnceLock<BuiltinFile> = OnceLock::new();
    FILE.get_or_init(|| {
        serde_json::from_str(CATALOGUE_JSON).expect("assets/catalogue.json is valid (tested)")
    })
}

/// The built-in catalogue notes, written by the generator to `catalogue_notes`.
pub fn builtin_notes() -> Vec<CatalogueNote> {
    builtin_file()
        .notes
        .iter()
        .map(|k| k.note.clone())
        .collect()
}

/// The built-in note with a given key (the keys quality rules refer to).
pub fn builtin_note(key: &str) -> Option<&'static CatalogueNote> {
    builtin_file()
        .notes
        .iter()
        .find(|k| k.key == key)
        .map(|k| &k.note)
}

/// The keys of the built-in notes, with the FACTS.md problem numbers each covers.
pub fn builtin_note_keys() -> Vec<(&'static str, &'static [u8])> {
    builtin_file()
        .notes
        .iter()
        .map(|k| (k.key.as_str(), k.facts.as_slice()))
        .collect()
}

/// Descriptions plus notes: what the notes pane and the catalogue browser read.
#[derive(Debug, Clone, Serialize)]
pub struct Catalogue {
    pub datasets: Vec<DatasetEntry>,
    pub tables: Vec<TableEntry>,
    pub notes: Vec<CatalogueNote>,
    /// The notes came from the database's `catalogue_notes` table.
    pub notes_from_db: bool,
}

impl Catalogue {
    /// Built-in descriptions and notes.
    pub fn builtin() -> Catalogue {
        let file = builtin_file();
        Catalogue {
            datasets: file.datasets.clone(),
            tables: file.tables.clone(),
            notes: builtin_notes(),
            notes_from_db: false,
        }
    }

    /// Built-in descriptions with the database's `catalogue_notes` when that table is present,
    /// has the contract columns and holds at least one note; otherwise the built-in notes.
    pub fn from_db(conn: &Connection) -> rusqlite::Result<Catalogue> {
        let mut cat = Catalogue::builtin();
        if let Some(notes) = read_db_notes(conn)? {
            if !notes.is_empty() {
                cat.notes = notes;
                cat.notes_from_db = true;
            }
        }
        Ok(cat)
    }

    pub fn describe_dataset(&self, dataset: &str) -> Option<&str> {
        self.datasets
            .iter()
            .find(|d| d.dataset == dataset)
            .map(|d| d.description.as_str())
    }

    pub fn describe_table(&self, table: &str) -> Option<&str> {
        self.table(table).map(|t| t.description.as_str())
    }

    /// A column's description (names compare case-insensitively, as SQLite does).
    pub fn describe_column(&self, table: &str, column: &str) -> Option<&str> {
        self.table(table)?
            .columns
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(column))
            .map(|(_, d)| d.as_str())
    }

    pub fn table(&self, table: &str) -> Option<&TableEntry> {
        self.tables.iter().find(|t| t.table == table)
    }

    /// The notes that apply at a place: the dataset's own notes, then (when `table` is given) the
    /// table's own notes, then (when `column` is given) that column's notes. The dataset may be
    /// left out when a table is given; it is then taken from the table. Notes attached to no
    /// dataset and no table (cross-cutting ones) are returned only when both are `None`.
    pub fn notes_for(
        &self,
        dataset: Option<&str>,
        table: Option<&str>,
        column: Option<&str>,
    ) -> Vec<&CatalogueNote> {
        let dataset =
            dataset.or_else(|| table.and_then(Dataset::of_table).map(|d| d.source_name()));
        let same = |a: &Option<String>, b: Option<&str>| a.as_deref() == b;
        let eq_col =
            |a: &Option<String>, b: &str| a.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(b));
        let mut out: Vec<&CatalogueNote> = Vec::new();
        if dataset.is_none() && table.is_none() {
            out.extend(
                self.notes
                    .iter()
                    .filter(|n| n.dataset.is_none() && n.table_name.is_none()),
            );
        }
        if let Some(d) = dataset {
            out.extend(
                self.notes
                    .iter()
                    .filter(|n| same(&n.dataset, Some(d)) && n.table_name.is_none()),
            );
        }
        if let Some(t) = table {
            out.extend(
                self.notes
                    .iter()
                    .filter(|n| same(&n.table_name, Some(t)) && n.column_name.is_none()),
            );
            if let Some(c) = column {
                out.extend(
                    self.notes
                        .iter()
                        .filter(|n| same(&n.table_name, Some(t)) && eq_col(&n.column_name, c)),
                );
            }
        }
        out
    }

    /// Every note on a table: table-level notes and those on any of its columns.
    pub fn notes_in_table(&self, table: &str) -> Vec<&CatalogueNote> {
        self.notes
            .iter()
            .filter(|n| n.table_name.as_deref() == Some(table))
            .collect()
    }
}

/// Reads `catalogue_notes`; `None` when the table is absent or lacks contract columns.
fn read_db_notes(conn: &Connection) -> rusqlite::Result<Option<Vec<CatalogueNote>>> {
    if !crate::db::table_exists(conn, crate::contract::CATALOGUE_TABLE)? {
        return Ok(None);
    }
    let have = crate::db::table_columns(conn, crate::contract::CATALOGUE_TABLE)?;
    if !NOTE_COLUMNS
        .iter()
        .all(|n| have.iter().any(|h| h.eq_ignore_ascii_case(n)))
    {
        return Ok(None);
    }
    let mut stmt = conn.prepare(
        "SELECT dataset, table_name, column_name, topic, note, source FROM catalogue_notes",
    )?;
    let text = |r: &rusqlite::Row<'_>, i| -> rusqlite::Result<Option<String>> {
        Ok(crate::db::row_text(r, i)?.filter(|s| !s.trim().is_empty()))
    };
    let rows = stmt.query_map([], |r| {
        Ok(CatalogueNote {
            dataset: text(r, 0)?,
            table_name: text(r, 1)?,
            column_name: text(r, 2)?,
            topic: text(r, 3)?.unwrap_or_default(),
            note: text(r, 4)?.unwrap_or_default(),
            source: text(r, 5)?.unwrap_or_default(),
        })
    })?;
    let notes: Vec<CatalogueNote> = rows
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|n| !n.note.is_empty())
        .collect();
    Ok(Some(notes))
}

#[cfg(test)]
mod tests;
