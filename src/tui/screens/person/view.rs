//! The person screen: header, timeline chart, event table, and the details or notes pane.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table};
use ratatui::Frame;

use crate::contract::Dataset;
use crate::timeline::{Event, PersonTimeline};
use crate::tui::app::{App, Pane, PersonView};
use crate::tui::theme::{dataset_tag, Theme};
use crate::tui::timeline_view::{chart, TimelineChart};

use super::layout::PersonAreas;
use crate::tui::ui::layout;

pub fn draw(frame: &mut Frame, app: &App) {
    let Some(p) = &app.person else { return };
    let areas: PersonAreas = super::layout::areas(app);
    header(frame, app.theme, &p.timeline, areas.header);
    timeline(frame, app, p, areas.chart);
    let bottom = crate::tui::screens::person::layout::bottom_pane(app);
    draw_pane(frame, app, p, bottom, areas.bottom);
    if let Some(side) = areas.side {
        draw_pane(
            frame,
            app,
            p,
            crate::tui::screens::person::layout::side_pane(app),
            side,
        );
    }
}

fn draw_pane(frame: &mut Frame, app: &App, p: &PersonView, pane: Pane, area: Rect) {
    match pane {
        Pane::Table | Pane::Timeline => table(frame, app, p, area),
        Pane::Details => super::details::draw(frame, app, p, area),
        Pane::Notes => super::notes::draw(frame, app, p, area),
    }
}

/// A bordered block whose border shows whether the pane has the focus.
pub fn pane_block(app: &App, pane: Pane, title: String) -> Block<'static> {
    let b = Block::bordered().title(title);
    if app.pane == pane {
        b.border_style(app.theme.focus_border())
            .title_style(app.theme.bold())
    } else {
        b
    }
}

fn header(frame: &mut Frame, t: Theme, p: &PersonTimeline, area: Rect) {
    let mut who = match &p.estimated_xjs_id {
        Some(id) => vec![Span::styled(format!("Person {id}"), t.bold())],
        None => vec![
            Span::styled("Not linked", t.warn()),
            Span::raw(" (no xjs_link row)"),
        ],
    };
    who.push(Span::raw("  records:"));
    for d in Dataset::ALL {
        let n = p.records(d);
        let text = if p.datasets_present.contains(&d) {
            format!(" {} {n}", dataset_tag(d))
        } else {
            format!(" {} absent", dataset_tag(d))
        };
        who.push(Span::styled(text, t.dataset(d)));
    }
    let flags = p.flag_count();
    who.push(Span::styled(
        format!("  quality flags: {flags}"),
        if flags > 0 { t.warn() } else { t.dim() },
    ));

    let mut ids = vec![Span::styled("IDs:", t.dim())];
    for id in &p.dataset_ids {
        ids.push(Span::styled(
            format!(" {} ", dataset_tag(id.dataset)),
            t.dataset(id.dataset),
        ));
        // "estimated_offender_id" is long; the kind word is enough beside the dataset tag.
        let kind = id
            .kind
            .trim_start_matches("estimated_")
            .trim_end_matches("_id");
        ids.push(Span::styled(format!("{kind} "), t.dim()));
        ids.push(Span::raw(id.value.clone()));
    }
    if p.dataset_ids.is_empty() {
        ids.push(Span::raw(" none recorded"));
    }

    let mut demo = vec![Span::styled("Recorded:", t.dim())];
    // Disagreeing values are set apart by `≠` between them (none after the last).
    let last_disagreeing = p.demographics.iter().rposition(|d| d.disagrees);
    for (i, d) in p.demographics.iter().enumerate() {
        demo.push(Span::styled(
            format!(" {} ", dataset_tag(d.dataset)),
            t.dataset(d.dataset),
        ));
        let age = d
            .age
            .map(|a| format!("{a:.0}"))
            .unwrap_or_else(|| "?".into());
        // The birth year the age implies: ages are recorded on different dates, so this is what
        // can be compared across datasets when they disagree.
        let born = match (d.age, d.age_on) {
            (Some(a), Some(on)) if d.disagrees => {
                format!(" b.~{}", chrono::Datelike::year(&on) - a.round() as i32)
            }
            _ => String::new(),
        };
        let text = format!("{} {age}y{born}", d.gender.as_deref().unwrap_or("?"));
        if d.disagrees && Some(i) != last_disagreeing {
            demo.push(Span::styled(format!("{text} ≠"), t.warn()));
        } else if d.disagrees {
            demo.push(Span::styled(text, t.warn()));
        } else {
            demo.push(Span::raw(text));
        }
    }
    if p.demographics.iter().any(|d| d.disagrees) {
        demo.push(Span::styled("  ≠ possible false link", t.warn()));
    }

    let fourth = if !p.split_into.is_empty() {
        Line::from(vec![
            Span::styled("⚠ Possible missed link: ", t.warn()),
            Span::raw(format!("also under {} ", p.split_into.join(", "))),
            Span::styled("m", t.key()),
            Span::raw(" to jump"),
        ])
    } else {
        Line::from(Span::styled(
            format!(
                "Legend: {} span  {} offence  {} referral  {} open  {} not observed  ┃ extract date",
                chart::GLYPH_EVENT,
                chart::GLYPH_OFFENCE,
                chart::GLYPH_REFERRAL,
                chart::GLYPH_OPEN,
                chart::GLYPH_UNOBSERVED
            ),
            t.dim(),
        ))
    };
    let lines = [Line::from(who), Line::from(ids), Line::from(demo), fourth];
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| crate::tui::ui::fit(l, area.width))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn timeline(frame: &mut Frame, app: &App, p: &PersonView, area: Rect) {
    let rows = &p.rows;
    let start = p.selected_event().and_then(|e| e.start.date());
    let window = p.chart.window(&p.timeline, rows, start);
    let selected = p
        .selected_event()
        .map(|e| format!(" ▸ {} {} ", dataset_tag(e.dataset), e.kind))
        .unwrap_or_default();
    let cohort = crate::tui::screens::cohort::position(app)
        .map(|(at, of)| format!("· person {at} of {of} in the cohort "))
        .unwrap_or_default();
    let title = format!(
        " Timeline [{}] {} to {}{selected}{cohort}",
        p.chart.zoom.label(),
        window.start,
        window.end
    );
    let block = pane_block(app, Pane::Timeline, title);
    frame.render_widget(block, area);
    let (marks, range) = crate::tui::screens::cohort::chart_marks(app, &p.timeline);
    frame.render_widget(
        TimelineChart {
            timeline: &p.timeline,
            rows,
            window,
            zoom: p.chart.zoom,
            selected: Some(p.selected),
            marks: &marks,
            range,
            theme: app.theme,
        },
        layout::inner(area),
    );
}

/// The end column of the table: the date, "open", or blank.
fn end_text(e: &Event) -> String {
    if e.open {
        "open ▶".into()
    } else {
        e.end.display()
    }
}

/// Flags column: duplicate rows and the count of quality flags.
fn flags_text(e: &Event) -> String {
    let mut parts = Vec::new();
    if e.row_id_hashes.len() > 1 {
        parts.push(format!("DUP×{}", e.row_id_hashes.len()));
    }
    let n = e.flags.len() + e.children.iter().map(|c| c.flags.len()).sum::<usize>();
    if n > 0 {
        parts.push(format!("!{n}"));
    }
    parts.join(" ")
}

fn table(frame: &mut Frame, app: &App, p: &PersonView, area: Rect) {
    let t = app.theme;
    let events = &p.timeline.events;
    let inner = layout::inner(area);
    let visible = inner.height.saturating_sub(1) as usize;
    let offset = layout::list_offset(events.len(), visible, p.selected);
    let type_cap = if area.width >= 100 { 26 } else { 16 };
    let type_width = p.kind_width.clamp(4, type_cap);
    // What is left for the summary: the fixed columns and the spaces between the six.
    let summary_width = (inner.width as usize).saturating_sub(10 + 10 + 3 + type_width + 8 + 5);
    let rows: Vec<Row> = events
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, e)| {
            let row = Row::new(vec![
                e.start.display(),
                end_text(e),
                dataset_tag(e.dataset).to_string(),
                crate::tui::ui::ellipsis(&e.kind, type_width),
                crate::tui::ui::ellipsis(&e.label, summary_width.max(10)),
                flags_text(e),
            ]);
            if i == p.selected {
                row.style(t.selected())
            } else {
                row.style(t.dataset(e.dataset))
            }
        })
        .collect();
    let title = format!(
        " Events {} of {} ",
        (p.selected + 1).min(events.len()),
        events.len()
    );
    let widths = [
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Length(3),
        Constraint::Length(type_width as u16),
        Constraint::Min(10),
        Constraint::Length(8),
    ];
    let table = Table::new(rows, widths)
        .header(Row::new(["start", "end", "ds", "type", "summary", "flags"]).style(t.bold()))
        .column_spacing(1)
        .block(pane_block(app, Pane::Table, title));
    frame.render_widget(table, area);
}
