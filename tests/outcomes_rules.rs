//! Every rule of the outcome definitions on a hand-built database with known answers: same-day
//! records, records before the index, unlinked and undated outcome records, Crown cases that
//! continue proceedings begun before the index, follow-up shorter than a window, an index at
//! the end of follow-up, first-seen cohorts, ties, and disclosure control.

use std::ops::ControlFlow;

use chrono::NaiveDate;
use dfexplorer::contract::{self, Dataset};
use dfexplorer::disclosure::Shown;
use dfexplorer::outcomes::{
    follow, FollowUp, Grouping, IndexKind, OutcomeKind, OutcomeSpec, PersonOutcome, Report,
};
use rusqlite::{params, Connection};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

struct Db(Connection);

impl Db {
    fn new() -> Db {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(contract::table_ddl()).unwrap();
        c.execute_batch(contract::index_ddl()).unwrap();
        Db(c)
    }
    fn link(&self, d: Dataset, row: &str, person: &str) {
        self.0
            .execute(
                "INSERT INTO xjs_link VALUES (?1, ?2, ?3)",
                params![d.source_name(), row, person],
            )
            .unwrap();
    }
    fn referral(&self, person: Option<&str>, row: &str, date: Option<&str>, gender: &str) {
        self.0
            .execute(
                "INSERT INTO probation_flatfile (row_id_hash, event_id_hash, referral_date,
                 disposal_date, gender, age_at_offence, disposal_type_description)
                 VALUES (?1, ?1, ?2, ?2, ?3, 30, 'ORA Community Order')",
                params![row, date, gender],
            )
            .unwrap();
        if let Some(p) = person {
            self.link(Dataset::Probation, row, p);
        }
    }
    fn mags(&self, person: Option<&str>, row: &str, first_hearing: Option<&str>) {
        self.0
            .execute(
                "INSERT INTO magistrates_case (row_id_hash, first_hearing_date, gender, age_at_offence,
                 jsas_result_group_desc) VALUES (?1, ?2, 'Male', 20, 'Fine')",
                params![row, first_hearing],
            )
            .unwrap();
        if let Some(p) = person {
            self.link(Dataset::Magistrates, row, p);
        }
    }
    fn crown(&self, person: &str, row: &str, receipt: &str, sent_from: Option<&str>) {
        self.0
            .execute(
                "INSERT INTO crown_case (row_id_hash, receipt_date) VALUES (?1, ?2)",
                params![row, receipt],
            )
            .unwrap();
        self.link(Dataset::Crown, row, person);
        if let Some(m) = sent_from {
            self.0
                .execute(
                    "INSERT INTO mags_crown_journey VALUES (?1, ?2, 0.9)",
                    params![m, row],
                )
                .unwrap();
        }
    }
    fn prison(&self, person: &str, row: &str, start: &str, end: Option<&str>) {
        self.0
            .execute(
                "INSERT INTO prison_custodial_journey (row_id_hash, journey_start_date,
                 journey_end_date, gender, age_at_reception, sentence_type)
                 VALUES (?1, ?2, ?3, 'Female', 40, 'Determinate')",
                params![row, start, end],
            )
            .unwrap();
        self.link(Dataset::Prison, row, person);
    }
    fn run(&self, spec: &OutcomeSpec) -> FollowUp {
        follow(&self.0, spec, |_| ControlFlow::Continue(())).unwrap()
    }
}

fn spec(outcome: OutcomeKind) -> OutcomeSpec {
    OutcomeSpec {
        from: Some(d("2016-01-01")),
        to: Some(d("2016-12-31")),
        outcome,
        suppress_below: 0,
        ..OutcomeSpec::default()
    }
}

fn person<'a>(f: &'a FollowUp, id: &str) -> &'a PersonOutcome {
    f.people
        .iter()
        .find(|p| p.estimated_xjs_id == id)
        .unwrap_or_else(|| panic!("{id} not followed up: {:?}", f.counts))
}

/// The database of the referral tests.
fn referrals() -> Db {
    let db = Db::new();
    // P1: a same-day case is not an outcome; the next one is.
    db.referral(Some("P1"), "r1", Some("2016-03-01"), "Male");
    db.mags(Some("P1"), "m1a", Some("2016-03-01"));
    db.mags(Some("P1"), "m1b", Some("2016-06-01"));
    db.mags(Some("P1"), "m1c", Some("2017-06-01"));
    // P2: a case before the index only: censored at the end of the magistrates' data.
    db.referral(Some("P2"), "r2", Some("2016-04-01"), "Male");
    db.mags(Some("P2"), "m2", Some("2015-01-01"));
    // P3: undated and malformed cases cannot be outcomes.
    db.referral(Some("P3"), "r3", Some("2016-05-01"), "Female");
    db.mags(Some("P3"), "m3a", None);
    db.mags(Some("P3"), "m3b", Some("2016-13-45"));
    // P4: a case with no xjs_link row is not theirs.
    db.referral(Some("P4"), "r4", Some("2016-02-01"), "Female");
    db.mags(None, "m4", Some("2016-03-01"));
    // P5: a Crown case sent from a case begun before the index continues those proceedings;
    // a later Crown case with no magistrates' case is new.
    db.referral(Some("P5"), "r5", Some("2016-02-01"), "Male");
    db.mags(Some("P5"), "m5", Some("2016-01-10"));
    db.crown("P5", "c5a", "2016-03-01", Some("m5"));
    db.crown("P5", "c5b", "2016-09-01", None);
    // P6: a Crown case sent from a case begun after the index is new proceedings.
    db.referral(Some("P6"), "r6", Some("2016-02-01"), "Male");
    db.mags(Some("P6"), "m6", Some("2016-03-01"));
    db.crown("P6", "c6", "2016-04-01", Some("m6"));
    // An unlinked referral in range, and one out of range.
    db.referral(None, "r7", Some("2016-07-01"), "Male");
    db.referral(Some("P8"), "r8", Some("2017-01-01"), "Male");
    // P9: two referrals in range: the index is the earliest.
    db.referral(Some("P9"), "r9b", Some("2016-10-01"), "Male");
    db.referral(Some("P9"), "r9a", Some("2016-08-01"), "Male");
    db.prison("P9", "j9", "2016-09-01", Some("2017-03-01"));
    db
}

#[test]
fn outcome_dates_follow_the_rules() {
    let db = referrals();
    let f = db.run(&spec(OutcomeKind::Mags));
    assert_eq!(f.counts.index_rows_in_range, 9);
    assert_eq!(f.counts.unlinked_index_rows, 1);
    assert_eq!(f.counts.members, 7);
    assert_eq!(f.counts.analysed, 7);
    assert_eq!(f.window.to, d("2022-12-31"));

    let p1 = person(&f, "P1");
    assert_eq!(
        (p1.outcome_date, p1.event, p1.time_days),
        (Some(d("2016-06-01")), true, 92)
    );
    let p2 = person(&f, "P2");
    assert_eq!((p2.outcome_date, p2.event), (None, false));
    assert_eq!(
        p2.time_days as i64,
        (d("2022-12-31") - d("2016-04-01")).num_days()
    );
    assert!(!person(&f, "P3").event);
    assert!(!person(&f, "P4").event);
    let p9 = person(&f, "P9");
    assert_eq!(p9.index_date, d("2016-08-01"));

    // Crown: continuation cases are not outcomes.
    let f = db.run(&spec(OutcomeKind::Crown));
    assert_eq!(person(&f, "P5").outcome_date, Some(d("2016-09-01")));
    assert_eq!(person(&f, "P6").outcome_date, Some(d("2016-04-01")));
    // Court: the earliest of magistrates' and Crown.
    let f = db.run(&spec(OutcomeKind::Court));
    assert_eq!(person(&f, "P6").outcome_date, Some(d("2016-03-01")));
    assert_eq!(person(&f, "P5").outcome_date, Some(d("2016-09-01")));
    // Any: P9's prison journey; the index referral itself and P9's second referral are
    // probation outcomes only when strictly later.
    let f = db.run(&spec(OutcomeKind::Any));
    assert_eq!(person(&f, "P9").outcome_date, Some(d("2016-09-01")));
    assert_eq!(
        f.window.to,
        d("2020-12-31"),
        "any ends with probation's window"
    );
    let f = db.run(&spec(OutcomeKind::Probation));
    assert_eq!(person(&f, "P9").outcome_date, Some(d("2016-10-01")));
}

#[test]
fn a_crown_case_sent_from_a_case_heard_on_the_index_day_continues_it() {
    let db = Db::new();
    // The referral and the first hearing on the same day: the Crown case sent from that
    // hearing is the same proceedings, not a return; a case heard the day after is new.
    db.referral(Some("SAME"), "r1", Some("2016-05-05"), "Male");
    db.mags(Some("SAME"), "m1", Some("2016-05-05"));
    db.crown("SAME", "c1", "2016-06-01", Some("m1"));
    db.referral(Some("NEXT"), "r2", Some("2016-05-05"), "Male");
    db.mags(Some("NEXT"), "m2", Some("2016-05-06"));
    db.crown("NEXT", "c2", "2016-06-01", Some("m2"));
    let f = db.run(&spec(OutcomeKind::Crown));
    let same = person(&f, "SAME");
    assert_eq!((same.outcome_date, same.event), (None, false));
    assert_eq!(person(&f, "NEXT").outcome_date, Some(d("2016-06-01")));
}

#[test]
fn index_events_on_the_same_day_take_the_kind_listed_first() {
    let db = Db::new();
    db.referral(Some("Q"), "r", Some("2016-05-01"), "Male");
    db.prison("Q", "j", "2015-01-01", Some("2016-05-01"));
    for (index, kind) in [
        (
            [IndexKind::Referral, IndexKind::PrisonRelease],
            IndexKind::Referral,
        ),
        (
            [IndexKind::PrisonRelease, IndexKind::Referral],
            IndexKind::PrisonRelease,
        ),
    ] {
        let s = OutcomeSpec {
            index: index.to_vec(),
            ..spec(OutcomeKind::Mags)
        };
        let q = db.run(&s);
        assert_eq!(person(&q, "Q").index_kind, kind, "index kinds {index:?}");
    }
}

#[test]
fn with_several_index_kinds_each_person_is_described_by_their_own_index_record() {
    let db = Db::new();
    // The referral is a man's (probation row 1), the release a woman's (prison row 1).
    db.referral(Some("MAN"), "r", Some("2016-03-01"), "Male");
    db.prison("WOMAN", "j", "2015-01-01", Some("2016-04-01"));
    let s = OutcomeSpec {
        index: vec![IndexKind::Referral, IndexKind::PrisonRelease],
        by: Grouping::Gender,
        ..spec(OutcomeKind::Mags)
    };
    let f = db.run(&s);
    assert_eq!(person(&f, "MAN").group, "Male");
    assert_eq!(person(&f, "WOMAN").group, "Female");
    let women = OutcomeSpec {
        gender: Some("female".into()),
        ..s
    };
    let f = db.run(&women);
    let ids: Vec<&str> = f
        .people
        .iter()
        .map(|p| p.estimated_xjs_id.as_str())
        .collect();
    assert_eq!(ids, ["WOMAN"]);
}

#[test]
fn crown_outcomes_are_followed_without_the_journey_table() {
    let db = Db::new();
    db.0.execute_batch("DROP TABLE mags_crown_journey").unwrap();
    db.referral(Some("A"), "r", Some("2016-03-01"), "Male");
    db.crown("A", "c", "2016-05-01", None);
    let f = db.run(&spec(OutcomeKind::Crown));
    assert_eq!(person(&f, "A").outcome_date, Some(d("2016-05-01")));
}

#[test]
fn a_preview_reads_only_the_first_people_in_index_date_order() {
    let db = Db::new();
    for (i, day) in [
        "2016-05-01",
        "2016-01-01",
        "2016-03-01",
        "2016-02-01",
        "2016-04-01",
    ]
    .iter()
    .enumerate()
    {
        db.referral(Some(&format!("P{i}")), &format!("r{i}"), Some(day), "Male");
    }
    let s = OutcomeSpec {
        first: Some(2),
        ..spec(OutcomeKind::Mags)
    };
    let f = db.run(&s);
    let ids: Vec<&str> = f
        .people
        .iter()
        .map(|p| p.estimated_xjs_id.as_str())
        .collect();
    assert_eq!(ids, ["P1", "P3"]);
    assert_eq!(
        f.counts.index_rows_in_range, 2,
        "the scan stops after two people"
    );
}

#[test]
fn follow_up_ends_with_the_outcome_data() {
    let db = Db::new();
    // Index on the last day of probation data: no follow-up for a probation outcome.
    db.referral(Some("A"), "a", Some("2020-12-31"), "Male");
    // Index late in 2020, with a referral after the data end: censored at the end.
    db.referral(Some("B"), "b1", Some("2020-06-01"), "Male");
    db.referral(Some("B"), "b2", Some("2021-03-01"), "Male");
    let mut s = spec(OutcomeKind::Probation);
    s.from = Some(d("2020-01-01"));
    s.to = Some(d("2020-12-31"));
    let f = db.run(&s);
    assert_eq!(f.counts.members, 2);
    assert_eq!(f.counts.no_follow_up, 1);
    let b = person(&f, "B");
    assert_eq!(
        b.outcome_date,
        Some(d("2021-03-01")),
        "seen, but after follow-up"
    );
    assert!(!b.event);
    assert_eq!(b.end_of_follow_up, d("2020-12-31"));
    assert_eq!(
        b.time_days as i64,
        (d("2020-12-31") - d("2020-06-01")).num_days()
    );

    // 365-day window: B is followed 213 days without the outcome: short follow-up.
    s.windows = vec![100, 365];
    let r = Report::build(&s, &f);
    let row = &r.windows[1].rows[0];
    assert_eq!(row.followed, Shown::Value(0));
    assert_eq!(row.short_follow_up, Shown::Value(1));
    assert_eq!(r.windows[0].rows[0].followed, Shown::Value(1));
}

/// People whose first magistrates' case is in `from..=to`, followed to a probation record.
fn first_cases_to_probation(from: &str, to: &str) -> OutcomeSpec {
    OutcomeSpec {
        index: vec![IndexKind::MagsFirst],
        from: Some(d(from)),
        to: Some(d(to)),
        outcome: OutcomeKind::Probation,
        suppress_below: 0,
        ..OutcomeSpec::default()
    }
}

#[test]
fn an_index_before_the_outcome_data_begin_cannot_be_followed() {
    let db = Db::new();
    db.mags(Some("A"), "m", Some("2012-05-01"));
    db.referral(Some("A"), "r", Some("2015-01-01"), "Male");
    let s = first_cases_to_probation("2012-01-01", "2012-12-31");
    let f = db.run(&s);
    assert_eq!(f.counts.members, 1);
    assert_eq!(
        f.counts.index_before_coverage, 1,
        "probation data begin in 2014"
    );
    assert!(f.people.is_empty());
}

#[test]
fn an_index_on_the_first_day_of_the_outcome_data_is_followed_and_the_day_before_is_not() {
    let db = Db::new();
    // Probation data begin on 2014-01-01 (the contract's built-in coverage).
    db.mags(Some("EVE"), "m1", Some("2013-12-31"));
    db.mags(Some("DAY"), "m2", Some("2014-01-01"));
    db.referral(Some("DAY"), "r", Some("2014-03-01"), "Male");
    let s = first_cases_to_probation("2013-12-01", "2014-01-31");
    let f = db.run(&s);
    assert_eq!(f.counts.members, 2);
    assert_eq!(f.counts.index_before_coverage, 1, "only the day before");
    let day = person(&f, "DAY");
    assert_eq!(day.outcome_date, Some(d("2014-03-01")));
    assert!(day.event);
    assert_eq!(f.people.len(), 1);
}

#[test]
fn first_seen_cohorts_take_each_person_s_first_case_ever() {
    let db = Db::new();
    db.mags(Some("OLD"), "o1", Some("2014-01-01"));
    db.mags(Some("OLD"), "o2", Some("2016-05-01"));
    db.mags(Some("NEW"), "n1", Some("2016-02-02"));
    db.mags(Some("NEW"), "n2", Some("2016-02-02"));
    db.mags(Some("NEW"), "n3", Some("2018-02-02"));
    let s = OutcomeSpec {
        index: vec![IndexKind::MagsFirst],
        ..spec(OutcomeKind::Mags)
    };
    let f = db.run(&s);
    assert_eq!(f.counts.seen_before_range, 1);
    assert_eq!(f.counts.members, 1);
    let new = person(&f, "NEW");
    // A second case on the index day is not a return; the 2018 case is.
    assert_eq!(new.outcome_date, Some(d("2018-02-02")));
}

#[test]
fn several_index_kinds_take_the_earliest_and_group_by_its_dataset() {
    let db = referrals();
    let s = OutcomeSpec {
        index: vec![IndexKind::Referral, IndexKind::PrisonRelease],
        by: Grouping::IndexDataset,
        ..spec(OutcomeKind::Mags)
    };
    let f = db.run(&s);
    // P9's release (2017-03-01) is out of range: their index stays the referral.
    assert_eq!(person(&f, "P9").index_kind, IndexKind::Referral);
    let mut s2 = s.clone();
    s2.to = Some(d("2017-12-31"));
    let f2 = db.run(&s2);
    assert_eq!(person(&f2, "P9").index_date, d("2016-08-01"));
    assert!(f2.people.iter().all(|p| p.group == "Probation"));
    assert_eq!(
        person(&f2, "P8").index_kind,
        IndexKind::Referral,
        "P8 joins with a wider range"
    );
}

#[test]
fn filters_apply_to_the_index_event() {
    let db = referrals();
    let s = OutcomeSpec {
        gender: Some("female".into()),
        by: Grouping::Gender,
        ..spec(OutcomeKind::Mags)
    };
    let f = db.run(&s);
    let ids: Vec<&str> = f
        .people
        .iter()
        .map(|p| p.estimated_xjs_id.as_str())
        .collect();
    assert_eq!(ids, ["P4", "P3"], "index-date order");
    assert!(f.counts.excluded_by_filters >= 5);
    let s = OutcomeSpec {
        datasets: vec![Dataset::Crown],
        ..spec(OutcomeKind::Mags)
    };
    let f = db.run(&s);
    let mut ids: Vec<&str> = f
        .people
        .iter()
        .map(|p| p.estimated_xjs_id.as_str())
        .collect();
    ids.sort();
    assert_eq!(ids, ["P5", "P6"]);
}

#[test]
fn referral_members_are_the_cohort_s_members() {
    let db = referrals();
    let s = spec(OutcomeKind::Mags);
    let f = db.run(&s);
    let (members, _) =
        dfexplorer::cohort::scan(&db.0, &s.cohort_filter(), |_| ControlFlow::Continue(())).unwrap();
    let mut a: Vec<(&str, NaiveDate)> = f
        .people
        .iter()
        .map(|p| (p.estimated_xjs_id.as_str(), p.index_date))
        .collect();
    let mut b: Vec<(&str, NaiveDate)> = members
        .iter()
        .map(|m| (m.estimated_xjs_id.as_str(), m.index_referral_date))
        .collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn small_groups_are_suppressed_and_cannot_be_recovered() {
    let db = Db::new();
    // 30 men, 12 of whom return within a year; 4 women, 1 of whom returns.
    for i in 0..34 {
        let id = format!("P{i:02}");
        let gender = if i < 30 { "Male" } else { "Female" };
        db.referral(Some(&id), &format!("r{i}"), Some("2016-01-15"), gender);
        if i < 12 || i == 30 {
            db.mags(Some(&id), &format!("m{i}"), Some("2016-06-01"));
        }
    }
    let mut s = OutcomeSpec {
        by: Grouping::Gender,
        windows: vec![365],
        suppress_below: 10,
        ..spec(OutcomeKind::Mags)
    };
    let r = Report::build(&s, &db.run(&s));
    let rows = &r.windows[0].rows;
    let find = |g: &str| rows.iter().find(|r| r.group == g).unwrap();
    // Women: 4 followed (<10), 1 returned (<10).
    assert_eq!(find("Female").followed, Shown::Small(10));
    assert_eq!(find("Female").with_outcome, Shown::Small(10));
    assert_eq!(find("Female").percent, None);
    // Men's counts would give the women's back from the total: hidden too.
    assert_eq!(find("Male").followed, Shown::Hidden);
    assert_eq!(find("Male").with_outcome, Shown::Hidden);
    assert_eq!(find("all").followed, Shown::Value(34));
    assert_eq!(find("all").with_outcome, Shown::Value(13));
    // Every step of every curve stands for a multiple of 10 people.
    for g in &r.groups {
        for c in &g.counts {
            assert_eq!(c.n_event % 10, 0);
            assert_eq!(c.n_censor % 10, 0);
            assert!(c.n_risk >= 10);
        }
    }
    let lines = dfexplorer::outcomes::report_lines(&r, usize::MAX).join("\n");
    assert!(
        lines.starts_with("disclosure control: counts of 1-9"),
        "{lines}"
    );
    assert!(!lines.contains(" 4 "), "{lines}");

    s.suppress_below = 0;
    let r = Report::build(&s, &db.run(&s));
    let lines = dfexplorer::outcomes::report_lines(&r, usize::MAX);
    assert!(
        lines[0].starts_with("NOT DISCLOSURE-CHECKED"),
        "{}",
        lines[0]
    );
    let female = r.windows[0]
        .rows
        .iter()
        .find(|r| r.group == "Female")
        .unwrap();
    assert_eq!(female.with_outcome, Shown::Value(1));
    assert_eq!(female.percent, Some(25.0));
}

#[test]
fn ids_stored_as_integers_are_followed_the_same() {
    // A copy whose xjs_link has no declared types, storing IDs as integers.
    let db = Db::new();
    db.0.execute_batch(
        "DROP TABLE xjs_link;
         CREATE TABLE xjs_link (source_dataset, row_id_hash, estimated_xjs_id);
         CREATE INDEX xp ON xjs_link(estimated_xjs_id, source_dataset, row_id_hash);
         CREATE INDEX xr ON xjs_link(source_dataset, row_id_hash);",
    )
    .unwrap();
    db.referral(None, "r1", Some("2016-03-01"), "Male");
    db.mags(None, "m1", Some("2016-05-01"));
    for (ds, row) in [(Dataset::Probation, "r1"), (Dataset::Magistrates, "m1")] {
        db.0.execute(
            "INSERT INTO xjs_link VALUES (?1, ?2, 4200000001)",
            params![ds.source_name(), row],
        )
        .unwrap();
    }
    let f = db.run(&spec(OutcomeKind::Mags));
    let p = person(&f, "4200000001");
    assert_eq!(p.outcome_date, Some(d("2016-05-01")));
}

#[test]
fn requirement_completion_counts_the_index_event_s_requirements() {
    let db = Db::new();
    db.referral(Some("A"), "a1", Some("2016-02-01"), "Male");
    // A duplicated event row (same event, second row): its requirements count once.
    db.0.execute(
        "INSERT INTO probation_flatfile (row_id_hash, event_id_hash, referral_date, disposal_date)
         VALUES ('a1', 'a1', '2016-02-01', '2016-02-01')",
        [],
    )
    .unwrap();
    // A later event of the same person: not the index event.
    db.referral(Some("A"), "a2", Some("2016-09-01"), "Male");
    let rq = |event: &str, kind: &str, end: Option<&str>, reason: Option<&str>| {
        db.0.execute(
            "INSERT INTO probation_rqmnts (event_id_hash, rqmnt_type_main_category_desc,
             rqmnt_termination_date, rqmnt_termination_reason_desc) VALUES (?1, ?2, ?3, ?4)",
            params![event, kind, end, reason],
        )
        .unwrap();
    };
    rq(
        "a1",
        "Unpaid Work",
        Some("2016-12-01"),
        Some("Requirement Completed"),
    );
    rq("a1", "Unpaid Work", Some("2017-03-01"), Some("Breached"));
    rq("a1", "Curfew", None, None);
    // Ends after the probation data end: still running then.
    rq("a1", "Curfew", Some("2021-05-01"), Some("Expired (Normal)"));
    rq("a2", "Unpaid Work", Some("2017-01-01"), Some("Revoked"));
    let s = OutcomeSpec {
        index: vec![IndexKind::ProbationStart],
        ..spec(OutcomeKind::Probation)
    };
    let f = db.run(&s);
    let (end, rows) = f
        .requirements
        .clone()
        .expect("probation-start gives requirements");
    assert_eq!(end, d("2020-12-31"));
    let unpaid = rows
        .iter()
        .find(|r| r.requirement_type == "Unpaid Work")
        .unwrap();
    assert_eq!(
        (
            unpaid.requirements,
            unpaid.completed,
            unpaid.ended_otherwise,
            unpaid.still_running
        ),
        (2, 1, 1, 0)
    );
    assert_eq!(unpaid.reasons.get("Breached"), Some(&1));
    let curfew = rows
        .iter()
        .find(|r| r.requirement_type == "Curfew")
        .unwrap();
    assert_eq!((curfew.requirements, curfew.still_running), (2, 2));
    // Other index kinds give no requirement table.
    assert!(db.run(&spec(OutcomeKind::Probation)).requirements.is_none());
}

/// A copy without the requirements table still follows people from their probation start; the
/// requirement table is empty rather than an error.
#[test]
fn probation_starts_are_followed_without_the_requirements_table() {
    let db = Db::new();
    db.0.execute_batch("DROP TABLE probation_rqmnts").unwrap();
    db.referral(Some("A"), "a1", Some("2016-02-01"), "Male");
    let f = db.run(&OutcomeSpec {
        index: vec![IndexKind::ProbationStart],
        ..spec(OutcomeKind::Probation)
    });
    assert_eq!(f.people.len(), 1);
    let (_, rows) = f.requirements.expect("probation-start gives requirements");
    assert!(rows.is_empty());
}

/// A referral and the start of the probation event it led to are different days: each index
/// kind starts follow-up on its own date, and a probation event as an outcome counts from its
/// referral.
#[test]
fn referral_and_probation_start_take_their_own_dates() {
    let db = Db::new();
    db.0.execute(
        "INSERT INTO probation_flatfile (row_id_hash, event_id_hash, referral_date, disposal_date)
         VALUES ('a1', 'a1', '2016-02-01', '2016-03-15')",
        [],
    )
    .unwrap();
    db.link(Dataset::Probation, "a1", "A");
    let index_date = |kind| {
        let f = db.run(&OutcomeSpec {
            index: vec![kind],
            ..spec(OutcomeKind::Mags)
        });
        person(&f, "A").index_date
    };
    assert_eq!(index_date(IndexKind::Referral), d("2016-02-01"));
    assert_eq!(index_date(IndexKind::ProbationStart), d("2016-03-15"));
    // As an outcome, a probation event counts from its referral.
    db.mags(Some("A"), "m1", Some("2016-01-10"));
    let f = db.run(&OutcomeSpec {
        index: vec![IndexKind::MagsFirst],
        ..spec(OutcomeKind::Probation)
    });
    assert_eq!(person(&f, "A").outcome_date, Some(d("2016-02-01")));
}

/// The README's worked example, figure by figure.
#[test]
fn the_readme_worked_example() {
    let db = Db::new();
    db.referral(Some("A"), "ra", Some("2016-03-01"), "Male");
    db.mags(Some("A"), "ma1", Some("2016-03-01"));
    db.mags(Some("A"), "ma2", Some("2016-06-01"));
    db.referral(Some("B"), "rb", Some("2016-04-01"), "Male");
    db.mags(Some("B"), "mb", Some("2015-07-01"));
    db.referral(Some("C"), "rc", Some("2016-02-01"), "Male");
    db.mags(Some("C"), "mc1", Some("2016-01-10"));
    db.crown("C", "cc", "2016-03-01", Some("mc1"));
    db.mags(Some("C"), "mc2", Some("2016-09-01"));
    db.referral(Some("D"), "rd", Some("2016-05-01"), "Male");
    db.mags(Some("D"), "md", Some("2016-13-45"));
    let s = OutcomeSpec {
        windows: vec![365],
        ..spec(OutcomeKind::Court)
    };
    let f = db.run(&s);
    let got: Vec<(&str, Option<NaiveDate>, u32, bool)> = ["A", "B", "C", "D"]
        .iter()
        .map(|id| {
            let p = person(&f, id);
            (*id, p.outcome_date, p.time_days, p.event)
        })
        .collect();
    assert_eq!(
        got,
        [
            ("A", Some(d("2016-06-01")), 92, true),
            ("B", None, 2465, false),
            ("C", Some(d("2016-09-01")), 213, true),
            ("D", None, 2435, false),
        ]
    );
    let r = Report::build(&s, &f);
    let curve = &r.groups[0].curve;
    assert_eq!((curve[0].count.time, curve[0].count.n_risk), (92, 4));
    assert!((curve[0].surv - 0.75).abs() < 1e-15);
    assert_eq!((curve[1].count.time, curve[1].count.n_risk), (213, 3));
    assert!((curve[1].surv - 0.5).abs() < 1e-15);
    let row = &r.windows[0].rows[0];
    assert_eq!(
        (row.followed, row.with_outcome),
        (Shown::Value(4), Shown::Value(2))
    );
    assert_eq!(row.km_percent, Some(50.0));
}

#[test]
fn sequences_follow_records_after_the_index_in_order() {
    use dfexplorer::outcomes::sequences::{tree, NextKind};
    let db = Db::new();
    // P: index 2016-02-01; a case before it (not a step), a same-day case (not after), then a
    // magistrates' case, a Crown case sent from it, a prison journey, and a probation
    // referral after the end of probation follow-up (not a step).
    db.referral(Some("P"), "rp", Some("2016-02-01"), "Male");
    db.mags(Some("P"), "m0", Some("2015-01-01"));
    db.mags(Some("P"), "m1", Some("2016-02-01"));
    db.mags(Some("P"), "m2", Some("2016-03-01"));
    db.crown("P", "c2", "2016-04-01", Some("m2"));
    db.prison("P", "j2", "2016-05-01", Some("2016-09-01"));
    db.referral(Some("P"), "rp2", Some("2021-06-01"), "Male");
    // Q: a Crown case continuing proceedings begun before the index, then nothing.
    db.referral(Some("Q"), "rq", Some("2016-02-01"), "Male");
    db.mags(Some("Q"), "mq", Some("2016-01-15"));
    db.crown("Q", "cq", "2016-03-01", Some("mq"));
    let s = OutcomeSpec {
        keep_next: 4,
        ..spec(OutcomeKind::Any)
    };
    let f = db.run(&s);
    let p = person(&f, "P");
    let kinds: Vec<Dataset> = p.next.iter().map(|(d, _)| *d).collect();
    assert_eq!(
        kinds,
        [Dataset::Magistrates, Dataset::Crown, Dataset::Prison]
    );
    assert!(person(&f, "Q").next.is_empty());
    let t = tree(&f.people, 4, dfexplorer::disclosure::Rules { threshold: 0 });
    let steps: Vec<(usize, NextKind, u64)> = t.iter().map(|b| (b.step, b.next, b.people)).collect();
    assert_eq!(
        steps,
        [
            (1, NextKind::Magistrates, 1),
            (2, NextKind::Crown, 1),
            (3, NextKind::Prison, 1),
            (4, NextKind::None, 1),
            (1, NextKind::None, 1),
        ]
    );
    assert_eq!(t[1].median_days, Some(31.0), "2016-03-01 to 2016-04-01");
}

/// Progress goes up to the number of members, and hands over every person followed up exactly
/// once, in index-date order (the explorer lists them as they come).
#[test]
fn progress_hands_over_each_person_once_in_order() {
    let db = Db::new();
    for i in 0..2_500 {
        let day = format!("2016-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
        db.referral(
            Some(&format!("P{i:04}")),
            &format!("r{i}"),
            Some(&day),
            "Male",
        );
    }
    // (done, of, the people handed over: index date and ID)
    type Report = (usize, usize, Vec<(NaiveDate, String)>);
    let mut reports: Vec<Report> = Vec::new();
    let f = follow(&db.0, &spec(OutcomeKind::Mags), |p| {
        let new = p
            .new
            .iter()
            .map(|x| (x.index_date, x.estimated_xjs_id.clone()))
            .collect();
        reports.push((p.done, p.of, new));
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    assert!(reports.len() >= 3, "{} reports", reports.len());
    assert!(reports.iter().all(|r| r.1 == 2_500));
    // Everyone here is followed up, so `done` is the number handed over so far.
    let mut handed_so_far = 0;
    for (done, _, new) in &reports {
        handed_so_far += new.len();
        assert_eq!(*done, handed_so_far);
    }
    assert_eq!(reports.last().unwrap().0, 2_500);
    let handed: Vec<(NaiveDate, String)> = reports.into_iter().flat_map(|r| r.2).collect();
    assert_eq!(handed.len(), f.people.len());
    assert!(handed.windows(2).all(|w| w[0] <= w[1]), "index-date order");
    // Cancelling at the first report stops the work.
    let cancelled = follow(&db.0, &spec(OutcomeKind::Mags), |_| {
        std::ops::ControlFlow::Break(())
    });
    assert!(matches!(
        cancelled,
        Err(dfexplorer::outcomes::OutcomeError::Cancelled)
    ));
}

/// A preview follows up the first people in index-date order, as the whole run does.
#[test]
fn a_preview_is_the_first_people_of_the_whole_run() {
    let db = Db::new();
    for i in 0..300 {
        let day = format!("2016-{:02}-{:02}", 1 + (i * 7) % 12, 1 + (i * 11) % 28);
        db.referral(
            Some(&format!("P{i:03}")),
            &format!("r{i}"),
            Some(&day),
            "Male",
        );
        // Some people have a second, later referral: their index is the first.
        if i % 4 == 0 {
            db.referral(
                Some(&format!("P{i:03}")),
                &format!("s{i}"),
                Some("2016-12-30"),
                "Male",
            );
        }
    }
    db.referral(None, "unlinked", Some("2016-01-01"), "Male");
    let whole = db.run(&spec(OutcomeKind::Mags));
    let first = db.run(&OutcomeSpec {
        first: Some(25),
        ..spec(OutcomeKind::Mags)
    });
    let ids = |f: &FollowUp| -> Vec<(NaiveDate, String)> {
        f.people
            .iter()
            .map(|p| (p.index_date, p.estimated_xjs_id.clone()))
            .collect()
    };
    assert_eq!(first.people.len(), 25);
    assert_eq!(ids(&first), ids(&whole)[..25].to_vec());
}
