//! A batch of generated rows, passed from the generator thread to the writer thread. Values are
//! stored flat to keep allocations down; each row records its table and where it ends.

use super::sink::{RowSink, Value};

pub struct Batch {
    values: Vec<Value>,
    rows: Vec<(&'static str, u32)>,
}

impl Batch {
    pub fn with_capacity(rows: usize) -> Batch {
        Batch {
            values: Vec::with_capacity(rows * 12),
            rows: Vec::with_capacity(rows),
        }
    }

    pub fn push<const N: usize>(&mut self, table: &'static str, row: [Value; N]) {
        self.values.extend(row);
        self.rows.push((table, self.values.len() as u32));
    }

    /// Number of rows in the batch.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn clear(&mut self) {
        self.values.clear();
        self.rows.clear();
    }

    /// Writes every row, in order, into the sink.
    pub fn drain_into(&self, sink: &mut dyn RowSink) -> anyhow::Result<()> {
        let mut start = 0usize;
        let mut rows = self.rows.iter().map(|&(table, end)| {
            let row = &self.values[start..end as usize];
            start = end as usize;
            (table, row)
        });
        sink.write_rows(&mut rows)
    }
}
