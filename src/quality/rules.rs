//! What each rule is called, what it means for a researcher, what it counts and which catalogue
//! note it illustrates.

use serde::Serialize;

use super::Rule;
use crate::catalogue::{self, CatalogueNote};

/// What one unit of a rule's count is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountUnit {
    /// Rows of main or child tables.
    Records,
    /// Distinct probation events (`event_id_hash`).
    Events,
    /// People: cross-justice persons or dataset-level persons.
    People,
}

impl CountUnit {
    pub fn label(self) -> &'static str {
        match self {
            CountUnit::Records => "records",
            CountUnit::Events => "events",
            CountUnit::People => "people",
        }
    }
}

/// Where a rule is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleScope {
    /// On one row by itself: [`super::record_flags`].
    Record,
    /// On all of a person's main-table records: [`super::person_flags`].
    Person,
    /// Needs other rows of the database (duplicates, links): flag constructors on [`super::Flag`].
    Database,
}

impl Rule {
    pub const ALL: [Rule; 15] = [
        Rule::DuplicateEventRows,
        Rule::MissingCommencementDate,
        Rule::OpenAtExtract,
        Rule::EndBeforeStart,
        Rule::DateOutsideCoverage,
        Rule::DateAfterExtract,
        Rule::MalformedDate,
        Rule::MissingReferralDate,
        Rule::PlaceholderEthnicity,
        Rule::ImplausibleAge,
        Rule::WelshLsoa,
        Rule::MissingLsoa,
        Rule::PossibleFalseLink,
        Rule::PossibleMissedLink,
        Rule::Unlinked,
    ];

    /// Stable snake_case name, as in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Rule::DuplicateEventRows => "duplicate_event_rows",
            Rule::MissingCommencementDate => "missing_commencement_date",
            Rule::OpenAtExtract => "open_at_extract",
            Rule::EndBeforeStart => "end_before_start",
            Rule::DateOutsideCoverage => "date_outside_coverage",
            Rule::DateAfterExtract => "date_after_extract",
            Rule::MalformedDate => "malformed_date",
            Rule::MissingReferralDate => "missing_referral_date",
            Rule::PlaceholderEthnicity => "placeholder_ethnicity",
            Rule::ImplausibleAge => "implausible_age",
            Rule::WelshLsoa => "welsh_lsoa",
            Rule::MissingLsoa => "missing_lsoa",
            Rule::PossibleFalseLink => "possible_false_link",
            Rule::PossibleMissedLink => "possible_missed_link",
            Rule::Unlinked => "unlinked",
        }
    }

    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }

    pub fn title(self) -> &'static str {
        match self {
            Rule::DuplicateEventRows => "Duplicate event rows",
            Rule::MissingCommencementDate => "Missing commencement date",
            Rule::OpenAtExtract => "Still open at the end of observation",
            Rule::EndBeforeStart => "End before start",
            Rule::DateOutsideCoverage => "Date outside the dataset's coverage",
            Rule::DateAfterExtract => "Date after the extract date",
            Rule::MalformedDate => "Malformed date",
            Rule::MissingReferralDate => "Missing referral date",
            Rule::PlaceholderEthnicity => "Placeholder ethnicity",
            Rule::ImplausibleAge => "Implausible age",
            Rule::WelshLsoa => "Welsh LSOA",
            Rule::MissingLsoa => "Missing LSOA",
            Rule::PossibleFalseLink => "Possible false link",
            Rule::PossibleMissedLink => "Possible missed link",
            Rule::Unlinked => "Not linked",
        }
    }

    /// One sentence a researcher understands: what was found and why it matters.
    pub fn explanation(self) -> &'static str {
        match self {
            Rule::DuplicateEventRows => "The probation flatfile repeats this event on several rows; count it once or orders and people will be overcounted.",
            Rule::MissingCommencementDate => "The requirement has no commencement date, as most do; use rqmnt_start_date (the date it was imposed) instead.",
            Rule::OpenAtExtract => "There is no end date, so the order, case or custody was still running when the data were extracted and its length is right-censored.",
            Rule::EndBeforeStart => "The end date is earlier than the start date, so one of them was recorded wrongly and the duration cannot be trusted.",
            Rule::DateOutsideCoverage => "A date falls outside the period this dataset covers, so the record is either partly observed or mis-dated.",
            Rule::DateAfterExtract => "A date lies after the date the data were extracted, which cannot be true and points to a keying error.",
            Rule::MalformedDate => "A date cannot be read as YYYY-MM-DD, so it is shown as written and left out of every date calculation.",
            Rule::MissingReferralDate => "The probation event has no referral date, so it falls in no referral-date range: cohorts selected by referral date leave it out.",
            Rule::PlaceholderEthnicity => "Ethnicity holds a placeholder (refusal, blank, dummy code or 'Not stated') rather than a real category; treat it as unknown.",
            Rule::ImplausibleAge => "The recorded age is below the age of criminal responsibility (10) or above 100, almost certainly a recording error.",
            Rule::WelshLsoa => "The area is a Welsh LSOA (W01...), which the English Index of Multiple Deprivation does not cover.",
            Rule::MissingLsoa => "No LSOA is recorded, so the record cannot be placed in an area or given a deprivation score.",
            Rule::PossibleFalseLink => "This person's linked records disagree on gender or on age, so the linkage may have merged two different people.",
            Rule::PossibleMissedLink => "One dataset-level person is spread over several cross-justice IDs, so the linkage may have split one person in two.",
            Rule::Unlinked => "The record has no row in xjs_link, so it belongs to no cross-justice person and person-level analyses will miss it.",
        }
    }

    /// The key of the built-in catalogue note the rule illustrates.
    pub fn note_key(self) -> &'static str {
        match self {
            Rule::DuplicateEventRows => "probation_duplicate_events",
            Rule::MissingCommencementDate => "rqmnt_commencement_missing",
            Rule::OpenAtExtract => "probation_right_censoring",
            Rule::EndBeforeStart => "end_before_start",
            Rule::DateOutsideCoverage | Rule::DateAfterExtract => "offence_dates_out_of_range",
            Rule::MalformedDate => "malformed_dates",
            Rule::MissingReferralDate => "missing_referral_dates",
            Rule::PlaceholderEthnicity => "ethnicity_placeholders",
            Rule::ImplausibleAge => "implausible_ages",
            Rule::WelshLsoa | Rule::MissingLsoa => "welsh_lsoa",
            Rule::PossibleFalseLink => "false_links",
            Rule::PossibleMissedLink => "missed_links",
            Rule::Unlinked => "unlinked_records",
        }
    }

    /// The built-in catalogue note the rule illustrates.
    pub fn note(self) -> &'static CatalogueNote {
        catalogue::builtin_note(self.note_key())
            .expect("every rule's note key exists in assets/catalogue.json (tested)")
    }

    /// What `check` counts for this rule.
    pub fn unit(self) -> CountUnit {
        match self {
            Rule::DuplicateEventRows => CountUnit::Events,
            Rule::PossibleFalseLink | Rule::PossibleMissedLink => CountUnit::People,
            _ => CountUnit::Records,
        }
    }

    pub fn scope(self) -> RuleScope {
        match self {
            Rule::PossibleFalseLink => RuleScope::Person,
            Rule::DuplicateEventRows | Rule::PossibleMissedLink | Rule::Unlinked => {
                RuleScope::Database
            }
            _ => RuleScope::Record,
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
