//! The notes pane: quality flags on the selected record and on the person, with explanations, and
//! the catalogue notes for the record's dataset, table and columns.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::catalogue::CatalogueNote;
use crate::quality::Flag;
use crate::tui::app::{App, Pane, PersonView};
use crate::tui::rules;
use crate::tui::screens::catalogue::state::notes_for_table;
use crate::tui::theme::Theme;

use super::view::pane_block;

pub fn draw(frame: &mut Frame, app: &App, p: &PersonView, area: Rect) {
    let lines = lines(app.theme, p, &app.notes);
    frame.render_widget(
        Paragraph::new(lines)
            .block(pane_block(app, Pane::Notes, " Notes ".into()))
            .wrap(Wrap { trim: false })
            .scroll((p.notes_scroll, 0)),
        area,
    );
}

pub fn lines(t: Theme, p: &PersonView, notes: &[CatalogueNote]) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let Some(e) = p.selected_event() else {
        return vec![Line::from("No record selected.")];
    };
    let mut record_flags: Vec<(&str, &Flag)> = e.flags.iter().map(|f| (e.table, f)).collect();
    for c in &e.children {
        record_flags.extend(c.flags.iter().map(|f| (&*c.table, f)));
    }
    out.push(Line::styled(
        format!("Quality flags on this record ({})", record_flags.len()),
        t.bold(),
    ));
    for (table, f) in &record_flags {
        out.extend(flag_lines(t, Some(table), f));
    }
    out.push(Line::styled(
        format!("Quality flags on this person ({})", p.timeline.flags.len()),
        t.bold(),
    ));
    for f in &p.timeline.flags {
        out.extend(flag_lines(t, None, f));
    }
    out.push(Line::from(""));
    let catalogue = notes_for_table(notes, e.dataset, e.table);
    out.push(Line::styled(
        format!(
            "Catalogue notes: {} / {} ({})",
            e.dataset.source_name(),
            e.table,
            catalogue.len()
        ),
        t.bold(),
    ));
    if catalogue.is_empty() {
        out.push(Line::styled("  none recorded", t.dim()));
    }
    for n in catalogue {
        let place = match (&n.table_name, &n.column_name) {
            (None, _) => "whole dataset".to_string(),
            (Some(tb), None) => tb.clone(),
            (Some(tb), Some(c)) => format!("{tb}.{c}"),
        };
        out.push(Line::from(vec![
            Span::styled(format!("  [{}] ", n.topic), t.dim()),
            Span::styled(place, t.bold()),
        ]));
        out.push(Line::from(format!("    {}", n.note)));
        if !n.source.is_empty() {
            out.push(Line::styled(format!("    source: {}", n.source), t.dim()));
        }
    }
    out
}

fn flag_lines(t: Theme, table: Option<&str>, f: &Flag) -> Vec<Line<'static>> {
    let place = table.map(|t| format!(" ({t})")).unwrap_or_default();
    vec![
        Line::from(vec![
            Span::styled("  ! ", t.warn()),
            Span::styled(rules::title(f.rule).to_string(), t.warn()),
            Span::styled(place, t.dim()),
        ]),
        Line::from(format!("    {}", f.detail)),
        Line::styled(format!("    {}", rules::explanation(f.rule)), t.dim()),
    ]
}
