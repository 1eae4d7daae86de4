//! What comes next: from each person's index event, the kind of their next record, then the one
//! after, to a depth, as a tree of branches with counts, shares and the median days between
//! steps. Disclosure: within each branching, kinds with fewer than N people are merged into
//! "other" (with the next smallest too while "other" itself is under N), so every count shown
//! stands for at least N people and none can be worked out from its parent; "other" and "none"
//! end their branch.

use serde::Serialize;

use super::follow::PersonOutcome;
use crate::contract::Dataset;
use crate::disclosure::Rules;

/// The kind of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NextKind {
    Magistrates,
    Crown,
    Prison,
    Probation,
    /// No further record before the end of follow-up.
    None,
    /// Small branches merged for disclosure control.
    Other,
}

impl NextKind {
    pub fn name(self) -> &'static str {
        match self {
            NextKind::Magistrates => "magistrates",
            NextKind::Crown => "crown",
            NextKind::Prison => "prison",
            NextKind::Probation => "probation",
            NextKind::None => "none",
            NextKind::Other => "other",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            NextKind::Magistrates => "magistrates' case",
            NextKind::Crown => "Crown Court case",
            NextKind::Prison => "prison spell",
            NextKind::Probation => "probation event",
            NextKind::None => "nothing more before the end of follow-up",
            NextKind::Other => "other (small branches merged)",
        }
    }

    fn of(d: Dataset) -> NextKind {
        match d {
            Dataset::Magistrates => NextKind::Magistrates,
            Dataset::Crown => NextKind::Crown,
            Dataset::Prison => NextKind::Prison,
            Dataset::Probation => NextKind::Probation,
        }
    }

    /// Whether the branch can go on.
    fn continues(self) -> bool {
        !matches!(self, NextKind::None | NextKind::Other)
    }
}

/// One branch: at `step`, after `path`, people whose next record was of kind `next`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Branch {
    pub step: usize,
    pub path: Vec<NextKind>,
    pub next: NextKind,
    pub people: u64,
    /// Of the people on `path`.
    pub share: f64,
    /// Median days from the previous step (the index at step 1) to this one; none for "none".
    pub median_days: Option<f64>,
}

impl Branch {
    /// `index > magistrates > crown`
    pub fn path_text(&self) -> String {
        std::iter::once("index")
            .chain(self.path.iter().map(|k| k.name()))
            .collect::<Vec<_>>()
            .join(" > ")
    }
}

/// The branches, depth first (each branch followed by its own branches), kinds in a fixed order.
pub fn tree(people: &[PersonOutcome], depth: usize, rules: Rules) -> Vec<Branch> {
    let all: Vec<&PersonOutcome> = people.iter().collect();
    let mut out = Vec::new();
    if depth > 0 && (!rules.active() || all.len() as u64 >= rules.threshold) {
        grow(&all, &mut Vec::new(), depth, rules, &mut out);
    }
    out
}

fn grow(
    people: &[&PersonOutcome],
    path: &mut Vec<NextKind>,
    depth: usize,
    rules: Rules,
    out: &mut Vec<Branch>,
) {
    let step = path.len();
    // Each person's kind at this step, and the days since their previous step.
    let mut children: Vec<(NextKind, Vec<&PersonOutcome>, Vec<i64>)> = Vec::new();
    for p in people {
        let (kind, days) = match p.next.get(step) {
            Some((d, date)) => {
                let from = if step == 0 {
                    p.index_date
                } else {
                    p.next[step - 1].1
                };
                (NextKind::of(*d), Some((*date - from).num_days()))
            }
            None => (NextKind::None, None),
        };
        let at = match children.iter().position(|c| c.0 == kind) {
            Some(i) => i,
            None => {
                children.push((kind, Vec::new(), Vec::new()));
                children.len() - 1
            }
        };
        children[at].1.push(p);
        children[at].2.extend(days);
    }
    merge_small(&mut children, rules);
    children.sort_by_key(|c| c.0);
    for (kind, members, mut days) in children {
        out.push(Branch {
            step: step + 1,
            path: path.clone(),
            next: kind,
            people: members.len() as u64,
            share: members.len() as f64 / people.len() as f64,
            median_days: median(&mut days),
        });
        if kind.continues() && step + 1 < depth {
            path.push(kind);
            grow(&members, path, depth, rules, out);
            path.pop();
        }
    }
}

type Child<'a> = (NextKind, Vec<&'a PersonOutcome>, Vec<i64>);

/// Merges kinds with 1 to N-1 people into "other", then the next smallest while "other" is
/// itself under N (so no count hidden in it can be worked out from the parent's).
fn merge_small(children: &mut Vec<Child<'_>>, rules: Rules) {
    if !rules.active() {
        return;
    }
    let n = rules.threshold as usize;
    let mut other: Option<Child<'_>> = None;
    loop {
        let small = other
            .as_ref()
            .is_some_and(|o| !o.1.is_empty() && o.1.len() < n);
        let pick = children
            .iter()
            .enumerate()
            .filter(|(_, c)| small || c.1.len() < n)
            .min_by_key(|(_, c)| (c.1.len(), c.0))
            .map(|(i, _)| i);
        let Some(i) = pick else { break };
        let (_, members, days) = children.remove(i);
        let o = other.get_or_insert_with(|| (NextKind::Other, Vec::new(), Vec::new()));
        o.1.extend(members);
        o.2.extend(days);
    }
    if let Some(o) = other {
        children.push(o);
    }
}

fn median(days: &mut [i64]) -> Option<f64> {
    if days.is_empty() {
        return None;
    }
    days.sort_unstable();
    let n = days.len();
    Some(if n % 2 == 1 {
        days[n / 2] as f64
    } else {
        (days[n / 2 - 1] + days[n / 2]) as f64 / 2.0
    })
}

/// The CSV columns of `sequences --out`.
/// The tree drawn as indented text lines.
pub fn lines(branches: &[Branch], people: usize, rules: Rules) -> Vec<String> {
    let mut out = vec![format!("index: {} people", rules.show(people as u64))];
    // A branch has a later sibling when a later branch shares its path.
    let later_sibling =
        |i: usize, path: &[NextKind]| branches[i + 1..].iter().any(|b| b.path == path);
    // The numbers line up whatever the depth.
    let deepest = branches.iter().map(|b| b.step).max().unwrap_or(1);
    for (i, b) in branches.iter().enumerate() {
        let mut prefix = String::new();
        for k in 0..b.path.len() {
            prefix += if later_sibling(i, &b.path[..k]) {
                "│  "
            } else {
                "   "
            };
        }
        prefix += if later_sibling(i, &b.path) {
            "├ "
        } else {
            "└ "
        };
        let median = b
            .median_days
            .map_or(String::new(), |m| format!("  median {m:.0} days"));
        let width = 12 + 3 * (deepest - b.step);
        out.push(format!(
            "{prefix}{:<width$} {:>9} {:>6.1}%{median}",
            b.next.name(),
            b.people,
            100.0 * b.share
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn person(next: &[(Dataset, &str)]) -> PersonOutcome {
        PersonOutcome {
            estimated_xjs_id: "p".into(),
            group: "all".into(),
            index_kind: super::super::IndexKind::Referral,
            index_date: d("2016-01-01"),
            index_row: "r".into(),
            outcome_date: None,
            end_of_follow_up: d("2020-12-31"),
            time_days: 0,
            event: false,
            next: next.iter().map(|(ds, s)| (*ds, d(s))).collect(),
            records: Vec::new(),
        }
    }

    #[test]
    fn branches_count_share_and_time_each_step() {
        use Dataset::*;
        let people = vec![
            person(&[(Magistrates, "2016-01-11"), (Crown, "2016-02-10")]),
            person(&[(Magistrates, "2016-01-21"), (Prison, "2016-01-31")]),
            person(&[(Magistrates, "2016-01-31")]),
            person(&[]),
        ];
        let t = tree(&people, 2, Rules { threshold: 0 });
        let row = |path: &[NextKind], next: NextKind| {
            t.iter()
                .find(|b| b.path == path && b.next == next)
                .unwrap_or_else(|| panic!("{path:?} {next:?}: {t:?}"))
                .clone()
        };
        let m = row(&[], NextKind::Magistrates);
        assert_eq!((m.step, m.people, m.share), (1, 3, 0.75));
        assert_eq!(m.median_days, Some(20.0));
        assert_eq!(row(&[], NextKind::None).people, 1);
        assert_eq!(row(&[], NextKind::None).median_days, None);
        let c = row(&[NextKind::Magistrates], NextKind::Crown);
        assert_eq!((c.step, c.people, c.median_days), (2, 1, Some(30.0)));
        assert_eq!(row(&[NextKind::Magistrates], NextKind::None).people, 1);
        assert_eq!(c.path_text(), "index > magistrates");
        // Step 1 covers everyone.
        let step1: u64 = t.iter().filter(|b| b.step == 1).map(|b| b.people).sum();
        assert_eq!(step1, 4);
        // Depth 1 stops there.
        assert!(tree(&people, 1, Rules { threshold: 0 })
            .iter()
            .all(|b| b.step == 1));
    }

    #[test]
    fn small_branches_merge_into_other_until_it_is_big_enough() {
        use Dataset::*;
        let mut people = Vec::new();
        people.extend((0..30).map(|_| person(&[(Magistrates, "2016-02-01")])));
        people.extend((0..12).map(|_| person(&[(Probation, "2016-03-01")])));
        people.extend((0..4).map(|_| person(&[(Prison, "2016-03-01")])));
        people.extend((0..20).map(|_| person(&[])));
        let t = tree(&people, 1, Rules { threshold: 10 });
        let kinds: Vec<(NextKind, u64)> = t.iter().map(|b| (b.next, b.people)).collect();
        // Prison (4) alone would be recoverable: probation (12) joins it.
        assert_eq!(
            kinds,
            [
                (NextKind::Magistrates, 30),
                (NextKind::None, 20),
                (NextKind::Other, 16)
            ]
        );
        assert!(t.iter().all(|b| b.people >= 10));
        // A cohort under the threshold shows no branch at all.
        assert!(tree(&people[..5], 2, Rules { threshold: 10 }).is_empty());
    }

    #[test]
    fn a_branch_of_exactly_the_threshold_is_shown_and_ends_the_merging() {
        use Dataset::*;
        let group = |n: usize, next: &[(Dataset, &str)]| (0..n).map(|_| person(next)).collect();
        let kinds = |people: &[PersonOutcome]| -> Vec<(NextKind, u64)> {
            tree(people, 1, Rules { threshold: 10 })
                .iter()
                .map(|b| (b.next, b.people))
                .collect()
        };
        // Ten people is enough: nothing is merged.
        let mut people: Vec<PersonOutcome> = group(10, &[(Prison, "2016-03-01")]);
        people.extend(group(12, &[(Magistrates, "2016-02-01")]));
        assert_eq!(
            kinds(&people),
            [(NextKind::Magistrates, 12), (NextKind::Prison, 10)]
        );
        // 4 + 6 merged make an "other" of exactly ten: the 20 stay apart.
        let mut people: Vec<PersonOutcome> = group(4, &[(Prison, "2016-03-01")]);
        people.extend(group(6, &[(Crown, "2016-02-01")]));
        people.extend(group(20, &[(Magistrates, "2016-02-01")]));
        assert_eq!(
            kinds(&people),
            [(NextKind::Magistrates, 20), (NextKind::Other, 10)]
        );
    }

    #[test]
    fn no_steps_no_branches() {
        let people = vec![person(&[(Dataset::Magistrates, "2016-01-11")])];
        assert!(tree(&people, 0, Rules { threshold: 0 }).is_empty());
    }
}
