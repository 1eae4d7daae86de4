//! The one function that changes state: `update(&mut App, Action)`. Pure apart from queueing
//! requests for the worker in `app.outbox`; no terminal, no database.

use crate::timeline::PersonRef;

use super::action::{Action, Loaded, Request};
use super::app::{App, Pane, PersonView, Place, Popup, Screen};
use super::keymap::{Command, Context};
use super::timeline_view::TimelineChart;
use super::ui::layout;

/// How many results a search asks for.
pub const SEARCH_LIMIT: usize = 200;

pub fn update(app: &mut App, action: Action) {
    match action {
        Action::Command(c) => command(app, c),
        Action::Type(ch) => type_char(app, ch),
        Action::Backspace => backspace(app),
        Action::Edit(e) => edit(app, &e),
        Action::Click { column, row } => click(app, column, row),
        Action::Scroll { column, row, lines } => scroll(app, column, row, lines),
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
        Action::Cohort(answer) => super::cohort::answer(app, answer),
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

fn command(app: &mut App, c: Command) {
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
    match app.context() {
        Context::Help => help_command(app, c),
        Context::Chooser => chooser_command(app, c),
        Context::Search => search_command(app, c),
        Context::Catalogue => catalogue_command(app, c),
        Context::CohortForm | Context::CohortList | Context::CohortExport => {
            super::cohort::command(app, c)
        }
        Context::Outcomes | Context::Sequences | Context::Aligned => {
            super::outcomes::command(app, c)
        }
        Context::Timeline | Context::Table | Context::Details | Context::Notes => {
            person_command(app, c)
        }
    }
}

/// Moves a list selection for Up/Down/PageUp/PageDown/Top/Bottom; false for other commands.
pub(super) fn move_in_list(selected: &mut usize, len: usize, page: usize, c: Command) -> bool {
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

fn open_id(app: &mut App, id: String) {
    app.person_generation += 1;
    app.loading = Some(format!("opening {id}"));
    app.outbox.push(Request::OpenId {
        generation: app.person_generation,
        id,
    });
}

fn search_command(app: &mut App, c: Command) {
    if c == Command::Copy {
        let id = app
            .search
            .hits
            .get(app.search.selected)
            .map(|h| h.matched.clone());
        return copy(app, id);
    }
    let page = layout::search(app).1.height.saturating_sub(2).max(1) as usize;
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

fn type_char(app: &mut App, ch: char) {
    match app.screen {
        Screen::Search if app.popups.is_empty() => {
            app.search.input.push(ch);
            new_search(app);
        }
        Screen::Catalogue if app.catalogue.filtering && app.popups.is_empty() => {
            app.catalogue.filter.push(ch);
            app.catalogue.selected = 0;
        }
        Screen::Cohort if app.popups.is_empty() => super::cohort::type_char(app, ch),
        _ => {}
    }
}

/// Applies a paste, Ctrl-W or Ctrl-U to the text box that has the keys.
fn edit(app: &mut App, e: &super::action::Edit) {
    if !app.popups.is_empty() {
        return;
    }
    match app.screen {
        Screen::Search => {
            e.apply(&mut app.search.input);
            new_search(app);
        }
        Screen::Catalogue if app.catalogue.filtering => {
            e.apply(&mut app.catalogue.filter);
            app.catalogue.selected = 0;
        }
        Screen::Cohort => super::cohort::edit(app, e),
        _ => {}
    }
}

fn backspace(app: &mut App) {
    match app.screen {
        Screen::Search if app.popups.is_empty() => {
            app.search.input.pop();
            new_search(app);
        }
        Screen::Catalogue if app.catalogue.filtering && app.popups.is_empty() => {
            app.catalogue.filter.pop();
            app.catalogue.selected = 0;
        }
        Screen::Cohort if app.popups.is_empty() => super::cohort::backspace(app),
        _ => {}
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

fn open_catalogue(app: &mut App) {
    if app.screen != Screen::Catalogue {
        app.catalogue_return = app.screen;
    }
    app.screen = Screen::Catalogue;
}

fn catalogue_command(app: &mut App, c: Command) {
    let count = app.catalogue.visible(&app.notes).len();
    let page = layout::catalogue(app).1.height.saturating_sub(2).max(1) as usize;
    let b = &mut app.catalogue;
    if move_in_list(&mut b.selected, count, page, c) {
        b.detail_scroll = 0;
        return;
    }
    match c {
        Command::ScrollDown => b.detail_scroll = b.detail_scroll.saturating_add(3),
        Command::ScrollUp => b.detail_scroll = b.detail_scroll.saturating_sub(3),
        Command::Filter => b.filtering = true,
        Command::Open => b.filtering = false,
        Command::Back if b.filtering => {
            b.filtering = false;
            b.filter.clear();
            b.selected = 0;
        }
        Command::Back => app.screen = app.catalogue_return,
        _ => {}
    }
}

fn person_command(app: &mut App, c: Command) {
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
    let page = layout::inner(layout::person(app).bottom)
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

/// Puts an ID on the clipboard (the event loop writes it with OSC 52) and says so.
fn copy(app: &mut App, id: Option<String>) {
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
fn go_back(app: &mut App) {
    match app.back.pop() {
        Some(place) => {
            let here = go_to(app, place);
            app.forward.push(here);
        }
        None => app.screen = Screen::Search,
    }
}

/// Returns to the place last gone back from (`>`), if any.
pub(super) fn go_forward(app: &mut App) {
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
                select(p, i as i64);
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
    if !app.popups.is_empty() || app.too_small() {
        return;
    }
    match app.screen {
        Screen::Search => {
            let (_, results) = layout::search(app);
            let inner = layout::inner(results);
            if layout::contains(inner, column, row) {
                let visible = inner.height as usize;
                let offset =
                    layout::list_offset(app.search.hits.len(), visible, app.search.selected);
                let i = offset + (row - inner.y) as usize;
                if i < app.search.hits.len() {
                    if i == app.search.selected {
                        open_selected_hit(app);
                    } else {
                        app.search.selected = i;
                    }
                }
            }
        }
        Screen::Catalogue => {
            let (_, list, _) = layout::catalogue(app);
            let inner = layout::inner(list);
            if layout::contains(inner, column, row) {
                let n = app.catalogue.visible(&app.notes).len();
                let offset = layout::list_offset(n, inner.height as usize, app.catalogue.selected);
                let i = offset + (row - inner.y) as usize;
                if i < n {
                    app.catalogue.selected = i;
                }
            }
        }
        Screen::Person => click_person(app, column, row),
        Screen::Cohort | Screen::Outcomes => {}
    }
}

fn click_person(app: &mut App, column: u16, row: u16) {
    let areas = layout::person(app);
    let bottom_pane = layout::bottom_pane(app);
    let side_pane = layout::side_pane(app);
    let theme = app.theme;
    let Some(p) = app.person.as_mut() else { return };
    if layout::contains(areas.chart, column, row) {
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
        if let Some(i) = chart.event_at(layout::inner(areas.chart), column, row) {
            select(p, i as i64);
        }
    } else if layout::contains(areas.bottom, column, row) {
        app.pane = bottom_pane;
        if bottom_pane == Pane::Table {
            let inner = layout::inner(areas.bottom);
            // The first inner line is the column header.
            if row > inner.y && row < inner.y + inner.height {
                let visible = inner.height.saturating_sub(1) as usize;
                let offset = layout::list_offset(p.timeline.events.len(), visible, p.selected);
                let i = offset + (row - inner.y - 1) as usize;
                if i < p.timeline.events.len() {
                    select(p, i as i64);
                }
            }
        }
    } else if areas.side.is_some_and(|s| layout::contains(s, column, row)) {
        app.pane = side_pane;
    }
}

fn scroll(app: &mut App, column: u16, row: u16, lines: i32) {
    if !app.popups.is_empty() {
        let c = if lines < 0 {
            Command::Up
        } else {
            Command::Down
        };
        for _ in 0..lines.unsigned_abs() {
            command(app, c);
        }
        return;
    }
    if app.screen == Screen::Person {
        // Scroll acts on the pane under the pointer.
        let areas = layout::person(app);
        if layout::contains(areas.chart, column, row) {
            app.pane = Pane::Timeline;
        } else if layout::contains(areas.bottom, column, row) {
            app.pane = layout::bottom_pane(app);
        } else if areas.side.is_some_and(|s| layout::contains(s, column, row)) {
            app.pane = layout::side_pane(app);
        }
    }
    let c = if lines < 0 {
        Command::Up
    } else {
        Command::Down
    };
    for _ in 0..lines.unsigned_abs() {
        command(app, c);
    }
}

/// Whether a command would do something now (the footer shows only such keys).
pub fn can(app: &App, c: Command) -> bool {
    let person = app.person.as_ref();
    let event = person.and_then(|p| p.selected_event());
    match (app.context(), c) {
        (Context::Search, Command::Back) => person.is_some(),
        (_, Command::Journey) | (Context::Details, Command::Open) => {
            event.is_some_and(|e| !e.journey_links.is_empty())
        }
        (_, Command::Forward) => !app.forward.is_empty(),
        (_, Command::MissedLinks) => person.is_some_and(|p| !p.timeline.split_into.is_empty()),
        (Context::CohortList, Command::Summary) => !app.wide(),
        // The view already shown.
        (Context::Outcomes, Command::Outcomes)
        | (Context::Sequences, Command::Sequences)
        | (Context::Aligned, Command::Aligned) => false,
        (
            Context::Timeline | Context::Table | Context::Details | Context::Notes,
            Command::NextPerson | Command::PrevPerson | Command::Mark,
        ) => super::cohort::position(app).is_some(),
        _ => true,
    }
}
