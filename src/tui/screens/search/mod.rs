//! The search screen: a box for any ID and the identifiers that match it.

pub mod layout;
pub mod state;
pub mod view;

use ratatui::Frame;

use super::{list_row_at, move_in_list, ScreenParts, Text};
use crate::timeline::PersonRef;
use crate::tui::action::Request;
use crate::tui::app::{App, Popup, Screen};
use crate::tui::keymap::{Command, Context};
use crate::tui::ui::layout as ui_layout;
use crate::tui::update::{copy, open_catalogue, open_id, open_person};

pub struct SearchScreen;

impl ScreenParts for SearchScreen {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Search]
    }

    fn context(&self, _app: &App) -> Context {
        Context::Search
    }

    fn typing(&self, _app: &App) -> bool {
        true
    }

    fn title(&self, _app: &App) -> String {
        "search".into()
    }

    fn command(&self, app: &mut App, c: Command) {
        if c == Command::Copy {
            let id = app
                .search
                .hits
                .get(app.search.selected)
                .map(|h| h.matched.clone());
            return copy(app, id);
        }
        let page = layout::areas(app).1.height.saturating_sub(2).max(1) as usize;
        let s = &mut app.search;
        if move_in_list(&mut s.selected, s.hits.len(), page, c) {
            return;
        }
        match c {
            Command::Open => open_selected_hit(app),
            Command::Back if app.person.is_some() => app.screen = Screen::Person,
            Command::Catalogue => open_catalogue(app),
            Command::Cohort => super::cohort::open(app),
            _ => {}
        }
    }

    fn text(&self, app: &mut App, text: Text<'_>) {
        let input = &mut app.search.input;
        match text {
            Text::Char(ch) => input.push(ch),
            Text::Backspace => {
                input.pop();
            }
            Text::Edit(e) => e.apply(input),
        }
        new_search(app);
    }

    fn draw(&self, frame: &mut Frame, app: &App) {
        view::draw(frame, app);
    }

    /// A click selects a result; a click on the selected one opens it.
    fn click(&self, app: &mut App, column: u16, row: u16) {
        let inner = ui_layout::inner(layout::areas(app).1);
        let s = &app.search;
        if let Some(i) = list_row_at(inner, 0, s.hits.len(), s.selected, column, row) {
            if i == s.selected {
                open_selected_hit(app);
            } else {
                app.search.selected = i;
            }
        }
    }

    fn can(&self, app: &App, c: Command) -> bool {
        c != Command::Back || app.person.is_some()
    }
}

fn open_selected_hit(app: &mut App) {
    let Some(hit) = app.search.hits.get(app.search.selected).cloned() else {
        let typed = crate::search::typos::normalise(&app.search.input);
        if typed.is_empty() {
            return;
        }
        if app.search.searching() {
            // Enter before the results arrive (a pasted ID): open the ID as typed.
            open_id(app, typed);
        } else {
            app.message = Some(format!("nothing matches {typed:?}"));
        }
        return;
    };
    // Whoever the ID resolves to, unlinked records included; fall back to resolving it again.
    let mut people = hit.resolves_to.clone();
    if people.is_empty() {
        people = hit.persons.iter().cloned().map(PersonRef::Linked).collect();
    }
    match people.len() {
        0 => open_id(app, hit.matched),
        1 => open_person(app, people.remove(0)),
        n => app.popups.push(Popup::Chooser {
            title: format!(
                "{} {} is under {n} person IDs: possible missed link",
                hit.id_kind, hit.matched
            ),
            people,
            selected: 0,
        }),
    }
}

/// Every edit of the query is a new generation; older answers will be dropped.
fn new_search(app: &mut App) {
    let s = &mut app.search;
    s.generation += 1;
    s.error = None;
    let query = s.input.trim().to_string();
    if query.is_empty() {
        s.hits.clear();
        s.selected = 0;
        s.answered = s.generation;
        return;
    }
    app.outbox.push(Request::Search {
        generation: s.generation,
        query,
    });
}
