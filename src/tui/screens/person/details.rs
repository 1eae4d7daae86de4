//! The details pane: every column of the selected record (extras included), its IDs, its
//! magistrates-to-Crown journey link and its child rows.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::record::Record;
use crate::timeline::Event;
use crate::tui::app::{App, Pane, PersonView};
use crate::tui::theme::Theme;

use super::view::pane_block;

pub fn draw(frame: &mut Frame, app: &App, p: &PersonView, area: Rect) {
    let lines = match p.selected_event() {
        Some(e) => lines(app.theme, e),
        None => vec![Line::from("This person has no records.")],
    };
    let title = format!(" Details ({} lines) ", lines.len());
    frame.render_widget(
        Paragraph::new(lines)
            .block(pane_block(app, Pane::Details, title))
            .wrap(Wrap { trim: false })
            .scroll((p.details_scroll, 0)),
        area,
    );
}

pub fn lines(t: Theme, e: &Event) -> Vec<Line<'static>> {
    let mut out = vec![Line::from(vec![
        Span::styled(
            format!("{} ", e.dataset.label()),
            t.dataset(e.dataset).patch(t.bold()),
        ),
        Span::styled(format!("{} · {}", e.table, e.kind), t.bold()),
    ])];
    out.push(Line::from(format!(
        "{} → {}{}",
        or_dash(&e.start.display()),
        if e.open {
            "open (no end date)".to_string()
        } else {
            or_dash(&e.end.display())
        },
        e.label
            .is_empty()
            .then(String::new)
            .unwrap_or_else(|| format!("  {}", e.label)),
    )));
    match e.row_id_hashes.as_slice() {
        [one] => out.push(Line::from(format!("row_id_hash {one}"))),
        many => {
            out.push(Line::styled(
                format!(
                    "{} rows repeat this event (duplicate flatfile rows):",
                    many.len()
                ),
                t.warn(),
            ));
            for h in many {
                out.push(Line::from(format!("  row_id_hash {h}")));
            }
        }
    }
    for l in &e.journey_links {
        let (dir, other) = if e.row_id_hashes.contains(&l.mags_row_id_hash) {
            ("sent to Crown case", &l.crown_row_id_hash)
        } else {
            ("came from magistrates' case", &l.mags_row_id_hash)
        };
        let score = l
            .estimated_match_score
            .map(|s| format!(" (match score {s:.2})"))
            .unwrap_or_default();
        out.push(Line::from(vec![
            Span::styled("Journey: ", t.bold()),
            Span::raw(format!("{dir} {other}{score}  ")),
            Span::styled("Enter/J", t.key()),
            Span::raw(" to follow"),
        ]));
    }
    out.push(Line::from(""));
    out.push(Line::styled(format!("Columns of {}", e.table), t.bold()));
    out.extend(columns(t, &e.record, "  "));
    if !e.children.is_empty() {
        out.push(Line::from(""));
        out.push(Line::styled(
            format!("Child rows ({})", e.children.len()),
            t.bold(),
        ));
        for (i, c) in e.children.iter().enumerate() {
            let end = if c.open {
                "open".to_string()
            } else {
                or_dash(&c.end.display())
            };
            out.push(Line::from(vec![
                Span::styled(format!("  {}. {} ", i + 1, c.table), t.bold()),
                Span::raw(format!(
                    "{} · {} → {}  {}",
                    c.kind,
                    or_dash(&c.start.display()),
                    end,
                    c.label
                )),
            ]));
            out.extend(columns(t, &c.record, "     "));
        }
    }
    out
}

fn or_dash(s: &str) -> String {
    if s.is_empty() {
        "—".into()
    } else {
        s.to_string()
    }
}

/// `name  value` lines, NULL shown as such so it differs from an empty string.
fn columns(t: Theme, r: &Record, indent: &str) -> Vec<Line<'static>> {
    let width = r.columns().map(|(c, _)| c.len()).max().unwrap_or(0).min(30);
    r.columns()
        .map(|(c, v)| {
            let value = match v {
                None => Span::styled("NULL", t.dim()),
                Some("") => Span::styled("(empty)", t.dim()),
                Some(v) => Span::raw(v.to_string()),
            };
            Line::from(vec![
                Span::styled(format!("{indent}{c:<width$} "), t.dim()),
                value,
            ])
        })
        .collect()
}
