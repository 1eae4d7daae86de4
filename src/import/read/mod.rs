//! Readers that stream a delivered file as batches of rows: CSV and parquet behind one trait.

mod csv_file;
mod parquet_file;

use super::batch::Batch;
use super::columns::ColumnKind;
use super::error::ImportError;
use super::sources::{FileFormat, SourceFile};

/// A column as the file names and types it.
#[derive(Debug, Clone)]
pub struct SourceColumn {
    pub name: String,
    /// The storage an unknown column gets when it is added to its table.
    pub kind: ColumnKind,
}

pub trait BatchReader: Send {
    fn columns(&self) -> &[SourceColumn];
    /// The size of the file in the unit of `Batch::work_done`.
    fn total_work(&self) -> u64;
    /// Which columns hold dates, so their text is normalised (see `super::dates`).
    fn set_date_columns(&mut self, dates: Vec<bool>);
    /// The next batch, or `None` at the end of the file.
    fn next_batch(&mut self) -> Result<Option<Batch>, ImportError>;
}

/// Opens a file and reads its header or schema.
pub fn open(file: &SourceFile) -> Result<Box<dyn BatchReader>, ImportError> {
    let len = std::fs::metadata(&file.path)
        .map_err(|e| ImportError::io(&file.path, e))?
        .len();
    if len == 0 {
        return Err(ImportError::EmptyFile(file.path.clone()));
    }
    Ok(match file.format {
        FileFormat::Csv => Box::new(csv_file::CsvReader::open(&file.path, len)?),
        FileFormat::Parquet => Box::new(parquet_file::ParquetReader::open(&file.path)?),
    })
}
