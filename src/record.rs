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
    /// Shared between the records of one query, like the names.
    pub table: Arc<str>,
    /// Column names in the table's column order, shared between the records of one query.
    names: Columns,
    /// Every value's text, one after another (a person may have tens of thousands of records of
    /// twenty columns each: two allocations per record, not one per value).
    text: Box<str>,
    /// Per column, where its value ends in `text`, with [`NULL`] set for NULL.
    ends: Box<[u32]>,
}

/// The bit of an entry of `ends` that marks a NULL value.
const NULL: u32 = 1 << 31;

impl Record {
    pub fn new(table: impl Into<Arc<str>>, values: Vec<(Arc<str>, Option<String>)>) -> Record {
        let mut packer = Packer::default();
        let names: Vec<Arc<str>> = values
            .into_iter()
            .map(|(n, v)| {
                if let Some(v) = &v {
                    packer.text.push_str(v);
                }
                packer.end_value(v.is_some()).expect("a record under 2 GiB");
                n
            })
            .collect();
        packer.finish(table.into(), names.into())
    }

    pub fn dataset(&self) -> Option<Dataset> {
        Dataset::of_table(&self.table)
    }

    /// Every column with its value as text (`None` for NULL), in the table's order.
    pub fn columns(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_ref(), self.value(i)))
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
        self.value(at)
    }

    /// The value of the column at `at`; `None` when NULL.
    fn value(&self, at: usize) -> Option<&str> {
        let end = *self.ends.get(at)?;
        let start = at.checked_sub(1).map_or(0, |i| self.ends[i] & !NULL);
        (end & NULL == 0).then(|| &self.text[start as usize..end as usize])
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
        table: &Arc<str>,
        columns: &Columns,
        row: &rusqlite::Row<'_>,
    ) -> rusqlite::Result<Record> {
        let mut packer = Packer::default();
        for i in 0..columns.len() {
            let present = crate::db::push_value_text(&mut packer.text, row.get_ref(i)?);
            packer.end_value(present).ok_or_else(|| {
                rusqlite::Error::IntegralValueOutOfRange(i, packer.text.len() as i64)
            })?;
        }
        Ok(packer.finish(Arc::clone(table), Arc::clone(columns)))
    }
}

/// Builds a record's packed values.
#[derive(Default)]
struct Packer {
    text: String,
    ends: Vec<u32>,
}

impl Packer {
    /// Ends the value just appended to `text` (`present` false: it was NULL). `None` once the
    /// record's text passes 2 GiB (SQLite's own limit on one value is 1 GB).
    fn end_value(&mut self, present: bool) -> Option<()> {
        let end = u32::try_from(self.text.len())
            .ok()
            .filter(|n| n & NULL == 0)?;
        self.ends.push(if present { end } else { end | NULL });
        Some(())
    }

    fn finish(self, table: Arc<str>, names: Columns) -> Record {
        Record {
            table,
            names,
            text: self.text.into_boxed_str(),
            ends: self.ends.into_boxed_slice(),
        }
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

    #[test]
    fn nulls_blanks_and_values_keep_their_places() {
        let r = Record::new(
            "crown_case",
            vec![
                ("a".into(), None),
                ("b".into(), Some(String::new())),
                ("c".into(), Some("x".into())),
                ("d".into(), None),
                ("e".into(), Some("yz".into())),
            ],
        );
        let got: Vec<_> = r.columns().collect();
        assert_eq!(
            got,
            [
                ("a", None),
                ("b", Some("")),
                ("c", Some("x")),
                ("d", None),
                ("e", Some("yz"))
            ]
        );
        assert_eq!(r.raw("B"), Some(""));
        assert_eq!(r.get("b"), None);
        assert_eq!(r.raw("missing"), None);
    }
}
