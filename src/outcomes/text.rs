//! The report as text lines, for the terminal and the headless command. The first line says how
//! disclosure was controlled (or that it was not).

use super::report::{Report, WindowCell};
use crate::disclosure::Rules;

/// `12.3%`, or `-` when not shown.
fn percent_text(p: Option<f64>) -> String {
    p.map_or_else(|| "-".to_string(), |p| format!("{p:.1}%"))
}

/// The first line of every output: the disclosure rules applied, or a warning that none were.
pub fn disclosure_line(rules: Rules) -> String {
    if rules.active() {
        format!(
            "disclosure control: counts of 1-{n1} people shown as <{n}, * hidden so they cannot be worked out from totals, Kaplan-Meier counts rounded up to multiples of {n}",
            n = rules.threshold,
            n1 = rules.threshold - 1
        )
    } else {
        "NOT DISCLOSURE-CHECKED: suppression is off (--suppress-below 0); do not release these figures as they are".to_string()
    }
}

/// The report as lines of at most about `width` characters where a table can narrow (the
/// requirement table's type column); `usize::MAX` for no limit.
pub fn report_lines(r: &Report, width: usize) -> Vec<String> {
    let show = |n: u64| r.rules.one(n).text();
    let c = &r.counts;
    let mut lines = vec![
        disclosure_line(r.rules),
        r.spec.describe(),
        format!(
            "follow-up: from the index date to the first outcome or {} (the end of the outcome data)",
            r.follow_up.to
        ),
        String::new(),
        "people".to_string(),
    ];
    let mut count = |label: &str, n: u64, always: bool| {
        if always || n > 0 {
            lines.push(format!("  {label:<44} {:>9}", show(n)));
        }
    };
    count("index events in range", c.index_rows_in_range, true);
    count(
        "  not linked to a person (records)",
        c.unlinked_index_rows,
        false,
    );
    count("excluded by the filters", c.excluded_by_filters, false);
    count(
        "first magistrates' case before the range",
        c.seen_before_range,
        false,
    );
    count("members", c.members, true);
    count(
        "  index before the outcome data begin",
        c.index_before_coverage,
        false,
    );
    count(
        "  index on or after the end of follow-up",
        c.no_follow_up,
        false,
    );
    count("followed up", c.analysed, true);
    for table in &r.windows {
        lines.push(String::new());
        lines.push(format!("within {} days", table.days));
        let width = table
            .rows
            .iter()
            .map(|row| row.group.chars().count())
            .max()
            .unwrap_or(5)
            .clamp(5, 40);
        lines.push(format!(
            "  {:<width$} {:>9} {:>9} {:>7}   {:<22} {:>9}",
            "group", "followed", "outcome", "share", "Kaplan-Meier (95% CI)", "too short"
        ));
        for row in &table.rows {
            lines.push(window_row(row, width));
        }
    }
    if let Some((end, rows)) = &r.requirements {
        lines.extend(super::requirements::lines(rows, r.rules, *end, width));
    }
    if let Some(lr) = &r.logrank {
        lines.push(String::new());
        lines.push(format!(
            "log-rank test across {} groups: chi-square {:.3} on {} df, p = {}",
            r.groups.len(),
            lr.chisq,
            lr.df,
            p_text(lr.p)
        ));
    }
    lines
}

fn window_row(row: &WindowCell, width: usize) -> String {
    let name = fit(&row.group, width);
    let km = match row.km_percent {
        None => "-".to_string(),
        Some(p) => format!(
            "{p:.1}% ({}-{})",
            row.km_lower95.map_or("-".into(), |v| format!("{v:.1}")),
            row.km_upper95.map_or("-".into(), |v| format!("{v:.1}"))
        ),
    };
    format!(
        "  {name:<width$} {:>9} {:>9} {:>7}   {km:<22} {:>9}",
        row.followed.text(),
        row.with_outcome.text(),
        percent_text(row.percent),
        row.short_follow_up.text(),
    )
}

/// `s` cut to `width` characters with an ellipsis.
pub fn fit(s: &str, width: usize) -> String {
    if s.chars().count() > width {
        let kept: String = s.chars().take(width.saturating_sub(1)).collect();
        format!("{kept}…")
    } else {
        s.to_string()
    }
}

/// A p-value as a statistician writes it.
pub fn p_text(p: f64) -> String {
    if p < 1e-4 {
        format!("{p:.2e}")
    } else {
        format!("{p:.4}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// P-values under 0.0001 in scientific notation (a fixed four decimals would print 0), the
    /// rest to four decimals.
    #[test]
    fn p_values_keep_their_significant_digits() {
        let shown: Vec<String> = [0.5, 0.0001, 0.0000992, 3.2e-12]
            .into_iter()
            .map(p_text)
            .collect();
        assert_eq!(shown, ["0.5000", "0.0001", "9.92e-5", "3.20e-12"]);
    }
}
