//! Where the person screen's parts go: header, chart, table, and details or notes beside the
//! table when the terminal is wide (below it, by focus, when narrow).

use ratatui::layout::{Constraint, Layout, Rect};

use crate::tui::app::{App, Pane};
use crate::tui::ui::layout::frame;

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

pub fn areas(app: &App) -> PersonAreas {
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
