//! Kaplan-Meier curves and the log-rank test, computed as R's `survival` package computes them
//! (`survfit` with its defaults: Greenwood variance, 95% interval on the log scale; `survdiff`
//! with rho = 0), so a statistician re-running the analysis in R gets the same numbers.

use serde::Serialize;

/// One person's time to the outcome: `time` days, `event` true when the outcome happened then,
/// false when follow-up ended then without it (right-censored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeEvent {
    pub time: u32,
    pub event: bool,
}

/// The people at one distinct time: at risk just before it, with the outcome at it, censored at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Count {
    pub time: u32,
    pub n_risk: u64,
    pub n_event: u64,
    pub n_censor: u64,
}

/// One step of the curve: the counts, the survival (share still without the outcome) and its
/// 95% interval (none once the curve reaches 0, as in R).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Step {
    #[serde(flatten)]
    pub count: Count,
    pub surv: f64,
    /// Standard error of the log survival (Greenwood), as R's `std.err`.
    pub std_err: f64,
    pub lower95: Option<f64>,
    pub upper95: Option<f64>,
}

/// qnorm(0.975), as R computes it.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The counts at each distinct time, in time order (one row per time with an event or a
/// censoring, as `survfit` reports them).
pub fn tabulate(people: &[TimeEvent]) -> Vec<Count> {
    let mut sorted: Vec<TimeEvent> = people.to_vec();
    sorted.sort_unstable_by_key(|p| p.time);
    let mut out: Vec<Count> = Vec::new();
    let mut at_risk = sorted.len() as u64;
    let mut i = 0;
    while i < sorted.len() {
        let time = sorted[i].time;
        let mut c = Count {
            time,
            n_risk: at_risk,
            n_event: 0,
            n_censor: 0,
        };
        while i < sorted.len() && sorted[i].time == time {
            if sorted[i].event {
                c.n_event += 1;
            } else {
                c.n_censor += 1;
            }
            i += 1;
        }
        at_risk -= c.n_event + c.n_censor;
        out.push(c);
    }
    out
}

/// The product-limit estimate over counts from [`tabulate`] (or their disclosure-safe rounding).
pub fn curve(counts: &[Count]) -> Vec<Step> {
    let mut surv = 1.0f64;
    let mut greenwood = 0.0f64;
    counts
        .iter()
        .map(|&c| {
            if c.n_event > 0 {
                if c.n_event >= c.n_risk {
                    // Everyone at risk had the outcome (or, in rounded counts, more outcomes
                    // than people at risk were counted): the curve reaches 0 and its interval
                    // ends, as in R.
                    surv = 0.0;
                    greenwood = f64::INFINITY;
                } else {
                    let (n, d) = (c.n_risk as f64, c.n_event as f64);
                    surv *= 1.0 - d / n;
                    greenwood += d / (n * (n - d));
                }
            }
            let std_err = greenwood.sqrt();
            // The variance is infinite exactly when the curve has reached 0.
            let (lower95, upper95) = if std_err.is_finite() {
                (
                    Some((surv.ln() - Z95 * std_err).exp()),
                    Some((surv.ln() + Z95 * std_err).exp().min(1.0)),
                )
            } else {
                (None, None)
            };
            Step {
                count: c,
                surv,
                std_err,
                lower95,
                upper95,
            }
        })
        .collect()
}

/// The curve at `time`: the last step at or before it (survival 1 before the first step).
pub fn at(steps: &[Step], time: u32) -> Option<&Step> {
    steps.iter().take_while(|s| s.count.time <= time).last()
}

/// The log-rank test across groups, as `survdiff`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogRank {
    pub observed: Vec<f64>,
    pub expected: Vec<f64>,
    pub chisq: f64,
    pub df: usize,
    pub p: f64,
}

/// Compares the groups' curves. `None` with fewer than two groups, or when the test cannot be
/// computed (no events, or a singular variance).
pub fn log_rank(groups: &[Vec<TimeEvent>]) -> Option<LogRank> {
    let k = groups.len();
    if k < 2 {
        return None;
    }
    let mut all: Vec<(u32, usize, bool)> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, people)| people.iter().map(move |p| (p.time, g, p.event)))
        .collect();
    all.sort_unstable_by_key(|x| x.0);
    let mut at_risk: Vec<f64> = groups.iter().map(|g| g.len() as f64).collect();
    let mut observed = vec![0.0; k];
    let mut expected = vec![0.0; k];
    let mut var = vec![vec![0.0; k]; k];
    let mut i = 0;
    while i < all.len() {
        let time = all[i].0;
        let mut events = vec![0.0; k];
        let mut leaving = vec![0.0; k];
        while i < all.len() && all[i].0 == time {
            let (_, g, event) = all[i];
            if event {
                events[g] += 1.0;
            }
            leaving[g] += 1.0;
            i += 1;
        }
        let n: f64 = at_risk.iter().sum();
        let d: f64 = events.iter().sum();
        if d > 0.0 {
            for g in 0..k {
                observed[g] += events[g];
                expected[g] += at_risk[g] * d / n;
            }
            if n > 1.0 {
                let f = d * (n - d) / (n - 1.0);
                for g in 0..k {
                    for h in 0..k {
                        let delta = if g == h { 1.0 } else { 0.0 };
                        var[g][h] += f * (at_risk[g] / n) * (delta - at_risk[h] / n);
                    }
                }
            }
        }
        for g in 0..k {
            at_risk[g] -= leaving[g];
        }
    }
    // As survdiff: groups with a positive expectation, less the first of them.
    let kept: Vec<usize> = (0..k).filter(|&g| expected[g] > 0.0).skip(1).collect();
    let df = kept.len();
    if df == 0 {
        return None;
    }
    let diff: Vec<f64> = kept.iter().map(|&g| observed[g] - expected[g]).collect();
    let sub: Vec<Vec<f64>> = kept
        .iter()
        .map(|&g| kept.iter().map(|&h| var[g][h]).collect())
        .collect();
    let solved = solve(sub, diff.clone())?;
    let chisq: f64 = solved.iter().zip(&diff).map(|(a, b)| a * b).sum();
    Some(LogRank {
        observed,
        expected,
        chisq,
        df,
        p: chi_square_upper(chisq, df as f64),
    })
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting; `None` when singular.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..n {
            let f = a[row][col] / a[col][col];
            let pivot_row = a[col].clone();
            for (cell, p) in a[row].iter_mut().zip(&pivot_row).skip(col) {
                *cell -= f * p;
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|c| a[row][c] * x[c]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

/// P(X > x) for X chi-square with `df` degrees of freedom: the regularised upper incomplete
/// gamma function Q(df/2, x/2).
pub fn chi_square_upper(x: f64, df: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    gamma_q(df / 2.0, x / 2.0)
}

/// Q(a, x) by its series (x < a + 1) or its continued fraction (otherwise).
fn gamma_q(a: f64, x: f64) -> f64 {
    let log_prefix = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        // P(a, x) = e^-x x^a / Gamma(a+1) * sum x^n / ((a+1)...(a+n))
        let (mut term, mut sum, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..1000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-17 {
                break;
            }
        }
        1.0 - sum * log_prefix.exp()
    } else {
        // Modified Lentz evaluation of the continued fraction for Q.
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..1000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < 1e-16 {
                break;
            }
        }
        log_prefix.exp() * h
    }
}

/// ln Gamma(x) for x >= 0.5, the range the chi-square tail asks for (half a degree of freedom
/// or more); Lanczos approximation, g = 7, nine terms.
fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    let x = x - 1.0;
    let t = x + 7.5;
    let sum: f64 = G[0] + (1..9).map(|i| G[i] / (x + i as f64)).sum::<f64>();
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(list: &[(u32, bool)]) -> Vec<TimeEvent> {
        list.iter()
            .map(|&(time, event)| TimeEvent { time, event })
            .collect()
    }

    #[test]
    fn a_small_curve_by_hand() {
        // 5 people: events at 2 and 4 (two), censored at 3 and 6.
        let p = people(&[(2, true), (3, false), (4, true), (4, true), (6, false)]);
        let steps = curve(&tabulate(&p));
        let times: Vec<u32> = steps.iter().map(|s| s.count.time).collect();
        assert_eq!(times, [2, 3, 4, 6]);
        assert_eq!(steps[2].count.n_risk, 3);
        // S(2) = 4/5; S(4) = 4/5 * 1/3.
        assert!((steps[0].surv - 0.8).abs() < 1e-15);
        assert!((steps[2].surv - 0.8 / 3.0).abs() < 1e-15);
        // Greenwood: 1/(5*4) + 2/(3*1).
        assert!((steps[2].std_err - (0.05f64 + 2.0 / 3.0).sqrt()).abs() < 1e-15);
        assert_eq!(at(&steps, 1).map(|s| s.surv), None);
        assert_eq!(at(&steps, 5).unwrap().count.time, 4);
    }

    #[test]
    fn a_step_with_nobody_at_risk_leaves_the_curve_as_it_was() {
        // Counts come from `tabulate` or from disclosure rounding; an empty step (nobody at
        // risk, no event) must not turn the estimate into NaN.
        let empty = Count {
            time: 5,
            n_risk: 0,
            n_event: 0,
            n_censor: 0,
        };
        let steps = curve(&[empty]);
        assert_eq!((steps[0].surv, steps[0].std_err), (1.0, 0.0));
    }

    #[test]
    fn the_curve_stops_at_zero_without_an_interval() {
        let steps = curve(&tabulate(&people(&[(1, true), (2, true)])));
        assert_eq!(steps[1].surv, 0.0);
        assert_eq!((steps[1].lower95, steps[1].upper95), (None, None));
        assert!(steps[0].upper95.unwrap() <= 1.0);
    }

    #[test]
    fn chi_square_tail_matches_known_values() {
        // qchisq(0.95, 1) = 3.841458820694124; qchisq(0.99, 3) = 11.34486673014437.
        assert!((chi_square_upper(3.841_458_820_694_124, 1.0) - 0.05).abs() < 1e-12);
        assert!((chi_square_upper(11.344_866_730_144_37, 3.0) - 0.01).abs() < 1e-12);
        // Far in the tail: pchisq(80, 2, lower = FALSE) = exp(-40).
        let p = chi_square_upper(80.0, 2.0);
        assert!((p / (-40.0f64).exp() - 1.0).abs() < 1e-9, "{p}");
        assert_eq!(chi_square_upper(0.0, 2.0), 1.0);
        // Below df/2 + 1 the series is used: pchisq(x, df, lower = FALSE) in R 4.2.2.
        for (x, df, r) in [
            (0.5, 3.0, 0.918_891_411_654_675_9),
            (2.0, 10.0, 0.996_340_153_172_656_3),
            (30.0, 60.0, 0.999_581_550_331_672_3),
            (1e-6, 4.0, 0.999_999_999_999_874_9),
            (150.0, 120.0, 0.033_073_480_911_304_7),
        ] {
            let p = chi_square_upper(x, df);
            assert!((p - r).abs() < 1e-12, "x {x} df {df}: {p} vs {r}");
        }
    }

    #[test]
    fn log_rank_needs_two_groups_and_events() {
        assert!(log_rank(&[people(&[(1, true)])]).is_none());
        assert!(log_rank(&[people(&[(1, false)]), people(&[(2, false)])]).is_none());
    }
}
