//! What an outcome analysis asks: which event starts each person's follow-up (the index), which
//! records count as the outcome, the fixed windows, the grouping and the disclosure threshold.

use chrono::NaiveDate;
use serde::Serialize;

use crate::cohort::{AgeBand, CohortFilter};
use crate::contract::Dataset;

/// The event whose date starts follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IndexKind {
    /// A probation referral (`referral_date`): the cohort rule.
    Referral,
    /// The person's first magistrates' case ever (`first_hearing_date`): "first seen" cohorts.
    MagsFirst,
    /// The end of a custodial journey (`journey_end_date`).
    PrisonRelease,
    /// The start of a probation event (`disposal_date`).
    ProbationStart,
}

/// The columns of an index kind's main-table row that the analysis reads.
pub struct IndexColumns {
    pub date: &'static str,
    pub age: &'static str,
    /// The date the age was recorded at (it is carried forward from there to the index date).
    pub age_at: &'static str,
    /// What the filter and grouping call the disposal type.
    pub disposal: &'static str,
}

impl IndexKind {
    pub const ALL: [IndexKind; 4] = [
        IndexKind::Referral,
        IndexKind::MagsFirst,
        IndexKind::PrisonRelease,
        IndexKind::ProbationStart,
    ];

    pub fn name(self) -> &'static str {
        match self {
            IndexKind::Referral => "referral",
            IndexKind::MagsFirst => "mags-first",
            IndexKind::PrisonRelease => "prison-release",
            IndexKind::ProbationStart => "probation-start",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            IndexKind::Referral => "probation referral",
            IndexKind::MagsFirst => "first magistrates' case",
            IndexKind::PrisonRelease => "release from prison",
            IndexKind::ProbationStart => "start of a probation event",
        }
    }

    pub fn parse(s: &str) -> Result<IndexKind, String> {
        IndexKind::ALL
            .into_iter()
            .find(|k| k.name() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                format!(
                    "index {s:?} is not one of {}",
                    IndexKind::ALL.map(|k| k.name()).join(", ")
                )
            })
    }

    pub fn dataset(self) -> Dataset {
        match self {
            IndexKind::Referral | IndexKind::ProbationStart => Dataset::Probation,
            IndexKind::MagsFirst => Dataset::Magistrates,
            IndexKind::PrisonRelease => Dataset::Prison,
        }
    }

    pub fn columns(self) -> IndexColumns {
        match self {
            IndexKind::Referral | IndexKind::ProbationStart => IndexColumns {
                date: if self == IndexKind::Referral {
                    "referral_date"
                } else {
                    "disposal_date"
                },
                age: "age_at_offence",
                age_at: "main_offence_date",
                disposal: "disposal_type_description",
            },
            IndexKind::MagsFirst => IndexColumns {
                date: "first_hearing_date",
                age: "age_at_offence",
                age_at: "offence_date",
                disposal: "jsas_result_group_desc",
            },
            IndexKind::PrisonRelease => IndexColumns {
                date: "journey_end_date",
                age: "age_at_reception",
                age_at: "journey_start_date",
                disposal: "sentence_type",
            },
        }
    }
}

/// Which linked records count as the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutcomeKind {
    Mags,
    Crown,
    Prison,
    Probation,
    /// A magistrates' or a Crown Court case.
    Court,
    Any,
}

impl OutcomeKind {
    pub const ALL: [OutcomeKind; 6] = [
        OutcomeKind::Mags,
        OutcomeKind::Crown,
        OutcomeKind::Prison,
        OutcomeKind::Probation,
        OutcomeKind::Court,
        OutcomeKind::Any,
    ];

    pub fn name(self) -> &'static str {
        match self {
            OutcomeKind::Mags => "mags",
            OutcomeKind::Crown => "crown",
            OutcomeKind::Prison => "prison",
            OutcomeKind::Probation => "probation",
            OutcomeKind::Court => "court",
            OutcomeKind::Any => "any",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            OutcomeKind::Mags => "a new magistrates' case",
            OutcomeKind::Crown => "a new Crown Court case",
            OutcomeKind::Prison => "a new custodial journey",
            OutcomeKind::Probation => "a new probation referral",
            OutcomeKind::Court => "a new court case (magistrates' or Crown)",
            OutcomeKind::Any => "any new record",
        }
    }

    pub fn parse(s: &str) -> Result<OutcomeKind, String> {
        OutcomeKind::ALL
            .into_iter()
            .find(|k| k.name() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                format!(
                    "outcome {s:?} is not one of {}",
                    OutcomeKind::ALL.map(|k| k.name()).join(", ")
                )
            })
    }

    pub fn datasets(self) -> &'static [Dataset] {
        match self {
            OutcomeKind::Mags => &[Dataset::Magistrates],
            OutcomeKind::Crown => &[Dataset::Crown],
            OutcomeKind::Prison => &[Dataset::Prison],
            OutcomeKind::Probation => &[Dataset::Probation],
            OutcomeKind::Court => &[Dataset::Magistrates, Dataset::Crown],
            OutcomeKind::Any => &Dataset::ALL,
        }
    }
}

/// The start date of a record as an outcome: magistrates' first hearing, Crown receipt, prison
/// journey start, probation referral.
pub fn outcome_date_column(d: Dataset) -> &'static str {
    match d {
        Dataset::Probation => "referral_date",
        _ => d.span_columns().0,
    }
}

/// How people are split into groups compared with each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Grouping {
    #[default]
    None,
    Gender,
    AgeBand,
    DisposalType,
    IndexYear,
    /// The dataset of the index event (with several `--index` kinds).
    IndexDataset,
}

impl Grouping {
    pub const ALL: [Grouping; 6] = [
        Grouping::None,
        Grouping::Gender,
        Grouping::AgeBand,
        Grouping::DisposalType,
        Grouping::IndexYear,
        Grouping::IndexDataset,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Grouping::None => "none",
            Grouping::Gender => "gender",
            Grouping::AgeBand => "age-band",
            Grouping::DisposalType => "disposal-type",
            Grouping::IndexYear => "index-year",
            Grouping::IndexDataset => "index-dataset",
        }
    }

    pub fn parse(s: &str) -> Result<Grouping, String> {
        Grouping::ALL
            .into_iter()
            .find(|k| k.name() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                format!(
                    "grouping {s:?} is not one of {}",
                    Grouping::ALL.map(|k| k.name()).join(", ")
                )
            })
    }
}

/// The age bands of the published proven reoffending statistics.
pub fn age_band(age: Option<i64>) -> String {
    const BANDS: [(i64, i64); 9] = [
        (10, 14),
        (15, 17),
        (18, 20),
        (21, 24),
        (25, 29),
        (30, 34),
        (35, 39),
        (40, 44),
        (45, 49),
    ];
    match age {
        Some(a) if (50..=120).contains(&a) => "50+".to_string(),
        Some(a) => BANDS
            .iter()
            .find(|(lo, hi)| (*lo..=*hi).contains(&a))
            .map_or_else(|| "(unknown)".to_string(), |(lo, hi)| format!("{lo}-{hi}")),
        None => "(unknown)".to_string(),
    }
}

/// The whole question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeSpec {
    /// One or more index kinds: a person's index is their earliest qualifying event of any.
    pub index: Vec<IndexKind>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The cohort filters (datasets, gender, age band, disposal type), applied to the index event.
    pub datasets: Vec<Dataset>,
    pub gender: Option<String>,
    pub age_band: Option<AgeBand>,
    pub disposal_type: Option<String>,
    pub outcome: OutcomeKind,
    /// Fixed windows in days.
    pub windows: Vec<u32>,
    pub by: Grouping,
    /// Disclosure threshold (0 turns control off).
    pub suppress_below: u64,
    /// Keep each person's first this many records after the index (for `sequences`; 0: none).
    pub keep_next: usize,
    /// Keep every linked record's start relative to the index (the explorer's aligned view).
    pub keep_records: bool,
    /// Only the first this many members in index-date order: a quick preview of the people
    /// (the explorer lists them while the whole cohort is followed up). Counts are partial.
    pub first: Option<usize>,
}

impl Default for OutcomeSpec {
    fn default() -> Self {
        OutcomeSpec {
            index: vec![IndexKind::Referral],
            from: None,
            to: None,
            datasets: Vec::new(),
            gender: None,
            age_band: None,
            disposal_type: None,
            outcome: OutcomeKind::Any,
            windows: vec![365, 730],
            by: Grouping::None,
            suppress_below: 10,
            keep_next: 0,
            keep_records: false,
            first: None,
        }
    }
}

impl OutcomeSpec {
    /// Checks the question as a whole, with a specific message for each problem.
    pub fn validate(&self) -> Result<(), String> {
        if self.index.is_empty() {
            return Err("give at least one index event".into());
        }
        if let (Some(f), Some(t)) = (self.from, self.to) {
            if f > t {
                return Err(format!("from {f} is after to {t}: the range is reversed"));
            }
        }
        if self.windows.is_empty() {
            return Err("give at least one window".into());
        }
        if let Some(w) = self.windows.iter().find(|w| **w == 0 || **w > 36_600) {
            return Err(format!(
                "window {w} is not a number of days from 1 to 36600"
            ));
        }
        Ok(())
    }

    /// The cohort filter part, to reuse its validation and description.
    pub fn cohort_filter(&self) -> CohortFilter {
        CohortFilter {
            referral_from: self.from,
            referral_to: self.to,
            datasets: self.datasets.clone(),
            gender: self.gender.clone(),
            age_band: self.age_band,
            disposal_type: self.disposal_type.clone(),
        }
    }

    pub fn in_range(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }

    pub fn describe(&self) -> String {
        format!(
            "{}; outcome: {}",
            self.describe_index(),
            self.outcome.describe()
        )
    }

    /// Who is followed up: the index event, its range and the filters.
    pub fn describe_index(&self) -> String {
        let index = self
            .index
            .iter()
            .map(|k| k.describe())
            .collect::<Vec<_>>()
            .join(" or ");
        let range = match (self.from, self.to) {
            (Some(f), Some(t)) => format!(" from {f} to {t}"),
            (Some(f), None) => format!(" from {f}"),
            (None, Some(t)) => format!(" up to {t}"),
            (None, None) => String::new(),
        };
        let mut filters = Vec::new();
        if !self.datasets.is_empty() {
            let names: Vec<&str> = self.datasets.iter().map(|d| d.label()).collect();
            filters.push(format!("in {}", names.join(" and ")));
        }
        if let Some(g) = &self.gender {
            filters.push(format!("gender {g}"));
        }
        if let Some(a) = &self.age_band {
            filters.push(format!("age {a}"));
        }
        if let Some(d) = &self.disposal_type {
            filters.push(format!("disposal type {d}"));
        }
        let filters = if filters.is_empty() {
            String::new()
        } else {
            format!(" ({})", filters.join(", "))
        };
        format!("index: {index}{range}{filters}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_fall_in_the_published_bands() {
        let band = |a| age_band(Some(a));
        assert_eq!(
            [band(9), band(10), band(14), band(15), band(17), band(18)],
            ["(unknown)", "10-14", "10-14", "15-17", "15-17", "18-20"]
        );
        assert_eq!(
            [band(49), band(50), band(120), band(121), band(-1)],
            ["45-49", "50+", "50+", "(unknown)", "(unknown)"]
        );
        assert_eq!(age_band(None), "(unknown)");
    }

    #[test]
    fn the_question_is_described_in_words() {
        let spec = OutcomeSpec {
            index: vec![IndexKind::Referral, IndexKind::PrisonRelease],
            from: NaiveDate::from_ymd_opt(2016, 1, 1),
            datasets: vec![Dataset::Crown],
            gender: Some("Female".into()),
            outcome: OutcomeKind::Court,
            ..OutcomeSpec::default()
        };
        assert_eq!(
            spec.describe(),
            "index: probation referral or release from prison from 2016-01-01 \
             (in Crown Court, gender Female); outcome: a new court case (magistrates' or Crown)"
        );
        assert_eq!(
            OutcomeSpec::default().describe_index(),
            "index: probation referral"
        );
        let outcomes: Vec<&str> = OutcomeKind::ALL.iter().map(|k| k.describe()).collect();
        assert_eq!(
            outcomes,
            [
                "a new magistrates' case",
                "a new Crown Court case",
                "a new custodial journey",
                "a new probation referral",
                "a new court case (magistrates' or Crown)",
                "any new record"
            ]
        );
    }

    #[test]
    fn ranges_and_windows_are_checked_at_their_limits() {
        let day = |d| NaiveDate::from_ymd_opt(2016, 3, d);
        let spec = |from, to, windows: &[u32]| OutcomeSpec {
            from,
            to,
            windows: windows.to_vec(),
            ..OutcomeSpec::default()
        };
        assert_eq!(spec(day(1), day(1), &[1, 36_600]).validate(), Ok(()));
        assert_eq!(
            spec(day(2), day(1), &[365]).validate(),
            Err("from 2016-03-02 is after to 2016-03-01: the range is reversed".into())
        );
        assert_eq!(
            spec(None, None, &[365, 36_601]).validate(),
            Err("window 36601 is not a number of days from 1 to 36600".into())
        );
        assert!(spec(None, None, &[0]).validate().is_err());
        assert!(spec(None, None, &[]).validate().is_err());
        // Both ends of a range are in it.
        let range = spec(day(2), day(4), &[365]);
        let inside: Vec<bool> = (1..=5).map(|d| range.in_range(day(d).unwrap())).collect();
        assert_eq!(inside, [false, true, true, true, false]);
        assert!(spec(None, day(4), &[365]).in_range(day(1).unwrap()));
        assert!(!spec(None, day(4), &[365]).in_range(day(5).unwrap()));
    }
}
