//! Synthetic Data First data of the real shape, proportions and flaws.
//! (Skeleton: the row sink is fixed so writers of other layouts can plug in.)

pub mod sink;

pub use sink::RowSink;
pub mod extracts;
