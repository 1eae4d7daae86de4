//! Rendering snapshots: the main screens drawn into ratatui's TestBackend at 80x24, 120x40 and
//! 200x60, including scrolled and maximised panes.
//! The fixture's dates are fixed; any date that depends on the day the test runs is redacted.

mod common;

use common::{app_with_person, person};
use dfexplorer::catalogue::CatalogueNote;
use dfexplorer::contract::Dataset;
use dfexplorer::search::{MatchKind, SearchHit};
use dfexplorer::tui::action::Action;
use dfexplorer::tui::app::App;
use dfexplorer::tui::input::key_action;
use dfexplorer::tui::keymap::Key;
use dfexplorer::tui::theme::Theme;
use dfexplorer::tui::{ui, update};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use ratatui::Terminal;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

fn render(app: &App) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    term.draw(|f| ui::draw(f, app)).unwrap();
    term.backend().buffer().clone()
}

/// The screen as text, one line per row, with run-dependent dates redacted.
fn screen(app: &App) -> String {
    let buf = render(app);
    let today = chrono::Local::now().date_naive().to_string();
    (0..buf.area.height)
        .map(|y| {
            let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
            line.trim_end().replace(&today, "[today]")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn keys(app: &mut App, ks: &[Key]) {
    for k in ks {
        if let Some(a) = key_action(app, *k) {
            update(app, a);
        }
    }
}

fn notes() -> Vec<CatalogueNote> {
    vec![
        CatalogueNote {
            dataset: Some("probation_delius".into()),
            table_name: Some("probation_flatfile".into()),
            column_name: Some("event_id_hash".into()),
            topic: "recording".into(),
            note: "Some events appear on more than one row; keep one row per event.".into(),
            source: "test fixture".into(),
        },
        CatalogueNote {
            dataset: Some("probation_delius".into()),
            table_name: None,
            column_name: None,
            topic: "coverage".into(),
            note: "Referrals from 2014-01-01 to 2020-12-31.".into(),
            source: "test fixture".into(),
        },
    ]
}

fn snap(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_{}x{}", app.width, app.height), screen(app));
}

#[test]
fn search_results() {
    for (w, h) in SIZES {
        let mut app = App::new("test.db", w, h, Theme::plain());
        for c in "OFF".chars() {
            keys(&mut app, &[Key::Char(c)]);
        }
        let hit = |m: &str, kind: &str, ds, mk, persons: &[&str]| SearchHit {
            matched: m.into(),
            id_kind: kind.into(),
            dataset: ds,
            match_kind: mk,
            score: 0,
            persons: persons.iter().map(|p| p.to_string()).collect(),
            resolves_to: persons
                .iter()
                .map(|p| dfexplorer::timeline::PersonRef::Linked(p.to_string()))
                .collect(),
        };
        let generation = app.search.generation;
        update(
            &mut app,
            Action::SearchDone {
                generation,
                result: Ok(vec![
                    hit("OFF", "estimated_xjs_id", None, MatchKind::Exact, &["OFF"]),
                    hit(
                        "OFF-4",
                        "estimated_offender_id",
                        Some(Dataset::Probation),
                        MatchKind::Prefix,
                        &["X1", "X2"],
                    ),
                    hit(
                        "OFF-41",
                        "estimated_offender_id",
                        Some(Dataset::Prison),
                        MatchKind::Prefix,
                        &[],
                    ),
                    hit(
                        "O-F-F9",
                        "row_id_hash",
                        Some(Dataset::Crown),
                        MatchKind::Fuzzy,
                        &["X9"],
                    ),
                ]),
            },
        );
        keys(&mut app, &[Key::Down]);
        snap("search_results", &app);
    }
}

#[test]
fn search_empty_box_explains_what_to_type() {
    let app = App::new("test.db", 80, 24, Theme::plain());
    snap("search_empty", &app);
}

#[test]
fn person_timeline() {
    for (w, h) in SIZES {
        let app = app_with_person(w, h);
        snap("person_timeline", &app);
    }
}

#[test]
fn person_timeline_zoomed_to_months_on_the_open_licence() {
    let mut app = app_with_person(80, 24);
    keys(
        &mut app,
        &[
            Key::Char('l'),
            Key::Char('l'),
            Key::Char('l'),
            Key::Char('+'),
            Key::Char('+'),
        ],
    );
    snap("person_months", &app);
}

#[test]
fn details() {
    for (w, h) in SIZES {
        let mut app = app_with_person(w, h);
        keys(&mut app, &[Key::Tab, Key::Tab]);
        snap("details", &app);
    }
}

#[test]
fn notes_pane() {
    for (w, h) in SIZES {
        let mut app = app_with_person(w, h);
        app.notes = notes();
        keys(
            &mut app,
            &[Key::Char('l'), Key::Char('l'), Key::Char('l'), Key::BackTab],
        );
        snap("notes", &app);
    }
}

#[test]
fn catalogue() {
    for (w, h) in SIZES {
        let mut app = app_with_person(w, h);
        app.notes = notes();
        keys(&mut app, &[Key::Char('c'), Key::Char('/')]);
        for c in "event_id".chars() {
            keys(&mut app, &[Key::Char(c)]);
        }
        snap("catalogue", &app);
    }
}

#[test]
fn help() {
    for (w, h) in SIZES {
        let mut app = app_with_person(w, h);
        keys(&mut app, &[Key::Char('?')]);
        snap("help", &app);
    }
}

#[test]
fn too_small() {
    let app = app_with_person(60, 20);
    snap("too_small", &app);
}

#[test]
fn selection_is_marked_without_colour() {
    // With NO_COLOR the selected bar and table row must still stand out: reverse video.
    let app = app_with_person(80, 24);
    let buf = render(&app);
    let areas = dfexplorer::tui::screens::person::layout::areas(&app);
    let table_first_row = areas.bottom.y + 2;
    assert!(buf[(areas.bottom.x + 2, table_first_row)]
        .modifier
        .contains(Modifier::REVERSED));
    let chart_has_reversed_bar = (areas.chart.y..areas.chart.y + areas.chart.height).any(|y| {
        (areas.chart.x..areas.chart.x + areas.chart.width).any(|x| {
            buf[(x, y)].symbol() == "━" && buf[(x, y)].modifier.contains(Modifier::REVERSED)
        })
    });
    assert!(chart_has_reversed_bar);
    assert!(buf
        .content
        .iter()
        .all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset));
}

#[test]
fn colour_is_foreground_only() {
    let mut app = app_with_person(160, 48);
    app.theme = Theme { color: true };
    let buf = render(&app);
    assert!(buf
        .content
        .iter()
        .any(|c| c.fg != ratatui::style::Color::Reset));
    assert!(
        buf.content
            .iter()
            .all(|c| c.bg == ratatui::style::Color::Reset),
        "no fixed backgrounds: readable on light and dark terminals"
    );
}

#[test]
fn a_person_missing_datasets_says_they_are_absent() {
    let mut t = person();
    t.datasets_present = vec![Dataset::Magistrates, Dataset::Crown];
    t.events
        .retain(|e| matches!(e.dataset, Dataset::Magistrates | Dataset::Crown));
    let mut app = app_with_person(80, 24);
    common::open(&mut app, t);
    let s = screen(&app);
    assert!(s.contains("PRI absent"), "{s}");
    assert!(s.contains("not in this database"), "{s}");
}

#[test]
fn the_chart_scrolls_to_keep_the_selected_event_visible_when_lanes_overflow() {
    let mut app = App::new("test.db", 80, 24, Theme::plain());
    common::open(&mut app, common::big_person(200));
    for k in [Key::Char('G'), Key::Char('+')] {
        keys(&mut app, &[k]);
    }
    let buf = render(&app);
    let areas = dfexplorer::tui::screens::person::layout::areas(&app);
    let selected_visible = (areas.chart.y + 1..areas.chart.y + areas.chart.height - 2).any(|y| {
        (areas.chart.x + 13..areas.chart.x + areas.chart.width - 1)
            .any(|x| buf[(x, y)].modifier.contains(Modifier::REVERSED))
    });
    assert!(selected_visible, "{}", screen(&app));
}

#[test]
fn an_unlinked_record_is_labelled_not_linked() {
    let mut t = person();
    t.estimated_xjs_id = None;
    t.split_into.clear();
    t.events.truncate(1);
    let mut app = App::new("test.db", 80, 24, Theme::plain());
    common::open(&mut app, t);
    let s = screen(&app);
    assert!(s.contains("Not linked (no xjs_link row)"), "{s}");
    assert!(s.contains("record not linked"), "{s}");
}

#[test]
fn an_open_probation_order_runs_to_the_end_of_probation_coverage_not_beyond() {
    let t = person();
    let rows = dfexplorer::tui::timeline_view::layout(&t);
    let licence = rows
        .iter()
        .flat_map(|r| &r.items)
        .find(|i| i.event == 3 && i.child.is_none())
        .unwrap();
    assert!(licence.open);
    assert_eq!(licence.end, common::d("2020-12-31"));
}

/// A long list of results, scrolled to its end: the selection stays in view.
#[test]
fn search_results_scrolled_to_the_end() {
    for (w, h) in SIZES {
        let mut app = App::new("test.db", w, h, Theme::plain());
        keys(&mut app, &[Key::Char('4')]);
        let hits = (0..90)
            .map(|i| SearchHit {
                matched: format!("4{i:09}"),
                id_kind: "estimated_xjs_id".into(),
                dataset: None,
                match_kind: MatchKind::Prefix,
                score: 0,
                persons: vec![format!("4{i:09}")],
                resolves_to: vec![dfexplorer::timeline::PersonRef::Linked(format!("4{i:09}"))],
            })
            .collect();
        let generation = app.search.generation;
        update(
            &mut app,
            Action::SearchDone {
                generation,
                result: Ok(hits),
            },
        );
        keys(&mut app, &[Key::Down; 88]);
        assert_eq!(app.search.selected, 88);
        snap("search_scrolled", &app);
    }
}

/// The details pane scrolled down, then maximised (`z`) and restored.
#[test]
fn details_scrolled_and_maximised() {
    for (w, h) in SIZES {
        let mut app = app_with_person(w, h);
        keys(
            &mut app,
            &[Key::Tab, Key::Tab, Key::Down, Key::Down, Key::Down],
        );
        snap("details_scrolled", &app);
        keys(&mut app, &[Key::Char('z')]);
        assert!(app.maximised);
        snap("details_maximised", &app);
        keys(&mut app, &[Key::Char('z')]);
        assert!(!app.maximised);
    }
}

/// The timeline maximised: the chart has the whole screen below the header.
#[test]
fn timeline_maximised() {
    for (w, h) in SIZES {
        let mut app = app_with_person(w, h);
        keys(&mut app, &[Key::Char('z')]);
        snap("timeline_maximised", &app);
    }
}

/// The catalogue's description and notes scrolled with `d`.
#[test]
fn catalogue_scrolled() {
    for (w, h) in SIZES {
        let mut app = app_with_person(w, h);
        app.notes = notes();
        // Enough notes on the first entry (the magistrates' dataset) to overflow the pane.
        for i in 1..=6 {
            app.notes.push(CatalogueNote {
                dataset: Some("mags_hocas".into()),
                table_name: None,
                column_name: None,
                topic: "coverage".into(),
                note: format!("Note {i}: a long note about the magistrates' data that wraps over more than one line at the narrow size, so that the pane has to scroll."),
                source: "test fixture".into(),
            });
        }
        keys(&mut app, &[Key::Char('c')]);
        let top = screen(&app);
        keys(&mut app, &[Key::Char('d')]);
        if w == 80 {
            assert_ne!(screen(&app), top, "d scrolls the notes");
        }
        snap("catalogue_scrolled", &app);
    }
}
