//! The outcomes screen: the settings (each with its key), the curves of the share with the
//! outcome over time (one glyph and colour per group, so they read without colour too), the
//! numbers at risk under the axis, and the figures (windows, requirements, test) below.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::outcomes::{km, report_lines, sequences, Group, Report};
use crate::tui::app::App;
use crate::tui::screens::outcomes::{Computed, OutcomesState, View, WINDOW_SETS};
use crate::tui::theme::Theme;

/// One glyph per group, so curves are told apart without colour.
const GLYPHS: [char; 8] = ['●', '○', '◆', '◇', '■', '□', '▲', '△'];
const COLORS: [Color; 8] = [
    Color::Cyan,
    Color::Yellow,
    Color::Green,
    Color::Magenta,
    Color::Blue,
    Color::Red,
    Color::LightCyan,
    Color::LightYellow,
];

pub fn draw(frame: &mut Frame, app: &App) {
    let s = &app.outcomes;
    let (settings, rest) = super::layout::areas(app);
    settings_lines(frame, app, settings);
    let Some(c) = &s.computed else {
        // While the first computation runs, the aligned view lists the people done so far.
        if s.view == View::Aligned && !s.listed().is_empty() {
            super::aligned_view::draw(frame, app, s.listed(), None, rest);
        }
        return;
    };
    match s.view {
        View::Curves => curves_view(frame, app, c, rest),
        View::Next => next_view(frame, app, c, rest),
        View::Aligned => {
            super::aligned_view::draw(frame, app, &c.follow.people, Some(&c.density), rest)
        }
    }
}

fn curves_view(frame: &mut Frame, app: &App, c: &Computed, area: Rect) {
    let s = &app.outcomes;
    let r = &c.report;
    let shown = &r.groups[..r.groups.len().min(GLYPHS.len())];
    let at_risk = (shown.len() as u16 + 1).min(6);
    let chart_height = (area.height.saturating_sub(at_risk) / 2).max(7);
    let [chart, risk, figures] = Layout::vertical([
        Constraint::Length(chart_height),
        Constraint::Length(at_risk),
        Constraint::Min(0),
    ])
    .areas(area);
    let tmax = time_axis_end(r);
    curves(frame, app.theme, shown, tmax, chart);
    at_risk_rows(frame, app.theme, shown, tmax, risk, chart);
    // The report's own lines, less the four the settings and status already say.
    let inner_width = usize::from(figures.width.saturating_sub(2));
    let lines: Vec<Line> = report_lines(r, inner_width)
        .into_iter()
        .skip(4)
        .map(Line::from)
        .collect();
    let block = Block::bordered().title(" Figures (j/k scroll) ");
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((s.scroll, 0)),
        figures,
    );
}

/// The tree of what came next, with what each kind means.
fn next_view(frame: &mut Frame, app: &App, c: &Computed, area: Rect) {
    let s = &app.outcomes;
    let rules = c.report.rules;
    let mut lines: Vec<Line> = sequences::lines(&s.branches, c.follow.people.len(), rules)
        .into_iter()
        .map(Line::from)
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "Each step is the person's next record after the previous one, until {} (the end of follow-up); \
             shares are of the people on the branch above; \
             {}",
            c.follow.window.to,
            if rules.active() {
                format!("kinds with fewer than {} people are merged into \"other\".", rules.threshold)
            } else {
                "NOT DISCLOSURE-CHECKED: exact counts.".to_string()
            }
        ),
        app.theme.dim(),
    ));
    let block = Block::bordered().title(format!(
        " What came next, {} steps (+/- to change, j/k scroll) ",
        s.depth
    ));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .scroll((s.scroll, 0)),
        area,
    );
}

fn settings_lines(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    let s = &app.outcomes;
    let setting = |key: &str, label: &str, value: String| -> Vec<Span<'static>> {
        vec![
            Span::styled(key.to_string(), t.key()),
            Span::styled(format!(" {label}: "), t.dim()),
            Span::styled(value, t.bold()),
            Span::raw("  "),
        ]
    };
    let windows: Vec<String> = WINDOW_SETS[s.windows].iter().map(u32::to_string).collect();
    let first = Line::from(
        [
            setting("i", "index", s.index.describe().to_string()),
            setting("o", "outcome", s.outcome.name().to_string()),
            setting("g", "groups", s.by.name().to_string()),
            setting("w", "days", windows.join(",")),
            setting("t", "suppress", threshold_text(s.threshold)),
        ]
        .concat(),
    );
    let second = status_line(s, t, app);
    frame.render_widget(Paragraph::new(vec![first, second]), area);
}

fn threshold_text(n: u64) -> String {
    if n > 1 {
        format!("<{n}")
    } else {
        "off".into()
    }
}

fn status_line(s: &OutcomesState, t: Theme, app: &App) -> Line<'static> {
    if let Some(e) = &s.error {
        return Line::styled(format!("✗ {e}"), t.warn());
    }
    if let Some((done, of)) = s.progress {
        let pct = (100 * done).checked_div(of).unwrap_or(0);
        return Line::styled(format!("computing… {pct}% of {of} people"), t.dim());
    }
    if let Some(e) = &s.exported {
        return Line::styled(e.clone(), t.dim());
    }
    let Some(c) = &s.computed else {
        return Line::raw("");
    };
    let r = &c.report;
    let cohort = app
        .cohort
        .filter
        .as_ref()
        .map(|f| f.describe())
        .unwrap_or_default();
    let checked = if r.rules.active() {
        String::new()
    } else {
        "NOT DISCLOSURE-CHECKED · ".to_string()
    };
    let style = if r.rules.active() { t.dim() } else { t.warn() };
    Line::styled(
        format!(
            "{checked}{} followed up to {} · cohort: {cohort}",
            r.rules.one(r.counts.analysed).text(),
            r.follow_up.to
        ),
        style,
    )
}

/// The x axis runs to the largest window, or further when people were followed longer.
fn time_axis_end(r: &Report) -> u32 {
    let last = r
        .groups
        .iter()
        .filter_map(|g| g.curve.last().map(|s| s.count.time))
        .max()
        .unwrap_or(0);
    let window = r.spec.windows.iter().copied().max().unwrap_or(365);
    last.max(window).max(1)
}

/// The share with the outcome (1 - survival), in percent, at `time` on a group's curve.
fn share_at(g: &Group, time: u32) -> Option<f64> {
    if g.stopped_at.is_some_and(|t| time >= t) {
        return None;
    }
    Some(100.0 * (1.0 - km::at(&g.curve, time).map_or(1.0, |s| s.surv)))
}

fn curves(frame: &mut Frame, t: Theme, groups: &[Group], tmax: u32, area: Rect) {
    let block = Block::bordered().title(" % with the outcome, by days since the index ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width < 12 || inner.height < 3 {
        return;
    }
    // Left: the y labels (5 columns); bottom: the x axis labels.
    let plot = Rect::new(
        inner.x + 5,
        inner.y,
        inner.width - 5,
        inner.height.saturating_sub(1),
    );
    let top = groups
        .iter()
        .filter_map(|g| share_at(g, tmax.min(g.curve.last().map_or(0, |s| s.count.time))))
        .fold(0.0f64, f64::max);
    let ymax = ((top / 10.0).ceil() * 10.0).clamp(10.0, 100.0);
    let buf = frame.buffer_mut();
    for (label, row) in [
        (format!("{ymax:>3.0}%"), plot.y),
        ("  0%".to_string(), plot.y + plot.height.saturating_sub(1)),
    ] {
        buf.set_string(inner.x, row, label, t.dim());
    }
    let bottom = plot.y + plot.height.saturating_sub(1);
    let rows = plot.height.saturating_sub(1) as f64;
    for (gi, g) in groups.iter().enumerate() {
        let style = group_style(t, gi);
        let mut previous: Option<u16> = None;
        for x in 0..plot.width {
            let time = (x as u64 * tmax as u64 / plot.width.max(1) as u64) as u32;
            let Some(share) = share_at(g, time) else {
                break; // the curve stops (disclosure, or the end of follow-up)
            };
            let y = bottom - (share / ymax * rows).round().min(rows) as u16;
            // A rise joins the step before it, so each step reads as one line.
            if let Some(p) = previous.filter(|p| *p > y + 1) {
                for row in y + 1..p {
                    buf.set_string(plot.x + x, row, "│", style);
                }
            }
            buf.set_string(plot.x + x, y, GLYPHS[gi].to_string(), style);
            previous = Some(y);
        }
    }
    // The x axis labels: 0, the middle and the end, in days.
    let axis = inner.y + inner.height.saturating_sub(1);
    let end = format!("{tmax} days");
    buf.set_string(plot.x, axis, "0", t.dim());
    let mid = format!("{}", tmax / 2);
    buf.set_string(plot.x + plot.width / 2, axis, &mid, t.dim());
    let end_x = (plot.x + plot.width).saturating_sub(end.chars().count() as u16);
    buf.set_string(end_x, axis, end, t.dim());
}

fn group_style(t: Theme, i: usize) -> Style {
    if t.color {
        Style::new().fg(COLORS[i % COLORS.len()])
    } else {
        Style::new()
    }
}

/// Under the chart: each group's glyph, name and the number at risk at 0, ¼, ½, ¾ and the end
/// of the axis (from the disclosure-safe counts; `-` where the curve has stopped).
fn at_risk_rows(frame: &mut Frame, t: Theme, groups: &[Group], tmax: u32, area: Rect, chart: Rect) {
    let ticks: Vec<u32> = (0..5).map(|q| tmax / 4 * q).collect();
    let name_width = 16usize;
    let col = ((chart.width as usize).saturating_sub(name_width + 4) / 5).max(6);
    let mut lines = vec![Line::from(vec![Span::styled(
        format!(
            "{:<name_width$}{}",
            "at risk",
            ticks
                .iter()
                .map(|d| format!("{:>col$}", format!("{d}d")))
                .collect::<String>()
        ),
        t.dim(),
    )])];
    for (gi, g) in groups
        .iter()
        .enumerate()
        .take(area.height.saturating_sub(1) as usize)
    {
        let label = format!(
            "{} {}",
            GLYPHS[gi],
            crate::tui::ui::ellipsis(&g.name, name_width - 3)
        );
        let counts: String = ticks
            .iter()
            .map(|&d| format!("{:>col$}", at_risk(g, d)))
            .collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{label:<name_width$}"), group_style(t, gi)),
            Span::raw(counts),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn at_risk(g: &Group, day: u32) -> String {
    if g.stopped_at.is_some_and(|t| day >= t) {
        return "-".into();
    }
    match g.counts.iter().find(|c| c.time >= day) {
        Some(c) => c.n_risk.to_string(),
        None => "0".into(),
    }
}
