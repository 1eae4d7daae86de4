//! CSV: UTF-8, comma-separated, a header row. An empty field is NULL (CSV cannot tell an empty
//! string from a missing value). Values stay text; the table's column types convert them.

use std::fs::File;
use std::path::{Path, PathBuf};

use csv::{ByteRecord, ErrorKind};

use super::{BatchReader, SourceColumn};
use crate::import::batch::{Batch, Cell, BATCH_ROWS};
use crate::import::columns::ColumnKind;
use crate::import::dates::normalise_date;
use crate::import::error::ImportError;

pub struct CsvReader {
    path: PathBuf,
    reader: csv::Reader<File>,
    columns: Vec<SourceColumn>,
    dates: Vec<bool>,
    text_hint: usize,
    len: u64,
    rows: u64,
    record: ByteRecord,
}

impl CsvReader {
    pub fn open(path: &Path, len: u64) -> Result<CsvReader, ImportError> {
        let file = File::open(path).map_err(|e| ImportError::io(path, e))?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .buffer_capacity(1 << 20)
            .from_reader(file);
        let header = reader
            .byte_headers()
            .map_err(|e| csv_error(path, e))?
            .clone();
        if header.is_empty() || (header.len() == 1 && header[0].trim_ascii().is_empty()) {
            return Err(ImportError::EmptyFile(path.to_path_buf()));
        }
        let mut columns = Vec::with_capacity(header.len());
        for (i, field) in header.iter().enumerate() {
            let field = field.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(field);
            let name = std::str::from_utf8(field).map_err(|_| ImportError::CsvNotUtf8 {
                path: path.to_path_buf(),
                line: 1,
                column: format!("{} (the header)", i + 1),
            })?;
            columns.push(SourceColumn {
                name: name.trim().to_string(),
                kind: ColumnKind::Text,
            });
        }
        Ok(CsvReader {
            path: path.to_path_buf(),
            dates: vec![false; columns.len()],
            text_hint: 0,
            columns,
            reader,
            len,
            rows: 0,
            record: ByteRecord::new(),
        })
    }
}

impl BatchReader for CsvReader {
    fn columns(&self) -> &[SourceColumn] {
        &self.columns
    }

    fn total_work(&self) -> u64 {
        self.len
    }

    fn set_date_columns(&mut self, dates: Vec<bool>) {
        self.dates = dates;
    }

    fn next_batch(&mut self) -> Result<Option<Batch>, ImportError> {
        let ncols = self.columns.len();
        let mut batch = Batch::new(ncols, self.rows + 1, self.text_hint);
        while batch.rows() < BATCH_ROWS {
            let more = self
                .reader
                .read_byte_record(&mut self.record)
                .map_err(|e| csv_error(&self.path, e))?;
            if !more {
                break;
            }
            self.rows += 1;
            for (i, field) in self.record.iter().enumerate() {
                if field.is_empty() {
                    batch.cells.push(Cell::Null);
                    continue;
                }
                let Ok(text) = std::str::from_utf8(field) else {
                    return Err(ImportError::CsvNotUtf8 {
                        path: self.path.clone(),
                        line: self.record.position().map_or(0, |p| p.line()),
                        column: self.columns[i].name.clone(),
                    });
                };
                let cell = if self.dates[i] {
                    batch.text_cell(&normalise_date(text))
                } else {
                    batch.text_cell(text)
                };
                batch.cells.push(cell);
            }
        }
        batch.work_done = self.reader.position().byte();
        self.text_hint = batch.text.len();
        Ok((batch.rows() > 0).then_some(batch))
    }
}

fn csv_error(path: &Path, e: csv::Error) -> ImportError {
    let line = e.position().map_or(0, |p| p.line());
    match e.into_kind() {
        ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => ImportError::RaggedRow {
            path: path.to_path_buf(),
            line: pos.map_or(line, |p| p.line()),
            found: len,
            expected: expected_len,
        },
        ErrorKind::Io(source) => ImportError::io(path, source),
        other => ImportError::Csv {
            path: path.to_path_buf(),
            line,
            message: format!("{other:?}"),
        },
    }
}
