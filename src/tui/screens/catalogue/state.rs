//! The catalogue browser's model: every dataset, table and column of the contract, with its
//! description and notes, filtered by what the researcher types.

use crate::catalogue::{Catalogue, CatalogueNote};
use crate::contract::{self, Dataset};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Dataset,
    Table,
    Column,
}

/// One line of the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueEntry {
    pub level: Level,
    /// `source_dataset` name; `None` for the linking tables.
    pub dataset: Option<String>,
    pub table: Option<String>,
    pub column: Option<String>,
    pub title: String,
}

impl CatalogueEntry {
    /// Notes attached exactly at this entry's level.
    pub fn notes<'a>(&self, notes: &'a [CatalogueNote]) -> Vec<&'a CatalogueNote> {
        notes
            .iter()
            .filter(|n| match self.level {
                Level::Dataset => n.dataset == self.dataset && n.table_name.is_none(),
                Level::Table => n.table_name == self.table && n.column_name.is_none(),
                Level::Column => n.table_name == self.table && n.column_name == self.column,
            })
            .collect()
    }

    /// The description of this entry from the built-in catalogue, else the contract's wording.
    pub fn description(&self) -> String {
        let cat = builtin_catalogue();
        let described = match self.level {
            Level::Dataset => self
                .dataset
                .as_deref()
                .and_then(|d| cat.describe_dataset(d)),
            Level::Table => self.table.as_deref().and_then(|t| cat.describe_table(t)),
            Level::Column => match (&self.table, &self.column) {
                (Some(t), Some(c)) => cat.describe_column(t, c),
                _ => None,
            },
        };
        if let Some(text) = described.filter(|t| !t.trim().is_empty()) {
            return text.to_string();
        }
        match self.level {
            Level::Dataset => match self.dataset.as_deref().and_then(Dataset::from_source_name) {
                Some(d) => {
                    let (from, to) = d.coverage();
                    format!(
                        "{} ({}): main table {}, observed {} to {}.",
                        d.label(),
                        d.source_name(),
                        d.main_table(),
                        from,
                        to
                    )
                }
                None => "Linking tables: who is who across datasets, and which magistrates' case went on to the Crown Court.".to_string(),
            },
            Level::Table => {
                let t = self.table.as_deref().unwrap_or_default();
                let n = contract::table(t).map_or(0, |s| s.columns.len());
                format!("Table {t}: {n} columns in the contract.")
            }
            Level::Column => format!(
                "Column {} of {}.",
                self.column.as_deref().unwrap_or_default(),
                self.table.as_deref().unwrap_or_default()
            ),
        }
    }

    /// Every word of the query in some form in the title, description or a note (the core's
    /// catalogue search rule).
    fn matches(&self, words: &[String], notes: &[CatalogueNote]) -> bool {
        let description = self.description();
        let mut texts = vec![self.title.as_str(), description.as_str()];
        texts.extend(self.notes(notes).iter().map(|n| n.note.as_str()));
        crate::catalogue::search::matches(words, &texts)
    }
}

/// Descriptions do not depend on the database: read them once.
fn builtin_catalogue() -> &'static Catalogue {
    static CATALOGUE: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
    CATALOGUE.get_or_init(Catalogue::builtin)
}

/// Every dataset, table and column, datasets in contract order, then the linking tables.
pub fn all_entries() -> Vec<CatalogueEntry> {
    let mut out = Vec::new();
    let push_table = |out: &mut Vec<CatalogueEntry>, ds: Option<&str>, table: &str| {
        out.push(CatalogueEntry {
            level: Level::Table,
            dataset: ds.map(str::to_string),
            table: Some(table.to_string()),
            column: None,
            title: table.to_string(),
        });
        for c in contract::table(table)
            .map(|t| t.columns.clone())
            .unwrap_or_default()
        {
            out.push(CatalogueEntry {
                level: Level::Column,
                dataset: ds.map(str::to_string),
                table: Some(table.to_string()),
                title: format!("{table}.{c}"),
                column: Some(c),
            });
        }
    };
    for d in Dataset::ALL {
        out.push(CatalogueEntry {
            level: Level::Dataset,
            dataset: Some(d.source_name().to_string()),
            table: None,
            column: None,
            title: format!("{} ({})", d.label(), d.source_name()),
        });
        push_table(&mut out, Some(d.source_name()), d.main_table());
        for c in d.child_tables() {
            push_table(&mut out, Some(d.source_name()), c);
        }
    }
    out.push(CatalogueEntry {
        level: Level::Dataset,
        dataset: None,
        table: None,
        column: None,
        title: "Linking".to_string(),
    });
    push_table(&mut out, None, contract::LINK_TABLE);
    push_table(&mut out, None, contract::JOURNEY_TABLE);
    out
}

/// The browser's state: the filter text and the selected line of the filtered list.
#[derive(Debug, Clone)]
pub struct CatalogueBrowser {
    pub entries: Vec<CatalogueEntry>,
    pub filter: String,
    /// The filter box has the keys.
    pub filtering: bool,
    /// Index into `visible(...)`.
    pub selected: usize,
    /// Lines of the description and notes scrolled past.
    pub detail_scroll: u16,
}

impl Default for CatalogueBrowser {
    fn default() -> Self {
        CatalogueBrowser::new()
    }
}

impl CatalogueBrowser {
    pub fn new() -> CatalogueBrowser {
        CatalogueBrowser {
            entries: all_entries(),
            filter: String::new(),
            filtering: false,
            selected: 0,
            detail_scroll: 0,
        }
    }

    /// The entries matching the filter.
    pub fn visible<'a>(&'a self, notes: &[CatalogueNote]) -> Vec<&'a CatalogueEntry> {
        let words = crate::catalogue::search::query_words(&self.filter);
        self.entries
            .iter()
            .filter(|e| e.matches(&words, notes))
            .collect()
    }
}

/// Notes for a record's dataset, its table and its columns (for the notes pane).
pub fn notes_for_table<'a>(
    notes: &'a [CatalogueNote],
    dataset: Dataset,
    table: &str,
) -> Vec<&'a CatalogueNote> {
    notes
        .iter()
        .filter(|n| {
            (n.dataset.as_deref() == Some(dataset.source_name()) && n.table_name.is_none())
                || n.table_name.as_deref() == Some(table)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(table: Option<&str>, column: Option<&str>, text: &str) -> CatalogueNote {
        CatalogueNote {
            dataset: Some("probation_delius".into()),
            table_name: table.map(Into::into),
            column_name: column.map(Into::into),
            topic: "completeness".into(),
            note: text.into(),
            source: "test".into(),
        }
    }

    #[test]
    fn lists_every_contract_column_and_filters_on_notes() {
        let all = all_entries();
        assert!(all
            .iter()
            .any(|e| e.title == "probation_rqmnts.rqmnt_commencement_date"));
        assert!(all.iter().any(|e| e.title == "xjs_link.estimated_xjs_id"));
        let notes = vec![note(
            Some("probation_rqmnts"),
            Some("rqmnt_commencement_date"),
            "Mostly missing; use rqmnt_start_date.",
        )];
        let mut b = CatalogueBrowser::new();
        b.filter = "MOSTLY missing".into();
        let shown: Vec<_> = b
            .visible(&notes)
            .into_iter()
            .map(|e| e.title.clone())
            .collect();
        assert_eq!(shown, ["probation_rqmnts.rqmnt_commencement_date"]);
    }

    #[test]
    fn the_browser_matches_word_forms_through_the_core() {
        let notes = crate::catalogue::builtin_notes();
        let mut b = CatalogueBrowser::new();
        for filter in ["duplicates", "de-duplicated rows"] {
            b.filter = filter.into();
            let shown: Vec<_> = b
                .visible(&notes)
                .into_iter()
                .map(|e| e.title.clone())
                .collect();
            assert!(
                shown.contains(&"probation_flatfile.event_id_hash".to_string()),
                "{filter}: {shown:?}"
            );
        }
    }
}
