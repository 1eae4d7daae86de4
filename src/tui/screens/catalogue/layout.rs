//! Where the catalogue screen's parts go.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::tui::app::App;
use crate::tui::ui::layout::frame;

/// The catalogue screen: the entry list and the description of the selected entry.
pub fn areas(app: &App) -> (Rect, Rect, Rect) {
    let (_, body, _) = frame(app);
    let [filter, rest] = Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(body);
    let [list, detail] = if app.wide() {
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(rest)
    } else {
        Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(rest)
    };
    (filter, list, detail)
}
