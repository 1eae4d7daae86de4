//! A table file of typed columns, written as CSV or parquet (chosen by the file's extension) as
//! part of an output transaction: the one writer of every export (cohort, person, outcomes).

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

use crate::output::parquet::ParquetTable;
pub use crate::output::parquet::{Cell, Kind};
use crate::output::{protect_text, PendingFile, TempOutput};

use super::ExportError;

/// One column of an exported table, as the data dictionary describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: Cow<'static, str>,
    pub kind: Kind,
    pub meaning: Cow<'static, str>,
}

impl Column {
    pub const fn new(name: &'static str, kind: Kind, meaning: &'static str) -> Column {
        Column {
            name: Cow::Borrowed(name),
            kind,
            meaning: Cow::Borrowed(meaning),
        }
    }
}

/// How a table file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated, CRLF line ends, a header line; dates `YYYY-MM-DD`, booleans `1`/`0`,
    /// NULL as an empty field.
    Csv,
    Parquet,
}

impl Format {
    /// Parquet for a `.parquet` or `.pq` file (any letter case), CSV otherwise.
    pub fn of(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("parquet") || e.eq_ignore_ascii_case("pq") => {
                Format::Parquet
            }
            _ => Format::Csv,
        }
    }
}

/// Rows made away from the writer (on a reader thread): CSV already rendered, or typed cells.
pub struct Rows {
    csv: Option<Vec<u8>>,
    cells: Vec<Cell<'static>>,
    count: usize,
}

impl Rows {
    pub fn new(format: Format) -> Rows {
        Rows {
            csv: (format == Format::Csv).then(Vec::new),
            cells: Vec::new(),
            count: 0,
        }
    }

    pub fn push(&mut self, row: &[Cell<'_>]) {
        match &mut self.csv {
            Some(buf) => render_csv(buf, row),
            None => self.cells.extend(row.iter().cloned().map(Cell::into_owned)),
        }
        self.count += 1;
    }

    /// The rendered CSV lines (empty for rows made for parquet).
    pub fn into_csv(self) -> Vec<u8> {
        self.csv.unwrap_or_default()
    }

    /// How many rows were pushed.
    pub fn count(&self) -> usize {
        self.count
    }
}

/// A table file being written into its temporary.
pub struct TableWriter {
    out: Out,
    width: usize,
}

enum Out {
    Csv(PendingFile),
    Parquet {
        table: Box<ParquetTable<PendingFile>>,
        target: std::path::PathBuf,
    },
}

impl TableWriter {
    /// Starts `path` (checked beforehand) with `columns`. `note`, when given, heads the file: a
    /// `#` line above a CSV's header (R: `comment = "#"`), `dfexplorer.note` in parquet's
    /// metadata.
    pub fn create(
        path: &Path,
        columns: &[Column],
        note: Option<&str>,
    ) -> Result<TableWriter, ExportError> {
        let mut file = PendingFile::create(path)?;
        let out = match Format::of(path) {
            Format::Csv => {
                let mut head = Vec::new();
                if let Some(note) = note {
                    head.extend_from_slice(format!("# {note}\r\n").as_bytes());
                }
                let names: Vec<Cell<'_>> = columns
                    .iter()
                    .map(|c| Cell::Text(Cow::Borrowed(&c.name)))
                    .collect();
                render_csv(&mut head, &names);
                file.write_all(&head).map_err(|e| file.io_error(e))?;
                Out::Csv(file)
            }
            Format::Parquet => {
                let schema: Vec<(&str, Kind)> =
                    columns.iter().map(|c| (c.name.as_ref(), c.kind)).collect();
                let mut meta = vec![(
                    "dfexplorer.version".to_string(),
                    env!("CARGO_PKG_VERSION").to_string(),
                )];
                meta.extend(note.map(|n| ("dfexplorer.note".to_string(), n.to_string())));
                let table = ParquetTable::new(file, &schema, meta).map_err(parquet(path))?;
                Out::Parquet {
                    table: Box::new(table),
                    target: path.to_path_buf(),
                }
            }
        };
        Ok(TableWriter {
            out,
            width: columns.len(),
        })
    }

    pub fn format(&self) -> Format {
        match self.out {
            Out::Csv(_) => Format::Csv,
            Out::Parquet { .. } => Format::Parquet,
        }
    }

    /// Writes one row.
    pub fn row(&mut self, row: &[Cell<'_>]) -> Result<(), ExportError> {
        debug_assert_eq!(row.len(), self.width);
        match &mut self.out {
            Out::Csv(file) => {
                let mut buf = Vec::with_capacity(256);
                render_csv(&mut buf, row);
                file.write_all(&buf).map_err(|e| file.io_error(e))?;
            }
            Out::Parquet { table, target } => table.push(row).map_err(parquet(target))?,
        }
        Ok(())
    }

    /// Writes rows made with [`Rows::new`] for this writer's format.
    pub fn rows(&mut self, rows: Rows) -> Result<(), ExportError> {
        match (&mut self.out, rows.csv) {
            (Out::Csv(file), Some(bytes)) => {
                file.write_all(&bytes).map_err(|e| file.io_error(e))?
            }
            (Out::Parquet { table, target }, None) => {
                for row in rows.cells.chunks(self.width.max(1)) {
                    table.push(row).map_err(parquet(target))?;
                }
            }
            _ => unreachable!("rows are made for their writer's format"),
        }
        Ok(())
    }

    /// Ends the file (parquet's footer, a flush and sync): it is complete in its temporary.
    pub fn finish(self) -> Result<TempOutput, ExportError> {
        let file = match self.out {
            Out::Csv(file) => file,
            Out::Parquet { table, target } => table.finish().map_err(parquet(&target))?,
        };
        Ok(file.finish()?)
    }
}

fn parquet(path: &Path) -> impl Fn(parquet::errors::ParquetError) -> ExportError + '_ {
    move |e| match e {
        // A write that failed underneath (a full disk) already names the file.
        parquet::errors::ParquetError::External(inner) => {
            match inner.downcast::<std::io::Error>() {
                Ok(io) => ExportError::Io(*io),
                Err(other) => ExportError::Parquet {
                    path: path.to_path_buf(),
                    message: other.to_string(),
                },
            }
        }
        other => ExportError::Parquet {
            path: path.to_path_buf(),
            message: other.to_string(),
        },
    }
}

/// Appends one CSV line: fields quoted only when they hold a comma, quote or line break; text
/// that a spreadsheet would run as a formula starts with `'` ([`protect_text`]).
pub fn render_csv(buf: &mut Vec<u8>, row: &[Cell<'_>]) {
    for (i, cell) in row.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        match cell {
            Cell::Null => {}
            Cell::Text(s) => {
                let s = protect_text(s);
                if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
                    buf.push(b'"');
                    for b in s.bytes() {
                        if b == b'"' {
                            buf.push(b'"');
                        }
                        buf.push(b);
                    }
                    buf.push(b'"');
                } else {
                    buf.extend_from_slice(s.as_bytes());
                }
            }
            Cell::Integer(n) => {
                let _ = write!(buf, "{n}");
            }
            Cell::Real(f) => {
                let _ = write!(buf, "{f}");
            }
            Cell::Date(d) => {
                let _ = write!(buf, "{}", d.format("%Y-%m-%d"));
            }
            Cell::Boolean(b) => buf.push(if *b { b'1' } else { b'0' }),
        }
    }
    buf.extend_from_slice(b"\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(row: &[Cell<'_>]) -> String {
        let mut b = Vec::new();
        render_csv(&mut b, row);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed_and_formulas_are_defused() {
        let d = chrono::NaiveDate::from_ymd_opt(2016, 3, 1).unwrap();
        assert_eq!(
            line(&[
                Cell::Text("a,b".into()),
                Cell::Text("say \"hi\"".into()),
                Cell::Null,
                Cell::Integer(-3),
                Cell::Real(0.25),
                Cell::Date(d),
                Cell::Boolean(true),
                Cell::Text("=1+1".into()),
                Cell::Text("line\nbreak".into()),
            ]),
            "\"a,b\",\"say \"\"hi\"\"\",,-3,0.25,2016-03-01,1,'=1+1,\"line\nbreak\"\r\n"
        );
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(Format::of(Path::new("a/people.parquet")), Format::Parquet);
        assert_eq!(Format::of(Path::new("people.PQ")), Format::Parquet);
        assert_eq!(Format::of(Path::new("people.csv")), Format::Csv);
        assert_eq!(Format::of(Path::new("people")), Format::Csv);
        assert_eq!(Format::of(Path::new("parquet")), Format::Csv);
    }
}
