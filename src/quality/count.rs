//! Counting every rule over a whole database for `dfexplorer check`. Record-level rules run in one
//! streaming pass per table with the same code the explorer uses on single records; the false-link
//! rule streams the link table in person order; duplicate events, split persons and unlinked
//! records are SQL aggregates. Memory stays bounded whatever the database size.

use std::fmt::Write as _;

use rusqlite::types::ValueRef;
use rusqlite::Connection;

use crate::observation::Windows;
use serde::Serialize;

use super::false_links::false_links;
use super::record_rules::{findings, Cells, Finding, TableRoles, TABLE_ROLES};
use super::{CountUnit, Rule};
use crate::contract::{Dataset, LINK_TABLE};
use crate::db::{quote_ident, SchemaReport};

/// A rule's count in one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableCount {
    pub table: String,
    pub count: u64,
    pub denominator: u64,
}

/// How often one rule fires in a database, and the note it relates to.
#[derive(Debug, Clone, Serialize)]
pub struct RuleCount {
    pub rule: Rule,
    pub title: &'static str,
    /// What `count` and `denominator` count.
    pub unit: CountUnit,
    /// `None` when the rule is not applicable (the tables it needs are absent).
    pub count: Option<u64>,
    /// Records, events or people the rule was judged on.
    pub denominator: Option<u64>,
    /// Per table (record rules) or per dataset main table (link rules).
    pub by_table: Vec<TableCount>,
    /// Why the rule was not applicable.
    pub not_applicable: Option<String>,
    pub note_topic: String,
    pub note_short: String,
    pub note_location: String,
    pub note_source: String,
}

impl RuleCount {
    fn new(rule: Rule, by_table: Option<Vec<TableCount>>, why_not: &str) -> RuleCount {
        let note = rule.note();
        let (count, denominator, by_table, not_applicable) = match by_table {
            Some(t) => (
                Some(t.iter().map(|c| c.count).sum()),
                Some(t.iter().map(|c| c.denominator).sum()),
                t,
                None,
            ),
            None => (None, None, Vec::new(), Some(why_not.to_string())),
        };
        RuleCount {
            rule,
            title: rule.title(),
            unit: rule.unit(),
            count,
            denominator,
            by_table,
            not_applicable,
            note_topic: note.topic.clone(),
            note_short: note.short().to_string(),
            note_location: note.location(),
            note_source: note.source.clone(),
        }
    }

    /// The share of the denominator flagged, as a percentage.
    pub fn percent(&self) -> Option<f64> {
        match (self.count, self.denominator) {
            (Some(c), Some(d)) if d > 0 => Some(100.0 * c as f64 / d as f64),
            _ => None,
        }
    }
}

/// Counts every rule (in [`Rule::ALL`] order). Tables that are absent or lack contract columns
/// are skipped; a rule with no table to judge is reported as not applicable.
pub fn count_all(
    conn: &Connection,
    schema: &SchemaReport,
    windows: &Windows,
) -> rusqlite::Result<Vec<RuleCount>> {
    // The link rules look records up by hashed ids, all over the file. Reading through a memory
    // map instead of read() calls makes those lookups about a third faster; the map is backed by
    // the OS file cache (not the heap) and the previous setting is restored afterwards.
    let mmap_before: i64 = conn
        .query_row("PRAGMA mmap_size", [], |r| r.get(0))
        .unwrap_or(0);
    let _ = conn.query_row("PRAGMA mmap_size = 2147418112", [], |_| Ok(()));
    let result = count_all_inner(conn, schema, windows);
    let _ = conn.query_row(&format!("PRAGMA mmap_size = {mmap_before}"), [], |_| Ok(()));
    result
}

fn count_all_inner(
    conn: &Connection,
    schema: &SchemaReport,
    windows: &Windows,
) -> rusqlite::Result<Vec<RuleCount>> {
    let mut per_rule: Vec<Option<Vec<TableCount>>> = vec![None; Rule::ALL.len()];
    let slot = |r: Rule| Rule::ALL.iter().position(|x| *x == r).unwrap_or(0);

    for roles in TABLE_ROLES.iter().filter(|r| schema.table_usable(r.table)) {
        let (rows, counts) = scan_table(conn, roles, windows)?;
        for rule in Rule::ALL.into_iter().filter(|r| roles.applies(*r)) {
            per_rule[slot(rule)]
                .get_or_insert_with(Vec::new)
                .push(TableCount {
                    table: roles.table.to_string(),
                    count: counts[slot(rule)],
                    denominator: rows,
                });
        }
    }

    let linked = schema.table_usable(LINK_TABLE);
    let mains: Vec<Dataset> = schema.present_datasets();
    if schema.table_usable("probation_flatfile") {
        per_rule[slot(Rule::DuplicateEventRows)] = Some(vec![duplicate_events(conn)?]);
    }
    if linked && !mains.is_empty() {
        let (mut unlinked, mut split) = (Vec::new(), Vec::new());
        for &d in &mains {
            let (u, s) = link_facts(conn, d)?;
            unlinked.push(u);
            split.push(s);
        }
        per_rule[slot(Rule::Unlinked)] = Some(unlinked);
        per_rule[slot(Rule::PossibleMissedLink)] = Some(split);
        per_rule[slot(Rule::PossibleFalseLink)] = Some(vec![false_links(conn, &mains)?]);
    }

    Ok(Rule::ALL
        .into_iter()
        .zip(per_rule)
        .map(|(rule, tables)| RuleCount::new(rule, tables, &why_not(rule, linked)))
        .collect())
}

fn why_not(rule: Rule, linked: bool) -> String {
    let tables: Vec<&str> = TABLE_ROLES
        .iter()
        .filter(|r| r.applies(rule))
        .map(|r| r.table)
        .collect();
    match rule {
        Rule::DuplicateEventRows => "probation_flatfile is absent".to_string(),
        Rule::Unlinked | Rule::PossibleMissedLink | Rule::PossibleFalseLink if !linked => {
            "xjs_link lacks contract columns".to_string()
        }
        Rule::Unlinked | Rule::PossibleMissedLink | Rule::PossibleFalseLink => {
            "no dataset main table is present".to_string()
        }
        _ => format!("none of {} is present", tables.join(", ")),
    }
}

/// One row of a streamed table: the selected columns' values as text (NULL reads as blank).
struct RowCells<'a> {
    names: &'a [&'static str],
    values: &'a [String],
}

impl Cells for RowCells<'_> {
    fn has(&self, column: &str) -> bool {
        self.names.contains(&column)
    }
    fn get(&self, column: &str) -> Option<&str> {
        let i = self.names.iter().position(|n| *n == column)?;
        Some(self.values[i].as_str()).filter(|v| !v.trim().is_empty())
    }
}

/// Writes a cell as text into a reused buffer, the way `db::value_text` renders it.
pub(crate) fn write_cell(buf: &mut String, v: ValueRef<'_>) {
    buf.clear();
    match v {
        ValueRef::Null => {}
        ValueRef::Integer(i) => {
            let _ = write!(buf, "{i}");
        }
        ValueRef::Real(f) => {
            let _ = write!(buf, "{f}");
        }
        ValueRef::Text(t) | ValueRef::Blob(t) => buf.push_str(&String::from_utf8_lossy(t)),
    }
}

/// Rows in the table and, per rule slot, how many rows the rule fired on (once per row).
fn scan_table(
    conn: &Connection,
    roles: &TableRoles,
    windows: &Windows,
) -> rusqlite::Result<(u64, Vec<u64>)> {
    let names = roles.columns();
    let mut counts = vec![0u64; Rule::ALL.len()];
    let select = if names.is_empty() {
        "1".to_string()
    } else {
        names
            .iter()
            .map(|c| quote_ident(c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sql = format!("SELECT {select} FROM {}", quote_ident(roles.table));
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut values = vec![String::new(); names.len()];
    let mut found: Vec<Finding> = Vec::new();
    let mut seen: Vec<Rule> = Vec::new();
    let mut n = 0u64;
    while let Some(row) = rows.next()? {
        n += 1;
        for (i, v) in values.iter_mut().enumerate() {
            write_cell(v, row.get_ref(i)?);
        }
        let cells = RowCells {
            names: &names,
            values: &values,
        };
        findings(roles, &cells, windows, &mut found);
        seen.clear();
        for f in &found {
            if !seen.contains(&f.rule) {
                seen.push(f.rule);
                if let Some(i) = Rule::ALL.iter().position(|r| *r == f.rule) {
                    counts[i] += 1;
                }
            }
        }
    }
    Ok((n, counts))
}

/// Events (distinct `event_id_hash`) delivered on more than one flatfile row.
fn duplicate_events(conn: &Connection) -> rusqlite::Result<TableCount> {
    let (events, repeated): (i64, i64) = conn.query_row(
        "SELECT count(*), coalesce(sum(n > 1), 0) FROM (
           SELECT count(*) AS n FROM probation_flatfile
           WHERE event_id_hash IS NOT NULL AND event_id_hash <> ''
           GROUP BY event_id_hash)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(TableCount {
        table: "probation_flatfile".to_string(),
        count: repeated as u64,
        denominator: events as u64,
    })
}

/// Per dataset, in one pass over its main table in person order: records with no `xjs_link` row
/// (unlinked), and dataset-level people with a linked record whose records sit under more than
/// one `estimated_xjs_id` (split). `same_id` lets INTEGER- and TEXT-stored ids meet on the link
/// table's index; min <> max detects a split without a DISTINCT set per person.
fn link_facts(conn: &Connection, d: Dataset) -> rusqlite::Result<(TableCount, TableCount)> {
    let table = d.main_table();
    let pid = d.person_id_column();
    let rows: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
    let (people, split, unlinked): (i64, i64, i64) = conn.query_row(
        &format!(
            "SELECT coalesce(sum(lo IS NOT NULL AND p IS NOT NULL AND p <> ''), 0),
                    coalesce(sum(lo <> hi AND p IS NOT NULL AND p <> ''), 0),
                    coalesce(sum(unlinked), 0)
             FROM (SELECT m.{pid} AS p, min(l.estimated_xjs_id) AS lo, max(l.estimated_xjs_id) AS hi,
                          sum(l.source_dataset IS NULL) AS unlinked
                   FROM {table} AS m LEFT JOIN xjs_link AS l
                     ON l.source_dataset = ?1 AND l.row_id_hash {}
                   GROUP BY m.{pid})",
            crate::db::same_id(conn, "xjs_link", "row_id_hash", "m.row_id_hash")
        ),
        [d.source_name()],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let count = |count: i64, denominator: i64| TableCount {
        table: table.to_string(),
        count: count as u64,
        denominator: denominator as u64,
    };
    Ok((count(unlinked, rows), count(split, people)))
}
