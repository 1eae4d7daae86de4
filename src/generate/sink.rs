//! Where generated rows go. The generator streams rows table by table into a sink: the SQLite
//! writer for `generate --out DB`, the extract writers (parquet, CSV) for `--layout extracts`.

pub use rusqlite::types::Value;

pub trait RowSink {
    /// One row of `table`, its values in contract column order
    /// (`crate::contract::table(table).columns`). Dates are TEXT `YYYY-MM-DD`.
    fn write_row(&mut self, table: &'static str, row: &[Value]) -> anyhow::Result<()>;

    /// Called once after the last row; the sink makes its output complete and durable.
    fn finish(&mut self) -> anyhow::Result<()>;
}
