//! `update()` on its own: every test steps the state machine and checks the state and the
//! requests queued for the worker. No terminal, no database.

mod common;

use common::{keys, typed};

use common::{app_with_person, person};
use dfexplorer::contract::Dataset;
use dfexplorer::search::{MatchKind, SearchHit};
use dfexplorer::timeline::PersonRef;
use dfexplorer::tui::action::{Action, Loaded, Request};
use dfexplorer::tui::app::{App, Pane, Place, Popup, Screen};
use dfexplorer::tui::input::key_action;
use dfexplorer::tui::keymap::{Context, Key};
use dfexplorer::tui::theme::Theme;
use dfexplorer::tui::timeline_view::{layout as chart_rows, Zoom};
use dfexplorer::tui::update;

fn hit(matched: &str, kind: &str, dataset: Option<Dataset>, persons: &[&str]) -> SearchHit {
    SearchHit {
        matched: matched.into(),
        id_kind: kind.into(),
        dataset,
        match_kind: MatchKind::Exact,
        score: 0,
        persons: persons.iter().map(|p| p.to_string()).collect(),
        resolves_to: persons
            .iter()
            .map(|p| PersonRef::Linked(p.to_string()))
            .collect(),
    }
}

fn fresh() -> App {
    let mut app = App::new("t.db", 80, 24, Theme::plain());
    assert_eq!(
        app.outbox,
        vec![Request::LoadNotes],
        "notes are asked for at start"
    );
    app.outbox.clear();
    app
}

#[test]
fn typing_searches_with_a_new_generation_each_keystroke_and_drops_stale_answers() {
    let mut app = fresh();
    typed(&mut app, "X1q");
    let gens: Vec<u64> = app.outbox.iter().map(Request::generation).collect();
    assert_eq!(gens, [1, 2, 3]);
    assert_eq!(
        app.outbox.last(),
        Some(&Request::Search {
            generation: 3,
            query: "X1q".into()
        })
    );
    assert!(app.search.searching());
    // The answer to "X1" arrives after "X1q" was typed: dropped.
    update(
        &mut app,
        Action::SearchDone {
            generation: 2,
            result: Ok(vec![hit("X1", "estimated_xjs_id", None, &["X1"])]),
        },
    );
    assert!(app.search.hits.is_empty());
    assert!(app.search.searching());
    update(
        &mut app,
        Action::SearchDone {
            generation: 3,
            result: Ok(vec![]),
        },
    );
    assert!(!app.search.searching());
    // Backspace searches again; clearing the box clears results without a query.
    app.outbox.clear();
    keys(&mut app, &[Key::Backspace]);
    assert_eq!(
        app.outbox,
        vec![Request::Search {
            generation: 4,
            query: "X1".into()
        }]
    );
    keys(&mut app, &[Key::Backspace, Key::Backspace]);
    assert_eq!(app.outbox.len(), 2, "an empty box sends no query");
    assert!(!app.search.searching());
}

#[test]
fn fast_results_show_while_fuzzy_matching_continues() {
    let mut app = fresh();
    typed(&mut app, "X1");
    update(
        &mut app,
        Action::SearchPartial {
            generation: 2,
            hits: vec![hit("X1", "estimated_xjs_id", None, &["X1"])],
        },
    );
    assert_eq!(app.search.hits.len(), 1);
    assert!(app.search.searching(), "still searching for fuzzy matches");
    // Enter works on what is shown already.
    app.outbox.clear();
    keys(&mut app, &[Key::Enter]);
    assert!(matches!(app.outbox[0], Request::OpenPerson { .. }));
    // A partial answer to an older query is dropped.
    typed(&mut app, "9");
    update(
        &mut app,
        Action::SearchPartial {
            generation: 2,
            hits: vec![],
        },
    );
    assert_eq!(app.search.hits.len(), 1);
}

#[test]
fn enter_opens_the_person_a_hit_resolves_to_and_ignores_stale_loads() {
    let mut app = fresh();
    typed(&mut app, "DEF");
    update(
        &mut app,
        Action::SearchDone {
            generation: 3,
            result: Ok(vec![
                hit(
                    "DEF-9",
                    "estimated_defendant_id",
                    Some(Dataset::Magistrates),
                    &["X1"],
                ),
                hit(
                    "DEF-90",
                    "estimated_defendant_id",
                    Some(Dataset::Magistrates),
                    &[],
                ),
            ]),
        },
    );
    app.outbox.clear();
    keys(&mut app, &[Key::Enter]);
    assert_eq!(
        app.outbox,
        vec![Request::OpenPerson {
            generation: 1,
            person: PersonRef::Linked("X1".into())
        }]
    );
    assert!(app.loading.is_some());
    // An unlinked hit is opened through its ID (the worker resolves it to the record).
    app.outbox.clear();
    keys(&mut app, &[Key::Down, Key::Enter]);
    assert_eq!(
        app.outbox,
        vec![Request::OpenId {
            generation: 2,
            id: "DEF-90".into()
        }]
    );
    update(
        &mut app,
        Action::PersonLoaded {
            generation: 1,
            result: Ok(Loaded::Person(Box::new(person()))),
        },
    );
    assert_eq!(
        app.screen,
        Screen::Search,
        "the answer to an older request is dropped"
    );
    let mut unlinked = person();
    unlinked.estimated_xjs_id = None;
    update(
        &mut app,
        Action::PersonLoaded {
            generation: 2,
            result: Ok(Loaded::Person(Box::new(unlinked))),
        },
    );
    assert_eq!(app.screen, Screen::Person);
    assert!(app.loading.is_none());
    assert_eq!(app.context(), Context::Timeline);
}

#[test]
fn an_id_under_several_people_offers_a_choice_flagged_as_a_possible_missed_link() {
    let mut app = fresh();
    typed(&mut app, "OFF-4");
    update(
        &mut app,
        Action::SearchDone {
            generation: 5,
            result: Ok(vec![hit(
                "OFF-4",
                "estimated_offender_id",
                Some(Dataset::Probation),
                &["X1", "X2"],
            )]),
        },
    );
    app.outbox.clear();
    keys(&mut app, &[Key::Enter]);
    match app.popups.last() {
        Some(Popup::Chooser { title, people, .. }) => {
            assert!(title.contains("possible missed link"), "{title}");
            assert_eq!(people.len(), 2);
        }
        other => panic!("expected a chooser, got {other:?}"),
    }
    assert_eq!(app.context(), Context::Chooser);
    keys(&mut app, &[Key::Char('j'), Key::Enter]);
    assert!(app.popups.is_empty());
    assert_eq!(
        app.outbox,
        vec![Request::OpenPerson {
            generation: 1,
            person: PersonRef::Linked("X2".into())
        }]
    );
}

#[test]
fn worker_errors_show_as_a_message_not_a_crash() {
    let mut app = fresh();
    app.person_generation = 4;
    update(
        &mut app,
        Action::PersonLoaded {
            generation: 4,
            result: Err("no person or record has the ID \"ZZ\"".into()),
        },
    );
    assert_eq!(app.screen, Screen::Search);
    assert!(app.message.as_deref().unwrap().contains("ZZ"));
}

#[test]
fn tab_cycles_panes_and_esc_and_slash_move_between_person_and_search() {
    let mut app = app_with_person(80, 24);
    assert_eq!(app.pane, Pane::Timeline);
    keys(&mut app, &[Key::Tab]);
    assert_eq!(app.pane, Pane::Table);
    keys(&mut app, &[Key::Tab, Key::Tab, Key::Tab]);
    assert_eq!(app.pane, Pane::Timeline);
    keys(&mut app, &[Key::BackTab]);
    assert_eq!(app.pane, Pane::Notes);
    keys(&mut app, &[Key::Char('/')]);
    assert_eq!(app.screen, Screen::Search);
    // In the search box `q` is a letter, not quit.
    keys(&mut app, &[Key::Char('q')]);
    assert!(!app.quit);
    assert_eq!(app.search.input, "q");
    keys(&mut app, &[Key::Esc]);
    assert_eq!(app.screen, Screen::Person);
    keys(&mut app, &[Key::Esc]);
    assert_eq!(app.screen, Screen::Search);
}

#[test]
fn timeline_keys_move_the_selection_in_date_order_and_the_table_follows() {
    let mut app = app_with_person(80, 24);
    let sel = |a: &App| a.person.as_ref().unwrap().selected;
    assert_eq!(sel(&app), 0);
    keys(&mut app, &[Key::Char('l'), Key::Right]);
    assert_eq!(sel(&app), 2);
    keys(&mut app, &[Key::Char('h')]);
    assert_eq!(sel(&app), 1);
    keys(&mut app, &[Key::Char('G')]);
    assert_eq!(sel(&app), 4);
    keys(&mut app, &[Key::Right]);
    assert_eq!(sel(&app), 4, "clamped at the last event");
    keys(&mut app, &[Key::Tab, Key::Char('k')]);
    assert_eq!(app.pane, Pane::Table);
    assert_eq!(sel(&app), 3);
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.pane, Pane::Details);
}

#[test]
fn zoom_centres_on_the_selection_and_panning_moves_the_window() {
    let mut app = app_with_person(80, 24);
    let window = |a: &App| {
        let p = a.person.as_ref().unwrap();
        let rows = chart_rows(&p.timeline);
        p.chart.window(
            &p.timeline,
            &rows,
            p.selected_event().and_then(|e| e.start.date()),
        )
    };
    let fit = window(&app);
    assert!(fit.start <= common::d("2015-01-10") && fit.end >= common::d("2020-12-31"));
    keys(&mut app, &[Key::Char('+')]);
    assert_eq!(app.person.as_ref().unwrap().chart.zoom, Zoom::Years);
    let years = window(&app);
    assert!(years.contains(common::d("2015-02-01")));
    assert!(years.days() < fit.days());
    keys(&mut app, &[Key::Char('+')]);
    let months = window(&app);
    assert_eq!(app.person.as_ref().unwrap().chart.zoom, Zoom::Months);
    assert!(months.days() < 200);
    // Moving to an event outside the window brings it into view.
    keys(&mut app, &[Key::Char('G')]);
    assert!(window(&app).contains(common::d("2017-03-01")));
    let before = window(&app);
    keys(&mut app, &[Key::Char('L')]);
    assert!(window(&app).start > before.start);
    keys(&mut app, &[Key::Char('0')]);
    assert_eq!(window(&app), fit);
}

#[test]
fn journey_link_jumps_from_the_magistrates_case_to_its_crown_case_and_back() {
    let mut app = app_with_person(80, 24);
    keys(&mut app, &[Key::Char('J')]);
    assert_eq!(app.person.as_ref().unwrap().selected, 1);
    keys(&mut app, &[Key::Char('J')]);
    assert_eq!(app.person.as_ref().unwrap().selected, 0);
    // A record with no link says so.
    keys(&mut app, &[Key::Char('l'), Key::Char('l'), Key::Char('J')]);
    assert!(app
        .message
        .as_deref()
        .unwrap()
        .contains("no magistrates-to-Crown"));
}

#[test]
fn a_journey_to_a_case_not_on_this_timeline_opens_it_and_esc_returns() {
    let mut app = app_with_person(80, 24);
    let mut t = person();
    t.events.remove(1); // the Crown case belongs to someone else
    app.person.as_mut().unwrap().timeline = t;
    app.outbox.clear();
    keys(&mut app, &[Key::Char('J')]);
    assert_eq!(
        app.outbox,
        vec![Request::OpenId {
            generation: app.person_generation,
            id: "CRN-R1".into()
        }]
    );
    let mut other = person();
    other.estimated_xjs_id = Some("X7".into());
    common::open(&mut app, other);
    assert!(matches!(app.back.last(), Some(Place::Person(_))));
    keys(&mut app, &[Key::Esc]);
    assert_eq!(
        app.person
            .as_ref()
            .unwrap()
            .timeline
            .estimated_xjs_id
            .as_deref(),
        Some("X1")
    );
    assert_eq!(app.screen, Screen::Person);
    // And once more: back where X1 was opened from.
    keys(&mut app, &[Key::Esc]);
    assert_eq!(app.screen, Screen::Search);
}

/// `J` to the Crown case on the same timeline, then Esc: back on the magistrates' case.
#[test]
fn esc_after_a_journey_jump_returns_to_the_record_jumped_from() {
    let mut app = app_with_person(80, 24);
    let sel = |a: &App| a.person.as_ref().unwrap().selected;
    let mags = sel(&app);
    keys(&mut app, &[Key::Char('J')]);
    let crown = sel(&app);
    assert_ne!(crown, mags);
    keys(&mut app, &[Key::Esc]);
    assert_eq!(app.screen, Screen::Person);
    assert_eq!(sel(&app), mags);
}

#[test]
fn missed_link_key_offers_each_other_person_id() {
    let mut app = app_with_person(80, 24);
    keys(&mut app, &[Key::Char('m')]);
    match app.popups.last() {
        Some(Popup::Chooser { people, .. }) => assert_eq!(
            people,
            &vec![
                PersonRef::Linked("X1".into()),
                PersonRef::Linked("X2".into())
            ]
        ),
        other => panic!("expected a chooser, got {other:?}"),
    }
    keys(&mut app, &[Key::Esc]);
    assert!(app.popups.is_empty());
}

#[test]
fn help_opens_over_any_context_and_closes_with_esc() {
    let mut app = app_with_person(80, 24);
    keys(&mut app, &[Key::Tab, Key::Char('?')]);
    assert_eq!(
        app.popups.last(),
        Some(&Popup::Help {
            context: Context::Table,
            typing: false,
            scroll: 0
        })
    );
    assert_eq!(app.context(), Context::Help);
    // Keys go to the popup first: `j` scrolls the help, not the table.
    keys(&mut app, &[Key::Char('j')]);
    assert_eq!(app.person.as_ref().unwrap().selected, 0);
    keys(&mut app, &[Key::Esc]);
    assert!(app.popups.is_empty());
    keys(&mut app, &[Key::Char('q')]);
    assert!(app.quit);
}

#[test]
fn clicks_select_the_row_or_bar_under_the_pointer_and_focus_its_pane() {
    let mut app = app_with_person(80, 24);
    let areas = dfexplorer::tui::screens::person::layout::areas(&app);
    // Table: border, header line, then events in order.
    let row_of_third = areas.bottom.y + 1 + 1 + 2;
    update(
        &mut app,
        Action::Click {
            column: areas.bottom.x + 3,
            row: row_of_third,
        },
    );
    assert_eq!(app.pane, Pane::Table);
    assert_eq!(app.person.as_ref().unwrap().selected, 2);
    // Scrolling over the table moves the selection.
    update(
        &mut app,
        Action::Scroll {
            column: areas.bottom.x + 3,
            row: row_of_third,
            lines: 1,
        },
    );
    assert_eq!(app.person.as_ref().unwrap().selected, 3);
    // Click the Crown bar: find its cell by drawing the chart.
    let buf = common_render(&app);
    let crown_row = (areas.chart.y..areas.chart.y + areas.chart.height)
        .find(|y| row_text(&buf, *y).contains("Crown Court"))
        .unwrap();
    let x = (areas.chart.x + 13..areas.chart.x + areas.chart.width)
        .find(|x| buf[(*x, crown_row)].symbol() == "━")
        .unwrap();
    update(
        &mut app,
        Action::Click {
            column: x,
            row: crown_row,
        },
    );
    assert_eq!(app.pane, Pane::Timeline);
    assert_eq!(app.person.as_ref().unwrap().selected, 1);
}

fn common_render(app: &App) -> ratatui::buffer::Buffer {
    let mut term =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(app.width, app.height)).unwrap();
    term.draw(|f| dfexplorer::tui::ui::draw(f, app)).unwrap();
    term.backend().buffer().clone()
}

fn row_text(buf: &ratatui::buffer::Buffer, y: u16) -> String {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

#[test]
fn catalogue_filter_types_text_and_esc_clears_then_leaves() {
    let mut app = app_with_person(80, 24);
    keys(&mut app, &[Key::Char('c')]);
    assert_eq!(app.screen, Screen::Catalogue);
    keys(&mut app, &[Key::Char('/')]);
    assert!(app.typing());
    typed(&mut app, "referral_date");
    let n = app.catalogue.visible(&app.notes).len();
    assert!(n >= 1);
    assert!(app
        .catalogue
        .visible(&app.notes)
        .iter()
        .all(|e| e.title.contains("referral_date") || e.description().contains("referral_date")));
    keys(&mut app, &[Key::Esc]);
    assert!(app.catalogue.filter.is_empty());
    keys(&mut app, &[Key::Esc]);
    assert_eq!(app.screen, Screen::Person);
}

#[test]
fn a_screen_too_small_only_accepts_quit_and_resizing_recovers() {
    let mut app = app_with_person(60, 20);
    assert!(app.too_small());
    assert!(key_action(&app, Key::Tab).is_none());
    update(
        &mut app,
        Action::Resize {
            width: 100,
            height: 30,
        },
    );
    assert!(!app.too_small());
    keys(&mut app, &[Key::Ctrl('c')]);
    assert!(app.quit);
}

/// A pasted ID arrives whole; Ctrl-W removes the last word and Ctrl-U the whole query, and each
/// change searches again.
#[test]
fn paste_ctrl_w_and_ctrl_u_edit_the_search_box() {
    use dfexplorer::tui::action::Edit;
    let mut app = fresh();
    let pasted = ratatui::crossterm::event::Event::Paste("2165053597\r\n".into());
    let action = dfexplorer::tui::input::event_action(&app, pasted).unwrap();
    assert_eq!(
        action_edit(&action),
        Some(Edit::Insert("2165053597\r\n".into()))
    );
    update(&mut app, action);
    assert_eq!(app.search.input, "2165053597");
    assert!(
        matches!(app.outbox.last(), Some(Request::Search { query, .. }) if query == "2165053597")
    );
    typed(&mut app, " abc");
    keys(&mut app, &[Key::Ctrl('w')]);
    assert_eq!(app.search.input, "2165053597 ");
    keys(&mut app, &[Key::Ctrl('w')]);
    assert_eq!(app.search.input, "");
    typed(&mut app, "d1 x");
    keys(&mut app, &[Key::Ctrl('u')]);
    assert_eq!(app.search.input, "");
}

fn action_edit(a: &Action) -> Option<dfexplorer::tui::action::Edit> {
    match a {
        Action::Edit(e) => Some(e.clone()),
        _ => None,
    }
}

/// On a journey of a few months, `+` narrows the view (straight to months): it never shows
/// more than fit-all did.
#[test]
fn zooming_in_on_a_short_journey_never_widens_the_view() {
    let mut t = person();
    // Only the first magistrates' case (about two months) stays.
    t.events.truncate(1);
    let mut app = App::new("t.db", 120, 40, Theme::plain());
    common::open(&mut app, t);
    let window = |a: &App| {
        let p = a.person.as_ref().unwrap();
        let rows = chart_rows(&p.timeline);
        p.chart
            .window(
                &p.timeline,
                &rows,
                p.selected_event().and_then(|e| e.start.date()),
            )
            .days()
    };
    let fit = window(&app);
    assert!(fit < 4 * 365, "{fit}");
    keys(&mut app, &[Key::Char('+')]);
    let zoomed = window(&app);
    assert!(
        zoomed <= fit,
        "+ widened the view from {fit} to {zoomed} days"
    );
    keys(&mut app, &[Key::Char('+')]);
    assert!(window(&app) <= zoomed);
    keys(&mut app, &[Key::Char('-'), Key::Char('-'), Key::Char('-')]);
    assert!(window(&app) >= fit);
}

/// `y` on the person screen, Ctrl-Y on a search result: the ID goes to the clipboard (the event
/// loop writes it) and the status line says so.
#[test]
fn copying_an_id_queues_it_for_the_clipboard_and_confirms() {
    let mut app = app_with_person(80, 24);
    keys(&mut app, &[Key::Char('y')]);
    assert_eq!(app.clipboard.as_deref(), Some("X1"));
    assert!(app.message.as_deref().unwrap().starts_with("copied X1"));
    let mut app = fresh();
    let generation = app.search.generation;
    update(
        &mut app,
        Action::SearchDone {
            generation,
            result: Ok(vec![hit(
                "2165053597",
                "estimated_xjs_id",
                None,
                &["2165053597"],
            )]),
        },
    );
    keys(&mut app, &[Key::Ctrl('y')]);
    assert_eq!(app.clipboard.as_deref(), Some("2165053597"));
}

/// `z` gives the focused pane everything below the header (80x24 shows a whole table or the
/// details), and `z` again restores the layout.
#[test]
fn z_maximises_the_focused_pane_and_restores_it() {
    use dfexplorer::tui::screens::person::layout;
    let mut app = app_with_person(80, 24);
    let normal = layout::areas(&app);
    keys(&mut app, &[Key::Tab]); // the table
    keys(&mut app, &[Key::Char('z')]);
    assert!(app.maximised);
    let max = layout::areas(&app);
    assert_eq!(max.chart.height, 0);
    assert_eq!(max.bottom.y, normal.chart.y);
    assert!(max.bottom.height > normal.bottom.height + normal.chart.height - 1);
    keys(&mut app, &[Key::Char('z')]);
    assert_eq!(layout::areas(&app), normal);
}

/// Enter before the results arrive (a pasted ID and Enter at once) opens the ID as typed.
#[test]
fn enter_before_the_results_opens_the_typed_id() {
    let mut app = fresh();
    typed(&mut app, " \"2165053597\"");
    app.outbox.clear();
    keys(&mut app, &[Key::Enter]);
    assert!(
        matches!(app.outbox.last(), Some(Request::OpenId { id, .. }) if id == "2165053597"),
        "{:?}",
        app.outbox
    );
}

/// In the catalogue, d and u scroll the description and notes; moving to another entry starts
/// its text from the top.
#[test]
fn catalogue_notes_scroll_and_restart_on_another_entry() {
    let mut app = fresh();
    keys(&mut app, &[Key::F(2), Key::Char('d'), Key::Char('d')]);
    assert_eq!(app.catalogue.detail_scroll, 6);
    keys(&mut app, &[Key::Char('u')]);
    assert_eq!(app.catalogue.detail_scroll, 3);
    keys(&mut app, &[Key::Down]);
    assert_eq!(app.catalogue.detail_scroll, 0);
}

/// Back and forward through records, people and screens; a new step forgets the way forward.
#[test]
fn forward_returns_to_each_place_gone_back_from() {
    let mut app = app_with_person(120, 40);
    let sel = |a: &App| a.person.as_ref().unwrap().selected;
    let who = |a: &App| a.person.as_ref().unwrap().timeline.estimated_xjs_id.clone();
    let mags = sel(&app);
    keys(&mut app, &[Key::Char('J')]);
    let crown = sel(&app);
    // Another person, opened from this one.
    let mut other = person();
    other.estimated_xjs_id = Some("X7".into());
    common::open(&mut app, other);
    assert_eq!(who(&app).as_deref(), Some("X7"));
    assert!(app.forward.is_empty());
    // Back three times: X1 (on the Crown case), its magistrates' case, the search screen.
    keys(&mut app, &[Key::Backspace]);
    assert_eq!((who(&app).as_deref(), sel(&app)), (Some("X1"), crown));
    keys(&mut app, &[Key::Esc]);
    assert_eq!(sel(&app), mags);
    keys(&mut app, &[Key::Esc]);
    assert_eq!(app.screen, Screen::Search);
    // From the cohort list, forward to the person; then forward along the way back.
    keys(&mut app, &[Key::F(3)]);
    common::typed(&mut app, "2016-01-01");
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.context(), dfexplorer::tui::keymap::Context::CohortList);
    keys(&mut app, &[Key::Char('>')]);
    assert_eq!(app.screen, Screen::Person);
    assert_eq!(sel(&app), mags);
    keys(&mut app, &[Key::Char('>')]);
    assert_eq!(sel(&app), crown);
    keys(&mut app, &[Key::Char('>')]);
    assert_eq!(who(&app).as_deref(), Some("X7"));
    assert!(app.forward.is_empty());
    keys(&mut app, &[Key::Char('>')]);
    assert_eq!(app.message.as_deref(), Some("nowhere to go forward to"));
    // Back once, then a new step (a journey jump): forward is forgotten.
    keys(&mut app, &[Key::Esc]);
    assert_eq!(who(&app).as_deref(), Some("X1"));
    assert!(!app.forward.is_empty());
    keys(&mut app, &[Key::Char('h'), Key::Char('J')]);
    assert!(app.forward.is_empty());
}

/// Esc while a person is being opened stops the opening: the screen stays, and the late answer
/// is dropped.
#[test]
fn esc_while_a_person_opens_stops_the_opening() {
    let mut app = fresh();
    typed(&mut app, "X1");
    let generation = app.search.generation;
    update(
        &mut app,
        Action::SearchDone {
            generation,
            result: Ok(vec![hit("X1", "estimated_xjs_id", None, &["X1"])]),
        },
    );
    keys(&mut app, &[Key::Enter]);
    assert!(app.loading.is_some());
    let asked = app.person_generation;
    keys(&mut app, &[Key::Esc]);
    assert!(app.loading.is_none());
    assert_eq!(app.screen, Screen::Search);
    assert_eq!(app.message.as_deref(), Some("opening stopped"));
    update(
        &mut app,
        Action::PersonLoaded {
            generation: asked,
            result: Ok(Loaded::Person(Box::new(person()))),
        },
    );
    assert_eq!(app.screen, Screen::Search, "the late answer is dropped");
    assert!(app.person.is_none());
}
