//! The cohort screen through `update()`: filter validation, the live count, marks, sort,
//! stepping through people on the person screen, the summary, and the export dialog; plus
//! snapshots of the cohort screens at 80x24, 120x40 and 200x60.

mod common;

use common::{keys, typed};

use chrono::NaiveDate;
use dfexplorer::cohort::{CohortSummary, Member, ReferralDateProblems, ScanCounts};
use dfexplorer::contract::Dataset;
use dfexplorer::export::ExportSummary;
use dfexplorer::timeline::PersonRef;
use dfexplorer::tui::action::{Action, Request};
use dfexplorer::tui::app::{App, Screen};
use dfexplorer::tui::keymap::{self, Context, Key};
use dfexplorer::tui::screens::cohort::{CohortAnswer, CohortRequest, ExportFailure, ExportStage};
use dfexplorer::tui::theme::Theme;
use dfexplorer::tui::{ui, update};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn member(id: &str, date: &str, disposal: &str) -> Member {
    Member {
        estimated_xjs_id: id.into(),
        index_referral_date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        index_row_id_hash: format!("r-{id}"),
        index_event_id_hash: Some(format!("e-{id}")),
        gender: Some("Male".into()),
        age_at_index: Some(30),
        disposal_type: Some(disposal.into()),
    }
}

fn members() -> Vec<Member> {
    vec![
        member("X1", "2016-01-04", "ORA Community Order"),
        member("P9", "2016-02-10", "ORA Suspended Sentence Order"),
        member("A7", "2016-05-05", "ORA Community Order"),
    ]
}

fn counts() -> ScanCounts {
    ScanCounts {
        rows_in_range: 4,
        unlinked_rows_in_range: 1,
        excluded_by_filters: 0,
        complete: true,
    }
}

fn summary() -> CohortSummary {
    CohortSummary {
        people: 3,
        records_per_dataset: vec![
            (Dataset::Magistrates, 12),
            (Dataset::Crown, 2),
            (Dataset::Prison, 0),
            (Dataset::Probation, 4),
        ],
        by_disposal_type: vec![
            ("ORA Community Order".into(), 2),
            ("ORA Suspended Sentence Order".into(), 1),
        ],
        by_referral_year: vec![(2016, 3)],
        scan: counts(),
        referral_dates: ReferralDateProblems {
            missing: 25,
            malformed: 3,
        },
    }
}

/// The requests the update queued for the cohort worker, taken out of the outbox.
fn cohort_requests(app: &mut App) -> Vec<CohortRequest> {
    app.outbox
        .drain(..)
        .filter_map(|r| match r {
            Request::Cohort(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// An app on the cohort screen with a 2016 filter applied and its scan answered.
fn app_with_cohort(w: u16, h: u16) -> App {
    let mut app = App::new("test.db", w, h, Theme::plain());
    app.outbox.clear();
    keys(&mut app, &[Key::F(3)]);
    typed(&mut app, "2016-01-01");
    keys(&mut app, &[Key::Tab]);
    typed(&mut app, "2016-12-31");
    keys(&mut app, &[Key::Enter]);
    let generation = app.cohort.generation;
    cohort_requests(&mut app);
    update(
        &mut app,
        Action::Cohort(CohortAnswer::ScanProgress {
            generation,
            new_members: members(),
        }),
    );
    update(
        &mut app,
        Action::Cohort(CohortAnswer::ScanDone {
            generation,
            result: Ok((counts(), ReferralDateProblems::default())),
        }),
    );
    let summary_generation = app.cohort.summary_generation;
    cohort_requests(&mut app);
    update(
        &mut app,
        Action::Cohort(CohortAnswer::Summary {
            generation: summary_generation,
            result: Ok(summary()),
        }),
    );
    app
}

#[test]
fn a_bad_date_or_reversed_range_says_so_and_keeps_the_previous_filter() {
    let mut app = app_with_cohort(80, 24);
    let before = app.cohort.filter.clone();
    keys(&mut app, &[Key::Char('f')]);
    assert_eq!(app.context(), Context::CohortForm);
    assert_eq!(
        app.cohort.form.focus, 0,
        "editing starts at the first field"
    );
    // Make the from date 2016-13-01: the error shows as it is typed.
    for _ in 0..5 {
        keys(&mut app, &[Key::Backspace]);
    }
    typed(&mut app, "13-01");
    assert_eq!(
        app.cohort.error.as_deref(),
        Some("referral-from \"2016-13-01\" is not a date (YYYY-MM-DD)")
    );
    keys(&mut app, &[Key::Enter]);
    assert_eq!(
        app.cohort.error.as_deref(),
        Some("referral-from \"2016-13-01\" is not a date (YYYY-MM-DD)")
    );
    assert_eq!(app.cohort.filter, before);
    assert_eq!(app.cohort.members.len(), 3, "the list stays");
    assert!(
        cohort_requests(&mut app).is_empty(),
        "no scan for a bad filter"
    );

    for _ in 0..10 {
        keys(&mut app, &[Key::Backspace]);
    }
    typed(&mut app, "2017-01-01");
    // Checked as typed: now a real date, but after the end of the range.
    assert!(app.cohort.error.as_deref().unwrap().contains("reversed"));
    keys(&mut app, &[Key::Enter]);
    assert!(app.cohort.error.as_deref().unwrap().contains("reversed"));
    assert_eq!(app.cohort.filter, before);
}

#[test]
fn the_count_shows_progress_then_the_exact_count_and_stale_scans_are_dropped() {
    let mut app = App::new("test.db", 80, 24, Theme::plain());
    app.outbox.clear();
    keys(&mut app, &[Key::F(3)]);
    assert_eq!(app.screen, Screen::Cohort);
    keys(&mut app, &[Key::Enter]); // all referrals
    let first = app.cohort.generation;
    keys(&mut app, &[Key::Char('f'), Key::Enter]); // again: a newer scan
    let second = app.cohort.generation;
    assert!(second > first);
    let reqs = cohort_requests(&mut app);
    assert!(
        matches!(reqs.last(), Some(CohortRequest::Scan { generation, .. }) if *generation == second)
    );

    let progress = |g, m| {
        Action::Cohort(CohortAnswer::ScanProgress {
            generation: g,
            new_members: m,
        })
    };
    update(&mut app, progress(first, members()));
    assert!(
        app.cohort.members.is_empty(),
        "answers to an old scan are dropped"
    );
    update(&mut app, progress(second, members()[..2].to_vec()));
    assert_eq!(
        dfexplorer::tui::screens::cohort::state_text::count_line(&app.cohort),
        "2 so far…"
    );
    update(&mut app, progress(second, members()[2..].to_vec()));
    update(
        &mut app,
        Action::Cohort(CohortAnswer::ScanDone {
            generation: second,
            result: Ok((counts(), ReferralDateProblems::default())),
        }),
    );
    assert_eq!(
        dfexplorer::tui::screens::cohort::state_text::count_line(&app.cohort),
        "3 matching"
    );
    assert!(matches!(
        cohort_requests(&mut app).as_slice(),
        [CohortRequest::Summary { members, .. }] if members.len() == 3
    ));
}

#[test]
fn marks_sort_and_the_cohort_is_the_marked_people_or_everyone() {
    let mut app = app_with_cohort(80, 24);
    assert_eq!(app.cohort.cohort_members().len(), 3);
    keys(&mut app, &[Key::Char(' ')]); // marks X1, moves to P9
    keys(&mut app, &[Key::Down, Key::Char(' ')]); // marks A7
    assert_eq!(
        app.cohort
            .cohort_members()
            .iter()
            .map(|m| m.estimated_xjs_id.as_str())
            .collect::<Vec<_>>(),
        ["X1", "A7"]
    );
    match cohort_requests(&mut app).last() {
        Some(CohortRequest::Summary { members, .. }) => assert_eq!(members.len(), 2),
        other => panic!("a summary of the marked people is asked for: {other:?}"),
    }
    keys(&mut app, &[Key::Char(' ')]); // unmarks A7 (selection stayed on the last row)
    assert_eq!(app.cohort.marked.len(), 1);
    keys(&mut app, &[Key::Char('x')]);
    assert!(app.cohort.marked.is_empty());
    keys(&mut app, &[Key::Char('a')]);
    assert_eq!(app.cohort.marked.len(), 3);

    // Sort by ID keeps the selected person selected.
    keys(&mut app, &[Key::Home, Key::Down]); // P9
    keys(&mut app, &[Key::Char('o')]);
    let order: Vec<&str> = app
        .cohort
        .view
        .iter()
        .map(|i| app.cohort.members[*i].estimated_xjs_id.as_str())
        .collect();
    assert_eq!(order, ["A7", "P9", "X1"]);
    assert_eq!(
        app.cohort.members[app.cohort.view[app.cohort.selected]].estimated_xjs_id,
        "P9"
    );
}

#[test]
fn enter_opens_the_timeline_and_brackets_step_through_the_cohort() {
    let mut app = app_with_cohort(80, 24);
    keys(&mut app, &[Key::Enter]);
    assert!(matches!(
        app.outbox.last(),
        Some(Request::OpenPerson { person: PersonRef::Linked(id), .. }) if id == "X1"
    ));
    common::open(&mut app, common::person()); // the fixture's person is X1
    assert_eq!(app.screen, Screen::Person);
    // The chart marks the index date and the referral range.
    let t = &app.person.as_ref().unwrap().timeline;
    let (marks, range) = dfexplorer::tui::screens::cohort::chart_marks(&app, t);
    assert_eq!(marks[0].date.to_string(), "2016-01-04");
    assert_eq!(
        range.map(|(a, b)| (a.to_string(), b.to_string())),
        Some(("2016-01-01".into(), "2016-12-31".into()))
    );

    app.outbox.clear();
    keys(&mut app, &[Key::Char(']')]);
    assert!(matches!(
        app.outbox.last(),
        Some(Request::OpenPerson { person: PersonRef::Linked(id), .. }) if id == "P9"
    ));
    assert_eq!(
        app.screen,
        Screen::Person,
        "stepping keeps the person screen"
    );
    keys(&mut app, &[Key::Char('[')]);
    // Still showing X1 (P9 has not loaded), so [ from X1 is the first person.
    assert_eq!(app.message.as_deref(), Some("first person of the cohort"));
    // Space on the person screen marks the person shown.
    keys(&mut app, &[Key::Char(' ')]);
    assert!(app.cohort.marked.contains(&0));
    assert!(keymap::hints(Context::CohortList, false)
        .iter()
        .any(|(k, d, _)| k == "Space" && *d == "mark"));
}

#[test]
fn export_asks_for_a_path_confirms_overwriting_reports_progress_and_cancels() {
    let mut app = app_with_cohort(80, 24);
    keys(&mut app, &[Key::Char('e')]);
    assert_eq!(app.context(), Context::CohortExport);
    for _ in 0.."people.csv".len() {
        keys(&mut app, &[Key::Backspace]);
    }
    typed(&mut app, "/tmp/out/may.csv");
    keys(&mut app, &[Key::Tab, Key::Tab]); // events off, then on again
    keys(&mut app, &[Key::Enter]);
    let g1 = match cohort_requests(&mut app).as_slice() {
        [CohortRequest::Export {
            generation,
            request,
            members,
            ..
        }] => {
            assert_eq!(request.people_path.to_str(), Some("/tmp/out/may.csv"));
            assert_eq!(
                request.events_path.as_deref().and_then(|p| p.to_str()),
                Some("/tmp/out/may_events.csv")
            );
            assert!(!request.force && !request.marked_only);
            assert_eq!(members.len(), 3);
            *generation
        }
        other => panic!("{other:?}"),
    };
    // The file exists: the dialog asks, and `y` sends the export again with force.
    update(
        &mut app,
        Action::Cohort(CohortAnswer::ExportDone {
            generation: g1,
            result: Err(ExportFailure {
                exists: true,
                message: "/tmp/out/may.csv already exists".into(),
            }),
        }),
    );
    assert!(matches!(
        app.cohort.export.as_ref().unwrap().stage,
        ExportStage::Confirm(_)
    ));
    typed(&mut app, "y");
    let g2 = match cohort_requests(&mut app).as_slice() {
        [CohortRequest::Export {
            generation,
            request,
            ..
        }] if request.force => *generation,
        other => panic!("{other:?}"),
    };
    update(
        &mut app,
        Action::Cohort(CohortAnswer::ExportProgress {
            generation: g2,
            done: 1,
            total: 3,
        }),
    );
    assert_eq!(
        app.cohort.export.as_ref().unwrap().stage,
        ExportStage::Running { done: 1, total: 3 }
    );
    // The UI stays usable: help opens and closes over the running export.
    keys(&mut app, &[Key::F(1), Key::Esc]);
    // Esc cancels: the worker is told at once, and its late answer is ignored.
    keys(&mut app, &[Key::Esc]);
    assert!(matches!(
        cohort_requests(&mut app).as_slice(),
        [CohortRequest::Cancel { generation, .. }] if *generation > g2
    ));
    update(
        &mut app,
        Action::Cohort(CohortAnswer::ExportDone {
            generation: g2,
            result: Ok(ExportSummary {
                people_rows: 3,
                event_rows: Some(9),
                files: vec![],
                notices: vec![],
            }),
        }),
    );
    assert!(app.cohort.last_export.is_none());
    let d = app.cohort.export.as_ref().unwrap();
    assert_eq!(d.stage, ExportStage::Editing);
    assert!(d.error.as_deref().unwrap().contains("cancelled"));
}

/// The sizes every screen is drawn at.
const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

fn screen(app: &App) -> String {
    let mut term = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    term.draw(|f| ui::draw(f, app)).unwrap();
    let buf = term.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| {
            let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
            line.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn cohort_screens() {
    for (w, h) in SIZES {
        let mut app = app_with_cohort(w, h);
        keys(&mut app, &[Key::Char(' ')]);
        insta::assert_snapshot!(format!("cohort_list_{w}x{h}"), screen(&app));
        keys(&mut app, &[Key::Char('s')]);
        insta::assert_snapshot!(format!("cohort_summary_{w}x{h}"), screen(&app));
        keys(&mut app, &[Key::Char('s'), Key::Char('f')]);
        keys(&mut app, &[Key::Backspace]);
        typed(&mut app, "x");
        keys(&mut app, &[Key::Enter]);
        insta::assert_snapshot!(format!("cohort_filter_error_{w}x{h}"), screen(&app));
        keys(&mut app, &[Key::Esc, Key::Char('e')]);
        insta::assert_snapshot!(format!("cohort_export_{w}x{h}"), screen(&app));
    }
}

/// Opened from the cohort list, stepped through with `]`, then Esc: back on the list, at the
/// person last shown.
#[test]
fn esc_from_a_person_opened_from_the_list_returns_to_the_list() {
    let mut app = app_with_cohort(80, 24);
    keys(&mut app, &[Key::Enter]);
    common::open(&mut app, common::person()); // X1, the first member
    keys(&mut app, &[Key::Char(']')]);
    let mut p9 = common::person();
    p9.estimated_xjs_id = Some("P9".into());
    // The worker answers the step's request.
    let generation = app.person_generation;
    dfexplorer::tui::update(
        &mut app,
        dfexplorer::tui::action::Action::PersonLoaded {
            generation,
            result: Ok(dfexplorer::tui::action::Loaded::Person(Box::new(p9))),
        },
    );
    assert_eq!(app.screen, Screen::Person);
    keys(&mut app, &[Key::Esc]);
    assert_eq!(
        app.screen,
        Screen::Cohort,
        "stepping replaced the person: back to the list"
    );
    assert_eq!(
        app.cohort.selected, 1,
        "the list is at the person last shown"
    );
}

#[test]
fn the_person_screen_says_where_the_person_stands_in_the_cohort() {
    let mut app = app_with_cohort(120, 40);
    keys(&mut app, &[Key::Enter]);
    common::open(&mut app, common::person()); // X1, the first member
    let n = app.cohort.view.len();
    assert_eq!(
        dfexplorer::tui::screens::cohort::position(&app),
        Some((1, n))
    );
    assert!(
        screen(&app).contains(&format!("person 1 of {n} in the cohort")),
        "{}",
        screen(&app)
    );
}

/// A valid edit not yet applied says so, so the list below is not read as the new filter's;
/// fixing a bad field clears its error at once.
#[test]
fn an_edited_filter_says_it_is_not_applied_yet() {
    let mut app = app_with_cohort(80, 24);
    keys(&mut app, &[Key::Char('f'), Key::Backspace]);
    typed(&mut app, "x");
    assert!(app.cohort.error.is_some());
    keys(&mut app, &[Key::Backspace]);
    typed(&mut app, "5");
    assert_eq!(app.cohort.error, None);
    assert!(
        screen(&app).contains("edited: Enter applies it"),
        "{}",
        screen(&app)
    );
    keys(&mut app, &[Key::Enter]);
    assert!(!screen(&app).contains("edited: Enter applies it"));
}

// ---------------------------------------------------------------------------------------------
// The outcomes screen (`O` on the list).

/// A computed analysis of 40 people in two groups, as the worker would answer.
fn computed(
    spec: &dfexplorer::outcomes::OutcomeSpec,
) -> dfexplorer::tui::screens::outcomes::Computed {
    use dfexplorer::outcomes::{Counts, FollowUp, IndexKind, PersonOutcome, Report};
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let people: Vec<PersonOutcome> = (0..40u32)
        .map(|i| {
            let time = 30 + (i * 53) % 900;
            PersonOutcome {
                estimated_xjs_id: format!("P{i}"),
                group: if i % 4 == 0 { "Female" } else { "Male" }.into(),
                index_kind: IndexKind::Referral,
                index_date: d("2016-03-01"),
                index_row: format!("r{i}"),
                outcome_date: None,
                end_of_follow_up: d("2020-12-31"),
                time_days: time,
                event: i % 3 != 0,
                next: Vec::new(),
                records: Vec::new(),
            }
        })
        .collect();
    let follow = FollowUp {
        counts: Counts {
            index_rows_in_range: 42,
            unlinked_index_rows: 2,
            members: 40,
            analysed: 40,
            ..Counts::default()
        },
        window: dfexplorer::observation::Window {
            from: d("2014-01-01"),
            to: d("2020-12-31"),
        },
        people,
        requirements: None,
    };
    let report = Report::build(spec, &follow);
    dfexplorer::tui::screens::outcomes::Computed {
        follow,
        report,
        density: Default::default(),
    }
}

fn outcome_requests(app: &mut App) -> Vec<(u64, Option<dfexplorer::outcomes::OutcomeSpec>)> {
    cohort_requests(app)
        .into_iter()
        .filter_map(|r| match r {
            CohortRequest::Outcomes { generation, spec } => Some((generation, Some(*spec))),
            CohortRequest::OutcomesExport { generation, .. } => Some((generation, None)),
            _ => None,
        })
        .collect()
}

/// On the outcomes screen with the answer for its settings.
fn app_with_outcomes(w: u16, h: u16) -> App {
    let mut app = app_with_cohort(w, h);
    keys(&mut app, &[Key::Char('O'), Key::Char('g')]);
    let (generation, spec) = outcome_requests(&mut app).pop().unwrap();
    let spec = spec.unwrap();
    update(
        &mut app,
        Action::Cohort(CohortAnswer::OutcomesDone {
            generation,
            result: Ok(Box::new(computed(&spec))),
        }),
    );
    app
}

#[test]
fn outcomes_follow_the_cohort_filter_and_each_setting_recomputes() {
    let mut app = app_with_cohort(120, 40);
    keys(&mut app, &[Key::Char('O')]);
    assert_eq!(app.screen, Screen::Outcomes);
    assert_eq!(app.context(), Context::Outcomes);
    let asked = outcome_requests(&mut app);
    let spec = asked[0].1.clone().unwrap();
    assert_eq!(spec.from, app.cohort.filter.as_ref().unwrap().referral_from);
    assert_eq!(spec.windows, [365, 730]);
    assert_eq!(spec.suppress_below, 10);
    let first = asked[0].0;

    keys(
        &mut app,
        &[
            Key::Char('o'),
            Key::Char('i'),
            Key::Char('g'),
            Key::Char('w'),
        ],
    );
    let asked = outcome_requests(&mut app);
    assert_eq!(asked.len(), 4, "each key recomputes");
    let (last, spec) = asked.last().cloned().unwrap();
    let spec = spec.unwrap();
    assert_eq!(spec.outcome, dfexplorer::outcomes::OutcomeKind::Mags);
    assert_eq!(spec.index, [dfexplorer::outcomes::IndexKind::MagsFirst]);
    assert_eq!(spec.by, dfexplorer::outcomes::Grouping::Gender);
    assert_eq!(spec.windows, [90, 365]);

    // Progress shows; an answer to an older question is dropped.
    update(
        &mut app,
        Action::Cohort(CohortAnswer::OutcomesProgress {
            generation: last,
            done: 2000,
            of: 8000,
            people: Vec::new(),
        }),
    );
    assert!(screen(&app).contains("computing… 25% of 8000 people"));
    update(
        &mut app,
        Action::Cohort(CohortAnswer::OutcomesDone {
            generation: first,
            result: Ok(Box::new(computed(&spec))),
        }),
    );
    assert!(app.outcomes.computed.is_none());
    update(
        &mut app,
        Action::Cohort(CohortAnswer::OutcomesDone {
            generation: last,
            result: Err("the analysis was cancelled".into()),
        }),
    );
    assert!(screen(&app).contains("✗ the analysis was cancelled"));
    keys(&mut app, &[Key::Esc]);
    assert_eq!(app.screen, Screen::Cohort);
}

#[test]
fn outcome_files_ask_before_replacing() {
    let mut app = app_with_outcomes(120, 40);
    keys(&mut app, &[Key::Char('e')]);
    let asked = cohort_requests(&mut app);
    let CohortRequest::OutcomesExport {
        generation, files, ..
    } = &asked[0]
    else {
        panic!("{asked:?}")
    };
    assert!(!files.force);
    update(
        &mut app,
        Action::Cohort(CohortAnswer::OutcomesExported {
            generation: *generation,
            result: Err(ExportFailure {
                exists: true,
                message: "outcomes_tte.csv already exists".into(),
            }),
        }),
    );
    assert!(screen(&app).contains("press e again to replace"));
    keys(&mut app, &[Key::Char('e')]);
    let asked = cohort_requests(&mut app);
    assert!(matches!(&asked[0], CohortRequest::OutcomesExport { files, .. } if files.force));
    // Any other key drops the question: the next `e` asks again.
    keys(&mut app, &[Key::Char('j'), Key::Char('e')]);
    let asked = cohort_requests(&mut app);
    assert!(matches!(&asked[0], CohortRequest::OutcomesExport { files, .. } if !files.force));
}

#[test]
fn outcomes_screens() {
    for (w, h) in SIZES {
        let app = app_with_outcomes(w, h);
        insta::assert_snapshot!(format!("outcomes_{w}x{h}"), screen(&app));
    }
}

#[test]
fn leaving_outcomes_while_computing_stops_the_computation() {
    let mut app = app_with_cohort(120, 40);
    keys(&mut app, &[Key::Char('O')]);
    let (asked, _) = outcome_requests(&mut app).pop().unwrap();
    keys(&mut app, &[Key::Esc]);
    assert_eq!(app.screen, Screen::Cohort);
    let sent = cohort_requests(&mut app);
    assert!(
        matches!(
            sent.as_slice(),
            [CohortRequest::Cancel { lane: dfexplorer::tui::action::Lane::Outcomes, generation }]
                if *generation > asked
        ),
        "{sent:?}"
    );
    // The stopped computation's answer is dropped.
    update(
        &mut app,
        Action::Cohort(CohortAnswer::OutcomesDone {
            generation: asked,
            result: Err("interrupted".into()),
        }),
    );
    assert!(app.outcomes.error.is_none());
    // Leaving when the figures are there sends nothing.
    let mut app = app_with_outcomes(120, 40);
    keys(&mut app, &[Key::Esc]);
    assert!(cohort_requests(&mut app).is_empty());
}

/// People with records around their index, for the aligned and sequence views.
fn computed_with_records(
    spec: &dfexplorer::outcomes::OutcomeSpec,
) -> dfexplorer::tui::screens::outcomes::Computed {
    let mut c = computed(spec);
    for (i, p) in c.follow.people.iter_mut().enumerate() {
        let i = i as i32;
        p.records = vec![
            (Dataset::Magistrates, -200 - 10 * i),
            (Dataset::Probation, 0),
            (Dataset::Magistrates, 30 + 20 * i),
        ];
        if i % 3 == 0 {
            p.records.push((Dataset::Prison, 100 + i));
        }
        let start = p.index_date;
        p.next = p
            .records
            .iter()
            .filter(|(_, d)| *d > 0)
            .map(|(ds, d)| (*ds, start + chrono::Duration::days(*d as i64)))
            .collect();
        p.next.sort_by_key(|(ds, d)| (*d, *ds));
        p.records.sort_by_key(|(ds, d)| (*d, *ds));
    }
    c.density = dfexplorer::tui::screens::outcomes::aligned::Density::of(&c.follow.people);
    c
}

fn app_with_view(w: u16, h: u16, key: char) -> App {
    let mut app = app_with_cohort(w, h);
    keys(&mut app, &[Key::Char(key)]);
    let (generation, spec) = outcome_requests(&mut app).pop().unwrap();
    let spec = spec.unwrap();
    assert!(spec.keep_records && spec.keep_next > 0);
    update(
        &mut app,
        Action::Cohort(CohortAnswer::OutcomesDone {
            generation,
            result: Ok(Box::new(computed_with_records(&spec))),
        }),
    );
    app
}

#[test]
fn aligned_and_sequence_views() {
    for (w, h) in SIZES {
        let app = app_with_view(w, h, 'A');
        assert_eq!(app.context(), Context::Aligned);
        insta::assert_snapshot!(format!("aligned_{w}x{h}"), screen(&app));
        let app = app_with_view(w, h, 'N');
        assert_eq!(app.context(), Context::Sequences);
        insta::assert_snapshot!(format!("sequences_{w}x{h}"), screen(&app));
    }
}

#[test]
fn the_aligned_view_sorts_filters_zooms_and_opens_people() {
    let mut app = app_with_view(120, 40, 'A');
    let ids = |app: &App| -> Vec<String> {
        let people = &app.outcomes.computed.as_ref().unwrap().follow.people;
        app.outcomes
            .aligned
            .rows
            .iter()
            .map(|&i| people[i].estimated_xjs_id.clone())
            .collect()
    };
    assert_eq!(ids(&app).len(), 40);
    assert_eq!(ids(&app)[0], "P0");
    // By time to outcome: people with the outcome first, soonest first.
    keys(&mut app, &[Key::Char('s')]);
    let people = app
        .outcomes
        .computed
        .as_ref()
        .unwrap()
        .follow
        .people
        .clone();
    let rows = app.outcomes.aligned.rows.clone();
    let first_censored = rows.iter().position(|&i| !people[i].event).unwrap();
    assert!(rows[..first_censored]
        .windows(2)
        .all(|w| people[w[0]].time_days <= people[w[1]].time_days));
    assert!(rows[first_censored..].iter().all(|&i| !people[i].event));
    // By number of records: people with a prison journey first.
    keys(&mut app, &[Key::Char('s')]);
    assert_eq!(people[app.outcomes.aligned.rows[0]].records.len(), 4);
    // Only those without the outcome.
    keys(&mut app, &[Key::Char('f'), Key::Char('f')]);
    assert!(app.outcomes.aligned.rows.iter().all(|&i| !people[i].event));
    assert!(screen(&app).contains("without the outcome"));
    // Zoom in, then out past the widest: stays at the widest.
    keys(&mut app, &[Key::Char('+')]);
    assert!(screen(&app).contains("-1y to +2y"), "{}", screen(&app));
    keys(&mut app, &[Key::Char('-'), Key::Char('-'), Key::Char('-')]);
    assert!(screen(&app).contains("-5y to +10y"), "{}", screen(&app));
    // Enter opens the selected person; Esc comes back to the same row.
    keys(&mut app, &[Key::Down, Key::Down]);
    let selected = app.outcomes.aligned.selected;
    let id = people[app.outcomes.aligned.rows[selected]]
        .estimated_xjs_id
        .clone();
    keys(&mut app, &[Key::Enter]);
    let asked: Vec<Request> = app.outbox.drain(..).collect();
    assert!(
        asked.iter().any(
            |r| matches!(r, Request::OpenPerson { person: PersonRef::Linked(p), .. } if *p == id)
        ),
        "{asked:?}"
    );
    // The sequence view's depth changes without recomputing.
    keys(&mut app, &[Key::Char('N'), Key::Char('+')]);
    assert_eq!(app.outcomes.depth, 4);
    assert!(cohort_requests(&mut app).is_empty());
    assert!(
        app.outcomes.branches.iter().any(|b| b.step == 4)
            || app.outcomes.branches.iter().all(|b| b.step <= 4)
    );
}

#[test]
fn e_on_a_person_writes_their_timeline_and_asks_before_replacing() {
    let mut app = common::app_with_person(120, 40);
    app.outbox.clear();
    keys(&mut app, &[Key::Char('e')]);
    let asked = cohort_requests(&mut app);
    let [CohortRequest::PersonExport {
        generation,
        path,
        force: false,
        ..
    }] = asked.as_slice()
    else {
        panic!("{asked:?}")
    };
    assert!(path.to_string_lossy().starts_with("person_"), "{path:?}");
    update(
        &mut app,
        Action::Cohort(CohortAnswer::PersonExported {
            generation: *generation,
            result: Err(ExportFailure {
                exists: true,
                message: format!("{} already exists", path.display()),
            }),
        }),
    );
    assert!(app
        .message
        .as_deref()
        .unwrap()
        .ends_with("press e again to replace it"));
    keys(&mut app, &[Key::Char('e')]);
    let asked = cohort_requests(&mut app);
    assert!(matches!(
        asked.as_slice(),
        [CohortRequest::PersonExport { force: true, .. }]
    ));
    // Another key in between: the next `e` asks again.
    keys(&mut app, &[Key::Char('e')]);
    let g = match cohort_requests(&mut app).as_slice() {
        [CohortRequest::PersonExport { generation, .. }] => *generation,
        other => panic!("{other:?}"),
    };
    update(
        &mut app,
        Action::Cohort(CohortAnswer::PersonExported {
            generation: g,
            result: Err(ExportFailure {
                exists: true,
                message: "exists".into(),
            }),
        }),
    );
    keys(&mut app, &[Key::Char('j'), Key::Char('e')]);
    assert!(matches!(
        cohort_requests(&mut app).as_slice(),
        [CohortRequest::PersonExport { force: false, .. }]
    ));
}

#[test]
fn the_summary_scrolls_at_80x24() {
    let mut app = app_with_cohort(80, 24);
    keys(&mut app, &[Key::Char('s')]);
    let top = screen(&app);
    assert!(top.contains("people"), "{top}");
    let selected = app.cohort.selected;
    keys(&mut app, &[Key::Char('j'), Key::Char('j')]);
    assert_eq!(app.cohort.summary_scroll, 2);
    assert_eq!(
        app.cohort.selected, selected,
        "j scrolls the summary, not the list"
    );
    assert_ne!(screen(&app), top);
    keys(&mut app, &[Key::Char('u'), Key::Char('k'), Key::Char('k')]);
    assert_eq!(app.cohort.summary_scroll, 0);
    assert_eq!(screen(&app), top);
}

fn choices() -> dfexplorer::cohort::FilterChoices {
    dfexplorer::cohort::FilterChoices {
        datasets: vec![("magistrates".into(), 900), ("probation".into(), 400)],
        genders: vec![("Male".into(), 350), ("Female".into(), 50)],
        age_bands: vec![("18-20".into(), 40), ("21-24".into(), 60)],
        disposal_types: vec![
            ("ORA Community Order".into(), 230),
            ("ORA Suspended Sentence Order".into(), 120),
            ("CJA - Suspended Sentence Order".into(), 30),
        ],
    }
}

#[test]
fn filter_fields_offer_their_values_with_counts() {
    let mut app = App::new("test.db", 80, 24, Theme::plain());
    app.outbox.clear();
    keys(&mut app, &[Key::F(3)]);
    let asked = cohort_requests(&mut app);
    assert!(
        asked
            .iter()
            .any(|r| matches!(r, CohortRequest::Choices { .. })),
        "{asked:?}"
    );
    update(
        &mut app,
        Action::Cohort(CohortAnswer::Choices {
            generation: 1,
            result: Ok(choices()),
        }),
    );
    // The disposal type field: typing narrows the list.
    keys(
        &mut app,
        &[Key::Tab, Key::Tab, Key::Tab, Key::Tab, Key::Tab],
    );
    typed(&mut app, "susp");
    insta::assert_snapshot!("cohort_pick_list_80x24", screen(&app));
    keys(&mut app, &[Key::Down, Key::Down, Key::Enter]);
    assert_eq!(app.cohort.form.fields[5], "CJA - Suspended Sentence Order");
    assert!(!screen(&app).contains("referral rows ·"), "the list closes");
    // Up from the first value goes back to typing; Up again moves to the previous field.
    keys(&mut app, &[Key::Tab, Key::BackTab]);
    app.cohort.form.fields[5].clear();
    keys(&mut app, &[Key::Down, Key::Up]);
    assert_eq!((app.cohort.form.pick, app.cohort.form.focus), (None, 5));
    keys(&mut app, &[Key::Up]);
    assert_eq!(app.cohort.form.focus, 4);
    // The datasets field takes a value in place of the item being typed.
    app.cohort.form.focus = 2;
    typed(&mut app, "magistrates,pro");
    keys(&mut app, &[Key::Down, Key::Enter]);
    assert_eq!(app.cohort.form.fields[2], "magistrates,probation");
    // Enter with nothing picked applies the filter.
    keys(&mut app, &[Key::Enter]);
    assert!(cohort_requests(&mut app)
        .iter()
        .any(|r| matches!(r, CohortRequest::Scan { .. })));
}

#[test]
fn the_aligned_view_lists_people_while_the_computation_runs() {
    let mut app = app_with_cohort(120, 40);
    keys(&mut app, &[Key::Char('A')]);
    let (generation, spec) = outcome_requests(&mut app).pop().unwrap();
    let people = computed_with_records(&spec.unwrap()).follow.people;
    update(
        &mut app,
        Action::Cohort(CohortAnswer::OutcomesProgress {
            generation,
            done: 10,
            of: 40,
            people: people[..10].to_vec(),
        }),
    );
    let shown = screen(&app);
    assert!(
        shown.contains("P0") && shown.contains("person 1 of 10"),
        "{shown}"
    );
    assert!(
        shown.contains("counting records around the index"),
        "{shown}"
    );
    keys(&mut app, &[Key::Down]);
    assert_eq!(app.outcomes.aligned.selected, 1);
    // A stale answer adds nothing.
    update(
        &mut app,
        Action::Cohort(CohortAnswer::OutcomesProgress {
            generation: generation - 1,
            done: 40,
            of: 40,
            people: people[10..].to_vec(),
        }),
    );
    assert_eq!(app.outcomes.aligned.rows.len(), 10);
}

#[test]
fn a_preview_lists_the_first_people_until_the_computation_hands_over_its_own() {
    let mut app = app_with_cohort(120, 40);
    keys(&mut app, &[Key::Char('A')]);
    let asked = cohort_requests(&mut app);
    let (generation, preview) = match asked.as_slice() {
        [CohortRequest::OutcomesPreview { generation, spec }, CohortRequest::Outcomes { .. }] => {
            (*generation, spec.clone())
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(
        preview.first,
        Some(dfexplorer::tui::screens::outcomes::PREVIEW)
    );
    let people = computed_with_records(&preview).follow.people;
    update(
        &mut app,
        Action::Cohort(CohortAnswer::OutcomesPreviewed {
            generation,
            people: people[..5].to_vec(),
        }),
    );
    assert!(screen(&app).contains("person 1 of 5"), "{}", screen(&app));
    // The computation's own people take over.
    update(
        &mut app,
        Action::Cohort(CohortAnswer::OutcomesProgress {
            generation,
            done: 12,
            of: 40,
            people: people[..12].to_vec(),
        }),
    );
    assert!(screen(&app).contains("person 1 of 12"), "{}", screen(&app));
    // A late preview changes nothing.
    update(
        &mut app,
        Action::Cohort(CohortAnswer::OutcomesPreviewed {
            generation,
            people: people[..3].to_vec(),
        }),
    );
    assert!(screen(&app).contains("person 1 of 12"));
}

/// The mouse on the cohort screen: a click selects a person (row under the pointer, found from
/// the drawn screen), a click on the selected one opens them, and a click on the filter edits it.
#[test]
fn the_cohort_list_takes_clicks() {
    let mut app = app_with_cohort(80, 24);
    let drawn = screen(&app);
    let row = drawn
        .lines()
        .position(|l| l.contains("P9"))
        .expect("P9 is listed") as u16;
    update(&mut app, Action::Click { column: 10, row });
    assert_eq!(app.cohort.selected, 1);
    assert!(app.outbox.is_empty());
    update(&mut app, Action::Click { column: 10, row });
    assert!(matches!(
        app.outbox.last(),
        Some(Request::OpenPerson { person: PersonRef::Linked(id), .. }) if id == "P9"
    ));
    // The header line and the border are not people.
    app.outbox.clear();
    update(
        &mut app,
        Action::Click {
            column: 10,
            row: row - 2,
        },
    );
    assert_eq!(app.cohort.selected, 1);
    assert!(app.outbox.is_empty());
    // The wheel moves the selection.
    update(
        &mut app,
        Action::Scroll {
            column: 10,
            row,
            lines: 1,
        },
    );
    assert_eq!(app.cohort.selected, 2);
    // The filter panel.
    update(&mut app, Action::Click { column: 10, row: 2 });
    assert_eq!(app.context(), Context::CohortForm);
}

/// The aligned journeys take clicks: a person's row (found on the drawn screen) is selected,
/// and a second click opens them.
#[test]
fn the_aligned_view_takes_clicks() {
    let mut app = app_with_view(120, 40, 'A');
    app.outbox.clear();
    let drawn = screen(&app);
    let row = drawn
        .lines()
        .position(|l| l.starts_with("│P3 "))
        .expect("P3 is listed") as u16;
    update(&mut app, Action::Click { column: 3, row });
    assert_eq!(app.outcomes.aligned.selected, 3);
    assert!(app.outbox.is_empty());
    update(&mut app, Action::Click { column: 3, row });
    assert!(matches!(
        app.outbox.last(),
        Some(Request::OpenPerson { person: PersonRef::Linked(id), .. }) if id == "P3"
    ));
}
