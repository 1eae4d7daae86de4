//! The person screen: one person's timeline (chart), the table of their records, the selected
//! record's details, and the catalogue notes and quality flags that concern it.

pub mod details;
pub mod layout;
pub mod notes;
pub mod state;
pub mod view;

use ratatui::Frame;

use super::ScreenParts;
use crate::timeline::PersonRef;
use crate::tui::app::{App, Pane, PersonView, Place, Popup, Screen};
use crate::tui::keymap::{Command, Context};
use crate::tui::timeline_view::TimelineChart;
use crate::tui::ui::layout as ui_layout;
use crate::tui::update::{copy, go_back, go_forward, open_catalogue, open_id};

pub struct PersonScreen;

impl ScreenParts for PersonScreen {
    fn contexts(&self) -> &'static [Context] {
        &[
            Context::Timeline,
            Context::Table,
            Context::Details,
            Context::Notes,
        ]
    }

    fn context(&self, app: &App) -> Context {
        app.pane.context()
    }

    fn title(&self, app: &App) -> String {
        match app.person.as_ref().map(|p| &p.timeline.estimated_xjs_id) {
            Some(Some(id)) => format!("person {id}"),
            Some(None) => "record not linked".to_string(),
            None => String::new(),
        }
    }

    fn command(&self, app: &mut App, c: Command) {
        command(app, c);
    }

    fn draw(&self, frame: &mut Frame, app: &App) {
        view::draw(frame, app);
    }

    fn click(&self, app: &mut App, column: u16, row: u16) {
        click(app, column, row);
    }

    /// The wheel acts on the pane under the pointer.
    fn scroll(&self, app: &mut App, column: u16, row: u16, lines: i32) {
        let areas = layout::areas(app);
        if ui_layout::contains(areas.chart, column, row) {
            app.pane = Pane::Timeline;
        } else if ui_layout::contains(areas.bottom, column, row) {
            app.pane = layout::bottom_pane(app);
        } else if areas
            .side
            .is_some_and(|s| ui_layout::contains(s, column, row))
        {
            app.pane = layout::side_pane(app);
        }
        super::scroll_by_lines(app, lines);
    }

    fn can(&self, app: &App, c: Command) -> bool {
        let person = app.person.as_ref();
        let event = person.and_then(|p| p.selected_event());
        match (app.pane, c) {
            (Pane::Details, Command::Open) => event.is_some_and(|e| !e.journey_links.is_empty()),
            (_, Command::NextPerson | Command::PrevPerson | Command::Mark) => {
                super::cohort::position(app).is_some()
            }
            _ => true,
        }
    }
}

fn command(app: &mut App, c: Command) {
    let pane = app.pane;
    if c != Command::Export {
        app.person_export_confirm = None;
    }
    match c {
        Command::Export => {
            super::cohort::export_person(app);
            return;
        }
        Command::NextPane | Command::PrevPane => {
            let i = Pane::ORDER.iter().position(|p| *p == pane).unwrap_or(0);
            let step = if c == Command::NextPane { 1 } else { 3 };
            app.pane = Pane::ORDER[(i + step) % 4];
            return;
        }
        Command::Search => {
            app.screen = Screen::Search;
            return;
        }
        Command::Catalogue => return open_catalogue(app),
        Command::Back => return go_back(app),
        Command::Forward => return go_forward(app),
        Command::Journey => return follow_journey(app),
        Command::MissedLinks => return missed_links(app),
        Command::Maximise => {
            app.maximised = !app.maximised;
            return;
        }
        Command::Copy => {
            let id = app
                .person
                .as_ref()
                .map(|p| match &p.timeline.estimated_xjs_id {
                    Some(x) => x.clone(),
                    None => p
                        .timeline
                        .events
                        .first()
                        .and_then(|e| e.row_id_hashes.first().cloned())
                        .unwrap_or_default(),
                });
            return copy(app, id);
        }
        Command::Cohort => return super::cohort::open(app),
        Command::NextPerson => return super::cohort::step(app, 1),
        Command::PrevPerson => return super::cohort::step(app, -1),
        Command::Mark => return super::cohort::mark_shown_person(app),
        _ => {}
    }
    let page = ui_layout::inner(layout::areas(app).bottom)
        .height
        .saturating_sub(1)
        .max(1) as i64;
    let Some(p) = app.person.as_mut() else { return };
    match (pane, c) {
        (Pane::Timeline, Command::ZoomIn) => zoom(p, true),
        (Pane::Timeline, Command::ZoomOut) => zoom(p, false),
        (Pane::Timeline, Command::ZoomFit) => p.chart = Default::default(),
        (Pane::Timeline, Command::PageUp) => pan(p, -1),
        (Pane::Timeline, Command::PageDown) => pan(p, 1),
        (Pane::Timeline, Command::Left | Command::Up) => select(p, p.selected as i64 - 1),
        (Pane::Timeline, Command::Right | Command::Down) => select(p, p.selected as i64 + 1),
        (Pane::Timeline | Pane::Table, Command::Open) => app.pane = Pane::Details,
        (Pane::Timeline | Pane::Table, Command::Top) => select(p, 0),
        (Pane::Timeline | Pane::Table, Command::Bottom) => select(p, i64::MAX),
        (Pane::Table, Command::Up) => select(p, p.selected as i64 - 1),
        (Pane::Table, Command::Down) => select(p, p.selected as i64 + 1),
        (Pane::Table, Command::PageUp) => select(p, p.selected as i64 - page),
        (Pane::Table, Command::PageDown) => select(p, p.selected as i64 + page),
        (Pane::Details | Pane::Notes, Command::Left) => select(p, p.selected as i64 - 1),
        (Pane::Details | Pane::Notes, Command::Right) => select(p, p.selected as i64 + 1),
        (Pane::Details, Command::Open) => follow_journey(app),
        (
            Pane::Details | Pane::Notes,
            Command::Up | Command::Down | Command::PageUp | Command::PageDown,
        ) => {
            let delta: i32 = match c {
                Command::Up => -1,
                Command::Down => 1,
                Command::PageUp => -(page as i32),
                _ => page as i32,
            };
            let scroll = if pane == Pane::Details {
                &mut p.details_scroll
            } else {
                &mut p.notes_scroll
            };
            *scroll = (*scroll as i32 + delta).clamp(0, u16::MAX as i32) as u16;
        }
        _ => {}
    }
}

/// Selects an event (clamped), and brings it into view when the chart is zoomed.
pub fn select(p: &mut PersonView, index: i64) {
    let n = p.timeline.events.len();
    if n == 0 {
        return;
    }
    let index = index.clamp(0, n as i64 - 1) as usize;
    if index != p.selected {
        p.details_scroll = 0;
        p.notes_scroll = 0;
    }
    p.selected = index;
    let start = p.selected_event().and_then(|e| e.start.date());
    let window = p.chart.window(&p.timeline, &p.rows, start);
    if let Some(d) = start {
        if !window.contains(d) {
            p.chart.center = Some(d);
        }
    }
}

fn zoom(p: &mut PersonView, zoom_in: bool) {
    let start = p.selected_event().and_then(|e| e.start.date());
    let shown = p.chart.window(&p.timeline, &p.rows, start).days();
    // In means a narrower span, out a wider one: on a short journey that fits in a few months,
    // "years" would be wider than what is shown, so `+` goes straight to months.
    let mut z = p.chart.zoom;
    loop {
        let next = if zoom_in { z.zoom_in() } else { z.zoom_out() };
        if next == z {
            break;
        }
        z = next;
        match z.span_days() {
            Some(days) if zoom_in && days >= shown => continue,
            Some(days) if !zoom_in && days <= shown => continue,
            _ => break,
        }
    }
    if zoom_in && z.span_days().is_some_and(|days| days >= shown) {
        return; // nothing narrower to show
    }
    p.chart.zoom = z;
    // Zooming centres on the selected event.
    p.chart.center = p.selected_event().and_then(|e| e.start.date());
}

fn pan(p: &mut PersonView, quarters: i64) {
    let start = p.selected_event().and_then(|e| e.start.date());
    let window = p.chart.window(&p.timeline, &p.rows, start);
    p.chart.pan(window, quarters);
}

/// Follows the magistrates-to-Crown link of the selected case: selects the other case when it
/// is on this timeline, else opens whoever holds it.
fn follow_journey(app: &mut App) {
    let Some(p) = app.person.as_mut() else { return };
    let Some(e) = p.selected_event() else { return };
    let own: Vec<&String> = e.row_id_hashes.iter().collect();
    let target = e.journey_links.iter().find_map(|l| {
        if own.contains(&&l.mags_row_id_hash) {
            Some(l.crown_row_id_hash.clone())
        } else if own.contains(&&l.crown_row_id_hash) {
            Some(l.mags_row_id_hash.clone())
        } else {
            None
        }
    });
    let Some(target) = target else {
        app.message = Some("this record has no magistrates-to-Crown journey link".into());
        return;
    };
    let found = p
        .timeline
        .events
        .iter()
        .position(|e| e.row_id_hashes.contains(&target));
    match found {
        Some(i) => {
            app.back.push(Place::Record(p.selected));
            app.forward.clear();
            select(p, i as i64);
        }
        None => open_id(app, target),
    }
}

fn missed_links(app: &mut App) {
    let Some(p) = &app.person else { return };
    if p.timeline.split_into.is_empty() {
        app.message = Some("no sign of a missed link for this person".into());
        return;
    }
    let mut people: Vec<PersonRef> = Vec::new();
    if let Some(id) = &p.timeline.estimated_xjs_id {
        people.push(PersonRef::Linked(id.clone()));
    }
    people.extend(p.timeline.split_into.iter().cloned().map(PersonRef::Linked));
    app.popups.push(Popup::Chooser {
        title: "Possible missed link: the same dataset-level person under several IDs".into(),
        people,
        selected: 0,
    });
}

fn click(app: &mut App, column: u16, row: u16) {
    let areas = layout::areas(app);
    let bottom_pane = layout::bottom_pane(app);
    let side_pane = layout::side_pane(app);
    let theme = app.theme;
    let Some(p) = app.person.as_mut() else { return };
    if ui_layout::contains(areas.chart, column, row) {
        app.pane = Pane::Timeline;
        let start = p.selected_event().and_then(|e| e.start.date());
        let chart = TimelineChart {
            timeline: &p.timeline,
            rows: &p.rows,
            window: p.chart.window(&p.timeline, &p.rows, start),
            zoom: p.chart.zoom,
            selected: Some(p.selected),
            marks: &[],
            range: None,
            theme,
        };
        if let Some(i) = chart.event_at(ui_layout::inner(areas.chart), column, row) {
            select(p, i as i64);
        }
    } else if ui_layout::contains(areas.bottom, column, row) {
        app.pane = bottom_pane;
        if bottom_pane == Pane::Table {
            // The first inner line is the column header.
            let (n, at) = (p.timeline.events.len(), p.selected);
            let inner = ui_layout::inner(areas.bottom);
            if let Some(i) = super::list_row_at(inner, 1, n, at, column, row) {
                select(p, i as i64);
            }
        }
    } else if areas
        .side
        .is_some_and(|s| ui_layout::contains(s, column, row))
    {
        app.pane = side_pane;
    }
}
