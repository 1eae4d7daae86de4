//! Where the outcomes screen's parts go: two lines of settings, then the view (curves, the tree
//! of what came next, or the aligned journeys: density on top, the people, a status line).

use ratatui::layout::{Constraint, Layout, Rect};

use crate::tui::app::App;

/// The settings lines and the view below them.
pub fn areas(app: &App) -> (Rect, Rect) {
    let (_, body, _) = crate::tui::ui::layout::frame(app);
    let [settings, view] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(body);
    (settings, view)
}

/// The aligned view inside `view`: the density block, the people's rows, the status line.
pub fn aligned(view: Rect) -> (Rect, Rect, Rect) {
    let [density, rows, status] = Layout::vertical([
        Constraint::Length(7),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(view);
    (density, rows, status)
}
