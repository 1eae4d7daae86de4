//! Rendering: `draw(frame, &App)` is a pure function of the state.

pub mod layout;
pub mod popups;

use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::app::{App, MIN_HEIGHT, MIN_WIDTH};
use super::keymap;

pub fn draw(frame: &mut Frame, app: &App) {
    if app.too_small() {
        return too_small(frame, app);
    }
    let (title, _, footer) = layout::frame(app);
    title_line(frame, app, title);
    super::screens::parts(app.screen).draw(frame, app);
    footer_line(frame, app, footer);
    popups::draw(frame, app);
}

fn too_small(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let text = vec![
        Line::from("Terminal too small"),
        Line::from(format!(
            "{}x{} now; dfexplorer needs at least {MIN_WIDTH}x{MIN_HEIGHT}.",
            app.width, app.height
        )),
        Line::from("Enlarge the window, or press q to quit."),
    ];
    let y = area.height.saturating_sub(3) / 2;
    let rect = Rect::new(0, y, area.width, area.height.saturating_sub(y).min(3));
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        rect,
    );
}

fn title_line(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    let what = super::screens::parts(app.screen).title(app);
    let mut spans = vec![
        Span::styled(" dfexplorer ", t.bold()),
        Span::raw(format!("· {} · {what}", app.db_name)),
    ];
    if let Some(l) = &app.loading {
        spans.push(Span::styled(format!("  … {l}"), t.dim()));
    }
    if let Some(m) = &app.message {
        spans.push(Span::styled(format!("  ! {m}"), t.warn()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Key hints from the keymap. Help and quit always fit: the others give way on narrow screens.
fn footer_line(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    // Only keys that act now, the ones for the situation first (a journey link, a cohort to
    // step through, somewhere to go back to), then moving about; `?` lists the rest.
    let mut ranked: Vec<(u8, String, &str)> = keymap::hints(app.context(), app.typing())
        .into_iter()
        .filter(|(_, _, c)| super::update::can(app, *c))
        .map(|(k, d, c)| (footer_rank(app.context(), c), k, d))
        .collect();
    ranked.sort_by_key(|h| h.0); // stable: the keymap's order within a rank
    let hints: Vec<(String, &str)> = ranked.into_iter().map(|(_, k, d)| (k, d)).collect();
    let is_essential = |d: &str| d == "help" || d == "quit";
    let width = |k: &str, d: &str| k.chars().count() + d.chars().count() + 3;
    let essential_width: usize = hints
        .iter()
        .filter(|(_, d)| is_essential(d))
        .map(|(k, d)| width(k, d))
        .sum();
    let mut room = (area.width as usize).saturating_sub(essential_width);
    let mut spans = Vec::new();
    let push = |spans: &mut Vec<Span<'static>>, k: &str, d: &str| {
        spans.push(Span::styled(k.to_string(), t.key()));
        spans.push(Span::raw(format!(" {d}  ")));
    };
    for (k, d) in hints.iter().filter(|(_, d)| !is_essential(d)) {
        if width(k, d) > room {
            break;
        }
        room -= width(k, d);
        push(&mut spans, k, d);
    }
    for (k, d) in hints.iter().filter(|(_, d)| is_essential(d)) {
        push(&mut spans, k, d);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Footer order on the person screen: what the situation offers first, then moving between
/// panes and screens. Elsewhere the keymap's order.
fn footer_rank(context: keymap::Context, c: keymap::Command) -> u8 {
    use keymap::{Command as C, Context as X};
    if !matches!(context, X::Timeline | X::Table | X::Details | X::Notes) {
        return 0;
    }
    match c {
        C::Journey | C::MissedLinks => 0,
        C::NextPerson | C::PrevPerson => 1,
        C::Back => 2,
        C::NextPane | C::Search => 3,
        _ => 4,
    }
}

/// The rows a text takes when word-wrapped to `width` columns (at least one).
pub fn wrapped_height(text: &str, width: usize) -> usize {
    use unicode_width::UnicodeWidthStr;
    if width == 0 {
        return 1;
    }
    let (mut rows, mut used) = (1, 0);
    for word in text.split(' ') {
        let w = word.width();
        if used > 0 && used + 1 + w <= width {
            used += 1 + w;
            continue;
        }
        if used > 0 {
            rows += 1; // the word starts a new row
        }
        // A word longer than a row is broken across rows.
        rows += w.saturating_sub(1) / width;
        used = if w == 0 { 0 } else { (w - 1) % width + 1 };
    }
    rows
}

/// Text cut to `width` columns, ending in `…` when something was cut.
pub fn ellipsis(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// A line cut to `width` columns, ending in `…` when something was cut (so a cut is never
/// silent).
pub fn fit(line: Line<'static>, width: u16) -> Line<'static> {
    use unicode_width::UnicodeWidthStr;
    let width = width as usize;
    if line.width() <= width {
        return line;
    }
    let mut used = 0;
    let mut spans = Vec::new();
    for span in line.spans {
        let w = span.content.width();
        if used + w < width {
            used += w;
            spans.push(span);
            continue;
        }
        let mut text = String::new();
        for c in span.content.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + cw + 1 > width {
                break;
            }
            used += cw;
            text.push(c);
        }
        text.push('…');
        spans.push(Span::styled(text, span.style));
        break;
    }
    Line::from(spans).style(line.style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_always_ends_in_an_ellipsis_and_never_passes_the_width() {
        assert_eq!(ellipsis("Committed for trial", 16), "Committed for t…");
        assert_eq!(ellipsis("short", 16), "short");
        assert_eq!(ellipsis("exactly-16-chars", 16), "exactly-16-chars");
        assert_eq!(ellipsis("Wandsworth → Belmarsh", 12), "Wandsworth …");
        let line = Line::from(vec![
            Span::raw("Recorded: "),
            Span::raw("MAG M 23y b.~1992 ≠"),
        ]);
        let cut = fit(line.clone(), 15);
        assert_eq!(cut.width(), 15);
        assert!(cut.to_string().ends_with('…'), "{cut}");
        assert_eq!(fit(line.clone(), 80), line);
    }

    #[test]
    fn wrapped_heights_count_rows_as_word_wrapping_fills_them() {
        assert_eq!(wrapped_height("", 10), 1);
        assert_eq!(wrapped_height("abc def", 10), 1);
        assert_eq!(wrapped_height("abc def ghij", 10), 2);
        assert_eq!(wrapped_height("abcdefghijklmnopqrstuvwxy", 10), 3);
        assert_eq!(wrapped_height("ab abcdefghijklmnopqrstuvwxy", 10), 4);
    }
}
