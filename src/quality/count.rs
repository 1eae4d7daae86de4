//! Counting every rule over a whole database for `dfexplorer check`. Record-level rules run in one
//! streaming pass per table with the same code the explorer uses on single records; the false-link
//! rule streams the link table in person order; duplicate events, split persons and unlinked
//! records are SQL aggregates. Memory stays bounded whatever the database size.

use std::fmt::Write as _;

use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde::Serialize;

use super::person::{age_columns, demographics_disagree, demographics_from, RecordDemographics};
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
    extract_date: NaiveDate,
) -> rusqlite::Result<Vec<RuleCount>> {
    let mut per_rule: Vec<Option<Vec<TableCount>>> = vec![None; Rule::ALL.len()];
    let slot = |r: Rule| Rule::ALL.iter().position(|x| *x == r).unwrap_or(0);

    for roles in TABLE_ROLES.iter().filter(|r| schema.table_usable(r.table)) {
        let (rows, counts) = scan_table(conn, roles, extract_date)?;
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
            unlinked.push(unlinked_records(conn, d)?);
            split.push(split_people(conn, d)?);
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
fn write_cell(buf: &mut String, v: ValueRef<'_>) {
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
    extract_date: NaiveDate,
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
        findings(roles, &cells, extract_date, &mut found);
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

/// Main-table records with no `xjs_link` row. The CAST keeps INTEGER- and TEXT-stored ids
/// comparable while letting SQLite use the link table's index.
fn unlinked_records(conn: &Connection, d: Dataset) -> rusqlite::Result<TableCount> {
    let table = d.main_table();
    let (rows, unlinked): (i64, i64) = conn.query_row(
        &format!(
            "SELECT count(*), coalesce(sum(NOT EXISTS (
               SELECT 1 FROM xjs_link AS l
               WHERE l.source_dataset = ?1 AND l.row_id_hash = CAST(m.row_id_hash AS TEXT))), 0)
             FROM {table} AS m"
        ),
        [d.source_name()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(TableCount {
        table: table.to_string(),
        count: unlinked as u64,
        denominator: rows as u64,
    })
}

/// Dataset-level people (with at least one linked record) whose records sit under more than one
/// `estimated_xjs_id`. CROSS JOIN fixes the join order so a copy without statistics is not
/// planned as a scan of the link table per person.
fn split_people(conn: &Connection, d: Dataset) -> rusqlite::Result<TableCount> {
    let table = d.main_table();
    let pid = d.person_id_column();
    let (people, split): (i64, i64) = conn.query_row(
        &format!(
            "SELECT count(*), coalesce(sum(n > 1), 0) FROM (
               SELECT count(DISTINCT CAST(l.estimated_xjs_id AS TEXT)) AS n
               FROM {table} AS m CROSS JOIN xjs_link AS l
               WHERE l.source_dataset = ?1 AND l.row_id_hash = CAST(m.row_id_hash AS TEXT)
                 AND m.{pid} IS NOT NULL AND CAST(m.{pid} AS TEXT) <> ''
               GROUP BY CAST(m.{pid} AS TEXT))"
        ),
        [d.source_name()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(TableCount {
        table: table.to_string(),
        count: split as u64,
        denominator: people as u64,
    })
}

/// Linked people whose main-table records disagree on gender or age. Streams `xjs_link` in
/// person order (its person index makes that a walk, not a sort) and looks up each record.
fn false_links(conn: &Connection, mains: &[Dataset]) -> rusqlite::Result<TableCount> {
    let mut select = vec![
        "CAST(l.estimated_xjs_id AS TEXT)".to_string(),
        "l.source_dataset".to_string(),
    ];
    let mut joins = String::new();
    // Per dataset: offset of its first column, and how many date columns follow the age.
    let mut layout: Vec<(Dataset, usize, usize)> = Vec::new();
    for (i, &d) in mains.iter().enumerate() {
        let (age, dates) = age_columns(d);
        layout.push((d, select.len(), dates.len()));
        select.push(format!("t{i}.gender"));
        select.push(format!("t{i}.{age}"));
        select.extend(dates.iter().map(|c| format!("t{i}.{c}")));
        let _ = write!(
            joins,
            " LEFT JOIN {} AS t{i} ON l.source_dataset = '{}' AND t{i}.row_id_hash = CAST(l.row_id_hash AS TEXT)",
            d.main_table(),
            d.source_name()
        );
    }
    let sql = format!(
        "SELECT {} FROM xjs_link AS l{joins} ORDER BY l.estimated_xjs_id",
        select.join(", ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut cells = vec![String::new(); select.len()];
    let (mut people, mut flagged) = (0u64, 0u64);
    let mut current: Option<String> = None;
    let mut demo: Vec<RecordDemographics> = Vec::new();
    while let Some(row) = rows.next()? {
        write_cell(&mut cells[0], row.get_ref(0)?);
        if current.as_deref() != Some(cells[0].as_str()) {
            if current.is_some() {
                people += 1;
                flagged += u64::from(demographics_disagree(&demo));
            }
            current = Some(cells[0].clone());
            demo.clear();
        }
        write_cell(&mut cells[1], row.get_ref(1)?);
        let Some(&(d, at, n_dates)) = layout.iter().find(|(d, _, _)| d.source_name() == cells[1])
        else {
            continue;
        };
        for (i, cell) in cells.iter_mut().enumerate().skip(at).take(2 + n_dates) {
            write_cell(cell, row.get_ref(i)?);
        }
        let get = |i: usize| Some(cells[i].as_str()).filter(|v| !v.trim().is_empty());
        let dates: Vec<Option<&str>> = (at + 2..at + 2 + n_dates).map(get).collect();
        demo.push(demographics_from(d, get(at), get(at + 1), &dates));
    }
    if current.is_some() {
        people += 1;
        flagged += u64::from(demographics_disagree(&demo));
    }
    Ok(TableCount {
        table: LINK_TABLE.to_string(),
        count: flagged,
        denominator: people,
    })
}
