//! Draws chart rows into a buffer: lane labels, shaded "not observed" periods, bars for spans,
//! glyphs for point dates, an open-end arrow, the selected record highlighted, and a date axis.

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use crate::timeline::PersonTimeline;
use crate::tui::theme::Theme;

use super::lanes::{ChartRow, Item, RowKind};
use super::window::{ticks, Window, Zoom};

/// Width of the lane-label column.
pub const LABEL_WIDTH: u16 = 12;

pub const GLYPH_EVENT: char = '━';
pub const GLYPH_CHILD: char = '─';
pub const GLYPH_OPEN: char = '▶';
pub const GLYPH_OFFENCE: char = '◆';
pub const GLYPH_REFERRAL: char = '▲';
pub const GLYPH_OTHER_POINT: char = '•';
pub const GLYPH_UNOBSERVED: char = '░';

/// A vertical mark on the chart, e.g. a cohort's index referral date.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub date: NaiveDate,
    pub glyph: char,
}

/// The glyph of a point date, by the column it comes from.
pub fn marker_glyph(column: &str) -> char {
    if column.contains("offence") {
        GLYPH_OFFENCE
    } else if column.contains("referral") {
        GLYPH_REFERRAL
    } else {
        GLYPH_OTHER_POINT
    }
}

pub struct TimelineChart<'a> {
    pub timeline: &'a PersonTimeline,
    pub rows: &'a [ChartRow],
    pub window: Window,
    pub zoom: Zoom,
    /// The selected event (index into `timeline.events`).
    pub selected: Option<usize>,
    pub marks: &'a [Mark],
    /// A highlighted date range, e.g. a cohort's referral window (drawn on the axis).
    pub range: Option<(NaiveDate, NaiveDate)>,
    pub theme: Theme,
}

impl TimelineChart<'_> {
    /// The rows worth drawing: all of them when fitting everything; when zoomed, a dataset's
    /// first lane (its label and coverage) plus the rows with something in the window.
    pub fn shown_rows(&self) -> Vec<&ChartRow> {
        self.rows
            .iter()
            .filter(|r| {
                self.zoom == Zoom::Fit
                    || matches!(r.kind, RowKind::Events(0) | RowKind::Absent)
                    || r.items.iter().any(|i| self.item_columns(i, 1).is_some())
            })
            .collect()
    }

    /// The first shown row drawn, so that the selected event's row is visible.
    pub fn first_row(&self, visible: usize) -> usize {
        let shown = self.shown_rows();
        let Some(sel) = self.selected else { return 0 };
        let Some(row) = shown
            .iter()
            .position(|r| r.items.iter().any(|i| i.event == sel && i.child.is_none()))
        else {
            return 0;
        };
        if row < visible {
            0
        } else {
            (row + 1 - visible).min(shown.len().saturating_sub(visible))
        }
    }

    /// The event drawn at a screen cell of `area` (for mouse clicks).
    pub fn event_at(&self, area: Rect, x: u16, y: u16) -> Option<usize> {
        let plot = plot_width(area)?;
        if x < area.x + LABEL_WIDTH || y < area.y || y >= area.y + area.height.saturating_sub(1) {
            return None;
        }
        let visible = area.height.saturating_sub(1) as usize;
        let shown = self.shown_rows();
        let row = shown.get(self.first_row(visible) + (y - area.y) as usize)?;
        let col = x - area.x - LABEL_WIDTH;
        row.items
            .iter()
            .find(|it| {
                self.item_columns(it, plot)
                    .is_some_and(|(a, b)| a <= col && col <= b)
            })
            .map(|it| it.event)
    }

    /// The columns an item covers, `None` when it is outside the window.
    fn item_columns(&self, it: &Item, plot: u16) -> Option<(u16, u16)> {
        let first = it.markers.iter().map(|m| m.date).chain([it.start]).min()?;
        let last = it.markers.iter().map(|m| m.date).chain([it.end]).max()?;
        if last < self.window.start || first > self.window.end {
            return None;
        }
        Some((
            self.window.column_clamped(it.start, plot),
            self.window.column_clamped(it.end, plot),
        ))
    }

    fn draw_row(
        &self,
        row: &ChartRow,
        x0: u16,
        y: u16,
        plot: u16,
        buf: &mut Buffer,
        label_scrolled: bool,
    ) {
        let t = self.theme;
        let ds = t.dataset(row.dataset);
        let label = match row.kind {
            RowKind::Events(0) | RowKind::Absent => row.dataset.label().to_string(),
            _ if label_scrolled => format!("{} ↑", row.dataset.label()),
            RowKind::Children { first: true } => "  └ orders".to_string(),
            RowKind::Events(_) | RowKind::Children { .. } => String::new(),
        };
        let label_style = if matches!(row.kind, RowKind::Events(0)) {
            ds.patch(t.bold())
        } else {
            ds
        };
        buf.set_stringn(x0, y, &label, LABEL_WIDTH as usize - 1, label_style);
        let px = x0 + LABEL_WIDTH;
        if row.kind == RowKind::Absent {
            buf.set_stringn(px, y, "not in this database", plot as usize, t.dim());
            return;
        }
        // Shade the columns the dataset does not observe.
        let window = self.timeline.windows.of(row.dataset);
        let (from, observed_to) = (window.from, window.to);
        for c in 0..plot {
            let d = self.window.date_at(c, plot);
            if d < from || d > observed_to {
                buf.set_string(px + c, y, GLYPH_UNOBSERVED.to_string(), t.dim());
            }
        }
        for m in self.marks {
            if let Some(c) = self.window.column(m.date, plot) {
                buf.set_string(px + c, y, m.glyph.to_string(), t.bold());
            }
        }
        for it in &row.items {
            let Some((a, b)) = self.item_columns(it, plot) else {
                continue;
            };
            let selected = self.selected == Some(it.event);
            let mut style = ds;
            if selected {
                style = style.patch(t.selected());
            }
            let in_window = it.end >= self.window.start && it.start <= self.window.end;
            if in_window {
                let glyph = if it.child.is_some() {
                    GLYPH_CHILD
                } else {
                    GLYPH_EVENT
                };
                for c in a..=b {
                    buf.set_string(px + c, y, glyph.to_string(), style);
                }
                if it.open && self.window.contains(it.end) {
                    buf.set_string(px + b, y, GLYPH_OPEN.to_string(), style);
                }
            }
            for m in &it.markers {
                if let Some(c) = self.window.column(m.date, plot) {
                    let mstyle = if selected { style } else { ds.patch(t.bold()) };
                    buf.set_string(px + c, y, marker_glyph(m.column).to_string(), mstyle);
                }
            }
        }
    }

    /// The axis row; the lane-label column stays empty (the zoom is in the chart's title).
    fn draw_axis(&self, x0: u16, y: u16, plot: u16, buf: &mut Buffer) {
        let t = self.theme;
        let px = x0 + LABEL_WIDTH;
        let axis = Style::new();
        for c in 0..plot {
            buf.set_string(px + c, y, "─", t.dim());
        }
        if let Some((a, b)) = self.range {
            let ca = self.window.column_clamped(a, plot);
            let cb = self.window.column_clamped(b, plot);
            if b >= self.window.start && a <= self.window.end {
                for c in ca..=cb {
                    buf.set_string(px + c, y, "═", t.bold());
                }
            }
        }
        let mut free_from = 0u16;
        for (date, label) in ticks(self.window, self.zoom) {
            let Some(c) = self.window.column(date, plot) else {
                continue;
            };
            let room = plot.saturating_sub(c + 1) as usize;
            if c < free_from || room < label.chars().count() {
                continue;
            }
            buf.set_string(px + c, y, "┴", axis);
            buf.set_stringn(px + c + 1, y, &label, room, axis);
            free_from = c + label.chars().count() as u16 + 2;
        }
        if let Some(c) = self.window.column(self.timeline.windows.extract_date, plot) {
            buf.set_string(px + c, y, "┃", t.bold());
        }
    }
}

fn plot_width(area: Rect) -> Option<u16> {
    area.width.checked_sub(LABEL_WIDTH).filter(|w| *w > 0)
}

impl Widget for TimelineChart<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(plot) = plot_width(area) else { return };
        if area.height < 2 {
            return;
        }
        let visible = (area.height - 1) as usize;
        let first = self.first_row(visible);
        let shown = self.shown_rows();
        for (i, row) in shown.iter().skip(first).take(visible).enumerate() {
            // Scrolled past a dataset's first lane: still say whose lanes these are.
            let label_scrolled = i == 0 && !matches!(row.kind, RowKind::Events(0));
            self.draw_row(row, area.x, area.y + i as u16, plot, buf, label_scrolled);
        }
        self.draw_axis(area.x, area.y + area.height - 1, plot, buf);
    }
}
