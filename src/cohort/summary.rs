//! The cohort at a glance, with small-number suppression: outputs from the Secure Research Service
//! are checked for disclosure, and a common rule is that no count below 10 is published.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Member, ReferralDateProblems, ScanCounts};
use crate::contract::Dataset;
use crate::db::Database;
use crate::timeline::many::{self, ReadError};

/// Counts from 1 to `threshold - 1` are shown as `<threshold`; 0 and larger counts as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// 0 or 1 turns suppression off.
    pub threshold: u64,
}

impl Default for Suppression {
    fn default() -> Self {
        Suppression { threshold: 10 }
    }
}

impl Suppression {
    pub fn show(&self, n: u64) -> String {
        if n > 0 && n < self.threshold {
            format!("<{}", self.threshold)
        } else {
            n.to_string()
        }
    }
}

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

    /// The summary as text lines, with suppression applied to every count.
    pub fn lines(&self, s: Suppression) -> Vec<String> {
        let mut out = vec![format!("people: {}", s.show(self.people))];
        out.push("records per dataset:".into());
        for (d, n) in &self.records_per_dataset {
            out.push(format!("  {:<18} {:>10}", d.source_name(), s.show(*n)));
        }
        out.push("people by index disposal type:".into());
        for (t, n) in &self.by_disposal_type {
            out.push(format!("  {:<40} {:>10}", t, s.show(*n)));
        }
        out.push("people by index referral year:".into());
        for (y, n) in &self.by_referral_year {
            out.push(format!("  {:<18} {:>10}", y, s.show(*n)));
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
        if s.threshold > 1 {
            out.push(format!(
                "counts from 1 to {} are shown as <{}",
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
    fn suppression_hides_small_counts_only() {
        let s = Suppression::default();
        assert_eq!(s.show(0), "0");
        assert_eq!(s.show(1), "<10");
        assert_eq!(s.show(9), "<10");
        assert_eq!(s.show(10), "10");
        let off = Suppression { threshold: 0 };
        assert_eq!(off.show(3), "3");
        let five = Suppression { threshold: 5 };
        assert_eq!(five.show(4), "<5");
        assert_eq!(five.show(5), "5");
    }
}
