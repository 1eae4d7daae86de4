//! The cohort at a glance, with small-number suppression: outputs from the Secure Research Service
//! are checked for disclosure, and a common rule is that no count below 10 is published.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Member, ReferralDateProblems, ScanCounts};
use crate::contract::Dataset;
use crate::db::Database;
use crate::disclosure::Rules;
use crate::timeline::many::{self, ReadError};

#[derive(Debug, Clone, Default, Serialize)]
pub struct CohortSummary {
    pub people: u64,
    /// Linked records of the members, per dataset.
    pub records_per_dataset: Vec<(Dataset, u64)>,
    /// People by the disposal type of their index event ("(missing)" when blank).
    pub by_disposal_type: Vec<(String, u64)>,
    /// People by the year of their index referral.
    pub by_referral_year: Vec<(i32, u64)>,
    pub scan: ScanCounts,
    pub referral_dates: ReferralDateProblems,
}

/// Why a summary could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SummaryError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("the summary was no longer wanted")]
    Cancelled,
}

impl CohortSummary {
    /// Summarises the members. Records per dataset follow the one counting rule
    /// ([`crate::timeline::PersonTimeline::records`]), read from the members' timelines, so they
    /// add up to exactly the counts in `people.csv`. `keep_going` is asked between chunks.
    pub fn build(
        db: &Database,
        members: &[Member],
        scan: &ScanCounts,
        referral_dates: &ReferralDateProblems,
        mut keep_going: impl FnMut() -> bool,
    ) -> Result<CohortSummary, SummaryError> {
        let mut per_dataset: BTreeMap<Dataset, u64> = BTreeMap::new();
        many::for_each_chunk(
            db,
            members,
            |m| m.estimated_xjs_id.as_str(),
            |_, t| Dataset::ALL.map(|d| t.records(d)),
            |_, chunk| {
                if !keep_going() {
                    return Err(SummaryError::Cancelled);
                }
                for counts in chunk {
                    for (d, n) in Dataset::ALL.iter().zip(counts) {
                        *per_dataset.entry(*d).or_default() += n;
                    }
                }
                Ok(())
            },
        )?;
        let mut by_disposal: BTreeMap<String, u64> = BTreeMap::new();
        let mut by_year: BTreeMap<i32, u64> = BTreeMap::new();
        for m in members {
            let disposal = m
                .disposal_type
                .clone()
                .filter(|d| !d.trim().is_empty())
                .unwrap_or_else(|| "(missing)".into());
            *by_disposal.entry(disposal).or_default() += 1;
            *by_year
                .entry(chrono::Datelike::year(&m.index_referral_date))
                .or_default() += 1;
        }
        let mut by_disposal_type: Vec<(String, u64)> = by_disposal.into_iter().collect();
        by_disposal_type.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(CohortSummary {
            people: members.len() as u64,
            records_per_dataset: Dataset::ALL
                .iter()
                .map(|d| (*d, per_dataset.get(d).copied().unwrap_or(0)))
                .collect(),
            by_disposal_type,
            by_referral_year: by_year.into_iter().collect(),
            scan: scan.clone(),
            referral_dates: referral_dates.clone(),
        })
    }

    /// People by index disposal type, as shown: the counts add up to the people, so a small
    /// one is protected by hiding another (secondary suppression).
    pub fn shown_disposal_types(&self, s: Rules) -> Vec<(String, String)> {
        let counts: Vec<u64> = self.by_disposal_type.iter().map(|(_, n)| *n).collect();
        let names = self.by_disposal_type.iter().map(|(t, _)| t.clone());
        names.zip(s.show_line(&counts)).collect()
    }

    /// People by index referral year, as shown (protected as the disposal types are).
    pub fn shown_referral_years(&self, s: Rules) -> Vec<(String, String)> {
        let counts: Vec<u64> = self.by_referral_year.iter().map(|(_, n)| *n).collect();
        let years = self.by_referral_year.iter().map(|(y, _)| y.to_string());
        years.zip(s.show_line(&counts)).collect()
    }

    /// The summary as text lines, with suppression applied to every count.
    pub fn lines(&self, s: Rules) -> Vec<String> {
        let mut out = vec![format!("people: {}", s.show(self.people))];
        out.push("records per dataset:".into());
        for (d, n) in &self.records_per_dataset {
            out.push(format!("  {:<18} {:>10}", d.source_name(), s.show(*n)));
        }
        out.push("people by index disposal type:".into());
        for (t, n) in self.shown_disposal_types(s) {
            out.push(format!("  {t:<40} {n:>10}"));
        }
        out.push("people by index referral year:".into());
        for (y, n) in self.shown_referral_years(s) {
            out.push(format!("  {y:<18} {n:>10}"));
        }
        out.push(format!(
            "referral rows in range: {} ({} with no xjs_link row, not members)",
            s.show(self.scan.rows_in_range),
            s.show(self.scan.unlinked_rows_in_range)
        ));
        if self.scan.excluded_by_filters > 0 {
            out.push(format!(
                "people excluded by further filters: {}",
                s.show(self.scan.excluded_by_filters)
            ));
        }
        out.push(format!(
            "referral rows that never match: {} missing, {} malformed",
            s.show(self.referral_dates.missing),
            s.show(self.referral_dates.malformed)
        ));
        if s.active() {
            out.push(format!(
                "counts from 1 to {} are shown as <{}; * hides another count so a small one cannot be worked out from the total",
                s.threshold - 1,
                s.threshold
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_group_cannot_be_worked_out_from_the_total() {
        let summary = CohortSummary {
            people: 60,
            by_disposal_type: vec![
                ("ORA Community Order".into(), 40),
                ("ORA Suspended Sentence Order".into(), 15),
                ("Licence".into(), 5),
            ],
            by_referral_year: vec![(2016, 30), (2017, 30)],
            ..CohortSummary::default()
        };
        let s = Rules::default();
        let types = summary.shown_disposal_types(s);
        assert_eq!(types[2].1, "<10");
        assert_eq!(types[1].1, "*", "the smallest other count is hidden too");
        assert_eq!(types[0].1, "40");
        let years = summary.shown_referral_years(s);
        assert_eq!((years[0].1.as_str(), years[1].1.as_str()), ("30", "30"));
        let lines = summary.lines(s).join("\n");
        assert!(
            lines.contains("people: 60") && !lines.contains(" 15"),
            "{lines}"
        );
        let off = summary.lines(Rules { threshold: 0 }).join("\n");
        assert!(off.contains(" 15") && off.contains(" 5"), "{off}");
    }
}
