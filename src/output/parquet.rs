//! A parquet file written a row group at a time, from rows of typed cells: the one parquet writer
//! of the project (generated extracts, cohort and outcome exports). Every column is optional
//! (NULL allowed), text is UTF-8, dates are DATE (days since 1970-01-01), and files are
//! snappy-compressed, so R arrow, pandas and DuckDB read them with their real types.

use std::borrow::Cow;
use std::io::Write;
use std::sync::Arc;

use bytes::Bytes;
use chrono::NaiveDate;
use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::errors::{ParquetError, Result};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

/// What a column holds, in CSV, parquet and the data dictionary alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A whole number.
    Integer,
    Real,
    /// A calendar date (`YYYY-MM-DD` in CSV).
    Date,
    /// True or false (`1` / `0` in CSV).
    Boolean,
}

impl Kind {
    /// The name the data dictionary gives the type.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Integer => "integer",
            Kind::Real => "real",
            Kind::Date => "date",
            Kind::Boolean => "boolean",
        }
    }
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Null,
    Text(Cow<'a, str>),
    Integer(i64),
    Real(f64),
    Date(NaiveDate),
    Boolean(bool),
}

impl<'a> Cell<'a> {
    pub fn text(s: &'a str) -> Cell<'a> {
        Cell::Text(Cow::Borrowed(s))
    }

    pub fn into_owned(self) -> Cell<'static> {
        match self {
            Cell::Null => Cell::Null,
            Cell::Text(t) => Cell::Text(Cow::Owned(t.into_owned())),
            Cell::Integer(i) => Cell::Integer(i),
            Cell::Real(f) => Cell::Real(f),
            Cell::Date(d) => Cell::Date(d),
            Cell::Boolean(b) => Cell::Boolean(b),
        }
    }
}

impl<'a> From<Option<&'a str>> for Cell<'a> {
    fn from(v: Option<&'a str>) -> Cell<'a> {
        v.map_or(Cell::Null, |s| Cell::Text(Cow::Borrowed(s)))
    }
}

/// Rows per row group: large enough for good compression, small enough to hold in memory.
const ROW_GROUP_ROWS: usize = 64 * 1024;

pub struct ParquetTable<W: Write + Send> {
    writer: SerializedFileWriter<W>,
    columns: Vec<Buffer>,
    names: Vec<String>,
    rows: usize,
}

impl<W: Write + Send> ParquetTable<W> {
    /// Starts a file of `columns` (name, kind) with `metadata` key-value pairs in its footer.
    pub fn new(
        out: W,
        columns: &[(&str, Kind)],
        metadata: Vec<(String, String)>,
    ) -> Result<ParquetTable<W>> {
        let mut props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("dfexplorer {}", env!("CARGO_PKG_VERSION")));
        if !metadata.is_empty() {
            props = props.set_key_value_metadata(Some(
                metadata
                    .into_iter()
                    .map(|(k, v)| KeyValue::new(k, v))
                    .collect(),
            ));
        }
        let writer =
            SerializedFileWriter::new(out, Arc::new(schema(columns)?), Arc::new(props.build()))?;
        Ok(ParquetTable {
            writer,
            columns: columns.iter().map(|(_, k)| Buffer::new(*k)).collect(),
            names: columns.iter().map(|(n, _)| n.to_string()).collect(),
            rows: 0,
        })
    }

    /// Appends one row (one cell per column). A cell of another kind than its column is
    /// converted where that is exact (`"12"` into an integer column); otherwise it is an error
    /// naming the column.
    pub fn push(&mut self, row: &[Cell<'_>]) -> Result<()> {
        if row.len() != self.columns.len() {
            return Err(ParquetError::General(format!(
                "a row of {} values for {} columns",
                row.len(),
                self.columns.len()
            )));
        }
        for ((col, cell), name) in self.columns.iter_mut().zip(row).zip(&self.names) {
            col.push(cell)
                .map_err(|e| ParquetError::General(format!("column {name}: {e}")))?;
        }
        self.rows += 1;
        if self.rows == ROW_GROUP_ROWS {
            self.end_row_group()?;
        }
        Ok(())
    }

    /// Writes the rows pushed so far as one row group (nothing when there are none).
    pub fn end_row_group(&mut self) -> Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut rg = self.writer.next_row_group()?;
        for col in &mut self.columns {
            let mut cw = rg
                .next_column()?
                .ok_or_else(|| ParquetError::General("more buffers than columns".into()))?;
            match col {
                Buffer::Integer { values, defs } => {
                    cw.typed::<Int64Type>()
                        .write_batch(values, Some(defs), None)?;
                }
                Buffer::Real { values, defs } => {
                    cw.typed::<DoubleType>()
                        .write_batch(values, Some(defs), None)?;
                }
                Buffer::Date { values, defs } => {
                    cw.typed::<Int32Type>()
                        .write_batch(values, Some(defs), None)?;
                }
                Buffer::Boolean { values, defs } => {
                    cw.typed::<BoolType>()
                        .write_batch(values, Some(defs), None)?;
                }
                Buffer::Text { data, ends, defs } => {
                    let all = Bytes::from(std::mem::take(data));
                    let mut start = 0;
                    let values: Vec<ByteArray> = ends
                        .iter()
                        .map(|&end| {
                            let v = ByteArray::from(all.slice(start..end));
                            start = end;
                            v
                        })
                        .collect();
                    cw.typed::<ByteArrayType>()
                        .write_batch(&values, Some(defs), None)?;
                }
            }
            cw.close()?;
            col.clear();
        }
        rg.close()?;
        self.rows = 0;
        Ok(())
    }

    /// Writes the last row group and the footer, and gives the output back.
    pub fn finish(mut self) -> Result<W> {
        self.end_row_group()?;
        self.writer.into_inner()
    }
}

/// The parquet schema: every column optional, with its logical type.
fn schema(columns: &[(&str, Kind)]) -> Result<Type> {
    let fields = columns
        .iter()
        .map(|(name, kind)| {
            let (physical, logical) = match kind {
                Kind::Text => (PhysicalType::BYTE_ARRAY, Some(LogicalType::String)),
                Kind::Integer => (PhysicalType::INT64, None),
                Kind::Real => (PhysicalType::DOUBLE, None),
                Kind::Date => (PhysicalType::INT32, Some(LogicalType::Date)),
                Kind::Boolean => (PhysicalType::BOOLEAN, None),
            };
            Type::primitive_type_builder(name, physical)
                .with_repetition(Repetition::OPTIONAL)
                .with_logical_type(logical)
                .build()
                .map(Arc::new)
        })
        .collect::<Result<Vec<_>>>()?;
    Type::group_type_builder("schema")
        .with_fields(fields)
        .build()
}

/// A row group's values, column by column, with their definition levels (0: NULL).
enum Buffer {
    Integer {
        values: Vec<i64>,
        defs: Vec<i16>,
    },
    Real {
        values: Vec<f64>,
        defs: Vec<i16>,
    },
    /// Days since 1970-01-01.
    Date {
        values: Vec<i32>,
        defs: Vec<i16>,
    },
    Boolean {
        values: Vec<bool>,
        defs: Vec<i16>,
    },
    /// Text values back to back in `data`; `ends[i]` is where non-null value `i` ends.
    Text {
        data: Vec<u8>,
        ends: Vec<usize>,
        defs: Vec<i16>,
    },
}

impl Buffer {
    fn new(kind: Kind) -> Buffer {
        let defs = Vec::new();
        match kind {
            Kind::Text => Buffer::Text {
                data: Vec::new(),
                ends: Vec::new(),
                defs,
            },
            Kind::Integer => Buffer::Integer {
                values: Vec::new(),
                defs,
            },
            Kind::Real => Buffer::Real {
                values: Vec::new(),
                defs,
            },
            Kind::Date => Buffer::Date {
                values: Vec::new(),
                defs,
            },
            Kind::Boolean => Buffer::Boolean {
                values: Vec::new(),
                defs,
            },
        }
    }

    fn defs(&mut self) -> &mut Vec<i16> {
        match self {
            Buffer::Integer { defs, .. }
            | Buffer::Real { defs, .. }
            | Buffer::Date { defs, .. }
            | Buffer::Boolean { defs, .. }
            | Buffer::Text { defs, .. } => defs,
        }
    }

    fn push(&mut self, cell: &Cell<'_>) -> std::result::Result<(), String> {
        if *cell == Cell::Null {
            self.defs().push(0);
            return Ok(());
        }
        match self {
            Buffer::Integer { values, .. } => values.push(as_integer(cell)?),
            Buffer::Real { values, .. } => values.push(as_real(cell)?),
            Buffer::Date { values, .. } => values.push(as_days(cell)?),
            Buffer::Boolean { values, .. } => values.push(as_boolean(cell)?),
            Buffer::Text { data, ends, .. } => {
                match cell {
                    Cell::Text(s) => data.extend_from_slice(s.as_bytes()),
                    Cell::Integer(i) => data.extend_from_slice(i.to_string().as_bytes()),
                    Cell::Real(f) => data.extend_from_slice(f.to_string().as_bytes()),
                    Cell::Date(d) => data.extend_from_slice(d.to_string().as_bytes()),
                    Cell::Boolean(b) => data.extend_from_slice(if *b { b"1" } else { b"0" }),
                    Cell::Null => {}
                }
                ends.push(data.len());
            }
        }
        self.defs().push(1);
        Ok(())
    }

    fn clear(&mut self) {
        *self = Buffer::new(self.kind());
    }

    fn kind(&self) -> Kind {
        match self {
            Buffer::Integer { .. } => Kind::Integer,
            Buffer::Real { .. } => Kind::Real,
            Buffer::Date { .. } => Kind::Date,
            Buffer::Boolean { .. } => Kind::Boolean,
            Buffer::Text { .. } => Kind::Text,
        }
    }
}

/// The whole number a float holds exactly (`12.0`), if any: not a fraction, and within 2^53,
/// where every whole number is a float of its own.
pub fn whole(f: f64) -> Option<i64> {
    (f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0).then_some(f as i64)
}

fn as_integer(cell: &Cell<'_>) -> std::result::Result<i64, String> {
    match cell {
        Cell::Integer(i) => Ok(*i),
        Cell::Real(f) if whole(*f).is_some() => Ok(*f as i64),
        Cell::Text(s) => s
            .trim()
            .parse()
            .map_err(|_| format!("{s:?} is not a whole number")),
        other => Err(format!("{other:?} is not a whole number")),
    }
}

fn as_real(cell: &Cell<'_>) -> std::result::Result<f64, String> {
    match cell {
        Cell::Real(f) => Ok(*f),
        Cell::Integer(i) => Ok(*i as f64),
        Cell::Text(s) => s
            .trim()
            .parse()
            .map_err(|_| format!("{s:?} is not a number")),
        other => Err(format!("{other:?} is not a number")),
    }
}

fn as_days(cell: &Cell<'_>) -> std::result::Result<i32, String> {
    let date = match cell {
        Cell::Date(d) => Some(*d),
        Cell::Text(s) => crate::dates::parse_date(s),
        _ => None,
    }
    .ok_or_else(|| format!("{cell:?} is not a date"))?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
    i32::try_from((date - epoch).num_days()).map_err(|_| format!("{date} is out of range"))
}

fn as_boolean(cell: &Cell<'_>) -> std::result::Result<bool, String> {
    match cell {
        Cell::Boolean(b) => Ok(*b),
        Cell::Integer(0) => Ok(false),
        Cell::Integer(1) => Ok(true),
        other => Err(format!("{other:?} is not true or false")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    #[test]
    fn every_kind_round_trips_with_nulls_across_row_groups() {
        let cols = [
            ("t", Kind::Text),
            ("i", Kind::Integer),
            ("r", Kind::Real),
            ("d", Kind::Date),
            ("b", Kind::Boolean),
        ];
        let mut t = ParquetTable::new(Vec::new(), &cols, vec![("k".into(), "v".into())]).unwrap();
        let day = NaiveDate::from_ymd_opt(2016, 2, 29).unwrap();
        let n = ROW_GROUP_ROWS + 3;
        for i in 0..n {
            let row = if i % 2 == 0 {
                vec![
                    Cell::Text(format!("é{i}").into()),
                    Cell::Integer(i as i64 - 5),
                    Cell::Real(i as f64 / 4.0),
                    Cell::Date(day),
                    Cell::Boolean(i.is_multiple_of(4)),
                ]
            } else {
                vec![Cell::Null; 5]
            };
            t.push(&row).unwrap();
        }
        let bytes = Bytes::from(t.finish().unwrap());
        let reader = SerializedFileReader::new(bytes).unwrap();
        let meta = reader.metadata();
        assert_eq!(meta.num_row_groups(), 2);
        let kv = meta.file_metadata().key_value_metadata().unwrap();
        assert!(kv
            .iter()
            .any(|k| k.key == "k" && k.value.as_deref() == Some("v")));
        let rows: Vec<_> = reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(rows.len(), n);
        let last_full = &rows[n - 1 - (n - 1) % 2];
        let i = n - 1 - (n - 1) % 2;
        let fields: Vec<&Field> = last_full.get_column_iter().map(|(_, f)| f).collect();
        assert_eq!(fields[0], &Field::Str(format!("é{i}")));
        assert_eq!(fields[1], &Field::Long(i as i64 - 5));
        assert_eq!(fields[2], &Field::Double(i as f64 / 4.0));
        assert_eq!(fields[3], &Field::Date(16860));
        assert_eq!(fields[4], &Field::Bool(i.is_multiple_of(4)));
        assert!(rows[1].get_column_iter().all(|(_, f)| *f == Field::Null));
    }

    #[test]
    fn whole_numbers_are_those_a_float_holds_exactly() {
        assert_eq!(whole(12.0), Some(12));
        assert_eq!(whole(-3.0), Some(-3));
        assert_eq!(whole(12.5), None);
        assert_eq!(whole(f64::NAN), None);
        assert_eq!(whole(f64::INFINITY), None);
        assert_eq!(whole(9_007_199_254_740_992.0), Some(9_007_199_254_740_992));
        // Past 2^53 a float no longer tells neighbouring whole numbers apart.
        assert_eq!(whole(9_007_199_254_740_994.0), None);
    }

    #[test]
    fn cells_convert_only_when_exact() {
        let mut t = ParquetTable::new(Vec::new(), &[("n", Kind::Integer)], vec![]).unwrap();
        t.push(&[Cell::Text(" 12 ".into())]).unwrap();
        t.push(&[Cell::Real(3.0)]).unwrap();
        assert!(
            t.push(&[Cell::Real(3.5)]).is_err(),
            "a fraction is not a whole number"
        );
        assert!(t.push(&[Cell::Date(chrono::NaiveDate::MIN)]).is_err());
        let e = t.push(&[Cell::Text("12.5".into())]).unwrap_err();
        assert!(
            e.to_string()
                .contains("column n: \"12.5\" is not a whole number"),
            "{e}"
        );
        let mut d = ParquetTable::new(Vec::new(), &[("d", Kind::Date)], vec![]).unwrap();
        assert!(d.push(&[Cell::Text("2016-02-30".into())]).is_err());
        d.push(&[Cell::Text("2016-02-29".into())]).unwrap();
        let mut b = ParquetTable::new(Vec::new(), &[("b", Kind::Boolean)], vec![]).unwrap();
        b.push(&[Cell::Integer(1)]).unwrap();
        assert!(b.push(&[Cell::Integer(2)]).is_err());
        assert!(d.push(&[Cell::Null, Cell::Null]).is_err());
    }
}
