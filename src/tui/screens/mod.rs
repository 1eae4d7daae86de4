//! The screens of the explorer, each in its own folder with the same shape: its state, its
//! update (commands, text, mouse), its view and layout, and its key contexts, joined by one
//! trait. A new screen is one folder and one arm of [`parts`]; the event loop, the footer
//! hints, the help popup, mouse handling and the keymap test reach every screen through it.

pub mod catalogue;
pub mod cohort;
pub mod outcomes;
pub mod person;
pub mod search;

use ratatui::Frame;

use super::action::Edit;
use super::app::{App, Screen};
use super::keymap::{Command, Context};

/// Text for the box that has the keys.
#[derive(Debug, Clone, Copy)]
pub enum Text<'a> {
    Char(char),
    Backspace,
    /// A paste, Ctrl-W or Ctrl-U.
    Edit(&'a Edit),
}

/// What every screen provides.
pub trait ScreenParts: Sync {
    /// Every keymap context the screen can be in (each has its table in the keymap).
    fn contexts(&self) -> &'static [Context];
    /// The context that has the keys now.
    fn context(&self, app: &App) -> Context;
    /// Whether printable keys are text for one of its boxes rather than commands.
    fn typing(&self, _app: &App) -> bool {
        false
    }
    /// What the title line calls the screen.
    fn title(&self, app: &App) -> String;
    fn command(&self, app: &mut App, c: Command);
    /// Typing, while [`ScreenParts::typing`].
    fn text(&self, _app: &mut App, _text: Text<'_>) {}
    /// Draws the screen between the title line and the footer.
    fn draw(&self, frame: &mut Frame, app: &App);
    /// A click at a cell of the terminal.
    fn click(&self, _app: &mut App, _column: u16, _row: u16) {}
    /// The wheel over a cell: by default it moves the selection.
    fn scroll(&self, app: &mut App, _column: u16, _row: u16, lines: i32) {
        scroll_by_lines(app, lines);
    }
    /// Whether a command of the screen acts now (the footer shows only such keys).
    fn can(&self, _app: &App, _c: Command) -> bool {
        true
    }
}

/// The parts of a screen.
pub fn parts(screen: Screen) -> &'static dyn ScreenParts {
    match screen {
        Screen::Search => &search::SearchScreen,
        Screen::Person => &person::PersonScreen,
        Screen::Catalogue => &catalogue::CatalogueScreen,
        Screen::Cohort => &cohort::CohortScreen,
        Screen::Outcomes => &outcomes::OutcomesScreen,
    }
}

/// Every screen, for tests that must cover them all.
pub const ALL: [Screen; 5] = [
    Screen::Search,
    Screen::Person,
    Screen::Catalogue,
    Screen::Cohort,
    Screen::Outcomes,
];

/// The wheel as Up/Down presses.
pub fn scroll_by_lines(app: &mut App, lines: i32) {
    let c = if lines < 0 {
        Command::Up
    } else {
        Command::Down
    };
    for _ in 0..lines.unsigned_abs() {
        super::update::command(app, c);
    }
}

/// Moves a list selection for Up/Down/PageUp/PageDown/Top/Bottom; false for other commands.
pub fn move_in_list(selected: &mut usize, len: usize, page: usize, c: Command) -> bool {
    let last = len.saturating_sub(1);
    *selected = match c {
        Command::Up => selected.saturating_sub(1),
        Command::Down => (*selected + 1).min(last),
        Command::PageUp => selected.saturating_sub(page),
        Command::PageDown => (*selected + page).min(last),
        Command::Top => 0,
        Command::Bottom => last,
        _ => return false,
    };
    true
}

/// The row of a list drawn in `inner` (after `header` lines) under a click, if any: the list
/// scrolls as [`super::ui::layout::list_offset`] keeps `selected` in view.
pub fn list_row_at(
    inner: ratatui::layout::Rect,
    header: u16,
    len: usize,
    selected: usize,
    column: u16,
    row: u16,
) -> Option<usize> {
    use super::ui::layout;
    if !layout::contains(inner, column, row) || row < inner.y + header {
        return None;
    }
    let visible = inner.height.saturating_sub(header) as usize;
    let offset = layout::list_offset(len, visible, selected);
    let i = offset + (row - inner.y - header) as usize;
    (i < len).then_some(i)
}
