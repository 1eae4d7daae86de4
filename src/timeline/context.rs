//! What a lookup needs to know about the database once: which datasets and tables are usable,
//! which ID columns lead an index or hold only text, and the extract date. Read once per
//! connection and passed to `resolve_with`, `assemble_with` and search, so a keystroke costs no
//! schema queries.

use std::collections::BTreeSet;

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::contract::{self, Dataset};
use crate::db::{self, SchemaReport};
use crate::observation::Windows;

#[derive(Debug, Clone)]
pub struct DbContext {
    pub schema: SchemaReport,
    /// Each dataset's observation window, and the extract date.
    pub windows: Windows,
    /// (table, lower-case column) pairs that are the leading column of some index (or the rowid).
    indexed: BTreeSet<(String, String)>,
    /// (table, lower-case column) pairs with TEXT affinity: they never hold integers.
    text_affinity: BTreeSet<(String, String)>,
}

impl DbContext {
    pub fn read(conn: &Connection) -> rusqlite::Result<DbContext> {
        let schema = SchemaReport::read(conn)?;
        let mut indexed = BTreeSet::new();
        let mut text_affinity = BTreeSet::new();
        for t in schema.all_tables().filter(|t| t.present) {
            for col in db::text_affinity_columns(conn, &t.name)? {
                text_affinity.insert((t.name.clone(), col));
            }
            for col in leading_index_columns(conn, &t.name)? {
                indexed.insert((t.name.clone(), col));
            }
        }
        // Lookups run a dozen small statements each; keep them all prepared.
        conn.set_prepared_statement_cache_capacity(64);
        Ok(DbContext {
            schema,
            windows: Windows::read(conn),
            indexed,
            text_affinity,
        })
    }

    /// A dataset whose main table is present with every contract column.
    pub fn dataset_usable(&self, d: Dataset) -> bool {
        self.schema.dataset(d).usable
    }

    pub fn datasets_present(&self) -> Vec<Dataset> {
        self.schema.present_datasets()
    }

    pub fn table_usable(&self, table: &str) -> bool {
        self.schema.table_usable(table)
    }

    /// Whether an equality or range lookup on this column is an index seek rather than a scan.
    pub fn is_indexed(&self, table: &str, column: &str) -> bool {
        self.indexed
            .contains(&(table.to_string(), column.to_ascii_lowercase()))
    }

    /// Whether a column has TEXT affinity, so every value in it is stored as text.
    pub fn is_text(&self, table: &str, column: &str) -> bool {
        self.text_affinity
            .contains(&(table.to_string(), column.to_ascii_lowercase()))
    }

    /// The identifier columns a query can match, per usable table, in contract order.
    pub fn id_columns(&self) -> Vec<IdColumn> {
        let mut out = Vec::new();
        if self.schema.link_table.present {
            out.push(IdColumn {
                table: contract::LINK_TABLE,
                column: "estimated_xjs_id",
                dataset: None,
                indexed: self.is_indexed(contract::LINK_TABLE, "estimated_xjs_id"),
                text_only: self.is_text(contract::LINK_TABLE, "estimated_xjs_id"),
            });
        }
        for d in Dataset::ALL {
            if !self.dataset_usable(d) {
                continue;
            }
            let table = d.main_table();
            for &column in contract::id_columns().get(table).into_iter().flatten() {
                out.push(IdColumn {
                    table,
                    column,
                    dataset: Some(d),
                    indexed: self.is_indexed(table, column),
                    text_only: self.is_text(table, column),
                });
            }
        }
        out
    }
}

/// One identifier column a query may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdColumn {
    pub table: &'static str,
    pub column: &'static str,
    /// `None` for `estimated_xjs_id` (cross-dataset).
    pub dataset: Option<Dataset>,
    pub indexed: bool,
    /// TEXT affinity: values are all text (no INTEGER-stored IDs to look for).
    pub text_only: bool,
}

/// The leading column of every index on `table` (and an INTEGER PRIMARY KEY), lower-cased.
pub(crate) fn leading_index_columns(
    conn: &Connection,
    table: &str,
) -> rusqlite::Result<Vec<String>> {
    let mut out = Vec::new();
    let q = db::quote_ident(table);
    let mut list = conn.prepare(&format!("PRAGMA index_list({q})"))?;
    let names: Vec<String> = list
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<rusqlite::Result<_>>()?;
    for name in names {
        let mut info = conn.prepare(&format!("PRAGMA index_info({})", db::quote_ident(&name)))?;
        let first: Option<String> = info
            .query_map([], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(2)?))
            })?
            .filter_map(Result::ok)
            .find(|(seq, _)| *seq == 0)
            .and_then(|(_, c)| c);
        out.extend(first.map(|c| c.to_ascii_lowercase()));
    }
    // An INTEGER PRIMARY KEY column is the rowid itself.
    let mut info = conn.prepare(&format!("PRAGMA table_info({q})"))?;
    let pks: Vec<(String, String, i64)> = info
        .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(5)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let pk: Vec<_> = pks.iter().filter(|p| p.2 > 0).collect();
    if let [(name, ty, _)] = pk[..] {
        if ty.eq_ignore_ascii_case("INTEGER") {
            out.push(name.to_ascii_lowercase());
        }
    }
    Ok(out)
}

/// The two values an identifier is compared against: its text, and its integer form when it is a
/// canonical integer (a copy may store IDs as INTEGER in a column without affinity, where text
/// `'42'` and integer `42` differ). SQL uses `col IN (?1, ?2)`, which stays an index seek.
pub fn id_params(id: &str) -> [Value; 2] {
    let text = Value::Text(id.to_string());
    match id.parse::<i64>() {
        Ok(i) if i.to_string() == id => [text, Value::Integer(i)],
        _ => [text.clone(), text],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An ID is also compared as an integer only when that integer's text is the ID itself:
    /// `05` never finds the person stored as 5.
    #[test]
    fn ids_compare_as_integers_only_in_their_own_text() {
        let text = |s: &str| Value::Text(s.to_string());
        assert_eq!(id_params("5"), [text("5"), Value::Integer(5)]);
        assert_eq!(id_params("-12"), [text("-12"), Value::Integer(-12)]);
        for not_integer in ["05", "+5", " 5", "5.0", "x5"] {
            assert_eq!(
                id_params(not_integer),
                [text(not_integer), text(not_integer)],
                "{not_integer:?}"
            );
        }
    }

    /// Each index's first column, then an INTEGER PRIMARY KEY (the rowid); a composite or
    /// text primary key is no rowid.
    #[test]
    fn the_leading_columns_of_indexes_and_the_rowid_are_indexed() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE a (Id INTEGER PRIMARY KEY, b, c, d);
             CREATE INDEX ab ON a (C, b);
             CREATE TABLE t (x TEXT PRIMARY KEY, y);
             CREATE TABLE k (x INTEGER, y INTEGER, PRIMARY KEY (x, y));",
        )
        .unwrap();
        assert_eq!(leading_index_columns(&conn, "a").unwrap(), ["c", "id"]);
        // A text primary key has its own (automatic) index.
        assert_eq!(leading_index_columns(&conn, "t").unwrap(), ["x"]);
        assert_eq!(leading_index_columns(&conn, "k").unwrap(), ["x"]);
    }
}
