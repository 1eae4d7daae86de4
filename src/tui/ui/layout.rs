//! The frame every screen shares (title line, body, footer) and helpers for areas and lists;
//! each screen's own layout is in its folder (`screens/*/layout.rs`). Drawing and mouse
//! handling both use these, so a click always lands on what is drawn there.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::tui::app::App;

/// The frame: a title line, the body and a footer line of key hints.
pub fn frame(app: &App) -> (Rect, Rect, Rect) {
    let area = Rect::new(0, 0, app.width, app.height);
    let [title, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    (title, body, footer)
}

/// Inside of a bordered block.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

/// The first line shown of a list of `len` lines in `visible` rows, keeping `selected` in view
/// (centred once the list scrolls).
pub fn list_offset(len: usize, visible: usize, selected: usize) -> usize {
    if len <= visible || selected < visible / 2 {
        0
    } else {
        (selected - visible / 2).min(len - visible)
    }
}

/// Whether a cell is inside an area.
pub fn contains(area: Rect, column: u16, row: u16) -> bool {
    column >= area.x && column < area.x + area.width && row >= area.y && row < area.y + area.height
}
