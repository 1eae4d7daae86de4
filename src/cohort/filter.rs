//! What a cohort is: people with a probation referral in a date range, plus optional filters.
//! Validation lives here so the TUI and the CLI give the same messages.

use chrono::NaiveDate;
use serde::Serialize;

use crate::contract::Dataset;
use crate::dates::parse_user_date;

/// An inclusive age band, e.g. 18-24; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AgeBand {
    pub min: Option<u32>,
    pub max: Option<u32>,
}

impl AgeBand {
    /// Parses `18-24`, `25-`, `-17` or a single age `30`.
    pub fn parse(s: &str) -> Result<AgeBand, String> {
        let t = s.trim();
        let bad = || format!("age band {s:?} is not a band like 18-24, 25- or -17");
        let num = |p: &str| -> Result<Option<u32>, String> {
            let p = p.trim();
            if p.is_empty() {
                Ok(None)
            } else {
                p.parse::<u32>().map(Some).map_err(|_| bad())
            }
        };
        let (min, max) = match t.split_once('-') {
            Some((a, b)) => (num(a)?, num(b)?),
            None => {
                let v = num(t)?;
                (v, v)
            }
        };
        if min.is_none() && max.is_none() {
            return Err(bad());
        }
        if let (Some(a), Some(b)) = (min, max) {
            if a > b {
                return Err(format!("age band {s:?} is reversed (from {a} to {b})"));
            }
        }
        Ok(AgeBand { min, max })
    }

    pub fn contains(&self, age: i64) -> bool {
        self.min.is_none_or(|m| age >= m as i64) && self.max.is_none_or(|m| age <= m as i64)
    }
}

impl std::fmt::Display for AgeBand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.min, self.max) {
            (Some(a), Some(b)) if a == b => write!(f, "{a}"),
            (a, b) => write!(
                f,
                "{}-{}",
                a.map(|v| v.to_string()).unwrap_or_default(),
                b.map(|v| v.to_string()).unwrap_or_default()
            ),
        }
    }
}

/// The cohort definition. A person (an `estimated_xjs_id`) is a member when at least one linked
/// `probation_flatfile` row has a valid `referral_date` within the range (both ends inclusive,
/// either optional) and the further filters hold for them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CohortFilter {
    pub referral_from: Option<NaiveDate>,
    pub referral_to: Option<NaiveDate>,
    /// The person appears in every one of these datasets.
    pub datasets: Vec<Dataset>,
    /// Gender recorded on the index referral row (case-insensitive).
    pub gender: Option<String>,
    /// Age at the index referral.
    pub age_band: Option<AgeBand>,
    /// `disposal_type_description` of the index event (case-insensitive).
    pub disposal_type: Option<String>,
}

impl CohortFilter {
    /// Whether an index event's own fields pass the gender, age band and disposal type filters
    /// (text compared trimmed and case-insensitively; an unknown age never passes an age band).
    pub fn accepts(&self, gender: Option<&str>, age: Option<i64>, disposal: Option<&str>) -> bool {
        let eq = |want: &Option<String>, have: Option<&str>| match want {
            None => true,
            Some(w) => have.is_some_and(|h| h.trim().eq_ignore_ascii_case(w.trim())),
        };
        eq(&self.gender, gender)
            && eq(&self.disposal_type, disposal)
            && self
                .age_band
                .is_none_or(|band| age.is_some_and(|a| band.contains(a)))
    }

    /// Builds a filter from text as typed, with a specific message for each problem.
    pub fn from_text(from: &str, to: &str) -> Result<CohortFilter, String> {
        let parse = |what: &str, s: &str| -> Result<Option<NaiveDate>, String> {
            if s.trim().is_empty() {
                Ok(None)
            } else {
                parse_user_date(what, s).map(Some)
            }
        };
        let filter = CohortFilter {
            referral_from: parse("referral-from", from)?,
            referral_to: parse("referral-to", to)?,
            ..CohortFilter::default()
        };
        filter.validate()?;
        Ok(filter)
    }

    /// Builds a filter from every field as typed (blank fields are not applied). The TUI filter
    /// panel and the headless command both use it, so they give the same messages.
    pub fn from_fields(
        from: &str,
        to: &str,
        datasets: &[&str],
        gender: &str,
        age: &str,
        disposal_type: &str,
    ) -> Result<CohortFilter, String> {
        let mut f = CohortFilter::from_text(from, to)?;
        f.datasets = datasets
            .iter()
            .filter(|d| !d.trim().is_empty())
            .map(|d| parse_dataset(d))
            .collect::<Result<_, _>>()?;
        let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        f.gender = text(gender);
        f.age_band = text(age).map(|a| AgeBand::parse(&a)).transpose()?;
        f.disposal_type = text(disposal_type);
        Ok(f)
    }

    pub fn validate(&self) -> Result<(), String> {
        if let (Some(a), Some(b)) = (self.referral_from, self.referral_to) {
            if a > b {
                return Err(format!(
                    "the referral range is reversed: from {a} is after to {b}"
                ));
            }
        }
        Ok(())
    }

    pub fn in_range(&self, d: NaiveDate) -> bool {
        self.referral_from.is_none_or(|f| d >= f) && self.referral_to.is_none_or(|t| d <= t)
    }

    /// One line for status bars and manifests.
    pub fn describe(&self) -> String {
        let d = |x: Option<NaiveDate>| x.map(|d| d.to_string()).unwrap_or_else(|| "…".into());
        let mut parts = vec![format!(
            "referral {} to {}",
            d(self.referral_from),
            d(self.referral_to)
        )];
        if !self.datasets.is_empty() {
            let names: Vec<_> = self.datasets.iter().map(|d| d.source_name()).collect();
            parts.push(format!("in {}", names.join("+")));
        }
        if let Some(g) = &self.gender {
            parts.push(format!("gender {g}"));
        }
        if let Some(a) = &self.age_band {
            parts.push(format!("age {a}"));
        }
        if let Some(t) = &self.disposal_type {
            parts.push(format!("disposal {t:?}"));
        }
        parts.join(", ")
    }
}

/// Parses a dataset as researchers name it: magistrates, crown, prison, probation, a
/// `source_dataset` name such as `mags_hocas`, or the start of a label (`mag`). A start that
/// fits two datasets (`p`, `pr`) is refused rather than guessed.
pub fn parse_dataset(s: &str) -> Result<Dataset, String> {
    let t = s.trim().to_ascii_lowercase();
    let label = |d: Dataset| d.label().to_ascii_lowercase();
    let exact = |d: &Dataset| {
        d.source_name() == t || label(*d) == t || d.source_name().split('_').next() == Some(&*t)
    };
    if let Some(d) = Dataset::ALL.into_iter().find(exact) {
        return Ok(d);
    }
    let starting: Vec<Dataset> = Dataset::ALL
        .into_iter()
        .filter(|d| !t.is_empty() && label(*d).starts_with(&t))
        .collect();
    match starting[..] {
        [d] => Ok(d),
        [] => Err(format!(
            "dataset {s:?} is not one of magistrates, crown, prison, probation"
        )),
        _ => Err(format!(
            "dataset {s:?} could be {}: type more of the name",
            starting
                .iter()
                .map(|d| label(*d))
                .collect::<Vec<_>>()
                .join(" or ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_validate_and_include_both_ends() {
        let f = CohortFilter::from_text("2016-01-01", "2016-12-31").unwrap();
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(f.in_range(d("2016-01-01")));
        assert!(f.in_range(d("2016-12-31")));
        assert!(!f.in_range(d("2015-12-31")));
        assert!(!f.in_range(d("2017-01-01")));
        let open = CohortFilter::from_text("", "2016-12-31").unwrap();
        assert!(open.in_range(d("1990-01-01")));
        assert_eq!(
            CohortFilter::from_text("2016-13-01", "").unwrap_err(),
            "referral-from \"2016-13-01\" is not a date (YYYY-MM-DD)"
        );
        assert_eq!(
            CohortFilter::from_text("2017-01-01", "2016-01-01").unwrap_err(),
            "the referral range is reversed: from 2017-01-01 is after to 2016-01-01"
        );
        // A single day is a range, not a reversed one.
        let day = CohortFilter::from_text("2016-05-01", "2016-05-01").unwrap();
        assert!(day.in_range(d("2016-05-01")));
        assert!(!day.in_range(d("2016-05-02")));
    }

    #[test]
    fn age_bands() {
        let b = AgeBand::parse("18-24").unwrap();
        assert!(b.contains(18) && b.contains(24) && !b.contains(25) && !b.contains(17));
        assert!(AgeBand::parse("25-").unwrap().contains(90));
        assert!(AgeBand::parse("-17").unwrap().contains(10));
        assert!(AgeBand::parse("30").unwrap().contains(30));
        assert!(AgeBand::parse("30-20").unwrap_err().contains("reversed"));
        assert!(AgeBand::parse("old").is_err());
        assert!(AgeBand::parse("-").is_err());
    }

    #[test]
    fn an_age_band_reads_back_as_the_researcher_wrote_it() {
        // Written into manifests and summaries: a single age is one number, not "18-18".
        for band in ["18", "18-24", "25-", "-17"] {
            assert_eq!(AgeBand::parse(band).unwrap().to_string(), band);
        }
    }

    #[test]
    fn datasets_are_named_by_source_label_first_word_or_an_unambiguous_start() {
        for (name, want) in [
            ("mags_hocas", Dataset::Magistrates),
            ("mags", Dataset::Magistrates),
            ("Magistrates", Dataset::Magistrates),
            ("mag", Dataset::Magistrates),
            ("crown court", Dataset::Crown),
            ("crown_xhibit", Dataset::Crown),
            (" CROWN ", Dataset::Crown),
            ("prison_nomis", Dataset::Prison),
            ("pri", Dataset::Prison),
            ("probation_delius", Dataset::Probation),
            ("prob", Dataset::Probation),
        ] {
            assert_eq!(parse_dataset(name), Ok(want), "{name:?}");
        }
        assert_eq!(
            parse_dataset("pr").unwrap_err(),
            "dataset \"pr\" could be prison or probation: type more of the name"
        );
        for unknown in ["", "hocas", "crown_nomis", "magistrates court"] {
            assert_eq!(
                parse_dataset(unknown).unwrap_err(),
                format!("dataset {unknown:?} is not one of magistrates, crown, prison, probation")
            );
        }
    }

    #[test]
    fn blank_dataset_fields_are_left_out_and_the_rest_kept() {
        let f =
            CohortFilter::from_fields("", "", &["magistrates", " ", "prison"], "", "", "").unwrap();
        assert_eq!(f.datasets, vec![Dataset::Magistrates, Dataset::Prison]);
    }
}
