//! A record as read from any contract table: its columns in table order, values as text. Generic on
//! purpose: extra columns a researcher's copy holds are kept and shown, and quality rules read
//! columns by name whatever the storage class.

use std::sync::Arc;

use serde::Serialize;

use crate::contract::Dataset;
use crate::dates::DateCell;

/// The column names of one query, shared by every record it reads.
pub type Columns = Arc<[Arc<str>]>;

#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub table: String,
    /// Column names in the table's column order, shared between the records of one query.
    names: Columns,
    /// Values as text (`None` for NULL), one per name. Boxed, not `String`: a person may have
    /// tens of thousands of records of twenty columns each.
    values: Vec<Option<Box<str>>>,
}

impl Record {
    pub fn new(table: impl Into<String>, values: Vec<(Arc<str>, Option<String>)>) -> Record {
        let (names, values): (Vec<Arc<str>>, Vec<Option<Box<str>>>) = values
            .into_iter()
            .map(|(n, v)| (n, v.map(String::into_boxed_str)))
            .unzip();
        Record {
            table: table.into(),
            names: names.into(),
            values,
        }
    }

    pub fn dataset(&self) -> Option<Dataset> {
        Dataset::of_table(&self.table)
    }

    /// Every column with its value as text (`None` for NULL), in the table's order.
    pub fn columns(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.names
            .iter()
            .zip(&self.values)
            .map(|(n, v)| (n.as_ref(), v.as_deref()))
    }

    /// Whether the record has the column (case-insensitive name), whatever its value.
    pub fn has(&self, column: &str) -> bool {
        self.names.iter().any(|c| c.eq_ignore_ascii_case(column))
    }

    /// The value of a column (case-insensitive name); `None` when NULL, empty or absent.
    pub fn get(&self, column: &str) -> Option<&str> {
        self.raw(column).filter(|v| !v.trim().is_empty())
    }

    /// The value of a column as stored, blank included; `None` when NULL or absent.
    pub fn raw(&self, column: &str) -> Option<&str> {
        let at = self
            .names
            .iter()
            .position(|c| c.eq_ignore_ascii_case(column))?;
        self.values.get(at)?.as_deref()
    }

    pub fn date(&self, column: &str) -> DateCell {
        DateCell::parse(self.get(column))
    }

    /// A whole-number column, tolerating `12.0` and surrounding spaces.
    pub fn number(&self, column: &str) -> Option<f64> {
        self.get(column).and_then(|v| v.trim().parse::<f64>().ok())
    }

    /// Reads every column of the current row of a `SELECT *`-style statement.
    pub fn from_row(
        table: &str,
        columns: &Columns,
        row: &rusqlite::Row<'_>,
    ) -> rusqlite::Result<Record> {
        let values = (0..columns.len())
            .map(|i| Ok(crate::db::row_text(row, i)?.map(String::into_boxed_str)))
            .collect::<rusqlite::Result<_>>()?;
        Ok(Record {
            table: table.to_string(),
            names: Arc::clone(columns),
            values,
        })
    }
}

/// Serialised as `{"table": .., "values": [[name, value], ..]}`.
impl Serialize for Record {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let values: Vec<(&str, Option<&str>)> = self.columns().collect();
        let mut st = s.serialize_struct("Record", 2)?;
        st.serialize_field("table", &self.table)?;
        st.serialize_field("values", &values)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_treats_blank_as_missing_and_ignores_case() {
        let r = Record::new(
            "probation_flatfile",
            vec![
                ("Referral_Date".into(), Some("2016-01-02".into())),
                ("gender".into(), Some("  ".into())),
                ("age_at_offence".into(), Some("34".into())),
            ],
        );
        assert_eq!(r.get("referral_date"), Some("2016-01-02"));
        assert_eq!(r.get("gender"), None);
        assert_eq!(r.number("age_at_offence"), Some(34.0));
        assert_eq!(r.dataset(), Some(Dataset::Probation));
    }
}
