//! The database health report behind `dfexplorer check`: datasets, row counts, linked people,
//! schema problems, and the count of each data-quality problem.

use rusqlite::Connection;
use serde::Serialize;

use crate::contract::Dataset;
use crate::db::{self, SchemaReport};
use crate::quality::{self, RuleCount};

#[derive(Debug, Clone, Serialize)]
pub struct DatasetCount {
    pub dataset: Dataset,
    /// Distinct events, by the one counting rule (a probation event repeated on several flatfile
    /// rows is one record); `None` when the dataset is absent.
    pub records: Option<u64>,
    /// Main-table rows (more than `records` when probation events are repeated).
    pub rows: Option<u64>,
    pub linked_people: Option<u64>,
    /// Main-table records with no `xjs_link` row.
    pub unlinked_records: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub extract_info: Vec<(String, String)>,
    pub datasets: Vec<DatasetCount>,
    pub link_rows: u64,
    pub people: u64,
    pub schema_problems: Vec<String>,
    pub schema_warnings: Vec<String>,
    /// Extra (non-contract) columns, by table: allowed, listed for information.
    pub extra_columns: Vec<String>,
    /// The date quality rules judge "after the extract" against.
    pub extract_date: chrono::NaiveDate,
    /// Each dataset's observation window: records with no end are open at its end.
    pub windows: Vec<DatasetWindow>,
    /// The count of each data-quality problem (empty when the database is unusable).
    pub quality: Vec<RuleCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DatasetWindow {
    pub dataset: Dataset,
    pub window: crate::observation::Window,
    pub source: crate::observation::Source,
}

impl CheckReport {
    pub fn build(conn: &Connection) -> anyhow::Result<CheckReport> {
        let schema = SchemaReport::read(conn)?;
        let mut datasets = Vec::new();
        for d in Dataset::ALL {
            datasets.push(if schema.dataset(d).usable {
                count_dataset(conn, d)?
            } else {
                DatasetCount {
                    dataset: d,
                    records: None,
                    rows: None,
                    linked_people: None,
                    unlinked_records: None,
                }
            });
        }
        let (link_rows, people) = if schema.link_table.missing_columns.is_empty() {
            conn.query_row(
                "SELECT count(*), (SELECT count(*) FROM (SELECT DISTINCT estimated_xjs_id FROM xjs_link)) FROM xjs_link",
                [],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
            )?
        } else {
            (0, 0)
        };
        let extra_columns = schema
            .all_tables()
            .filter(|t| !t.extra_columns.is_empty())
            .map(|t| {
                format!(
                    "{} has extra column(s): {}",
                    t.name,
                    t.extra_columns.join(", ")
                )
            })
            .collect();
        let windows = crate::observation::Windows::read(conn);
        let quality = if schema.fatal_problems().is_empty() {
            quality::count_all(conn, &schema, &windows)?
        } else {
            Vec::new()
        };
        Ok(CheckReport {
            extract_info: db::extract_info(conn)?,
            datasets,
            link_rows,
            people,
            schema_problems: schema.fatal_problems(),
            schema_warnings: schema.warnings(),
            extra_columns,
            extract_date: windows.extract_date,
            windows: crate::contract::Dataset::ALL
                .iter()
                .map(|d| DatasetWindow {
                    dataset: *d,
                    window: windows.of(*d),
                    source: windows.source_of(*d),
                })
                .collect(),
            quality,
        })
    }

    /// A database is usable when the link table and at least one dataset are in place.
    pub fn usable(&self) -> bool {
        self.schema_problems.is_empty()
    }
}

fn count_dataset(conn: &Connection, d: Dataset) -> rusqlite::Result<DatasetCount> {
    let table = d.main_table();
    let rows: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
    // The counting rule: one record per distinct event (rows without an event id are their own).
    let records: i64 = match d {
        Dataset::Probation => conn.query_row(
            "SELECT count(DISTINCT event_id_hash)
                    + (SELECT count(*) FROM probation_flatfile
                       WHERE event_id_hash IS NULL OR event_id_hash = '')
             FROM probation_flatfile WHERE event_id_hash <> ''",
            [],
            |r| r.get(0),
        )?,
        _ => rows,
    };
    let linked_people: i64 = conn.query_row(
        "SELECT count(*) FROM (SELECT DISTINCT estimated_xjs_id FROM xjs_link WHERE source_dataset = ?1)",
        [d.source_name()],
        |r| r.get(0),
    )?;
    let unlinked: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM {table} AS m WHERE NOT EXISTS (
               SELECT 1 FROM xjs_link AS l
               WHERE l.source_dataset = ?1 AND l.row_id_hash {})",
            crate::db::same_id(conn, "xjs_link", "row_id_hash", "m.row_id_hash")
        ),
        [d.source_name()],
        |r| r.get(0),
    )?;
    Ok(DatasetCount {
        dataset: d,
        records: Some(records as u64),
        rows: Some(rows as u64),
        linked_people: Some(linked_people as u64),
        unlinked_records: Some(unlinked as u64),
    })
}

/// A problem SQLite's quick check found, with the table it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntegrityProblem {
    pub table: String,
    pub problem: String,
}

/// Runs SQLite's quick check table by table (so it can report progress and name each damaged
/// table), calling `progress(done, total, table)` before each. Empty when the file is sound.
pub fn integrity(
    conn: &Connection,
    mut progress: impl FnMut(usize, usize, &str),
) -> rusqlite::Result<Vec<IntegrityProblem>> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut problems = Vec::new();
    for (i, table) in tables.iter().enumerate() {
        progress(i, tables.len(), table);
        let sql = format!("PRAGMA quick_check({})", db::quote_ident(table));
        let found: rusqlite::Result<Vec<String>> = conn
            .prepare(&sql)
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect());
        match found {
            Ok(lines) => problems.extend(lines.into_iter().filter(|l| l != "ok").map(|problem| {
                IntegrityProblem {
                    table: table.clone(),
                    problem,
                }
            })),
            // So damaged the check itself cannot read it.
            Err(e) => problems.push(IntegrityProblem {
                table: table.clone(),
                problem: crate::db::plain_error(&e),
            }),
        }
    }
    progress(tables.len(), tables.len(), "");
    Ok(problems)
}
