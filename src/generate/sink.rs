//! Where generated rows go. The generator streams rows into a sink: the SQLite writer for
//! `generate --out DB`, the extract writers (parquet, CSV) for `--layout extracts`. The sink alone
//! decides the output layout.
//!
//! Rows arrive person by person, so tables are interleaved; within one table, rows arrive in a
//! fixed order for a given seed. `extract_info` and `catalogue_notes` rows come first.

pub use rusqlite::types::Value;

pub trait RowSink {
    /// One row of `table`, its values in contract column order
    /// (`crate::contract::table(table).columns`). Dates are TEXT `YYYY-MM-DD` (or, where a
    /// data-quality problem is injected, text that is not a date).
    fn write_row(&mut self, table: &'static str, row: &[Value]) -> anyhow::Result<()>;

    /// Many rows in order, as `(table, values)`. The default writes them one by one; a sink may
    /// override it to do per-table work once per batch rather than once per row.
    fn write_rows(
        &mut self,
        rows: &mut dyn Iterator<Item = (&'static str, &[Value])>,
    ) -> anyhow::Result<()> {
        for (table, row) in rows {
            self.write_row(table, row)?;
        }
        Ok(())
    }

    /// Called once after the last row; the sink makes its output complete and durable.
    fn finish(&mut self) -> anyhow::Result<()>;
}
