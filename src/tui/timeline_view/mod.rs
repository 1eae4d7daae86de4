//! The timeline chart: lanes, the date window and the widget that draws them. Kept apart from the
//! person screen so the cohort browser can draw the same chart with its own marks.

pub mod chart;
pub mod lanes;
pub mod window;

pub use chart::{Mark, TimelineChart};
pub use lanes::{layout, ChartRow, RowKind};
pub use window::{ChartView, Window, Zoom};
