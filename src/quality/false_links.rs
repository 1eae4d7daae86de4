//! Counting possible false links over a whole database: people whose linked main-table records
//! disagree on gender or age. One stream per dataset walks `xjs_link` in person order (the
//! person index makes that a walk, not a sort) joined to its main table; the streams are merged
//! by person, so memory holds one person at a time. Four plain joins merged here run about twice
//! as fast as one four-way LEFT JOIN, which probes every main table for every link row.

use std::cmp::Ordering;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, Rows};

use super::count::{write_cell, TableCount};
use super::person::{age_columns, traits_disagree, Traits};
use crate::contract::{Dataset, LINK_TABLE};

/// An `estimated_xjs_id` ordered the way SQLite orders a column: NULL, numbers, text, blobs,
/// text by bytes. INTEGER- and TEXT-stored ids therefore merge in the order SQLite returns them.
#[derive(Debug, Clone)]
enum SortKey {
    Null,
    Int(i64),
    Real(f64),
    Text(Vec<u8>),
    Blob(Vec<u8>),
}

impl SortKey {
    fn of(v: ValueRef<'_>) -> SortKey {
        match v {
            ValueRef::Null => SortKey::Null,
            ValueRef::Integer(i) => SortKey::Int(i),
            ValueRef::Real(f) => SortKey::Real(f),
            ValueRef::Text(t) => SortKey::Text(t.to_vec()),
            ValueRef::Blob(b) => SortKey::Blob(b.to_vec()),
        }
    }

    fn class(&self) -> u8 {
        match self {
            SortKey::Null => 0,
            SortKey::Int(_) | SortKey::Real(_) => 1,
            SortKey::Text(_) => 2,
            SortKey::Blob(_) => 3,
        }
    }

    fn number(&self) -> f64 {
        match self {
            SortKey::Int(i) => *i as f64,
            SortKey::Real(f) => *f,
            _ => 0.0,
        }
    }
}

impl Ord for SortKey {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (SortKey::Int(a), SortKey::Int(b)) => a.cmp(b),
            (SortKey::Text(a), SortKey::Text(b)) | (SortKey::Blob(a), SortKey::Blob(b)) => a.cmp(b),
            _ if self.class() == 1 && other.class() == 1 => self
                .number()
                .partial_cmp(&other.number())
                .unwrap_or(Ordering::Equal),
            _ => self.class().cmp(&other.class()),
        }
    }
}

impl PartialOrd for SortKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for SortKey {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for SortKey {}

/// One dataset's link rows in person order, with the current row read ahead.
struct Stream<'s> {
    rows: Rows<'s>,
    cells: Vec<String>,
    head: Option<(SortKey, Traits)>,
}

impl Stream<'_> {
    fn advance(&mut self) -> rusqlite::Result<()> {
        self.head = match self.rows.next()? {
            None => None,
            Some(row) => {
                let key = SortKey::of(row.get_ref(0)?);
                for (i, cell) in self.cells.iter_mut().enumerate() {
                    write_cell(cell, row.get_ref(i + 1)?);
                }
                let get = |i: usize| {
                    self.cells
                        .get(i)
                        .map(String::as_str)
                        .filter(|v| !v.trim().is_empty())
                };
                // The cells hold one or two dates: a missing second one reads as none.
                let dates = [get(2), get(3)];
                Some((key, Traits::from_cells(get(0), get(1), &dates)))
            }
        };
        Ok(())
    }
}

fn stream_sql(conn: &Connection, d: Dataset) -> String {
    let (age, dates) = age_columns(d);
    let dates: Vec<String> = dates.iter().map(|c| format!("m.{c}")).collect();
    // `+l.source_dataset` keeps the dataset test off the index so the person index drives the
    // scan in order; `same_id` lets INTEGER- and TEXT-stored row ids meet on the main table's
    // index.
    format!(
        "SELECT l.estimated_xjs_id, m.gender, m.{age}, {} FROM xjs_link AS l
         CROSS JOIN {} AS m ON m.row_id_hash {}
         WHERE +l.source_dataset = '{}' ORDER BY l.estimated_xjs_id",
        dates.join(", "),
        d.main_table(),
        crate::db::same_id(conn, d.main_table(), "row_id_hash", "l.row_id_hash"),
        d.source_name()
    )
}

/// Linked people (with a record in a present dataset) whose records disagree on gender or age.
pub(crate) fn false_links(conn: &Connection, mains: &[Dataset]) -> rusqlite::Result<TableCount> {
    let mut stmts = Vec::new();
    for &d in mains {
        stmts.push((conn.prepare(&stream_sql(conn, d))?, age_columns(d).1.len()));
    }
    let mut streams = Vec::new();
    for (stmt, n_dates) in stmts.iter_mut() {
        let mut s = Stream {
            rows: stmt.query([])?,
            cells: vec![String::new(); 2 + *n_dates],
            head: None,
        };
        s.advance()?;
        streams.push(s);
    }
    let (mut people, mut flagged) = (0u64, 0u64);
    let mut person: Vec<Traits> = Vec::new();
    while let Some(min) = streams
        .iter()
        .filter_map(|s| s.head.as_ref().map(|(k, _)| k))
        .min()
        .cloned()
    {
        person.clear();
        for s in streams.iter_mut() {
            while let Some((k, t)) = &s.head {
                if *k != min {
                    break;
                }
                person.push(*t);
                s.advance()?;
            }
        }
        people += 1;
        flagged += u64::from(traits_disagree(&person));
    }
    Ok(TableCount {
        table: LINK_TABLE.to_string(),
        count: flagged,
        denominator: people,
    })
}

#[cfg(test)]
mod tests {
    use super::SortKey;

    #[test]
    fn keys_order_like_sqlite() {
        let mut keys = vec![
            SortKey::Text(b"b".to_vec()),
            SortKey::Int(10),
            SortKey::Null,
            SortKey::Real(2.5),
            SortKey::Text(b"a".to_vec()),
            SortKey::Int(2),
        ];
        keys.sort();
        let expect = [
            SortKey::Null,
            SortKey::Int(2),
            SortKey::Real(2.5),
            SortKey::Int(10),
            SortKey::Text(b"a".to_vec()),
            SortKey::Text(b"b".to_vec()),
        ];
        assert_eq!(keys, expect);
        assert_eq!(SortKey::Int(3), SortKey::Real(3.0));
        // Integers beyond 2^53 stay apart (as floats they would be one person).
        let big = 1i64 << 53;
        assert!(SortKey::Int(big + 1) > SortKey::Int(big));
    }
}
