//! The data contract in code: the four datasets, their tables, and the schema every database we
//! write follows. Column lists come from `assets/schema.sql`, so the SQL file is the one source of
//! truth for names and the Rust side only adds meaning (which dataset, which role).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;

/// The schema file, tables first, then indexes after the `@indexes` marker.
pub const SCHEMA_SQL: &str = include_str!("../assets/schema.sql");
const INDEX_MARKER: &str = "-- @indexes";

/// The `CREATE TABLE` statements of the contract.
pub fn table_ddl() -> &'static str {
    SCHEMA_SQL.split(INDEX_MARKER).next().unwrap_or(SCHEMA_SQL)
}

/// The `CREATE INDEX` statements the explorer relies on (run after bulk loading).
pub fn index_ddl() -> &'static str {
    // Skip the rest of the marker line: it is a comment.
    SCHEMA_SQL
        .split_once(INDEX_MARKER)
        .and_then(|(_, rest)| rest.split_once('\n'))
        .map(|(_, indexes)| indexes)
        .unwrap_or("")
}

/// One of the four linked datasets, named as `xjs_link.source_dataset` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Dataset {
    Magistrates,
    Crown,
    Prison,
    Probation,
}

impl Dataset {
    pub const ALL: [Dataset; 4] = [
        Dataset::Magistrates,
        Dataset::Crown,
        Dataset::Prison,
        Dataset::Probation,
    ];

    /// The value used in `xjs_link.source_dataset`.
    pub fn source_name(self) -> &'static str {
        match self {
            Dataset::Magistrates => "mags_hocas",
            Dataset::Crown => "crown_xhibit",
            Dataset::Prison => "prison_nomis",
            Dataset::Probation => "probation_delius",
        }
    }

    pub fn from_source_name(name: &str) -> Option<Dataset> {
        Dataset::ALL.into_iter().find(|d| d.source_name() == name)
    }

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Dataset::Magistrates => "Magistrates",
            Dataset::Crown => "Crown Court",
            Dataset::Prison => "Prison",
            Dataset::Probation => "Probation",
        }
    }

    /// The main table: one row per record that `xjs_link` points at.
    pub fn main_table(self) -> &'static str {
        match self {
            Dataset::Magistrates => "magistrates_case",
            Dataset::Crown => "crown_case",
            Dataset::Prison => "prison_custodial_journey",
            Dataset::Probation => "probation_flatfile",
        }
    }

    pub fn child_tables(self) -> &'static [&'static str] {
        match self {
            Dataset::Magistrates => &["magistrates_offence"],
            Dataset::Crown => &["crown_offence"],
            Dataset::Prison => &[],
            Dataset::Probation => &[
                "probation_rqmnts",
                "probation_licence_conditions",
                "probation_pss_rqmnts",
            ],
        }
    }

    /// The within-dataset person ID column of the main table.
    pub fn person_id_column(self) -> &'static str {
        match self {
            Dataset::Magistrates | Dataset::Crown => "estimated_defendant_id",
            Dataset::Prison | Dataset::Probation => "estimated_offender_id",
        }
    }

    /// The main-table columns that start and end an event on the timeline.
    pub fn span_columns(self) -> (&'static str, &'static str) {
        match self {
            Dataset::Magistrates => ("first_hearing_date", "final_result_date"),
            Dataset::Crown => ("receipt_date", "disposal_date"),
            Dataset::Prison => ("journey_start_date", "journey_end_date"),
            Dataset::Probation => ("disposal_date", "disposal_termination_date"),
        }
    }

    /// The period the dataset observes (FACTS.md). Outside it, "no record" means "not observed".
    pub fn coverage(self) -> (NaiveDate, NaiveDate) {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("valid constant date");
        match self {
            Dataset::Magistrates => (d(2011, 1, 1), d(2022, 12, 31)),
            Dataset::Crown => (d(2013, 1, 1), d(2022, 12, 31)),
            Dataset::Prison => (d(2011, 1, 1), d(2022, 12, 31)),
            Dataset::Probation => (d(2014, 1, 1), d(2020, 12, 31)),
        }
    }

    /// The dataset a table belongs to (main or child table).
    pub fn of_table(table: &str) -> Option<Dataset> {
        Dataset::ALL
            .into_iter()
            .find(|d| d.main_table() == table || d.child_tables().contains(&table))
    }
}

impl std::fmt::Display for Dataset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.source_name())
    }
}

/// The extract date of the synthetic data: the end of observation for every dataset.
pub fn default_extract_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 12, 31).expect("valid constant date")
}

/// Tables that are not datasets: the linking and metadata tables.
pub const LINK_TABLE: &str = "xjs_link";
pub const JOURNEY_TABLE: &str = "mags_crown_journey";
pub const CATALOGUE_TABLE: &str = "catalogue_notes";
pub const EXTRACT_INFO_TABLE: &str = "extract_info";

/// A contract table and its columns, in schema order.
#[derive(Debug, Clone)]
pub struct TableSpec {
    pub name: String,
    pub columns: Vec<String>,
    /// The dataset it belongs to; `None` for link and metadata tables.
    pub dataset: Option<Dataset>,
}

/// Every table of the contract, read once from `assets/schema.sql`.
pub fn tables() -> &'static [TableSpec] {
    static TABLES: OnceLock<Vec<TableSpec>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let conn = rusqlite::Connection::open_in_memory().expect("in-memory SQLite");
        conn.execute_batch(table_ddl())
            .expect("assets/schema.sql is valid SQL");
        let mut names: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY rowid")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("read in-memory schema");
        names.retain(|n| !n.starts_with("sqlite_"));
        names
            .into_iter()
            .map(|name| {
                let columns = crate::db::table_columns(&conn, &name).expect("read columns");
                let dataset = Dataset::of_table(&name);
                TableSpec {
                    name,
                    columns,
                    dataset,
                }
            })
            .collect()
    })
}

pub fn table(name: &str) -> Option<&'static TableSpec> {
    tables().iter().find(|t| t.name == name)
}

/// Columns holding identifiers that search can match, per table.
pub fn id_columns() -> &'static BTreeMap<&'static str, Vec<&'static str>> {
    static IDS: OnceLock<BTreeMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    IDS.get_or_init(|| {
        BTreeMap::from([
            ("xjs_link", vec!["estimated_xjs_id", "row_id_hash"]),
            (
                "magistrates_case",
                vec!["row_id_hash", "case_id_hash", "estimated_defendant_id"],
            ),
            (
                "crown_case",
                vec![
                    "row_id_hash",
                    "defendant_on_case_id_hash",
                    "case_id_hash",
                    "estimated_defendant_id",
                ],
            ),
            (
                "prison_custodial_journey",
                vec!["row_id_hash", "estimated_offender_id"],
            ),
            (
                "probation_flatfile",
                vec!["row_id_hash", "event_id_hash", "estimated_offender_id"],
            ),
        ])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_lists_every_contract_table() {
        let names: Vec<_> = tables().iter().map(|t| t.name.as_str()).collect();
        for d in Dataset::ALL {
            assert!(names.contains(&d.main_table()), "{}", d.main_table());
            for c in d.child_tables() {
                assert!(names.contains(c), "{c}");
            }
        }
        assert!(names.contains(&LINK_TABLE));
        let flat = table("probation_flatfile").unwrap();
        assert!(flat.columns.iter().any(|c| c == "referral_date"));
        assert_eq!(flat.dataset, Some(Dataset::Probation));
    }

    #[test]
    fn index_section_is_separate() {
        assert!(!table_ddl().contains("CREATE INDEX"));
        assert!(index_ddl().contains("xjs_link_by_person"));
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(table_ddl()).unwrap();
        conn.execute_batch(index_ddl()).unwrap();
    }
}
