//! The contract's columns with what a loader needs beyond their names: declared type, NOT NULL
//! and PRIMARY KEY. Read once from `assets/schema.sql`, like `crate::contract::tables()`.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The storage a contract column declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    Integer,
    Real,
}

#[derive(Debug, Clone)]
pub struct ColumnSpec {
    pub name: String,
    pub kind: ColumnKind,
    pub not_null: bool,
    pub primary_key: bool,
    /// A date column (`*_date`): stored as TEXT `YYYY-MM-DD`.
    pub is_date: bool,
}

impl ColumnSpec {
    /// A column the import cannot do without: keys and NOT NULL columns.
    pub fn required(&self) -> bool {
        self.not_null || self.primary_key
    }
}

/// Whether a column name denotes a date (the contract's naming rule: `*_date`).
pub fn is_date_column(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with("_date")
}

/// The columns of contract table `table` in schema order; `None` for a name outside the contract.
pub fn column_specs(table: &str) -> Option<&'static [ColumnSpec]> {
    static SPECS: OnceLock<HashMap<String, Vec<ColumnSpec>>> = OnceLock::new();
    SPECS.get_or_init(read_specs).get(table).map(Vec::as_slice)
}

fn read_specs() -> HashMap<String, Vec<ColumnSpec>> {
    let conn = rusqlite::Connection::open_in_memory().expect("in-memory SQLite");
    conn.execute_batch(crate::contract::table_ddl())
        .expect("assets/schema.sql is valid SQL");
    crate::contract::tables()
        .iter()
        .map(|t| {
            let sql = format!("PRAGMA table_info({})", crate::db::quote_ident(&t.name));
            let mut stmt = conn.prepare(&sql).expect("table_info");
            let cols = stmt
                .query_map([], |r| {
                    let name: String = r.get(1)?;
                    let decl: String = r.get(2)?;
                    let not_null: bool = r.get(3)?;
                    let pk: i64 = r.get(5)?;
                    Ok(ColumnSpec {
                        is_date: is_date_column(&name),
                        kind: kind_of(&decl),
                        name,
                        not_null,
                        primary_key: pk > 0,
                    })
                })
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .expect("read table_info");
            (t.name.clone(), cols)
        })
        .collect()
}

/// SQLite's affinity rules, reduced to the three kinds the contract uses.
fn kind_of(decl: &str) -> ColumnKind {
    let d = decl.to_ascii_uppercase();
    if d.contains("INT") {
        ColumnKind::Integer
    } else if d.contains("REAL") || d.contains("FLOA") || d.contains("DOUB") {
        ColumnKind::Real
    } else {
        ColumnKind::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_keys_types_and_dates() {
        let cols = column_specs("magistrates_case").unwrap();
        assert_eq!(cols[0].name, "row_id_hash");
        assert!(cols[0].primary_key && cols[0].required());
        let custody = cols.iter().find(|c| c.name == "custody_days").unwrap();
        assert_eq!(custody.kind, ColumnKind::Integer);
        assert!(!custody.required());
        assert!(cols.iter().any(|c| c.name == "offence_date" && c.is_date));
        let link = column_specs("xjs_link").unwrap();
        assert!(link.iter().all(|c| c.not_null));
        assert!(column_specs("no_such_table").is_none());
    }
}
