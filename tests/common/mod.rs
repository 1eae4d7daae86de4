//! Hand-made timelines for the TUI tests and the render benchmark: known events, known answers.
#![allow(dead_code)]

use chrono::NaiveDate;
use dfexplorer::contract::Dataset;
use dfexplorer::dates::DateCell;
use dfexplorer::quality::{Flag, Rule};
use dfexplorer::record::Record;
use dfexplorer::timeline::{
    Child, DatasetId, Demographic, Event, JourneyLink, Marker, PersonTimeline,
};
use dfexplorer::tui::action::{Action, Loaded};
use dfexplorer::tui::app::App;
use dfexplorer::tui::input::key_action;
use dfexplorer::tui::keymap::Key;
use dfexplorer::tui::theme::Theme;
use dfexplorer::tui::update;

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cell(s: Option<&str>) -> DateCell {
    DateCell::parse(s)
}

fn record(table: &str, cols: &[(&str, Option<&str>)]) -> Record {
    Record::new(
        table,
        cols.iter()
            .map(|(c, v)| ((*c).into(), v.map(str::to_string)))
            .collect(),
    )
}

#[allow(clippy::too_many_arguments)]
fn event(
    dataset: Dataset,
    rows: &[&str],
    kind: &str,
    start: Option<&str>,
    end: Option<&str>,
    label: &str,
    markers: &[(&'static str, &str)],
    record: Record,
) -> Event {
    Event {
        dataset,
        table: dataset.main_table(),
        row_id_hashes: rows.iter().map(|r| r.to_string()).collect(),
        kind: kind.into(),
        start: cell(start),
        end: cell(end),
        open: end.is_none(),
        label: label.into(),
        markers: markers
            .iter()
            .map(|(c, v)| Marker {
                column: c,
                date: d(v),
            })
            .collect(),
        flags: Vec::new(),
        children: Vec::new(),
        record,
        journey_links: Vec::new(),
    }
}

fn child(table: &str, kind: &str, start: &str, end: Option<&str>, label: &str) -> Child {
    Child {
        table: table.into(),
        kind: kind.into(),
        start: cell(Some(start)),
        end: cell(end),
        open: end.is_none(),
        label: label.into(),
        flags: Vec::new(),
        record: record(
            table,
            &[
                ("event_id_hash", Some("EV1")),
                ("start", Some(start)),
                ("termination", end),
                ("kind", Some(kind)),
            ],
        ),
    }
}

/// Person X1: a magistrates' case sent to the Crown Court, a custodial journey, a probation
/// licence still open (its flatfile row repeated), and a community order with two overlapping
/// requirements. Magistrates and prison disagree on gender; X2 may be the same person.
pub fn person() -> PersonTimeline {
    let journey = JourneyLink {
        mags_row_id_hash: "MAG-R1".into(),
        crown_row_id_hash: "CRN-R1".into(),
        estimated_match_score: Some(0.93),
    };
    let mut mags = event(
        Dataset::Magistrates,
        &["MAG-R1"],
        "Committed for trial",
        Some("2015-02-01"),
        Some("2015-04-01"),
        "Theft from a shop · committed for trial",
        &[("offence_date", "2015-01-10")],
        record(
            "magistrates_case",
            &[
                ("row_id_hash", Some("MAG-R1")),
                ("case_id_hash", Some("MCASE1")),
                ("estimated_defendant_id", Some("DEF-9")),
                ("offence_date", Some("2015-01-10")),
                ("first_hearing_date", Some("2015-02-01")),
                ("final_result_date", Some("2015-04-01")),
                ("gender", Some("M")),
                ("age_at_offence", Some("23")),
                ("local_extra_column", Some("kept and shown")),
                ("lsoa", None),
            ],
        ),
    );
    mags.journey_links.push(journey.clone());
    mags.children.push(child(
        "magistrates_offence",
        "Offence 1",
        "2015-01-10",
        Some("2015-01-10"),
        "Theft from a shop",
    ));
    let mut crown = event(
        Dataset::Crown,
        &["CRN-R1"],
        "Trial",
        Some("2015-04-15"),
        Some("2015-09-30"),
        "Theft · immediate custody",
        &[],
        record(
            "crown_case",
            &[
                ("row_id_hash", Some("CRN-R1")),
                ("receipt_date", Some("2015-04-15")),
                ("disposal_date", Some("2015-09-30")),
                ("case_type", Some("Trial")),
            ],
        ),
    );
    crown.journey_links.push(journey);
    let prison = event(
        Dataset::Prison,
        &["PRI-R1"],
        "Custodial journey",
        Some("2015-09-30"),
        Some("2016-06-30"),
        "Wandsworth (HMP) → Belmarsh (HMP)",
        &[],
        record(
            "prison_custodial_journey",
            &[
                ("row_id_hash", Some("PRI-R1")),
                ("journey_start_date", Some("2015-09-30")),
                ("journey_end_date", Some("2016-06-30")),
                ("gender", Some("F")),
            ],
        ),
    );
    let mut licence = event(
        Dataset::Probation,
        &["PRB-R1", "PRB-R1-DUP"],
        "Licence",
        Some("2016-06-30"),
        None,
        "CJA - Std Determinate Custody",
        &[("referral_date", "2016-06-01")],
        record(
            "probation_flatfile",
            &[
                ("row_id_hash", Some("PRB-R1")),
                ("event_id_hash", Some("EV1")),
                ("referral_date", Some("2016-06-01")),
                ("disposal_date", Some("2016-06-30")),
                ("disposal_termination_date", None),
            ],
        ),
    );
    licence.flags.push(Flag {
        rule: Rule::DuplicateEventRows,
        detail: "event EV1 appears on 2 flatfile rows".into(),
    });
    licence.children.push(child(
        "probation_licence_conditions",
        "Licence condition",
        "2016-06-30",
        Some("2017-06-30"),
        "Residence",
    ));
    let mut order = event(
        Dataset::Probation,
        &["PRB-R2"],
        "Community order",
        Some("2017-03-01"),
        Some("2018-03-01"),
        "ORA Community Order",
        &[("referral_date", "2017-02-10")],
        record(
            "probation_flatfile",
            &[
                ("row_id_hash", Some("PRB-R2")),
                ("event_id_hash", Some("EV2")),
            ],
        ),
    );
    order.children.push(child(
        "probation_rqmnts",
        "Unpaid Work",
        "2017-03-01",
        Some("2017-09-01"),
        "120 hours",
    ));
    order.children.push(child(
        "probation_rqmnts",
        "RAR",
        "2017-03-01",
        Some("2018-01-01"),
        "20 days",
    ));
    order.children[1].flags.push(Flag {
        rule: Rule::MissingCommencementDate,
        detail: "rqmnt_commencement_date is missing".into(),
    });
    PersonTimeline {
        estimated_xjs_id: Some("X1".into()),
        dataset_ids: vec![
            DatasetId {
                dataset: Dataset::Magistrates,
                kind: "estimated_defendant_id".into(),
                value: "DEF-9".into(),
            },
            DatasetId {
                dataset: Dataset::Probation,
                kind: "estimated_offender_id".into(),
                value: "OFF-4".into(),
            },
        ],
        demographics: vec![
            Demographic {
                dataset: Dataset::Magistrates,
                gender: Some("M".into()),
                age: Some(23.0),
                age_on: Some(d("2015-01-10")),
                disagrees: true,
            },
            Demographic {
                dataset: Dataset::Prison,
                gender: Some("F".into()),
                age: Some(24.0),
                age_on: Some(d("2015-09-30")),
                disagrees: true,
            },
        ],
        events: vec![mags, crown, prison, licence, order],
        flags: vec![Flag {
            rule: Rule::PossibleMissedLink,
            detail: "offender OFF-4 also has records under X2".into(),
        }],
        split_into: vec!["X2".into()],
        datasets_present: Dataset::ALL.to_vec(),
        windows: dfexplorer::observation::Windows::default(),
    }
}

/// A person with `n` records spread over the datasets, for the render benchmark.
pub fn big_person(n: usize) -> PersonTimeline {
    let mut t = person();
    let base = t.events.clone();
    t.events.clear();
    for i in 0..n {
        let mut e = base[i % base.len()].clone();
        let shift = chrono::Duration::days((i as i64 * 17) % 2500 - 1200);
        let move_cell = |c: &DateCell| match c {
            DateCell::Valid(x) => DateCell::Valid(*x + shift),
            other => other.clone(),
        };
        e.start = move_cell(&e.start);
        e.end = move_cell(&e.end);
        for m in &mut e.markers {
            m.date += shift;
        }
        for c in &mut e.children {
            c.start = move_cell(&c.start);
            c.end = move_cell(&c.end);
        }
        e.row_id_hashes = vec![format!("R{i}")];
        t.events.push(e);
    }
    t.events.sort_by_key(|e| e.start.date());
    t
}

/// An app showing `person()` on an 80x24 (or other) screen, with no colour.
pub fn app_with_person(width: u16, height: u16) -> App {
    let mut app = App::new("test.db", width, height, Theme::plain());
    app.outbox.clear();
    open(&mut app, person());
    app
}

/// Opens a timeline as if the worker had answered.
pub fn open(app: &mut App, t: PersonTimeline) {
    app.person_generation += 1;
    let generation = app.person_generation;
    dfexplorer::tui::update(
        app,
        Action::PersonLoaded {
            generation,
            result: Ok(Loaded::Person(Box::new(t))),
        },
    );
}

/// Presses keys through the real keymap, as the event loop would.
pub fn keys(app: &mut App, ks: &[Key]) {
    for k in ks {
        if let Some(a) = key_action(app, *k) {
            update(app, a);
        }
    }
}

/// Types text one key at a time.
pub fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        keys(app, &[Key::Char(c)]);
    }
}
