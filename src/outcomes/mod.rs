//! Outcomes: what happened next to the people of a cohort. Each person's index event starts
//! their follow-up; the first linked record of the outcome kind after it ends it (an event), or
//! the end of the outcome data's observation window does (censored). From these: shares within
//! fixed windows, Kaplan-Meier curves per group and the log-rank test, as R's `survival`
//! computes them, with disclosure control on by default (README, "Outcomes").

pub mod files;
mod follow;
pub mod km;
mod report;
pub mod requirements;
pub mod sequences;
mod spec;
mod text;

pub use files::{disclosure_note, write_files, OutcomeFiles};
pub use follow::{
    follow, follow_in, follow_up_window, Counts, FollowUp, OutcomeError, PersonOutcome, Progress,
};
pub use report::{Group, Report, WindowCell, WindowTable};
pub use spec::{age_band, Grouping, IndexKind, OutcomeKind, OutcomeSpec};
pub use text::{disclosure_line, report_lines};
