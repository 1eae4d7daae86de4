//! The aligned view: above, the density of records per month relative to the index over the
//! whole cohort (one row per dataset); below, one row per person with a glyph per record placed
//! by days from that person's index date, the index as a vertical rule and each person's end of
//! follow-up marked. Only the visible rows are drawn.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::contract::Dataset;
use crate::outcomes::PersonOutcome;
use crate::tui::app::App;
use crate::tui::screens::outcomes::aligned::{month_of, Density};
use crate::tui::theme::{dataset_tag, Theme};

/// One glyph per dataset, so the rows read without colour too.
pub fn glyph(d: Dataset) -> char {
    match d {
        Dataset::Magistrates => '●',
        Dataset::Crown => '◆',
        Dataset::Prison => '■',
        Dataset::Probation => '▲',
    }
}

const LEVELS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// Columns for the person's ID at the left of each row.
const ID_WIDTH: u16 = 12;

/// Draws `people` (the computed ones, or those followed up so far); the density once computed.
pub fn draw(
    frame: &mut Frame,
    app: &App,
    people: &[PersonOutcome],
    density: Option<&Density>,
    area: Rect,
) {
    let t = app.theme;
    let (density_area, rows, status) = super::layout::aligned(area);
    let (before, after) = app.outcomes.aligned.range();
    match density {
        Some(d) => density_block(frame, t, d, (before, after), density_area),
        None => frame.render_widget(
            Paragraph::new(Line::styled("counting records around the index…", t.dim()))
                .block(Block::bordered().title(" Records per month around the index ")),
            density_area,
        ),
    }
    person_rows(frame, app, people, rows);
    let s = &app.outcomes.aligned;
    let line = format!(
        "person {} of {} · by {} · {} · -{} to +{} · {} mags {} Crown {} prison {} probation",
        if s.rows.is_empty() { 0 } else { s.selected + 1 },
        s.rows.len(),
        s.sort.label(),
        s.shown.label(),
        span_text(before),
        span_text(after),
        glyph(Dataset::Magistrates),
        glyph(Dataset::Crown),
        glyph(Dataset::Prison),
        glyph(Dataset::Probation),
    );
    frame.render_widget(Paragraph::new(Line::styled(line, t.dim())), status);
}

/// `2y`, `6m` or `90d`.
fn span_text(days: i32) -> String {
    let years = (days as f64 / 365.25).round() as i32;
    if years >= 1 && (days as f64 - years as f64 * 365.25).abs() < 3.0 {
        format!("{years}y")
    } else if days >= 60 {
        format!("{}m", days * 12 / 365)
    } else {
        format!("{days}d")
    }
}

/// The column of `days` in a lane `width` wide showing `before` days before to `after` after.
fn column(days: i32, (before, after): (i32, i32), width: u16) -> Option<u16> {
    if days < -before || days > after || width == 0 {
        return None;
    }
    let span = (before + after).max(1) as i64;
    let x = (days + before) as i64 * (width as i64 - 1) / span;
    Some(x as u16)
}

fn density_block(frame: &mut Frame, t: Theme, d: &Density, range: (i32, i32), area: Rect) {
    let block = Block::bordered().title(" Records per month around the index, whole cohort ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width <= ID_WIDTH || inner.height < 5 {
        return;
    }
    let width = inner.width - ID_WIDTH;
    let buf = frame.buffer_mut();
    let (before, after) = range;
    for (di, ds) in Dataset::ALL.iter().enumerate() {
        let y = inner.y + di as u16;
        buf.set_string(
            inner.x,
            y,
            format!("{} {}", glyph(*ds), dataset_tag(*ds)),
            t.dataset(*ds),
        );
        // Each column sums the months its days fall in.
        let months = |x: u16| {
            let day =
                |x: i64| (x * (before + after) as i64 / (width as i64 - 1).max(1)) as i32 - before;
            let from = month_of(day(x as i64));
            let to = month_of(day(x as i64 + 1) - 1).max(from);
            (from..=to).map(|m| d.at(m, di) as u64).sum::<u64>()
        };
        let sums: Vec<u64> = (0..width).map(months).collect();
        let top = sums.iter().copied().max().unwrap_or(0).max(1);
        for (x, n) in sums.iter().enumerate() {
            let level = if *n == 0 {
                0
            } else {
                1 + (*n * 7 / top) as usize
            };
            buf.set_string(
                inner.x + ID_WIDTH + x as u16,
                y,
                LEVELS[level.min(8)].to_string(),
                t.dataset(*ds),
            );
        }
    }
    // The axis: the index and the ends.
    let axis = inner.y + 4;
    if let Some(x) = column(0, range, width) {
        buf.set_string(inner.x + ID_WIDTH + x, axis, "┴ index", t.bold());
    }
    buf.set_string(
        inner.x + ID_WIDTH,
        axis,
        format!("-{}", span_text(before)),
        t.dim(),
    );
    let end = format!("+{}", span_text(after));
    buf.set_string(
        (inner.x + inner.width).saturating_sub(end.chars().count() as u16),
        axis,
        end,
        t.dim(),
    );
}

fn person_rows(frame: &mut Frame, app: &App, people: &[PersonOutcome], area: Rect) {
    let t = app.theme;
    let s = &app.outcomes.aligned;
    let block = Block::bordered()
        .title(" People, aligned on their index date (│ index, ┤ end of follow-up) ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width <= ID_WIDTH || inner.height == 0 {
        return;
    }
    let width = inner.width - ID_WIDTH;
    let range = s.range();
    let visible = inner.height as usize;
    let offset = crate::tui::ui::layout::list_offset(s.rows.len(), visible, s.selected);
    let buf = frame.buffer_mut();
    for (row, (pos, &i)) in s
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .enumerate()
    {
        let p = &people[i];
        let y = inner.y + row as u16;
        let lane = inner.x + ID_WIDTH;
        let id = crate::tui::ui::ellipsis(&p.estimated_xjs_id, ID_WIDTH as usize - 1);
        let id_style = if pos == s.selected {
            t.selected()
        } else {
            t.bold()
        };
        buf.set_string(inner.x, y, id, id_style);
        let end = (p.end_of_follow_up - p.index_date).num_days() as i32;
        for (days, mark) in [(0, "│"), (end, "┤")] {
            if let Some(x) = column(days, range, width) {
                buf.set_string(lane + x, y, mark, t.dim());
            }
        }
        for (d, days) in &p.records {
            if let Some(x) = column(*days, range, width) {
                buf.set_string(lane + x, y, glyph(*d).to_string(), t.dataset(*d));
            }
        }
    }
}
