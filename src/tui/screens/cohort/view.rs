//! The cohort screen: the filter panel on top, the list of matching people and the cohort
//! summary below (side by side when there is room), and the export dialog over them.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::cohort::CohortSummary;
use crate::disclosure::Rules;
use crate::tui::app::App;
use crate::tui::screens::cohort::{state_text, CohortState, ExportStage, SortBy, FIELDS};
use crate::tui::theme::Theme;

use crate::tui::ui::layout;

pub fn draw(frame: &mut Frame, app: &App) {
    let areas = super::layout::areas(app);
    filter_panel(frame, app, areas.form);
    let s = &app.cohort;
    if let Some(list) = areas.list {
        people(frame, app, list);
    }
    if let Some(summary) = areas.summary {
        summary_pane(frame, app.theme, s, summary);
    }
    pick_list(frame, app, areas.rest);
    if s.export.is_some() {
        export_dialog(frame, app);
    }
}

/// The focused field's values with their counts, over the top of the list while it is typed.
fn pick_list(frame: &mut Frame, app: &App, area: Rect) {
    let s = &app.cohort;
    let values = crate::tui::screens::cohort::pick_list(s);
    if values.is_empty() {
        return;
    }
    let t = app.theme;
    let shown = values
        .len()
        .min(area.height.saturating_sub(2) as usize)
        .min(10);
    // Keep the picked value in view.
    let first = s
        .form
        .pick
        .map_or(0, |p| p.saturating_sub(shown.saturating_sub(1)));
    let width = area.width.min(64);
    let name_width = width.saturating_sub(14) as usize;
    let lines: Vec<Line> = values
        .iter()
        .enumerate()
        .skip(first)
        .take(shown)
        .map(|(i, (v, n))| {
            let text = format!(
                " {:<name_width$} {:>10}",
                crate::tui::ui::ellipsis(v, name_width),
                crate::tui::screens::cohort::state_text::n(*n as usize)
            );
            if s.form.pick == Some(i) {
                Line::styled(text, t.selected())
            } else {
                Line::raw(text)
            }
        })
        .collect();
    let counted = if s.form.focus == 2 {
        "linked records"
    } else {
        "referral rows"
    };
    let rect = Rect::new(area.x + 2, area.y, width, shown as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(format!(
                    " {} · {counted} · ↓ choose, Enter take ",
                    FIELDS[s.form.focus]
                ))
                .border_style(t.focus_border()),
        ),
        rect,
    );
}

fn filter_panel(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    let s = &app.cohort;
    let f = &s.form;
    let field = |i: usize| -> Vec<Span<'static>> {
        let focused = f.editing && f.focus == i;
        let value = if focused {
            format!("{}▏", f.fields[i])
        } else if f.fields[i].is_empty() {
            "…".to_string()
        } else {
            f.fields[i].clone()
        };
        vec![
            Span::styled(format!("{}: ", FIELDS[i]), t.dim()),
            Span::styled(
                format!("[{value}]"),
                if focused { t.selected() } else { t.bold() },
            ),
            Span::raw("  "),
        ]
    };
    let mut lines = vec![
        Line::from([field(0), field(1), field(2)].concat()),
        Line::from([field(3), field(4), field(5)].concat()),
    ];
    // Edited but not applied: say so, so the counts below are not read as the new filter's.
    let pending = f.editing && s.error.is_none() && crate::tui::screens::cohort::form_differs(s);
    lines.push(match (&s.error, &s.filter) {
        (Some(e), _) => Line::styled(format!("✗ {e}"), t.warn()),
        (None, Some(_)) if pending => Line::styled(
            "edited: Enter applies it (the list below is still the previous filter's)",
            t.warn(),
        ),
        (None, Some(filter)) => Line::styled(format!("cohort: {}", filter.describe()), t.dim()),
        (None, None) => Line::styled(
            "Type dates as YYYY-MM-DD (either may be blank), datasets as magistrates, crown, prison, probation; Enter applies.",
            t.dim(),
        ),
    });
    let block = Block::bordered().title(" Cohort filter ");
    let block = if f.editing {
        block.border_style(t.focus_border()).title_style(t.bold())
    } else {
        block
    };
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

fn people(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    let s = &app.cohort;
    let title = format!(" People: {} ", state_text::count_line(s));
    let block = Block::bordered().title(title);
    let block = if !s.form.editing && s.export.is_none() {
        block.border_style(t.focus_border()).title_style(t.bold())
    } else {
        block
    };
    let inner = layout::inner(area);
    frame.render_widget(block, area);
    let visible = inner.height.saturating_sub(1) as usize;
    let sort = match s.sort {
        SortBy::IndexDate => "by index date",
        SortBy::Id => "by ID",
    };
    let mut lines = vec![Line::styled(
        format!(
            "    {:<14} {:<10}  {:<7} {:>3}  disposal ({sort})",
            "person", "index", "gender", "age"
        ),
        t.dim(),
    )];
    let offset = layout::list_offset(s.view.len(), visible, s.selected);
    for (pos, &i) in s.view.iter().enumerate().skip(offset).take(visible) {
        let m = &s.members[i];
        let mark = if s.marked.contains(&i) { "[x]" } else { "[ ]" };
        let text = format!(
            "{mark} {:<14} {:<10}  {:<7} {:>3}  {}",
            m.estimated_xjs_id,
            m.index_referral_date,
            m.gender.as_deref().unwrap_or("–"),
            m.age_at_index.map(|a| a.to_string()).unwrap_or_default(),
            m.disposal_type.as_deref().unwrap_or("–"),
        );
        let style = if pos == s.selected {
            t.selected()
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::styled(text, style));
    }
    if s.view.is_empty() && !s.counting && s.filter.is_some() && s.error.is_none() {
        lines.push(Line::styled("  nobody matches this filter", t.dim()));
    }
    if let Some(done) = &s.last_export {
        let done: Vec<&str> = done.lines().collect();
        lines.truncate(visible.saturating_sub(done.len().saturating_sub(1)));
        for (i, l) in done.into_iter().enumerate() {
            let mark = if i == 0 { "✓ " } else { "  " };
            lines.push(Line::styled(format!("{mark}{l}"), t.bold()));
        }
    }
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| crate::tui::ui::fit(l, inner.width))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn summary_pane(frame: &mut Frame, t: Theme, s: &CohortState, area: Rect) {
    let which = if s.marked.is_empty() {
        "all matching"
    } else {
        "marked"
    };
    let title = format!(" Summary: {which} · {} ", suppression_label(s.suppression));
    let lines = match &s.summary {
        Some(summary) => summary_lines(t, summary, s.suppression),
        None if s.counting => vec![Line::styled("counting…", t.dim())],
        None if s.filter.is_some() => vec![Line::styled("summarising…", t.dim())],
        None => vec![Line::styled("apply a filter to see the cohort", t.dim())],
    };
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(title))
            .wrap(Wrap { trim: false })
            .scroll((s.summary_scroll, 0)),
        area,
    );
}

fn suppression_label(s: Rules) -> String {
    if s.threshold > 1 {
        format!("counts 1-{} shown as <{}", s.threshold - 1, s.threshold)
    } else {
        "suppression off".to_string()
    }
}

fn summary_lines(t: Theme, c: &CohortSummary, s: Rules) -> Vec<Line<'static>> {
    let row = |label: String, n: String| Line::raw(format!("  {label:<30} {n:>9}"));
    let mut out = vec![Line::styled(
        format!("people {:>33}", s.show(c.people)),
        t.bold(),
    )];
    out.push(Line::styled("records per dataset", t.dim()));
    for (d, n) in &c.records_per_dataset {
        out.push(row(d.source_name().to_string(), s.show(*n)));
    }
    out.push(Line::styled("people by index disposal type", t.dim()));
    for (d, n) in c.shown_disposal_types(s) {
        out.push(row(crate::tui::ui::ellipsis(&d, 30), n));
    }
    out.push(Line::styled("people by index referral year", t.dim()));
    for (y, n) in c.shown_referral_years(s) {
        out.push(row(y, n));
    }
    out.push(Line::styled(
        format!(
            "referral rows in range {}; unlinked {}; dates never matching: {} missing, {} malformed",
            s.show(c.scan.rows_in_range),
            s.show(c.scan.unlinked_rows_in_range),
            s.show(c.referral_dates.missing),
            s.show(c.referral_dates.malformed)
        ),
        t.dim(),
    ));
    out
}

fn export_dialog(frame: &mut Frame, app: &App) {
    let t = app.theme;
    let s = &app.cohort;
    let Some(d) = &s.export else { return };
    let area = frame.area();
    let w = 72.min(area.width.saturating_sub(4));
    let h = 10.min(area.height.saturating_sub(2));
    let rect = Rect::new((area.width - w) / 2, (area.height - h) / 2, w, h);
    let who = if s.marked.is_empty() {
        format!("all {} matching people", state_text::n(s.members.len()))
    } else {
        format!("the {} marked people", state_text::n(s.marked.len()))
    };
    let events = crate::tui::screens::cohort::events_path_for(std::path::Path::new(d.path.trim()));
    let mut lines = vec![
        Line::raw(format!("Export {who}")),
        Line::from(vec![
            Span::styled("people file: ", t.dim()),
            Span::styled(
                format!(
                    "{}{}",
                    d.path,
                    if d.stage == ExportStage::Editing {
                        "▏"
                    } else {
                        ""
                    }
                ),
                t.bold(),
            ),
        ]),
        Line::from(vec![
            Span::styled("events file: ", t.dim()),
            Span::raw(if d.events {
                format!("[x] {}", events.display())
            } else {
                "[ ] not written".to_string()
            }),
        ]),
        Line::styled(
            "beside it: a manifest and loaders for R and Stata (.load.R, .load.do)",
            t.dim(),
        ),
        Line::styled("a name ending in .parquet writes parquet", t.dim()),
    ];
    match &d.stage {
        ExportStage::Editing => lines.push(Line::styled(
            "Enter exports · Tab events on/off · Esc closes",
            t.dim(),
        )),
        ExportStage::Confirm(msg) => {
            lines.push(Line::styled(msg.clone(), t.warn()));
            lines.push(Line::styled("Overwrite? y / n", t.bold()));
        }
        ExportStage::Running { done, total } => {
            lines.push(Line::raw(format!(
                "exporting… {} of {} people · Esc cancels",
                state_text::n(*done),
                state_text::n(*total)
            )));
        }
    }
    if let Some(e) = &d.error {
        lines.push(Line::styled(e.clone(), t.warn()));
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title(" Export cohort ")
                    .border_style(t.focus_border()),
            )
            .wrap(Wrap { trim: false }),
        rect,
    );
}
