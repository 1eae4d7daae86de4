//! Statistical disclosure control for every count a researcher may take out of the secure
//! environment (FACTS.md, "output checking"): cohort summaries, outcome tables and curves. No
//! count of 1 to N-1 people is shown, no hidden count can be recovered from the totals, and each
//! step of a survival curve stands for at least N people.

use serde::Serialize;

use crate::outcomes::km::Count;

/// How a count appears in an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Value(u64),
    /// Primary suppression: 1 to N-1 people (N carried, to say `<N`).
    Small(u64),
    /// Secondary suppression: hidden so that a small count cannot be worked out from the others.
    Hidden,
}

impl Shown {
    pub fn text(&self) -> String {
        match self {
            Shown::Value(n) => n.to_string(),
            Shown::Small(threshold) => format!("<{threshold}"),
            Shown::Hidden => "*".to_string(),
        }
    }

    pub fn is_shown(&self) -> bool {
        matches!(self, Shown::Value(_))
    }
}

impl Serialize for Shown {
    /// A number when shown; the text `"<N"` or `"*"` when not, as in the text report.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Shown::Value(n) => s.serialize_u64(*n),
            _ => s.serialize_str(&self.text()),
        }
    }
}

/// The disclosure rules of one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rules {
    /// 0 (or 1) turns disclosure control off.
    pub threshold: u64,
}

impl Default for Rules {
    /// The common threshold of output checking: 10 people.
    fn default() -> Self {
        Rules { threshold: 10 }
    }
}

impl Rules {
    /// One count as text: `<N` when it is 1 to N-1.
    pub fn show(&self, n: u64) -> String {
        self.one(n).text()
    }

    /// Counts that add up to a shown total, as text (see [`Rules::line`]).
    pub fn show_line(&self, counts: &[u64]) -> Vec<String> {
        self.line(counts).iter().map(Shown::text).collect()
    }

    pub fn active(&self) -> bool {
        self.threshold > 1
    }

    /// Primary suppression of one count.
    pub fn one(&self, n: u64) -> Shown {
        if self.active() && n > 0 && n < self.threshold {
            Shown::Small(self.threshold)
        } else {
            Shown::Value(n)
        }
    }

    /// Counts that add up to a total that is shown: primary suppression, then secondary
    /// ([`protect_line`]).
    pub fn line(&self, counts: &[u64]) -> Vec<Shown> {
        let mut shown: Vec<Shown> = counts.iter().map(|&n| self.one(n)).collect();
        protect_line(&mut shown, counts);
        shown
    }

    /// `part` of `whole` people, with the complement `whole - part` also protected: when either
    /// is 1 to N-1, the part is not shown (the whole is; it is checked on its own).
    pub fn part_of(&self, part: u64, whole: u64) -> Shown {
        match self.one(part) {
            Shown::Value(_) if self.one(whole - part) != Shown::Value(whole - part) => {
                Shown::Hidden
            }
            s => s,
        }
    }

    /// Rounds a curve's counts so each step stands for at least N people (the approach
    /// OpenSAFELY uses): the number at the start, and the cumulative events and censorings, are
    /// rounded up to a multiple of N; the steps are the differences; the curve stops before the
    /// first time fewer than N are at risk. Returns the counts and the time the curve stopped at
    /// (none when it runs to the end).
    pub fn safe_counts(&self, counts: &[Count]) -> (Vec<Count>, Option<u32>) {
        if !self.active() {
            return (counts.to_vec(), None);
        }
        let n = self.threshold;
        let up = |x: u64| x.div_ceil(n) * n;
        let Some(first) = counts.first() else {
            return (Vec::new(), None);
        };
        let start = up(first.n_risk);
        let (mut events, mut censored) = (0u64, 0u64);
        let (mut shown_events, mut shown_censored) = (0u64, 0u64);
        let mut out: Vec<Count> = Vec::new();
        for c in counts {
            events += c.n_event;
            censored += c.n_censor;
            let (e, s) = (up(events), up(censored));
            let n_risk = start.saturating_sub(shown_events + shown_censored);
            if n_risk < n {
                return (out, Some(c.time));
            }
            let step = Count {
                time: c.time,
                n_risk,
                n_event: e - shown_events,
                n_censor: s - shown_censored,
            };
            if step.n_event > 0 || step.n_censor > 0 {
                out.push(step);
            }
            (shown_events, shown_censored) = (e, s);
        }
        (out, None)
    }
}

/// Secondary suppression of `shown`, the counts `counts` of a line whose total is shown: if
/// exactly one count is hidden, the smallest other non-zero count is hidden too (hiding a zero
/// would not stop the total minus the shown counts giving the hidden one back).
pub fn protect_line(shown: &mut [Shown], counts: &[u64]) {
    if shown.iter().filter(|s| !s.is_shown()).count() == 1 {
        let partner = (0..counts.len())
            .filter(|&i| shown[i].is_shown() && counts[i] > 0)
            .min_by_key(|&i| counts[i]);
        if let Some(i) = partner {
            shown[i] = Shown::Hidden;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: Rules = Rules { threshold: 10 };

    #[test]
    fn small_counts_are_hidden_and_cannot_be_recovered() {
        assert_eq!(RULES.one(0), Shown::Value(0));
        assert_eq!(RULES.one(9), Shown::Small(10));
        assert_eq!(RULES.one(10), Shown::Value(10));
        // One small count in a line with a total: the smallest other goes too.
        let line = RULES.line(&[50, 4, 20, 0]);
        assert_eq!(
            line,
            [
                Shown::Value(50),
                Shown::Small(10),
                Shown::Hidden,
                Shown::Value(0)
            ]
        );
        // Two small counts protect each other.
        assert_eq!(RULES.line(&[50, 4, 3])[0], Shown::Value(50));
        assert_eq!(
            Rules { threshold: 0 }.line(&[1, 2]),
            [Shown::Value(1), Shown::Value(2)]
        );
        assert_eq!(Shown::Small(10).text(), "<10");
        assert_eq!(RULES.show(0), "0");
        assert_eq!(RULES.show(1), "<10");
        assert_eq!(RULES.show(10), "10");
        let five = Rules { threshold: 5 };
        assert_eq!(
            (five.show(4), five.show(5)),
            ("<5".to_string(), "5".to_string())
        );
        assert_eq!(Rules::default(), RULES);
        // A threshold of 1 hides nothing: the rules are off, and outputs say so.
        assert!(!Rules { threshold: 1 }.active() && RULES.active());
    }

    #[test]
    fn a_part_is_hidden_when_its_complement_is_small() {
        assert_eq!(RULES.part_of(95, 100), Shown::Hidden);
        assert_eq!(RULES.part_of(5, 100), Shown::Small(10));
        assert_eq!(RULES.part_of(100, 100), Shown::Value(100));
        assert_eq!(RULES.part_of(50, 100), Shown::Value(50));
    }

    #[test]
    fn safe_counts_round_cumulative_counts_up_and_stop_under_the_threshold() {
        let c = |time, n_risk, n_event, n_censor| Count {
            time,
            n_risk,
            n_event,
            n_censor,
        };
        // 25 people: 3 events at day 1, 4 at day 2, 1 censored at 3, 12 events at 4, 5 censored at 5.
        let counts = [
            c(1, 25, 3, 0),
            c(2, 22, 4, 0),
            c(3, 18, 0, 1),
            c(4, 17, 12, 0),
            c(5, 5, 0, 5),
        ];
        let (safe, stopped) = RULES.safe_counts(&counts);
        assert_eq!(stopped, Some(5));
        // Start 30; events cumulate 3 -> 10, 7 -> 10, 19 -> 20; censorings 1 -> 10; at day 5
        // the 30 rounded events and censorings leave fewer than 10 at risk: the curve stops.
        assert_eq!(safe, [c(1, 30, 10, 0), c(3, 20, 0, 10), c(4, 10, 10, 0)]);
        for s in &safe {
            assert!(s.n_event % 10 == 0 && s.n_censor % 10 == 0 && s.n_risk >= 10);
        }
        assert_eq!(
            Rules { threshold: 0 }.safe_counts(&counts),
            (counts.to_vec(), None)
        );

        // Rounding can count more outcomes at a step than people at risk (25 people: 1 outcome
        // and 1 censored at day 1, 23 outcomes at day 2: 30 start, 10 + 10 gone, 20 outcomes
        // for 10 at risk): the curve stops at 0, never below.
        let counts = [c(1, 25, 1, 1), c(2, 23, 23, 0)];
        let (safe, _) = RULES.safe_counts(&counts);
        assert_eq!(safe[1], c(2, 10, 20, 0));
        let curve = crate::outcomes::km::curve(&safe);
        assert_eq!(curve[1].surv, 0.0);
        assert_eq!((curve[1].lower95, curve[1].upper95), (None, None));
    }
}
