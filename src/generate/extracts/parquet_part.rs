//! One parquet part file of a generated extract, on the shared [`ParquetTable`] writer: rows
//! are buffered and each dealt batch becomes one row group.

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

use anyhow::Context;

use crate::generate::sink::Value;
use crate::import::columns::{ColumnKind, ColumnSpec};
use crate::output::parquet::{Cell, Kind, ParquetTable};

pub struct ParquetPart {
    path: PathBuf,
    table: ParquetTable<BufWriter<File>>,
}

impl ParquetPart {
    pub fn create(
        path: PathBuf,
        out: BufWriter<File>,
        columns: &[ColumnSpec],
    ) -> anyhow::Result<ParquetPart> {
        let schema: Vec<(&str, Kind)> = columns
            .iter()
            .map(|c| {
                let kind = match c.kind {
                    ColumnKind::Text => Kind::Text,
                    ColumnKind::Integer => Kind::Integer,
                    ColumnKind::Real => Kind::Real,
                };
                (c.name.as_str(), kind)
            })
            .collect();
        let table = ParquetTable::new(out, &schema, Vec::new())
            .with_context(|| format!("cannot start {}", path.display()))?;
        Ok(ParquetPart { path, table })
    }

    /// Adds a row to the row group being built; a value of another kind than its column is
    /// converted where that is exact.
    pub fn push_row(&mut self, row: &[Value]) -> anyhow::Result<()> {
        let cells: Vec<Cell<'_>> = row
            .iter()
            .map(|v| match v {
                Value::Null => Cell::Null,
                Value::Integer(i) => Cell::Integer(*i),
                Value::Real(f) => Cell::Real(*f),
                Value::Text(s) => Cell::Text(s.as_str().into()),
                Value::Blob(b) => Cell::Text(String::from_utf8_lossy(b)),
            })
            .collect();
        Ok(self.table.push(&cells)?)
    }

    /// Ends the row group being built.
    pub fn end_row_group(&mut self) -> anyhow::Result<()> {
        self.table
            .end_row_group()
            .with_context(|| format!("cannot write {}", self.path.display()))
    }

    pub fn finish(self) -> anyhow::Result<()> {
        let path = self.path;
        let out = self
            .table
            .finish()
            .with_context(|| format!("cannot finish {}", path.display()))?;
        let file = out
            .into_inner()
            .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.error()))?;
        file.sync_all()
            .with_context(|| format!("cannot write {}", path.display()))
    }
}
