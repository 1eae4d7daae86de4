//! A batch of rows on its way from a file reader to the database, row-major, with all text of
//! the batch in one buffer so a batch costs a few allocations whatever its size.

/// Rows per batch: large enough to amortise the hand-over between threads, small enough that
/// a few batches in flight stay a few megabytes.
pub const BATCH_ROWS: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    /// `text[start..end]` of the batch.
    Text(u32, u32),
}

#[derive(Debug, Default)]
pub struct Batch {
    pub ncols: usize,
    pub cells: Vec<Cell>,
    pub text: String,
    /// 1-based ordinal (within its file) of the first data row of the batch.
    pub first_row: u64,
    /// How far through its file the reader is, in the file's work unit (bytes for CSV, rows
    /// for parquet); drives the progress bar.
    pub work_done: u64,
}

impl Batch {
    /// A batch expecting about `text_hint` bytes of text (the previous batch's).
    pub fn new(ncols: usize, first_row: u64, text_hint: usize) -> Batch {
        Batch {
            ncols,
            cells: Vec::with_capacity(ncols * BATCH_ROWS),
            text: String::with_capacity(text_hint + text_hint / 8),
            first_row,
            work_done: 0,
        }
    }

    pub fn rows(&self) -> usize {
        self.cells.len().checked_div(self.ncols).unwrap_or(0)
    }

    pub fn row(&self, i: usize) -> &[Cell] {
        &self.cells[i * self.ncols..(i + 1) * self.ncols]
    }

    /// Stores text and returns its cell.
    pub fn text_cell(&mut self, s: &str) -> Cell {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        Cell::Text(start, self.text.len() as u32)
    }

    pub fn text_of(&self, start: u32, end: u32) -> &str {
        &self.text[start as usize..end as usize]
    }
}
