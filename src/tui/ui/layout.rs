//! Where each part of each screen goes, as pure functions of the state. Drawing and mouse
//! handling both use these, so a click always lands on what is drawn there.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::tui::app::{App, Pane};

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

/// The search screen: the query box and the result list.
pub fn search(app: &App) -> (Rect, Rect) {
    let (_, body, _) = frame(app);
    let [input, results] =
        Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(body);
    (input, results)
}

/// The catalogue screen: the entry list and the description of the selected entry.
pub fn catalogue(app: &App) -> (Rect, Rect, Rect) {
    let (_, body, _) = frame(app);
    let [filter, rest] = Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(body);
    let [list, detail] = if app.wide() {
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(rest)
    } else {
        Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(rest)
    };
    (filter, list, detail)
}

/// The person screen's areas. `side` is the pane beside the table on wide terminals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonAreas {
    pub header: Rect,
    pub chart: Rect,
    /// The table, or on narrow terminals whichever of table, details and notes has the focus.
    pub bottom: Rect,
    pub side: Option<Rect>,
}

/// Header lines above the chart.
pub const HEADER_HEIGHT: u16 = 4;

pub fn person(app: &App) -> PersonAreas {
    let (_, body, _) = frame(app);
    let rows = app.person.as_ref().map_or(4, |p| p.rows.len() as u16);
    // Chart: its rows, the axis and a border; at most about half of what is left.
    let room = body.height.saturating_sub(HEADER_HEIGHT);
    let wanted = rows + 3;
    // The chart comes first, up to three fifths of the room (more on short screens, so that a
    // simple person's lanes all fit); the table keeps at least four rows.
    let limit = (room * 3 / 5).max(room.saturating_sub(7).min(11)).max(7);
    let chart_height = wanted.min(limit).min(room);
    let [header, chart, bottom] = Layout::vertical([
        Constraint::Length(HEADER_HEIGHT),
        Constraint::Length(chart_height),
        Constraint::Min(0),
    ])
    .areas(body);
    if app.maximised {
        // The focused pane takes everything below the header; the others are not drawn.
        let [_, all] =
            Layout::vertical([Constraint::Length(HEADER_HEIGHT), Constraint::Min(0)]).areas(body);
        let none = Rect::new(all.x, all.y, all.width, 0);
        return match app.pane {
            Pane::Timeline => PersonAreas {
                header,
                chart: all,
                bottom: none,
                side: None,
            },
            _ => PersonAreas {
                header,
                chart: none,
                bottom: all,
                side: None,
            },
        };
    }
    if app.wide() {
        let [table, side] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(bottom);
        PersonAreas {
            header,
            chart,
            bottom: table,
            side: Some(side),
        }
    } else {
        PersonAreas {
            header,
            chart,
            bottom,
            side: None,
        }
    }
}

/// Which pane is drawn in the bottom area (narrow, or maximised) or the side area (wide).
pub fn bottom_pane(app: &App) -> Pane {
    if app.wide() && !app.maximised {
        Pane::Table
    } else {
        match app.pane {
            Pane::Timeline | Pane::Table => Pane::Table,
            other => other,
        }
    }
}

pub fn side_pane(app: &App) -> Pane {
    match app.pane {
        Pane::Notes => Pane::Notes,
        _ => Pane::Details,
    }
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
