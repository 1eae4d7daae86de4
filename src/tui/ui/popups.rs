//! Popups drawn over the screen, bottom of the stack first: the help generated from the keymap,
//! and the person chooser.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::timeline::PersonRef;
use crate::tui::app::{App, Popup};
use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;
use crate::tui::timeline_view::chart;

pub fn draw(frame: &mut Frame, app: &App) {
    for popup in &app.popups {
        match popup {
            Popup::Help {
                context,
                typing,
                scroll,
            } => help(frame, app.theme, *context, *typing, *scroll),
            Popup::Chooser {
                title,
                people,
                selected,
            } => chooser(frame, app.theme, title, people, *selected),
        }
    }
}

fn centered(frame: &Frame, width: u16, height: u16) -> Rect {
    let area = frame.area();
    let w = width.min(area.width.saturating_sub(2));
    let h = height.min(area.height.saturating_sub(2));
    Rect::new((area.width - w) / 2, (area.height - h) / 2, w, h)
}

/// The help text for a context, straight from its keymap table.
pub fn help_lines(t: Theme, context: Context, typing: bool) -> Vec<Line<'static>> {
    let mut out = vec![Line::styled(format!("Keys: {}", context.title()), t.bold())];
    let entries = keymap::help_lines(context, typing);
    let width = entries
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    for (keys, desc) in entries {
        let pad = width - keys.chars().count();
        out.push(Line::from(vec![
            Span::styled(format!("  {keys}{} ", " ".repeat(pad)), t.key()),
            Span::raw(desc),
        ]));
    }
    if matches!(context, Context::Search | Context::Catalogue) {
        out.push(Line::styled(
            "  Letters type into the box; mouse: click, wheel.",
            t.dim(),
        ));
    } else {
        out.push(Line::styled(
            "  Mouse: click a bar or row to select, wheel to move.",
            t.dim(),
        ));
    }
    out.push(Line::from(""));
    out.push(Line::styled("Timeline chart", t.bold()));
    for (g, meaning) in [
        (
            chart::GLYPH_EVENT,
            "a record's span (hearing to result, receipt to disposal, ...)",
        ),
        (
            chart::GLYPH_CHILD,
            "requirement, licence condition or PSS requirement",
        ),
        (chart::GLYPH_OFFENCE, "offence date"),
        (chart::GLYPH_REFERRAL, "referral date"),
        (chart::GLYPH_OPEN, "still open at the end of observation"),
        (
            chart::GLYPH_UNOBSERVED,
            "outside the dataset's coverage: not observed",
        ),
        ('┃', "extract date (on the axis)"),
        (
            crate::tui::screens::cohort::GLYPH_INDEX,
            "the index referral of the cohort being browsed",
        ),
        ('═', "the cohort's referral range (on the axis)"),
    ] {
        out.push(Line::from(format!("  {g}  {meaning}")));
    }
    out.push(Line::from(
        "  The selected record is shown in reverse video.",
    ));
    out.push(Line::from(""));
    out.push(Line::styled("Marks in the tables and header", t.bold()));
    for (mark, meaning) in [
        (
            "!n",
            "n quality flags on the record and its child rows (Tab to notes)",
        ),
        (
            "DUP×n",
            "the flatfile holds this probation event on n rows (counted once)",
        ),
        (
            "open ▶",
            "no end date: still running at the end of observation",
        ),
        (
            "≠",
            "linked records disagree on gender or age (values shown per dataset)",
        ),
        (
            "⚠",
            "possible missed link: the same dataset person under other IDs",
        ),
    ] {
        out.push(Line::from(format!("  {mark:<6}  {meaning}")));
    }
    out
}

fn help(frame: &mut Frame, t: Theme, context: Context, typing: bool, scroll: u16) {
    let lines = help_lines(t, context, typing);
    let area = centered(frame, 72, lines.len() as u16 + 2);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(
                Block::bordered()
                    .title(" Help ")
                    .title_bottom(" ↑↓ scroll · Esc close ")
                    .border_style(t.focus_border()),
            ),
        area,
    );
}

pub fn person_label(p: &PersonRef) -> String {
    match p {
        PersonRef::Linked(id) => format!("person {id}"),
        PersonRef::Unlinked {
            dataset,
            row_id_hash,
        } => {
            format!("{} record {row_id_hash} (not linked)", dataset.label())
        }
    }
}

fn chooser(frame: &mut Frame, t: Theme, title: &str, people: &[PersonRef], selected: usize) {
    let mut lines = vec![Line::from(title.to_string()), Line::from("")];
    for (i, p) in people.iter().enumerate() {
        let line = Line::from(format!("  {}", person_label(p)));
        lines.push(if i == selected {
            line.patch_style(t.selected())
        } else {
            line
        });
    }
    // The title may wrap: leave room for every line of it.
    let width = 76u16.min(frame.area().width.saturating_sub(2));
    let inner = width.saturating_sub(2).max(1) as usize;
    let title_lines = title.chars().count().div_ceil(inner).max(1);
    let height = (title_lines + 1 + people.len()) as u16 + 2;
    let area = centered(frame, width, height);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(" Choose a person ")
                .title_bottom(" Enter open · Esc cancel ")
                .border_style(t.focus_border()),
        ),
        area,
    );
}
