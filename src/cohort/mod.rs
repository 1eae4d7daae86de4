//! Cohorts: people referred to probation in a period, what they look like as a group, and how they
//! were selected.

mod choices;
mod filter;
mod members;
mod summary;

pub use choices::{filter_choices, FilterChoices};
pub use filter::{parse_dataset, AgeBand, CohortFilter};
pub use members::{
    age_at_index, referral_date_problems, scan, CohortError, Member, ReferralDateProblems,
    ScanCounts, ScanProgress,
};
pub use summary::CohortSummary;
