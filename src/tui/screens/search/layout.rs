//! Where the search screen's parts go.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::tui::app::App;
use crate::tui::ui::layout::frame;

/// The search screen: the query box and the result list.
pub fn areas(app: &App) -> (Rect, Rect) {
    let (_, body, _) = frame(app);
    let [input, results] =
        Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(body);
    (input, results)
}
