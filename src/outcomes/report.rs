//! The figures of an outcome analysis: per group, the share with the outcome within each fixed
//! window (and the Kaplan-Meier estimate of it), the curves, and the log-rank test, with the
//! disclosure rules applied to everything that is shown or written.

use serde::Serialize;

use super::follow::{Counts, FollowUp, PersonOutcome};
use super::km::{self, Count, Step, TimeEvent};
use super::spec::OutcomeSpec;
use crate::disclosure::{protect_line, Rules, Shown};
use crate::observation::Window;

/// One group's people and curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub name: String,
    pub people: u64,
    pub events: u64,
    /// Counts at each time (rounded for disclosure when the rules are active).
    pub counts: Vec<Count>,
    pub curve: Vec<Step>,
    /// Where the disclosure-safe curve stopped (fewer than N at risk), if it did.
    pub stopped_at: Option<u32>,
    /// Time-to-event pairs, for windows and the test.
    #[serde(skip)]
    pub times: Vec<TimeEvent>,
}

impl Group {
    fn new(name: String, times: Vec<TimeEvent>, rules: Rules) -> Group {
        let (counts, stopped_at) = rules.safe_counts(&km::tabulate(&times));
        Group {
            stopped_at,
            people: times.len() as u64,
            events: times.iter().filter(|t| t.event).count() as u64,
            curve: km::curve(&counts),
            counts,
            name,
            times,
        }
    }

    /// Within `days`: (followed for the window or with the outcome in it, with the outcome in
    /// it, excluded for short follow-up).
    pub fn window(&self, days: u32) -> (u64, u64, u64) {
        let with = self
            .times
            .iter()
            .filter(|t| t.event && t.time <= days)
            .count() as u64;
        let followed = self
            .times
            .iter()
            .filter(|t| (t.event && t.time <= days) || t.time >= days)
            .count() as u64;
        (followed, with, self.people - followed)
    }

    /// The Kaplan-Meier share with the outcome by `days` and its 95% interval, when at least
    /// `max(1, N)` people are still followed at `days` (never read off beyond the data).
    pub fn km_share(&self, days: u32, rules: Rules) -> Option<(f64, Option<f64>, Option<f64>)> {
        let at_risk = self.times.iter().filter(|t| t.time >= days).count() as u64;
        if at_risk < rules.threshold.max(1) {
            return None;
        }
        if self.stopped_at.is_some_and(|t| days >= t) {
            return None; // the disclosure-safe curve stopped before
        }
        Some(match km::at(&self.curve, days) {
            None => (0.0, Some(0.0), Some(0.0)),
            Some(s) => (
                1.0 - s.surv,
                s.upper95.map(|u| 1.0 - u),
                s.lower95.map(|l| 1.0 - l),
            ),
        })
    }
}

/// A window's row for one group, as shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowCell {
    pub group: String,
    pub followed: Shown,
    pub with_outcome: Shown,
    /// Percent with the outcome, when the count is shown.
    pub percent: Option<f64>,
    pub short_follow_up: Shown,
    pub km_percent: Option<f64>,
    pub km_lower95: Option<f64>,
    pub km_upper95: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowTable {
    pub days: u32,
    /// One row per group, then the row of everyone when there are several groups.
    pub rows: Vec<WindowCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub spec: OutcomeSpec,
    pub rules: Rules,
    pub counts: Counts,
    pub follow_up: Window,
    pub groups: Vec<Group>,
    pub windows: Vec<WindowTable>,
    pub logrank: Option<km::LogRank>,
    pub requirements: Option<(chrono::NaiveDate, Vec<super::requirements::RequirementRow>)>,
}

impl Report {
    pub fn build(spec: &OutcomeSpec, follow: &FollowUp) -> Report {
        let rules = Rules {
            threshold: spec.suppress_below,
        };
        let mut by_group: std::collections::BTreeMap<&str, Vec<TimeEvent>> = Default::default();
        for p in &follow.people {
            by_group.entry(&p.group).or_default().push(time_event(p));
        }
        let groups: Vec<Group> = by_group
            .into_iter()
            .map(|(name, times)| Group::new(name.to_string(), times, rules))
            .collect();
        let everyone = (groups.len() > 1).then(|| {
            let all: Vec<TimeEvent> = follow.people.iter().map(time_event).collect();
            Group::new("all".to_string(), all, rules)
        });
        let windows = spec
            .windows
            .iter()
            .map(|&days| window_table(days, &groups, everyone.as_ref(), rules))
            .collect();
        let times: Vec<Vec<TimeEvent>> = groups.iter().map(|g| g.times.clone()).collect();
        Report {
            spec: spec.clone(),
            rules,
            counts: follow.counts.clone(),
            follow_up: follow.window,
            logrank: km::log_rank(&times),
            requirements: follow.requirements.clone(),
            groups,
            windows,
        }
    }
}

pub fn time_event(p: &PersonOutcome) -> TimeEvent {
    TimeEvent {
        time: p.time_days,
        event: p.event,
    }
}

/// The window rows of every group (and everyone), with small counts suppressed and the
/// suppressed counts protected from being recovered from the total row.
fn window_table(
    days: u32,
    groups: &[Group],
    everyone: Option<&Group>,
    rules: Rules,
) -> WindowTable {
    let raw: Vec<(u64, u64, u64)> = groups.iter().map(|g| g.window(days)).collect();
    let total = everyone.map(|g| g.window(days));
    let column = |pick: fn(&(u64, u64, u64)) -> u64| -> Vec<Shown> {
        let values: Vec<u64> = raw.iter().map(pick).collect();
        if total.is_some() {
            rules.line(&values)
        } else {
            values.iter().map(|&v| rules.one(v)).collect()
        }
    };
    let followed = column(|r| r.0);
    let short = column(|r| r.2);
    // With the outcome: small counts, and counts whose complement (followed without the
    // outcome) is small, are hidden; then protected across groups as a line.
    let mut with: Vec<Shown> = raw.iter().map(|r| rules.part_of(r.1, r.0)).collect();
    if total.is_some() {
        let counts: Vec<u64> = raw.iter().map(|r| r.1).collect();
        protect_line(&mut with, &counts);
    }
    let mut rows = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        let with_i = if followed[i].is_shown() {
            with[i]
        } else {
            hidden_like(with[i])
        };
        rows.push(cell(g, days, rules, followed[i], with_i, short[i], raw[i]));
    }
    if let (Some(g), Some(t)) = (everyone, total) {
        rows.push(cell(
            g,
            days,
            rules,
            rules.one(t.0),
            rules.part_of(t.1, t.0),
            rules.one(t.2),
            t,
        ));
    }
    WindowTable { days, rows }
}

/// A count hidden because the count it is part of is hidden.
fn hidden_like(s: Shown) -> Shown {
    match s {
        Shown::Value(_) => Shown::Hidden,
        other => other,
    }
}

fn cell(
    g: &Group,
    days: u32,
    rules: Rules,
    followed: Shown,
    with_outcome: Shown,
    short_follow_up: Shown,
    raw: (u64, u64, u64),
) -> WindowCell {
    let percent = (with_outcome.is_shown() && followed.is_shown() && raw.0 > 0)
        .then(|| 100.0 * raw.1 as f64 / raw.0 as f64);
    let km = g.km_share(days, rules);
    WindowCell {
        group: g.name.clone(),
        followed,
        with_outcome,
        percent,
        short_follow_up,
        km_percent: km.map(|k| 100.0 * k.0),
        km_lower95: km.and_then(|k| k.1).map(|v| 100.0 * v),
        km_upper95: km.and_then(|k| k.2).map(|v| 100.0 * v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Kaplan-Meier share at a window is read only while at least N people are still
    /// followed at its last day (people followed exactly that long count).
    #[test]
    fn the_km_share_needs_n_people_still_followed_at_the_window() {
        let at = |time, event| TimeEvent { time, event };
        let times = vec![
            at(10, true),
            at(20, true),
            at(100, false),
            at(100, false),
            at(100, false),
        ];
        let shown = |threshold, days| {
            let rules = Rules { threshold };
            Group::new("g".into(), times.clone(), rules)
                .km_share(days, rules)
                .is_some()
        };
        assert!(shown(3, 100), "3 followed to day 100, N = 3");
        assert!(!shown(4, 100), "3 followed to day 100, N = 4");
        assert!(!shown(3, 101), "nobody followed to day 101");
        assert!(shown(0, 100));
        assert!(!shown(0, 101), "never read beyond the data");
    }

    fn person(group: &str, time_days: u32, event: bool) -> PersonOutcome {
        let day = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
        PersonOutcome {
            estimated_xjs_id: format!("{group}{time_days}"),
            group: group.to_string(),
            index_kind: crate::outcomes::spec::IndexKind::Referral,
            index_date: day,
            index_row: String::new(),
            outcome_date: None,
            end_of_follow_up: day,
            time_days,
            event,
            next: Vec::new(),
            records: Vec::new(),
        }
    }

    fn report(people: Vec<PersonOutcome>, threshold: u64) -> Report {
        let day = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
        let follow = FollowUp {
            counts: Default::default(),
            window: Window { from: day, to: day },
            people,
            requirements: None,
        };
        let spec = OutcomeSpec {
            windows: vec![365],
            suppress_below: threshold,
            ..OutcomeSpec::default()
        };
        Report::build(&spec, &follow)
    }

    /// `events` people with the outcome at day 100 and `others` followed to day 500.
    fn group(name: &str, events: usize, others: usize) -> Vec<PersonOutcome> {
        let with = (0..events).map(|_| person(name, 100, true));
        with.chain((0..others).map(|_| person(name, 500, false)))
            .collect()
    }

    /// One group's small count of people with the outcome hides the next smallest non-zero
    /// count too, so the everyone row cannot give it back; a group without the outcome is not
    /// the partner (its 0 would not protect anything).
    #[test]
    fn a_small_outcome_count_is_protected_across_groups() {
        let people = [
            group("a", 1, 4),
            group("b", 3, 3),
            group("c", 4, 4),
            group("d", 0, 4),
        ]
        .concat();
        let r = report(people, 3);
        let rows = &r.windows[0].rows;
        let with: Vec<(&str, String)> = rows
            .iter()
            .map(|c| (c.group.as_str(), c.with_outcome.text()))
            .collect();
        assert_eq!(
            with,
            [
                ("a", "<3"),
                ("b", "*"),
                ("c", "4"),
                ("d", "0"),
                ("all", "8")
            ]
            .map(|(g, w)| (g, w.to_string()))
        );
        assert_eq!(rows[2].percent, Some(50.0));
        assert_eq!(rows[1].percent, None, "no share of a hidden count");
    }

    /// Without groups there is no everyone row; with nobody followed for the whole window
    /// there is no share (not 0/0).
    #[test]
    fn one_group_has_one_row_and_no_share_of_nobody() {
        let r = report(group("", 0, 3), 0);
        assert_eq!(r.groups.len(), 1);
        assert_eq!(r.windows[0].rows.len(), 1);
        assert_eq!(r.windows[0].rows[0].percent, Some(0.0));
        let everyone_censored_early: Vec<PersonOutcome> =
            (0..3).map(|_| person("", 50, false)).collect();
        let r = report(everyone_censored_early, 0);
        let row = &r.windows[0].rows[0];
        assert_eq!((row.followed.text(), row.percent), ("0".to_string(), None));
    }
}
