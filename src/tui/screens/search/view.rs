//! The search screen: a query box and results that say which ID kind and dataset matched and who
//! each resolves to.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::search::SearchHit;
use crate::tui::app::App;
use crate::tui::theme::{dataset_tag, Theme};

use crate::tui::ui::layout;

pub fn draw(frame: &mut Frame, app: &App) {
    let t = app.theme;
    let (input, results) = crate::tui::screens::search::layout::areas(app);
    let s = &app.search;
    let input_line = Line::from(vec![
        Span::styled("/ ", t.key()),
        Span::raw(s.input.as_str()),
        Span::styled("▏", t.bold()),
    ]);
    frame.render_widget(
        Paragraph::new(input_line).block(
            Block::bordered()
                .title(" Find a person by any ID ")
                .border_style(t.focus_border()),
        ),
        input,
    );
    let status = if s.input.trim().is_empty() {
        String::new()
    } else if s.searching() {
        " searching… ".to_string()
    } else {
        match s.hits.len() {
            1 => " 1 result ".to_string(),
            n => format!(" {n} results "),
        }
    };
    let block = Block::bordered().title(" Results ").title_bottom(status);
    let inner = layout::inner(results);
    frame.render_widget(block, results);
    if let Some(e) = &s.error {
        frame.render_widget(Paragraph::new(Span::styled(e.as_str(), t.warn())), inner);
        return;
    }
    if s.input.trim().is_empty() {
        frame.render_widget(
            Paragraph::new(vec![
                Line::from("Type any identifier in the data:"),
                Line::styled(
                    "  estimated_xjs_id, estimated_offender_id, estimated_defendant_id,",
                    t.dim(),
                ),
                Line::styled(
                    "  row_id_hash, case_id_hash, event_id_hash, defendant_on_case_id_hash",
                    t.dim(),
                ),
                Line::from(""),
                Line::from("Exact matches come first, then prefix matches, then fuzzy ones."),
            ]),
            inner,
        );
        return;
    }
    if s.hits.is_empty() && !s.searching() {
        frame.render_widget(
            Paragraph::new(format!("No ID matches {:?}.", s.input.trim())),
            inner,
        );
        return;
    }
    draw_hits(frame, t, &s.hits, s.selected, inner);
}

fn draw_hits(frame: &mut Frame, t: Theme, hits: &[SearchHit], selected: usize, area: Rect) {
    let visible = area.height as usize;
    let offset = layout::list_offset(hits.len(), visible, selected);
    let kind_width = hits.iter().map(|h| h.id_kind.len()).max().unwrap_or(0);
    let lines: Vec<Line> = hits
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, h)| {
            let mut line = hit_line(t, h, kind_width);
            if i == selected {
                line = line.patch_style(t.selected());
                line.spans.insert(0, Span::raw("▶ "));
            } else {
                line.spans.insert(0, Span::raw("  "));
            }
            line
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn hit_line(t: Theme, h: &SearchHit, kind_width: usize) -> Line<'static> {
    let kind = format!("{:<6}", h.match_kind.label());
    let (tag, style) = match h.dataset {
        Some(d) => (dataset_tag(d), t.dataset(d)),
        None => ("XJS", t.bold()),
    };
    let mut spans = vec![
        Span::styled(format!("{kind} "), t.dim()),
        Span::styled(format!("{tag} "), style),
        Span::raw(format!("{:<kind_width$} ", h.id_kind)),
        Span::styled(h.matched.clone(), t.bold()),
        Span::raw("  → "),
    ];
    match h.persons.as_slice() {
        [] => spans.push(Span::styled("not linked", t.warn())),
        [one] => spans.push(Span::raw(format!("person {one}"))),
        many => {
            spans.push(Span::styled(
                format!("⚠ {} people (possible missed link): ", many.len()),
                t.warn(),
            ));
            spans.push(Span::raw(many.join(", ")));
        }
    }
    Line::from(spans)
}
