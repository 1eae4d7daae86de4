//! Named data-quality rules, each tied to the catalogue note it illustrates. Record-level rules are
//! pure functions of a [`Record`]; person-level rules look at all of a person's records.
//! (Skeleton: the rules are being filled in.)

use chrono::NaiveDate;
use serde::Serialize;

use crate::record::Record;

/// A data-quality rule. The explorer shows them per record and per person; `check` counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    DuplicateEventRows,
    MissingCommencementDate,
    OpenAtExtract,
    EndBeforeStart,
    DateOutsideCoverage,
    DateAfterExtract,
    MalformedDate,
    PlaceholderEthnicity,
    ImplausibleAge,
    WelshLsoa,
    PossibleFalseLink,
    PossibleMissedLink,
    Unlinked,
}

/// One problem found on a record or a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    pub rule: Rule,
    /// What exactly is wrong here, e.g. "rqmnt_commencement_date is missing".
    pub detail: String,
}

/// Flags on one record (main or child row) judged on its own.
pub fn record_flags(_record: &Record, _extract_date: NaiveDate) -> Vec<Flag> {
    Vec::new()
}
