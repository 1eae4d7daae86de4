//! The catalogue browser screen: every dataset, table and column, filterable, with the
//! description and notes of the selected entry.

use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use crate::tui::app::App;
use crate::tui::screens::catalogue::state::Level;

use crate::tui::ui::layout;

pub fn draw(frame: &mut Frame, app: &App) {
    let t = app.theme;
    let b = &app.catalogue;
    let (filter_area, list_area, detail_area) = crate::tui::screens::catalogue::layout::areas(app);
    let filter_block = Block::bordered().title(" Filter the catalogue (/) ");
    let filter_block = if b.filtering {
        filter_block.border_style(t.focus_border())
    } else {
        filter_block
    };
    let mut filter = vec![Span::raw(b.filter.clone())];
    if b.filtering {
        filter.push(Span::styled("▏", t.bold()));
    } else if b.filter.is_empty() {
        filter.push(Span::styled(
            "press / and type a word: a column, a topic, a problem",
            t.dim(),
        ));
    }
    frame.render_widget(
        Paragraph::new(Line::from(filter)).block(filter_block),
        filter_area,
    );

    let visible = b.visible(&app.notes);
    let inner = layout::inner(list_area);
    let offset = layout::list_offset(visible.len(), inner.height as usize, b.selected);
    let lines: Vec<Line> = visible
        .iter()
        .enumerate()
        .skip(offset)
        .take(inner.height as usize)
        .map(|(i, e)| {
            let n = e.notes(&app.notes).len();
            let (indent, style) = match e.level {
                Level::Dataset => ("", t.bold()),
                Level::Table => ("  ", t.bold()),
                Level::Column => ("    ", ratatui::style::Style::new()),
            };
            let indent = if b.filter.is_empty() { indent } else { "" };
            // Filtered lists lose their tree, so columns then show their table too.
            let name = match e.level {
                Level::Column if b.filter.is_empty() => e.column.clone().unwrap_or_default(),
                _ => e.title.clone(),
            };
            let pointer = if i == b.selected { "▶ " } else { "  " };
            let mut spans = vec![Span::styled(format!("{pointer}{indent}{name}"), style)];
            if n > 0 {
                spans.push(Span::styled(
                    format!("  [{n} note{}]", if n == 1 { "" } else { "s" }),
                    t.warn(),
                ));
            }
            let line = Line::from(spans);
            if i == b.selected {
                line.patch_style(t.selected())
            } else {
                line
            }
        })
        .collect();
    let title = format!(" Datasets, tables and columns ({}) ", visible.len());
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        list_area,
    );

    let mut detail = Vec::new();
    if let Some(e) = visible.get(b.selected) {
        detail.push(Line::styled(e.title.clone(), t.bold()));
        detail.push(Line::from(e.description()));
        let notes = e.notes(&app.notes);
        detail.push(Line::from(""));
        detail.push(Line::styled(format!("Notes ({})", notes.len()), t.bold()));
        for n in notes {
            detail.push(Line::from(vec![
                Span::styled(format!("[{}] ", n.topic), t.dim()),
                Span::raw(n.note.clone()),
            ]));
            if !n.source.is_empty() {
                detail.push(Line::styled(format!("  source: {}", n.source), t.dim()));
            }
        }
    } else {
        detail.push(Line::from("Nothing matches the filter."));
    }
    // Wrapped lines, so the scroll position can be kept within the text.
    let width = detail_area.width.saturating_sub(2) as usize;
    let wrapped: usize = detail
        .iter()
        .map(|l| crate::tui::ui::wrapped_height(&l.to_string(), width))
        .sum();
    let room = detail_area.height.saturating_sub(2) as usize;
    let scroll = (b.detail_scroll as usize).min(wrapped.saturating_sub(room)) as u16;
    let more = if wrapped > room + scroll as usize {
        " · d more "
    } else if scroll > 0 {
        " · u back "
    } else {
        " "
    };
    frame.render_widget(
        Paragraph::new(detail)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(Block::bordered().title(format!(" Description and notes{more}"))),
        detail_area,
    );
}
