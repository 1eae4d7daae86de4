//! Loading one table's files into the database being built: column mapping, unknown columns,
//! required columns, the PRIMARY KEY, and the reader thread feeding batches to SQLite.

use std::sync::mpsc;

use rusqlite::{Connection, Statement};

use super::batch::{Batch, Cell};
use super::columns::{column_specs, is_date_column, ColumnKind};
use super::error::ImportError;
use super::read::{self, BatchReader};
use super::sources::SourceFile;
use super::summary::TableSummary;
use super::{Cancel, ImportProgress};
use crate::db::quote_ident;

/// Batches read ahead of the database: bounds memory to a few batches per import.
const BATCHES_IN_FLIGHT: usize = 4;

pub struct TableLoad<'a> {
    pub conn: &'a Connection,
    pub table: &'a str,
    pub progress: &'a mut dyn ImportProgress,
    pub cancel: &'a Cancel,
}

/// A source column's place in the table and what the loader checks of it.
struct Mapped {
    /// Target column names, in file order.
    targets: Vec<String>,
    /// (file column index, target name) of columns that must not be missing.
    required: Vec<(usize, String)>,
}

impl TableLoad<'_> {
    pub fn load(&mut self, files: &[SourceFile]) -> Result<TableSummary, ImportError> {
        let mut summary = TableSummary {
            table: self.table.to_string(),
            files: files.len(),
            ..Default::default()
        };
        // Open every part first: a bad header fails before any row is loaded, and the progress
        // bar knows the table's size.
        let mut readers = Vec::with_capacity(files.len());
        for f in files {
            readers.push(read::open(f)?);
        }
        let total: u64 = readers.iter().map(|r| r.total_work()).sum();
        self.progress.table_started(self.table, files.len(), total);
        let mut done_before = 0;
        for (file, mut reader) in files.iter().zip(readers) {
            let mapped = self.map_columns(file, reader.as_mut(), &mut summary)?;
            let work = reader.total_work();
            self.load_file(file, reader, &mapped, &mut summary, done_before)?;
            done_before += work;
        }
        self.progress
            .table_finished(self.table, summary.rows, summary.rejected_rows());
        Ok(summary)
    }

    fn map_columns(
        &self,
        file: &SourceFile,
        reader: &mut dyn BatchReader,
        summary: &mut TableSummary,
    ) -> Result<Mapped, ImportError> {
        let path = &file.path;
        let specs = column_specs(self.table).expect("contract table");
        let mut existing = crate::db::table_columns(self.conn, self.table)
            .map_err(ImportError::sqlite(format!("columns of {}", self.table)))?;
        // SQLite's limit on a table's columns (SQLITE_MAX_COLUMN): say so naming the file,
        // before any column is added.
        const MAX_COLUMNS: usize = 2000;
        let found = reader.columns().len();
        if found > MAX_COLUMNS {
            return Err(ImportError::TooManyColumns {
                path: path.clone(),
                found,
                max: MAX_COLUMNS,
            });
        }
        let mut targets: Vec<String> = Vec::new();
        for (i, col) in reader.columns().iter().enumerate() {
            if col.name.is_empty() {
                return Err(ImportError::BlankColumnName {
                    path: path.clone(),
                    position: i + 1,
                });
            }
            if targets.iter().any(|t| t.eq_ignore_ascii_case(&col.name)) {
                return Err(ImportError::DuplicateColumn {
                    path: path.clone(),
                    column: col.name.clone(),
                });
            }
            let target = match existing.iter().find(|e| e.eq_ignore_ascii_case(&col.name)) {
                Some(e) => e.clone(),
                None => {
                    let decl = match col.kind {
                        ColumnKind::Integer => "INTEGER",
                        ColumnKind::Real => "REAL",
                        ColumnKind::Text => "TEXT",
                    };
                    let sql = format!(
                        "ALTER TABLE {} ADD COLUMN {} {decl}",
                        quote_ident(self.table),
                        quote_ident(&col.name)
                    );
                    self.conn
                        .execute_batch(&sql)
                        .map_err(ImportError::sqlite(format!("adding column {}", col.name)))?;
                    existing.push(col.name.clone());
                    summary.extra_columns.push(col.name.clone());
                    col.name.clone()
                }
            };
            targets.push(target);
        }
        let mut required = Vec::new();
        for spec in specs {
            match targets
                .iter()
                .position(|t| t.eq_ignore_ascii_case(&spec.name))
            {
                Some(i) if spec.required() => required.push((i, spec.name.clone())),
                Some(_) => {}
                None if spec.required() => {
                    return Err(ImportError::MissingColumn {
                        path: path.clone(),
                        table: self.table.to_string(),
                        column: spec.name.clone(),
                        found: reader
                            .columns()
                            .iter()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
                }
                None => {
                    if !summary.missing_columns.contains(&spec.name) {
                        summary.missing_columns.push(spec.name.clone());
                    }
                }
            }
        }
        reader.set_date_columns(targets.iter().map(|t| is_date_column(t)).collect());
        Ok(Mapped { targets, required })
    }

    fn load_file(
        &mut self,
        file: &SourceFile,
        mut reader: Box<dyn BatchReader>,
        mapped: &Mapped,
        summary: &mut TableSummary,
        done_before: u64,
    ) -> Result<(), ImportError> {
        let cols: Vec<String> = mapped.targets.iter().map(|t| quote_ident(t)).collect();
        let marks = vec!["?"; cols.len()].join(", ");
        let sql = format!(
            "INSERT OR IGNORE INTO {} ({}) VALUES ({marks})",
            quote_ident(self.table),
            cols.join(", ")
        );
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(ImportError::sqlite(format!(
                "inserting into {}",
                self.table
            )))?;
        let key = column_specs(self.table)
            .expect("contract table")
            .iter()
            .find(|c| c.primary_key)
            .map(|c| c.name.clone());
        std::thread::scope(|scope| {
            let (tx, rx) = mpsc::sync_channel::<Result<Batch, ImportError>>(BATCHES_IN_FLIGHT);
            scope.spawn(move || loop {
                match reader.next_batch() {
                    Ok(Some(b)) => {
                        if tx.send(Ok(b)).is_err() {
                            return;
                        }
                    }
                    Ok(None) => return,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                }
            });
            for batch in rx {
                if self.cancel.is_cancelled() {
                    return Err(ImportError::Interrupted(Default::default()));
                }
                let batch = batch?;
                self.insert_batch(&mut stmt, &batch, mapped, key.as_deref(), file, summary)?;
                self.progress
                    .advanced(summary.rows, done_before + batch.work_done);
            }
            Ok(())
        })
    }

    fn insert_error(&self, e: rusqlite::Error) -> ImportError {
        ImportError::sqlite(format!("inserting into {}", self.table))(e)
    }

    fn insert_batch(
        &self,
        stmt: &mut Statement<'_>,
        batch: &Batch,
        mapped: &Mapped,
        key: Option<&str>,
        file: &SourceFile,
        summary: &mut TableSummary,
    ) -> Result<(), ImportError> {
        'rows: for r in 0..batch.rows() {
            let row = batch.row(r);
            let row_no = batch.first_row + r as u64;
            for (i, name) in &mapped.required {
                let missing = match row[*i] {
                    Cell::Null => true,
                    Cell::Text(s, e) => batch.text_of(s, e).trim().is_empty(),
                    _ => false,
                };
                if missing {
                    let what = if Some(name.as_str()) == key {
                        "PRIMARY KEY"
                    } else {
                        "NOT NULL"
                    };
                    summary.reject(&format!("missing {name} ({what})"), &file.path, row_no);
                    continue 'rows;
                }
            }
            for (i, cell) in row.iter().enumerate() {
                let bound = match *cell {
                    Cell::Null => stmt.raw_bind_parameter(i + 1, rusqlite::types::Null),
                    Cell::Int(v) => stmt.raw_bind_parameter(i + 1, v),
                    Cell::Real(v) => stmt.raw_bind_parameter(i + 1, v),
                    Cell::Text(s, e) => stmt.raw_bind_parameter(i + 1, batch.text_of(s, e)),
                };
                bound.map_err(|e| self.insert_error(e))?;
            }
            let changed = stmt.raw_execute().map_err(|e| self.insert_error(e))?;
            if changed == 0 {
                let key = key.unwrap_or("key");
                summary.reject(
                    &format!("duplicate {key} (PRIMARY KEY)"),
                    &file.path,
                    row_no,
                );
            } else {
                summary.rows += 1;
            }
        }
        Ok(())
    }
}
