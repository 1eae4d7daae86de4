//! Where the cohort screen's parts go: the filter on top, then the list of people and the
//! summary side by side when the screen is wide, one of them (`s` switches) when it is not.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::tui::app::App;

/// Wide enough for the list and the summary side by side.
const SIDE_BY_SIDE: u16 = 110;

pub struct CohortAreas {
    pub form: Rect,
    /// Below the filter: where the list and the summary share, and the pick-lists open.
    pub rest: Rect,
    pub list: Option<Rect>,
    pub summary: Option<Rect>,
}

/// The list and the summary side by side (else `s` switches between them).
pub fn side_by_side(app: &App) -> bool {
    app.width >= SIDE_BY_SIDE
}

pub fn areas(app: &App) -> CohortAreas {
    let (_, body, _) = crate::tui::ui::layout::frame(app);
    let [form, rest] = Layout::vertical([Constraint::Length(5), Constraint::Min(3)]).areas(body);
    let (list, summary) = if side_by_side(app) {
        let [list, summary] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(rest);
        (Some(list), Some(summary))
    } else if app.cohort.show_summary {
        (None, Some(rest))
    } else {
        (Some(rest), None)
    };
    CohortAreas {
        form,
        rest,
        list,
        summary,
    }
}
