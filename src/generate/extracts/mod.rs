//! Extract writers: the synthetic data as files named and split the way Data First delivers them
//! (see [`layout`]). They implement [`RowSink`], so the generator streams into them unchanged.
//!
//! Rows of a table are dealt to its parts in batches, round-robin: one round gives every part a
//! batch of the same size, and the batch size doubles each round (1, 2, 4, ... up to
//! [`MAX_BATCH`] rows). Parts therefore stay balanced and non-empty from 30 rows on, while memory
//! holds at most one batch per table. A table with no rows still gets all its parts (a CSV header,
//! or a parquet file with zero row groups), so the layout never depends on the data.
//!
//! Parquet: one row group per batch, snappy-compressed; TEXT columns are `BYTE_ARRAY (STRING)`,
//! INTEGER `INT64`, REAL `DOUBLE`, all optional. Dates are written as strings `YYYY-MM-DD`, as the
//! probation extracts are described (this also keeps a malformed date exactly as generated).
//! CSV: UTF-8, comma-separated, a header of contract column names, NULL as an empty field.

pub mod layout;
mod parquet_part;

use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::Context;

pub use layout::ExtractFormat;
use parquet_part::ParquetPart;

use super::sink::{RowSink, Value};
use super::sqlite::{check_output, with_force_hint};
use crate::import::columns::{column_specs, ColumnSpec};
use crate::output::{commit, Target, TempOutput};

/// The largest batch (and parquet row group) written to one part.
pub const MAX_BATCH: usize = 32_768;

/// Writes every contract table into numbered part files under a root folder.
pub struct ExtractSink {
    /// The folder being built, beside the target; swapped in whole by `finish`.
    temp: Option<TempOutput>,
    root: PathBuf,
    format: ExtractFormat,
    force: bool,
    tables: HashMap<&'static str, TableParts>,
}

impl ExtractSink {
    /// Starts building the folder `root` under a temporary name; files are created as tables
    /// arrive. An existing `root` is only replaced, with `force`, if it holds nothing but
    /// extracts, and only once the new folder is complete.
    pub fn create(root: &Path, format: ExtractFormat, force: bool) -> anyhow::Result<ExtractSink> {
        check_output(Target::Folder(root), force)?;
        let temp = TempOutput::reserve(root)?;
        let path = temp.path();
        std::fs::create_dir(&path)
            .with_context(|| format!("cannot create folder {}", path.display()))?;
        Ok(ExtractSink {
            temp: Some(temp),
            root: path,
            format,
            force,
            tables: HashMap::new(),
        })
    }

    fn table(&mut self, table: &'static str) -> anyhow::Result<&mut TableParts> {
        if !self.tables.contains_key(table) {
            let parts = TableParts::create(&self.root, table, self.format)?;
            self.tables.insert(table, parts);
        }
        Ok(self.tables.get_mut(table).expect("just inserted"))
    }
}

impl RowSink for ExtractSink {
    fn write_row(&mut self, table: &'static str, row: &[Value]) -> anyhow::Result<()> {
        self.table(table)?.write_row(row)
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        let Some(temp) = self.temp.take() else {
            return Ok(());
        };
        for t in crate::contract::tables() {
            let name: &'static str = t.name.as_str();
            self.table(name)?;
        }
        for (_, parts) in self.tables.drain() {
            parts.finish()?;
        }
        sync_folders(&self.root);
        commit(vec![temp], self.force).map_err(with_force_hint)
    }
}

/// One table's part files and the batch being dealt.
struct TableParts {
    table: &'static str,
    columns: &'static [ColumnSpec],
    parts: Vec<Part>,
    /// Index of the part receiving the current batch.
    current: usize,
    /// Rows in the current batch so far, and the size it is filled to.
    in_batch: usize,
    batch_size: usize,
}

enum Part {
    Csv {
        path: PathBuf,
        writer: csv::Writer<BufWriter<File>>,
    },
    Parquet(ParquetPart),
}

impl TableParts {
    fn create(root: &Path, table: &'static str, format: ExtractFormat) -> anyhow::Result<Self> {
        let columns = column_specs(table)
            .with_context(|| format!("{table} is not a table of the contract"))?;
        let dir = root.join(layout::folder_of(table));
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create folder {}", dir.display()))?;
        let mut parts = Vec::new();
        for n in 1..=layout::parts_of(table) {
            let path = dir.join(layout::part_file_name(table, n, format));
            let file =
                File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
            let out = BufWriter::with_capacity(64 * 1024, file);
            parts.push(match format {
                ExtractFormat::Csv => {
                    let mut writer = csv::Writer::from_writer(out);
                    writer.write_record(columns.iter().map(|c| c.name.as_str()))?;
                    Part::Csv { path, writer }
                }
                ExtractFormat::Parquet => Part::Parquet(ParquetPart::create(path, out, columns)?),
            });
        }
        Ok(TableParts {
            table,
            columns,
            parts,
            current: 0,
            in_batch: 0,
            batch_size: 1,
        })
    }

    fn write_row(&mut self, row: &[Value]) -> anyhow::Result<()> {
        if row.len() != self.columns.len() {
            anyhow::bail!(
                "{}: a row has {} values, the contract has {} columns",
                self.table,
                row.len(),
                self.columns.len()
            );
        }
        match &mut self.parts[self.current] {
            Part::Parquet(part) => part
                .push_row(row)
                .with_context(|| format!("writing {}", self.table))?,
            Part::Csv { writer, path } => {
                write_csv_row(writer, row).with_context(|| format!("writing {}", path.display()))?
            }
        }
        self.in_batch += 1;
        if self.in_batch == self.batch_size {
            self.end_batch()?;
        }
        Ok(())
    }

    /// Hands the batch to its part and moves on to the next part (and size, after a round).
    fn end_batch(&mut self) -> anyhow::Result<()> {
        if let Part::Parquet(part) = &mut self.parts[self.current] {
            part.end_row_group()?;
        }
        self.in_batch = 0;
        self.current += 1;
        if self.current == self.parts.len() {
            self.current = 0;
            self.batch_size = (self.batch_size * 2).min(MAX_BATCH);
        }
        Ok(())
    }

    fn finish(mut self) -> anyhow::Result<()> {
        if self.in_batch > 0 {
            self.end_batch()?;
        }
        for part in self.parts {
            match part {
                Part::Csv { path, writer } => {
                    let out = writer
                        .into_inner()
                        .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.error()))?;
                    finish_file(out, &path)?;
                }
                Part::Parquet(part) => part.finish()?,
            }
        }
        Ok(())
    }
}

fn write_csv_row(writer: &mut csv::Writer<BufWriter<File>>, row: &[Value]) -> anyhow::Result<()> {
    let mut num = String::new();
    for v in row {
        match v {
            Value::Null => writer.write_field(b"")?,
            Value::Integer(i) => {
                num.clear();
                std::fmt::Write::write_fmt(&mut num, format_args!("{i}"))?;
                writer.write_field(num.as_bytes())?
            }
            Value::Real(f) => {
                num.clear();
                std::fmt::Write::write_fmt(&mut num, format_args!("{f}"))?;
                writer.write_field(num.as_bytes())?
            }
            Value::Text(s) => writer.write_field(s.as_bytes())?,
            Value::Blob(b) => writer.write_field(b)?,
        }
    }
    writer.write_record(None::<&[u8]>)?;
    Ok(())
}

/// Flushes a part and makes it durable.
fn finish_file(out: BufWriter<File>, path: &Path) -> anyhow::Result<()> {
    let file = out
        .into_inner()
        .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.error()))?;
    file.sync_all()
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Makes the new folders' entries durable before the folder is swapped in (Unix only).
fn sync_folders(root: &Path) {
    #[cfg(unix)]
    for folder in std::iter::once(root.to_path_buf()).chain(
        std::fs::read_dir(root)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path())),
    ) {
        if let Ok(f) = File::open(&folder) {
            let _ = f.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = root;
}
