//! One parquet part file, written a row group at a time from a column-wise batch.

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use bytes::Bytes;
use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use crate::generate::sink::Value;
use crate::import::columns::{ColumnKind, ColumnSpec};

pub struct ParquetPart {
    path: PathBuf,
    writer: SerializedFileWriter<BufWriter<File>>,
}

impl ParquetPart {
    pub fn create(
        path: PathBuf,
        out: BufWriter<File>,
        columns: &[ColumnSpec],
    ) -> anyhow::Result<ParquetPart> {
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("dfexplorer {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = SerializedFileWriter::new(out, Arc::new(schema(columns)?), Arc::new(props))
            .with_context(|| format!("cannot start {}", path.display()))?;
        Ok(ParquetPart { path, writer })
    }

    /// Writes the buffered batch as one row group and empties the buffer.
    pub fn write_row_group(&mut self, buffer: &mut ColumnBuffers) -> anyhow::Result<()> {
        let path = &self.path;
        let result = (|| -> parquet::errors::Result<()> {
            let mut rg = self.writer.next_row_group()?;
            for col in buffer.columns.iter_mut() {
                let mut cw = rg.next_column()?.expect("one writer per schema column");
                match col {
                    Column::Int { values, defs } => {
                        cw.typed::<Int64Type>()
                            .write_batch(values, Some(defs), None)?;
                    }
                    Column::Real { values, defs } => {
                        cw.typed::<DoubleType>()
                            .write_batch(values, Some(defs), None)?;
                    }
                    Column::Text { data, ends, defs } => {
                        let all = Bytes::from(std::mem::take(data));
                        let mut start = 0;
                        let values: Vec<ByteArray> = ends
                            .iter()
                            .map(|&end| {
                                let v = ByteArray::from(all.slice(start..end as usize));
                                start = end as usize;
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
            Ok(())
        })();
        result.with_context(|| format!("cannot write {}", path.display()))
    }

    pub fn finish(self) -> anyhow::Result<()> {
        let path = self.path;
        let out = self
            .writer
            .into_inner()
            .with_context(|| format!("cannot finish {}", path.display()))?;
        let file = out
            .into_inner()
            .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.error()))?;
        file.sync_all()
            .with_context(|| format!("cannot write {}", path.display()))
    }
}

/// The parquet schema of a contract table: every column optional.
fn schema(columns: &[ColumnSpec]) -> anyhow::Result<Type> {
    let fields = columns
        .iter()
        .map(|c| {
            let (physical, logical) = match c.kind {
                ColumnKind::Text => (PhysicalType::BYTE_ARRAY, Some(LogicalType::String)),
                ColumnKind::Integer => (PhysicalType::INT64, None),
                ColumnKind::Real => (PhysicalType::DOUBLE, None),
            };
            Type::primitive_type_builder(&c.name, physical)
                .with_repetition(Repetition::OPTIONAL)
                .with_logical_type(logical)
                .build()
                .map(Arc::new)
        })
        .collect::<parquet::errors::Result<Vec<_>>>()?;
    Ok(Type::group_type_builder("schema")
        .with_fields(fields)
        .build()?)
}

/// A batch of rows held column by column, ready to become a row group.
pub struct ColumnBuffers {
    columns: Vec<Column>,
    names: Vec<&'static str>,
}

enum Column {
    Int {
        values: Vec<i64>,
        defs: Vec<i16>,
    },
    Real {
        values: Vec<f64>,
        defs: Vec<i16>,
    },
    /// Text values back to back in `data`; `ends[i]` is where non-null value `i` ends.
    Text {
        data: Vec<u8>,
        ends: Vec<u32>,
        defs: Vec<i16>,
    },
}

impl Column {
    fn clear(&mut self) {
        match self {
            Column::Int { values, defs } => {
                values.clear();
                defs.clear();
            }
            Column::Real { values, defs } => {
                values.clear();
                defs.clear();
            }
            Column::Text { data, ends, defs } => {
                data.clear();
                ends.clear();
                defs.clear();
            }
        }
    }
}

impl ColumnBuffers {
    pub fn new(columns: &'static [ColumnSpec]) -> ColumnBuffers {
        ColumnBuffers {
            columns: columns
                .iter()
                .map(|c| match c.kind {
                    ColumnKind::Integer => Column::Int {
                        values: Vec::new(),
                        defs: Vec::new(),
                    },
                    ColumnKind::Real => Column::Real {
                        values: Vec::new(),
                        defs: Vec::new(),
                    },
                    ColumnKind::Text => Column::Text {
                        data: Vec::new(),
                        ends: Vec::new(),
                        defs: Vec::new(),
                    },
                })
                .collect(),
            names: columns.iter().map(|c| c.name.as_str()).collect(),
        }
    }

    /// Appends one row; a value of another kind than its column is converted where that is exact.
    pub fn push_row(&mut self, row: &[Value]) -> anyhow::Result<()> {
        for ((col, v), name) in self.columns.iter_mut().zip(row).zip(&self.names) {
            match (col, v) {
                (Column::Int { defs, .. }, Value::Null)
                | (Column::Real { defs, .. }, Value::Null)
                | (Column::Text { defs, .. }, Value::Null) => defs.push(0),
                (Column::Int { values, defs }, v) => {
                    values.push(as_int(v).with_context(|| format!("column {name}"))?);
                    defs.push(1);
                }
                (Column::Real { values, defs }, v) => {
                    values.push(as_real(v).with_context(|| format!("column {name}"))?);
                    defs.push(1);
                }
                (Column::Text { data, ends, defs }, v) => {
                    match v {
                        Value::Text(s) => data.extend_from_slice(s.as_bytes()),
                        Value::Integer(i) => data.extend_from_slice(i.to_string().as_bytes()),
                        Value::Real(f) => data.extend_from_slice(f.to_string().as_bytes()),
                        Value::Blob(b) => data.extend_from_slice(b),
                        Value::Null => unreachable!("handled above"),
                    }
                    let end = u32::try_from(data.len())
                        .map_err(|_| anyhow::anyhow!("column {name}: batch text over 4 GiB"))?;
                    ends.push(end);
                    defs.push(1);
                }
            }
        }
        Ok(())
    }
}

fn as_int(v: &Value) -> anyhow::Result<i64> {
    match v {
        Value::Integer(i) => Ok(*i),
        Value::Real(f) if f.fract() == 0.0 => Ok(*f as i64),
        Value::Text(s) => s
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("{s:?} is not a whole number")),
        other => anyhow::bail!("{other:?} is not a whole number"),
    }
}

fn as_real(v: &Value) -> anyhow::Result<f64> {
    match v {
        Value::Real(f) => Ok(*f),
        Value::Integer(i) => Ok(*i as f64),
        Value::Text(s) => s
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("{s:?} is not a number")),
        other => anyhow::bail!("{other:?} is not a number"),
    }
}
