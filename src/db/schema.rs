//! What a database holds compared with the contract: datasets, tables and columns present,
//! missing or unexpected.

use rusqlite::Connection;
use serde::Serialize;

use crate::contract::{self, Dataset};

/// One contract table as found in a database.
#[derive(Debug, Clone, Serialize)]
pub struct TableReport {
    pub name: String,
    pub present: bool,
    /// Contract columns the table lacks.
    pub missing_columns: Vec<String>,
    /// Columns beyond the contract (allowed; shown in record details).
    pub extra_columns: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DatasetPresence {
    pub dataset: Dataset,
    /// The main table exists with every contract column.
    pub usable: bool,
    pub tables: Vec<TableReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SchemaReport {
    pub link_table: TableReport,
    pub journey_table: TableReport,
    pub datasets: Vec<DatasetPresence>,
    pub catalogue_notes: TableReport,
    pub extract_info: TableReport,
    /// Tables in the database that the contract does not name.
    pub unexpected_tables: Vec<String>,
}

impl SchemaReport {
    pub fn read(conn: &Connection) -> rusqlite::Result<SchemaReport> {
        let table = |name: &str| table_report(conn, name);
        let datasets = Dataset::ALL
            .into_iter()
            .map(|d| {
                let mut tables = vec![table(d.main_table())?];
                for c in d.child_tables() {
                    tables.push(table(c)?);
                }
                let usable = tables[0].present && tables[0].missing_columns.is_empty();
                Ok(DatasetPresence {
                    dataset: d,
                    usable,
                    tables,
                })
            })
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = conn.prepare(
            "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?;
        let all: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let unexpected_tables = all
            .into_iter()
            .filter(|n| contract::table(n).is_none())
            .collect();
        Ok(SchemaReport {
            link_table: table(contract::LINK_TABLE)?,
            journey_table: table(contract::JOURNEY_TABLE)?,
            datasets,
            catalogue_notes: table(contract::CATALOGUE_TABLE)?,
            extract_info: table(contract::EXTRACT_INFO_TABLE)?,
            unexpected_tables,
        })
    }

    pub fn present_datasets(&self) -> Vec<Dataset> {
        self.datasets
            .iter()
            .filter(|d| d.usable)
            .map(|d| d.dataset)
            .collect()
    }

    pub fn dataset(&self, d: Dataset) -> &DatasetPresence {
        &self.datasets[Dataset::ALL.iter().position(|x| *x == d).unwrap_or(0)]
    }

    /// Whether a table exists with all its contract columns.
    pub fn table_usable(&self, name: &str) -> bool {
        self.all_tables()
            .any(|t| t.name == name && t.present && t.missing_columns.is_empty())
    }

    pub fn all_tables(&self) -> impl Iterator<Item = &TableReport> {
        [
            &self.link_table,
            &self.journey_table,
            &self.catalogue_notes,
            &self.extract_info,
        ]
        .into_iter()
        .chain(self.datasets.iter().flat_map(|d| d.tables.iter()))
    }

    /// Problems that make the database unusable: the link table missing or incomplete.
    pub fn fatal_problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.link_table.present {
            out.push("the xjs_link table is missing".to_string());
        } else if !self.link_table.missing_columns.is_empty() {
            out.push(format!(
                "xjs_link lacks column(s): {}",
                self.link_table.missing_columns.join(", ")
            ));
        }
        if self.present_datasets().is_empty() {
            out.push("no dataset main table is present with its contract columns".to_string());
        }
        out
    }

    /// Tables present but lacking contract columns, which every reader leaves out: each named
    /// with its missing columns, for every output that would have used them.
    pub fn ignored_tables(&self) -> Vec<String> {
        self.all_tables()
            .filter(|t| t.present && !t.missing_columns.is_empty())
            .filter(|t| t.name != contract::LINK_TABLE)
            .map(|t| {
                format!(
                    "{} lacks column(s) {}, so its records are left out",
                    t.name,
                    t.missing_columns.join(", ")
                )
            })
            .collect()
    }

    /// Problems worth a warning: tables present but lacking columns, datasets absent.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = self.ignored_tables();
        for d in &self.datasets {
            if !d.tables[0].present {
                out.push(format!(
                    "dataset {} is absent (no {} table)",
                    d.dataset,
                    d.dataset.main_table()
                ));
            }
        }
        out
    }
}

fn table_report(conn: &Connection, name: &str) -> rusqlite::Result<TableReport> {
    let spec = contract::table(name).expect("contract table");
    let present = super::table_exists(conn, name)?;
    let have = if present {
        super::table_columns(conn, name)?
    } else {
        Vec::new()
    };
    let lower: Vec<String> = have.iter().map(|c| c.to_ascii_lowercase()).collect();
    let missing_columns = if present {
        spec.columns
            .iter()
            .filter(|c| !lower.contains(&c.to_ascii_lowercase()))
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    let extra_columns = have
        .iter()
        .filter(|c| !spec.columns.iter().any(|s| s.eq_ignore_ascii_case(c)))
        .cloned()
        .collect();
    Ok(TableReport {
        name: name.to_string(),
        present,
        missing_columns,
        extra_columns,
    })
}
