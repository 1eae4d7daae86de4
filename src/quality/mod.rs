//! Named data-quality rules, each tied to the catalogue note it illustrates. Record-level rules are
//! pure functions of a [`Record`]; person-level rules look at all of a person's records; rules
//! that need database facts (duplicate event rows, split persons, unlinked records) get flag
//! constructors here and are counted in bulk by [`count_all`].
//!
//! | rule | judged on | fires when |
//! |---|---|---|
//! | `duplicate_event_rows` | probation events | an `event_id_hash` is on more than one flatfile row |
//! | `missing_commencement_date` | requirement rows | `rqmnt_commencement_date` is blank |
//! | `open_at_extract` | rows with a span | a start is recorded but the end is blank |
//! | `end_before_start` | rows with a span | both dates valid and end < start (same day is fine) |
//! | `date_outside_coverage` | start, offence and referral dates | before or after `Dataset::coverage()` (probation: referral date only; ends and child rows are not checked) |
//! | `date_after_extract` | every date | later than the extract date |
//! | `malformed_date` | every date | present but not `YYYY-MM-DD[ time]` |
//! | `placeholder_ethnicity` | main rows | blank, `Refusal`, `Not stated`, `Z_Dummy...` (any case) |
//! | `implausible_age` | main rows | not a number, below 10 or above 100 |
//! | `welsh_lsoa` / `missing_lsoa` | court and probation main rows | LSOA starts `W01` / is blank |
//! | `possible_false_link` | linked people | both male and female recorded, or implied birth years more than 2 apart |
//! | `possible_missed_link` | dataset-level people | their linked records sit under more than one `estimated_xjs_id` |
//! | `unlinked` | main rows | no `xjs_link` row |

mod count;
mod false_links;
mod person;
mod record_rules;
mod rules;

pub use count::{count_all, RuleCount, TableCount};
pub use person::{
    birth_year, demographics, disagreeing_records, person_flags, Gender, RecordDemographics,
    AGE_TOLERANCE_YEARS,
};
pub use record_rules::{record_flags, MAX_PLAUSIBLE_AGE, MIN_PLAUSIBLE_AGE};
pub use rules::{CountUnit, RuleScope};

use serde::Serialize;

use crate::contract::Dataset;

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
    MissingReferralDate,
    PlaceholderEthnicity,
    ImplausibleAge,
    WelshLsoa,
    MissingLsoa,
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

impl Flag {
    pub fn new(rule: Rule, detail: impl Into<String>) -> Flag {
        Flag {
            rule,
            detail: detail.into(),
        }
    }

    /// A probation event delivered on `rows` flatfile rows (only meaningful when `rows` > 1).
    pub fn duplicate_event(event_id_hash: &str, rows: usize) -> Flag {
        Flag::new(
            Rule::DuplicateEventRows,
            format!("event_id_hash {event_id_hash} appears on {rows} probation_flatfile rows"),
        )
    }

    /// A main-table record with no `xjs_link` row.
    pub fn unlinked(dataset: Dataset, row_id_hash: &str) -> Flag {
        Flag::new(
            Rule::Unlinked,
            format!(
                "{} row {row_id_hash} has no xjs_link row, so it belongs to no linked person",
                dataset.main_table()
            ),
        )
    }

    /// A dataset-level person whose records sit under several `estimated_xjs_id`s.
    pub fn missed_link(dataset: Dataset, person_id: &str, xjs_ids: &[String]) -> Flag {
        Flag::new(
            Rule::PossibleMissedLink,
            format!(
                "{} {person_id} ({}) is split across {} estimated_xjs_id values: {}",
                dataset.person_id_column(),
                dataset.source_name(),
                xjs_ids.len(),
                xjs_ids.join(", ")
            ),
        )
    }

    /// The catalogue note this flag illustrates.
    pub fn note(&self) -> &'static crate::catalogue::CatalogueNote {
        self.rule.note()
    }
}

#[cfg(test)]
mod tests;
