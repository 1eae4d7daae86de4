//! The one function that changes state: `update(&mut App, Action)`. Pure apart from queueing
//! requests for the worker in `app.outbox`; no terminal, no database.

use crate::timeline::PersonRef;

use super::action::{Action, Loaded, Request};
use super::app::{App, Pane, PersonView, Place, Popup, Screen};
use super::keymap::Command;
use super::screens::{self, move_in_list, parts, Text};

/// How many results a search asks for.
pub const SEARCH_LIMIT: usize = 200;

pub fn update(app: &mut App, action: Action) {
    match action {
        Action::Command(c) => command(app, c),
        Action::Type(ch) => text(app, Text::Char(ch)),
        Action::Backspace => text(app, Text::Backspace),
        Action::Edit(e) => text(app, Text::Edit(&e)),
        Action::Click { column, row } => {
            if app.popups.is_empty() && !app.too_small() {
                parts(app.screen).click(app, column, row);
            }
        }
        Action::Scroll { column, row, lines } => {
            if app.popups.is_empty() {
                parts(app.screen).scroll(app, column, row, lines);
            } else {
                screens::scroll_by_lines(app, lines);
            }
        }
        Action::Resize { width, height } => {
            app.width = width;
            app.height = height;
        }
        Action::SearchDone { generation, result } => {
            if generation != app.search.generation {
                return; // a newer search is on its way
            }
            app.search.answered = generation;
            match result {
                Ok(hits) => {
                    app.search.hits = hits;
                    app.search.error = None;
                }
                Err(e) => {
                    app.search.hits.clear();
                    app.search.error = Some(e);
                }
            }
            app.search.selected = 0;
        }
        Action::SearchPartial { generation, hits } => {
            if generation == app.search.generation {
                app.search.hits = hits;
                app.search.selected = 0;
            }
        }
        Action::PersonLoaded { generation, result } => {
            if generation != app.person_generation {
                return;
            }
            app.loading = None;
            match result {
                Ok(Loaded::Person(t)) => {
                    let replace = app.replacing.take() == Some(generation);
                    show_person(app, PersonView::new(*t), replace)
                }
                Ok(Loaded::Choice { query, people }) => app.popups.push(Popup::Chooser {
                    title: format!("{query} belongs to {} people", people.len()),
                    people,
                    selected: 0,
                }),
                Err(e) => app.message = Some(e),
            }
        }
        Action::NotesLoaded(notes) => app.notes = notes,
        Action::Cohort(answer) => super::screens::cohort::answer(app, answer),
    }
}

fn show_person(app: &mut App, view: PersonView, replace: bool) {
    // Remember where the person was opened from: the person shown before, or the screen
    // (unless this person replaces the one shown).
    let old = app.person.take();
    app.forward.clear();
    if !(replace && app.screen == Screen::Person) {
        app.back.push(match old {
            Some(old) if app.screen == Screen::Person => Place::Person(Box::new(old)),
            _ => Place::Screen(app.screen),
        });
        if app.back.len() > super::app::BACK_PLACES {
            app.back.remove(0);
        }
    }
    app.person = Some(view);
    app.screen = Screen::Person;
    app.pane = Pane::Timeline;
    app.message = None;
}

pub fn command(app: &mut App, c: Command) {
    if c == Command::Quit {
        app.quit = true;
        return;
    }
    app.message = None;
    if c == Command::Help && !matches!(app.popups.last(), Some(Popup::Help { .. })) {
        let (context, typing) = (app.context(), app.typing());
        app.popups.push(Popup::Help {
            context,
            typing,
            scroll: 0,
        });
        return;
    }
    // Esc while a person is being opened stops the opening (the answer is dropped), rather than
    // leaving the screen and having the person appear afterwards.
    if c == Command::Back && app.loading.is_some() && app.popups.is_empty() {
        app.person_generation += 1;
        app.replacing = None;
        app.loading = None;
        app.message = Some("opening stopped".into());
        return;
    }
    match app.popups.last() {
        Some(Popup::Help { .. }) => help_command(app, c),
        Some(Popup::Chooser { .. }) => chooser_command(app, c),
        None => parts(app.screen).command(app, c),
    }
}

/// Typing goes to the box of the screen that has the keys.
fn text(app: &mut App, text: Text<'_>) {
    if app.popups.is_empty() && parts(app.screen).typing(app) {
        parts(app.screen).text(app, text);
    }
}

fn help_command(app: &mut App, c: Command) {
    if let Some(Popup::Help { scroll, .. }) = app.popups.last_mut() {
        match c {
            Command::Up => *scroll = scroll.saturating_sub(1),
            Command::Down => *scroll = scroll.saturating_add(1),
            Command::Back | Command::Help => {
                app.popups.pop();
            }
            _ => {}
        }
    }
}

fn chooser_command(app: &mut App, c: Command) {
    let Some(Popup::Chooser {
        people, selected, ..
    }) = app.popups.last_mut()
    else {
        return;
    };
    if move_in_list(selected, people.len(), 1, c) {
        return;
    }
    match c {
        Command::Open => {
            let person = people.get(*selected).cloned();
            app.popups.pop();
            if let Some(p) = person {
                open_person(app, p);
            }
        }
        Command::Back => {
            app.popups.pop();
        }
        _ => {}
    }
}

/// Asks the worker for a person's timeline.
pub fn open_person(app: &mut App, person: PersonRef) {
    app.person_generation += 1;
    app.loading = Some(match &person {
        PersonRef::Linked(id) => format!("opening person {id}"),
        PersonRef::Unlinked { row_id_hash, .. } => format!("opening record {row_id_hash}"),
    });
    app.outbox.push(Request::OpenPerson {
        generation: app.person_generation,
        person,
    });
}

pub fn open_id(app: &mut App, id: String) {
    app.person_generation += 1;
    app.loading = Some(format!("opening {id}"));
    app.outbox.push(Request::OpenId {
        generation: app.person_generation,
        id,
    });
}

/// Opens the catalogue, remembering the screen to return to.
pub fn open_catalogue(app: &mut App) {
    if app.screen != Screen::Catalogue {
        app.catalogue_return = app.screen;
    }
    app.screen = Screen::Catalogue;
}

/// Puts an ID on the clipboard (the event loop writes it with OSC 52) and says so.
pub fn copy(app: &mut App, id: Option<String>) {
    match id.filter(|id| !id.is_empty()) {
        Some(id) => {
            app.message = Some(format!(
                "copied {id} to the clipboard (if the terminal allows OSC 52 clipboard writes)"
            ));
            app.clipboard = Some(id);
        }
        None => app.message = Some("nothing to copy here".into()),
    }
}

/// Back to where the researcher was: the record before a journey jump, the person before
/// another was opened, or the screen the person was opened from (the search, the cohort list).
pub fn go_back(app: &mut App) {
    match app.back.pop() {
        Some(place) => {
            let here = go_to(app, place);
            app.forward.push(here);
        }
        None => app.screen = Screen::Search,
    }
}

/// Returns to the place last gone back from (`>`), if any.
pub fn go_forward(app: &mut App) {
    match app.forward.pop() {
        Some(place) => {
            let here = go_to(app, place);
            app.back.push(here);
        }
        None => app.message = Some("nowhere to go forward to".into()),
    }
}

/// Goes to `place` and returns the place left, in the same terms (a record of the same person,
/// another person, or a screen).
fn go_to(app: &mut App, place: Place) -> Place {
    match place {
        Place::Record(i) => match app.person.as_mut() {
            Some(p) => {
                let here = Place::Record(p.selected);
                screens::person::select(p, i as i64);
                here
            }
            None => Place::Record(i),
        },
        Place::Person(to) => {
            let here = app.person.replace(*to).map(Box::new);
            app.screen = Screen::Person;
            app.pane = Pane::Timeline;
            here.map_or(Place::Screen(Screen::Search), Place::Person)
        }
        Place::Screen(s) => {
            let here = Place::Screen(app.screen);
            app.screen = s;
            here
        }
    }
}

/// Whether a command would do something now (the footer shows only such keys): the history
/// and the selected record decide some everywhere, the screen the rest.
pub fn can(app: &App, c: Command) -> bool {
    let person = app.person.as_ref();
    match c {
        Command::Journey => person
            .and_then(|p| p.selected_event())
            .is_some_and(|e| !e.journey_links.is_empty()),
        Command::Forward => !app.forward.is_empty(),
        Command::MissedLinks => person.is_some_and(|p| !p.timeline.split_into.is_empty()),
        _ if app.popups.is_empty() => parts(app.screen).can(app, c),
        _ => true,
    }
}
