//! Parquet, read with the low-level column API: every column of a row group is read in step,
//! a batch at a time, so memory is bounded by the batch size whatever the row group size.
//!
//! Types: DATE becomes `YYYY-MM-DD`; TIMESTAMP (milli, micro, nano) and legacy INT96
//! timestamps become the date of the timestamp (the contract ignores times); strings must be
//! UTF-8; integers and booleans become INTEGER, floats and decimals REAL. Nested (group or
//! repeated) columns are refused with the column's name.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use parquet::basic::{ConvertedType, LogicalType, TimeUnit, Type as PhysicalType};
use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::{
    BoolType, ByteArrayType, DataType, DoubleType, FixedLenByteArray, FixedLenByteArrayType,
    FloatType, Int32Type, Int64Type, Int96, Int96Type,
};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::schema::types::ColumnDescriptor;

use super::{BatchReader, SourceColumn};
use crate::import::batch::{Batch, Cell, BATCH_ROWS};
use crate::import::columns::ColumnKind;
use crate::import::dates::{date_from_epoch_days, london_date_of_utc, normalise_date};
use crate::import::error::ImportError;

/// How a column's stored values become cells.
#[derive(Debug, Clone, Copy)]
enum Conv {
    Int,
    Real,
    Text,
    Date,
    /// Timestamp with this many units per day; `utc`: an instant stored in UTC (its date is
    /// taken in England and Wales), else a local date and time.
    Timestamp {
        per_day: i64,
        utc: bool,
    },
    Int96Timestamp,
    Decimal(i32),
}

pub struct ParquetReader {
    path: PathBuf,
    reader: SerializedFileReader<File>,
    columns: Vec<SourceColumn>,
    convs: Vec<Conv>,
    dates: Vec<bool>,
    text_hint: usize,
    total_rows: u64,
    rows: u64,
    row_group: usize,
    next_group: usize,
    /// Readers of the current row group, one per column, and rows left in it.
    current: Vec<TypedReader>,
    left_in_group: u64,
}

impl ParquetReader {
    pub fn open(path: &Path) -> Result<ParquetReader, ImportError> {
        check_markers(path)?;
        let file = File::open(path).map_err(|e| ImportError::io(path, e))?;
        let reader = SerializedFileReader::new(file).map_err(|e| ImportError::NotParquet {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let meta = reader.metadata().file_metadata();
        let schema = meta.schema_descr();
        let mut columns = Vec::new();
        let mut convs = Vec::new();
        for col in schema.columns() {
            if col.max_rep_level() > 0 || col.path().parts().len() > 1 {
                return Err(ImportError::UnsupportedColumn {
                    path: path.to_path_buf(),
                    column: col.path().string(),
                    reason: "nested or repeated columns cannot be loaded into a table".into(),
                });
            }
            let conv = conv_of(col);
            columns.push(SourceColumn {
                name: col.name().trim().to_string(),
                kind: match conv {
                    Conv::Int => ColumnKind::Integer,
                    Conv::Real | Conv::Decimal(_) => ColumnKind::Real,
                    _ => ColumnKind::Text,
                },
            });
            convs.push(conv);
        }
        Ok(ParquetReader {
            path: path.to_path_buf(),
            total_rows: meta.num_rows().max(0) as u64,
            dates: vec![false; columns.len()],
            text_hint: 0,
            columns,
            convs,
            reader,
            rows: 0,
            row_group: 0,
            next_group: 0,
            current: Vec::new(),
            left_in_group: 0,
        })
    }

    fn data_error(&self, column: usize, message: impl ToString) -> ImportError {
        ImportError::ParquetData {
            path: self.path.clone(),
            row_group: self.row_group,
            column: self
                .columns
                .get(column)
                .map_or_else(|| "?".into(), |c| c.name.clone()),
            message: message.to_string(),
        }
    }

    /// Moves to the next non-empty row group; false at the end of the file.
    fn open_row_group(&mut self) -> Result<bool, ImportError> {
        while self.next_group < self.reader.metadata().num_row_groups() {
            self.row_group = self.next_group;
            self.next_group += 1;
            let rg = self
                .reader
                .get_row_group(self.row_group)
                .map_err(|e| self.data_error(0, e))?;
            let rows = rg.metadata().num_rows().max(0) as u64;
            let mut readers = Vec::with_capacity(self.columns.len());
            for i in 0..self.columns.len() {
                let max_def = rg.metadata().column(i).column_descr().max_def_level();
                let r = rg.get_column_reader(i).map_err(|e| self.data_error(i, e))?;
                readers.push(TypedReader::new(r, max_def));
            }
            drop(rg);
            self.current = readers;
            self.left_in_group = rows;
            if rows > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

impl BatchReader for ParquetReader {
    fn columns(&self) -> &[SourceColumn] {
        &self.columns
    }

    fn total_work(&self) -> u64 {
        self.total_rows
    }

    fn set_date_columns(&mut self, dates: Vec<bool>) {
        self.dates = dates;
    }

    fn next_batch(&mut self) -> Result<Option<Batch>, ImportError> {
        if self.left_in_group == 0 && !self.open_row_group()? {
            return Ok(None);
        }
        let n = (self.left_in_group as usize).min(BATCH_ROWS);
        let ncols = self.columns.len();
        let mut batch = Batch::new(ncols, self.rows + 1, self.text_hint);
        batch.cells.resize(n * ncols, Cell::Null);
        for c in 0..ncols {
            let conv = self.convs[c];
            let normalise = self.dates[c];
            let mut reader = std::mem::replace(&mut self.current[c], TypedReader::Done);
            let got = reader
                .read_into(n, c, conv, normalise, &mut batch)
                .map_err(|e| self.data_error(c, e))?;
            self.current[c] = reader;
            if got != n {
                return Err(self.data_error(
                    c,
                    format!("expected {n} more rows, the column has {got} (the file is corrupt)"),
                ));
            }
        }
        self.left_in_group -= n as u64;
        self.rows += n as u64;
        batch.work_done = self.rows;
        self.text_hint = batch.text.len();
        Ok(Some(batch))
    }
}

/// A parquet file starts and ends with `PAR1`; a missing end marker means a cut-short file.
fn check_markers(path: &Path) -> Result<(), ImportError> {
    let mut f = File::open(path).map_err(|e| ImportError::io(path, e))?;
    let len = f.metadata().map_err(|e| ImportError::io(path, e))?.len();
    let not = |reason: &str| ImportError::NotParquet {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    let mut head = [0u8; 4];
    let mut tail = [0u8; 4];
    if len < 12 || f.read_exact(&mut head).is_err() || &head != b"PAR1" {
        return Err(not("it does not start with the parquet marker PAR1"));
    }
    f.seek(SeekFrom::End(-4))
        .and_then(|_| f.read_exact(&mut tail))
        .map_err(|e| ImportError::io(path, e))?;
    if &tail != b"PAR1" {
        return Err(not(
            "it is truncated (it ends before the parquet footer; copy the file again)",
        ));
    }
    Ok(())
}

fn conv_of(col: &ColumnDescriptor) -> Conv {
    let per_day = |u: &TimeUnit| match u {
        TimeUnit::MILLIS => 86_400_000,
        TimeUnit::MICROS => 86_400_000_000,
        TimeUnit::NANOS => 86_400_000_000_000,
    };
    match (
        col.physical_type(),
        col.logical_type_ref(),
        col.converted_type(),
    ) {
        (PhysicalType::INT32, Some(LogicalType::Date), _) | (_, _, ConvertedType::DATE) => {
            Conv::Date
        }
        (_, Some(LogicalType::Timestamp(t)), _) => Conv::Timestamp {
            per_day: per_day(&t.unit),
            utc: t.is_adjusted_to_u_t_c,
        },
        // The legacy annotations meant UTC instants.
        (_, _, ConvertedType::TIMESTAMP_MILLIS) => Conv::Timestamp {
            per_day: 86_400_000,
            utc: true,
        },
        (_, _, ConvertedType::TIMESTAMP_MICROS) => Conv::Timestamp {
            per_day: 86_400_000_000,
            utc: true,
        },
        (PhysicalType::INT96, _, _) => Conv::Int96Timestamp,
        (_, Some(LogicalType::Decimal(d)), _) => Conv::Decimal(d.scale),
        (_, _, ConvertedType::DECIMAL) => Conv::Decimal(col.type_scale()),
        (PhysicalType::BOOLEAN | PhysicalType::INT32 | PhysicalType::INT64, _, _) => Conv::Int,
        (PhysicalType::FLOAT | PhysicalType::DOUBLE, _, _) => Conv::Real,
        _ => Conv::Text,
    }
}

/// A column reader of the row group with its scratch buffers.
enum TypedReader {
    Bool(Typed<BoolType>),
    I32(Typed<Int32Type>),
    I64(Typed<Int64Type>),
    I96(Typed<Int96Type>),
    F32(Typed<FloatType>),
    F64(Typed<DoubleType>),
    Bytes(Typed<ByteArrayType>),
    Fixed(Typed<FixedLenByteArrayType>),
    Done,
}

struct Typed<T: DataType> {
    reader: ColumnReaderImpl<T>,
    values: Vec<T::T>,
    defs: Vec<i16>,
    max_def: i16,
}

impl<T: DataType> Typed<T> {
    fn new(reader: ColumnReaderImpl<T>, max_def: i16) -> Self {
        Typed {
            reader,
            values: Vec::new(),
            defs: Vec::new(),
            max_def,
        }
    }

    /// Reads `n` records; returns how many were read. Values are the non-null ones, in order;
    /// `defs` says which records they belong to (empty when the column is required).
    fn read(&mut self, n: usize) -> parquet::errors::Result<usize> {
        self.values.clear();
        self.defs.clear();
        let (records, _, _) =
            self.reader
                .read_records(n, Some(&mut self.defs), None, &mut self.values)?;
        Ok(records)
    }

    /// Calls `put(row, value)` for each non-null value.
    fn each(&self, mut put: impl FnMut(usize, &T::T) -> Result<(), String>) -> Result<(), String> {
        if self.defs.is_empty() {
            for (row, v) in self.values.iter().enumerate() {
                put(row, v)?;
            }
        } else {
            let mut values = self.values.iter();
            for (row, d) in self.defs.iter().enumerate() {
                if *d == self.max_def {
                    let v = values.next().ok_or("fewer values than levels")?;
                    put(row, v)?;
                }
            }
        }
        Ok(())
    }
}

impl TypedReader {
    fn new(r: ColumnReader, d: i16) -> TypedReader {
        match r {
            ColumnReader::BoolColumnReader(r) => TypedReader::Bool(Typed::new(r, d)),
            ColumnReader::Int32ColumnReader(r) => TypedReader::I32(Typed::new(r, d)),
            ColumnReader::Int64ColumnReader(r) => TypedReader::I64(Typed::new(r, d)),
            ColumnReader::Int96ColumnReader(r) => TypedReader::I96(Typed::new(r, d)),
            ColumnReader::FloatColumnReader(r) => TypedReader::F32(Typed::new(r, d)),
            ColumnReader::DoubleColumnReader(r) => TypedReader::F64(Typed::new(r, d)),
            ColumnReader::ByteArrayColumnReader(r) => TypedReader::Bytes(Typed::new(r, d)),
            ColumnReader::FixedLenByteArrayColumnReader(r) => TypedReader::Fixed(Typed::new(r, d)),
        }
    }

    /// Reads `n` rows of column `c` into the batch; returns the rows read.
    fn read_into(
        &mut self,
        n: usize,
        c: usize,
        conv: Conv,
        normalise: bool,
        batch: &mut Batch,
    ) -> Result<usize, String> {
        let ncols = batch.ncols;
        macro_rules! fill {
            ($t:expr, |$b:ident, $v:ident| $cell:expr) => {{
                let t = $t;
                let got = t.read(n).map_err(|e| e.to_string())?;
                t.each(|row, $v| {
                    let $b = &mut *batch;
                    let cell = $cell?;
                    $b.cells[row * ncols + c] = cell;
                    Ok(())
                })?;
                got
            }};
        }
        let got = match self {
            TypedReader::Bool(t) => fill!(t, |_b, v| Ok::<_, String>(Cell::Int(*v as i64))),
            TypedReader::I32(t) => fill!(t, |b, v| int_cell(b, *v as i64, conv)),
            TypedReader::I64(t) => fill!(t, |b, v| int_cell(b, *v, conv)),
            TypedReader::I96(t) => fill!(t, |b, v| int96_cell(b, v)),
            TypedReader::F32(t) => fill!(t, |_b, v| Ok::<_, String>(Cell::Real(*v as f64))),
            TypedReader::F64(t) => fill!(t, |_b, v| Ok::<_, String>(Cell::Real(*v))),
            TypedReader::Bytes(t) => fill!(t, |b, v| bytes_cell(b, v.data(), conv, normalise)),
            TypedReader::Fixed(t) => {
                fill!(t, |b, v| fixed_cell(b, v, conv, normalise))
            }
            TypedReader::Done => return Err("column read after its end".into()),
        };
        Ok(got)
    }
}

fn int_cell(b: &mut Batch, v: i64, conv: Conv) -> Result<Cell, String> {
    Ok(match conv {
        Conv::Date => match date_from_epoch_days(v) {
            Some(d) => b.text_cell(&d),
            None => b.text_cell(&v.to_string()),
        },
        Conv::Timestamp { per_day, utc } => {
            let date = if utc {
                london_date_of_utc(v, per_day)
            } else {
                date_from_epoch_days(v.div_euclid(per_day))
            };
            match date {
                Some(d) => b.text_cell(&d),
                None => b.text_cell(&v.to_string()),
            }
        }
        Conv::Decimal(scale) => Cell::Real(v as f64 / 10f64.powi(scale)),
        _ => Cell::Int(v),
    })
}

/// Legacy Spark timestamps: nanoseconds of the day, then the Julian day number, a UTC instant
/// (Spark normalises to UTC on write), so the date is taken in England and Wales.
fn int96_cell(b: &mut Batch, v: &Int96) -> Result<Cell, String> {
    const JULIAN_DAY_OF_EPOCH: i64 = 2_440_588;
    const NANOS_PER_DAY: i64 = 86_400_000_000_000;
    let julian = v.data()[2] as i64;
    let nanos = (u64::from(v.data()[1]) << 32 | u64::from(v.data()[0])) as i64;
    let instant = (julian - JULIAN_DAY_OF_EPOCH)
        .checked_mul(NANOS_PER_DAY)
        .and_then(|n| n.checked_add(nanos.rem_euclid(NANOS_PER_DAY)));
    match instant.and_then(|t| london_date_of_utc(t, NANOS_PER_DAY)) {
        Some(d) => Ok(b.text_cell(&d)),
        None => Err(format!("INT96 timestamp with day {julian} is out of range")),
    }
}

fn bytes_cell(b: &mut Batch, data: &[u8], conv: Conv, normalise: bool) -> Result<Cell, String> {
    if let Conv::Decimal(scale) = conv {
        return decimal_cell(data, scale);
    }
    let text = std::str::from_utf8(data).map_err(|_| {
        format!(
            "text is not valid UTF-8 (value begins {:?})",
            String::from_utf8_lossy(&data[..data.len().min(20)])
        )
    })?;
    Ok(if normalise {
        b.text_cell(&normalise_date(text))
    } else {
        b.text_cell(text)
    })
}

fn fixed_cell(
    b: &mut Batch,
    v: &FixedLenByteArray,
    conv: Conv,
    normalise: bool,
) -> Result<Cell, String> {
    bytes_cell(b, v.data(), conv, normalise)
}

/// Big-endian two's complement unscaled value, up to 16 bytes.
fn decimal_cell(data: &[u8], scale: i32) -> Result<Cell, String> {
    if data.is_empty() || data.len() > 16 {
        return Err(format!("decimal of {} bytes is not supported", data.len()));
    }
    let mut v: i128 = if data[0] & 0x80 != 0 { -1 } else { 0 };
    for byte in data {
        v = (v << 8) | *byte as i128;
    }
    Ok(Cell::Real(v as f64 / 10f64.powi(scale)))
}
