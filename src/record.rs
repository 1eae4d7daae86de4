//! A record as read from any contract table: its columns in table order, values as text. Generic on
//! purpose: extra columns a researcher's copy holds are kept and shown, and quality rules read
//! columns by name whatever the storage class.

use std::sync::Arc;

use serde::Serialize;

use crate::contract::Dataset;
use crate::dates::DateCell;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    pub table: String,
    /// Column name and value as text (`None` for NULL), in the table's column order. Names are
    /// shared between the records of one query, so reading a row allocates only its values.
    pub values: Vec<(Arc<str>, Option<String>)>,
}

impl Record {
    pub fn new(table: impl Into<String>, values: Vec<(Arc<str>, Option<String>)>) -> Record {
        Record {
            table: table.into(),
            values,
        }
    }

    pub fn dataset(&self) -> Option<Dataset> {
        Dataset::of_table(&self.table)
    }

    /// The value of a column (case-insensitive name); `None` when NULL, empty or absent.
    pub fn get(&self, column: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(column))
            .and_then(|(_, v)| v.as_deref())
            .filter(|v| !v.trim().is_empty())
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
        columns: &[Arc<str>],
        row: &rusqlite::Row<'_>,
    ) -> rusqlite::Result<Record> {
        let values = columns
            .iter()
            .enumerate()
            .map(|(i, c)| Ok((Arc::clone(c), crate::db::row_text(row, i)?)))
            .collect::<rusqlite::Result<_>>()?;
        Ok(Record {
            table: table.to_string(),
            values,
        })
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
