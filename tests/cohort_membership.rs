//! Exact cohort membership on a hand-built database with known answers.

use std::ops::ControlFlow;

use dfexplorer::cohort::{self, AgeBand, CohortFilter, Member};
use dfexplorer::contract::{self, Dataset};
use rusqlite::Connection;

/// person, row, event, referral date, gender, age, disposal
type Row = (
    Option<&'static str>,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    i64,
    &'static str,
);
const ROWS: &[Row] = &[
    // P1: two referrals; index is the earliest in range.
    (
        Some("P1"),
        "r1a",
        "e1a",
        Some("2015-06-01"),
        "Male",
        30,
        "ORA Community Order",
    ),
    (
        Some("P1"),
        "r1b",
        "e1b",
        Some("2016-01-01"),
        "Male",
        30,
        "ORA Suspended Sentence Order",
    ),
    // P2: on the lower boundary, with a duplicated event row (same event, two rows).
    (
        Some("P2"),
        "r2a",
        "e2",
        Some("2016-01-01"),
        "Female",
        19,
        "ORA Community Order",
    ),
    (
        Some("P2"),
        "r2b",
        "e2",
        Some("2016-01-01"),
        "Female",
        19,
        "ORA Community Order",
    ),
    // P3: on the upper boundary, with a time part.
    (
        Some("P3"),
        "r3",
        "e3",
        Some("2016-12-31 00:00:00"),
        "Male",
        45,
        "CJA - Std Determinate Custody",
    ),
    // P4: just outside both ends.
    (
        Some("P4"),
        "r4a",
        "e4a",
        Some("2015-12-31"),
        "Male",
        22,
        "ORA Community Order",
    ),
    (
        Some("P4"),
        "r4b",
        "e4b",
        Some("2017-01-01"),
        "Male",
        22,
        "ORA Community Order",
    ),
    // P5: missing and malformed referral dates only.
    (
        Some("P5"),
        "r5a",
        "e5a",
        None,
        "Female",
        50,
        "ORA Community Order",
    ),
    (
        Some("P5"),
        "r5b",
        "e5b",
        Some("2016-13-01"),
        "Female",
        50,
        "ORA Community Order",
    ),
    (
        Some("P5"),
        "r5c",
        "e5c",
        Some("31/03/2016"),
        "Female",
        50,
        "ORA Community Order",
    ),
    (
        Some("P5"),
        "r5d",
        "e5d",
        Some(""),
        "Female",
        50,
        "ORA Community Order",
    ),
    // An unlinked row in range: not a member, counted.
    (
        None,
        "r6",
        "e6",
        Some("2016-05-05"),
        "Male",
        40,
        "ORA Community Order",
    ),
    // P7: in range, appears in prison too.
    (
        Some("P7"),
        "r7",
        "e7",
        Some("2016-03-03"),
        "Male",
        60,
        "Adult Custody < 12m",
    ),
];

fn database() -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cohort.db");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(contract::table_ddl()).unwrap();
    for (person, row, event, date, gender, age, disposal) in ROWS {
        conn.execute(
            "INSERT INTO probation_flatfile(row_id_hash, event_id_hash, estimated_offender_id,
               referral_date, gender, age_at_offence, disposal_type_description)
             VALUES (?1, ?2, 'off', ?3, ?4, ?5, ?6)",
            rusqlite::params![row, event, date, gender, age, disposal],
        )
        .unwrap();
        if let Some(p) = person {
            conn.execute(
                "INSERT INTO xjs_link VALUES ('probation_delius', ?1, ?2)",
                [row, p],
            )
            .unwrap();
        }
    }
    conn.execute_batch(
        "INSERT INTO prison_custodial_journey(row_id_hash, estimated_offender_id, journey_start_date)
           VALUES ('j7', 'o7', '2014-01-01');
         INSERT INTO xjs_link VALUES ('prison_nomis', 'j7', 'P7');",
    )
    .unwrap();
    conn.execute_batch(contract::index_ddl()).unwrap();
    drop(conn);
    let ro = dfexplorer::db::open_read_only(&path).unwrap();
    (dir, ro)
}

fn members(conn: &Connection, filter: &CohortFilter) -> (Vec<Member>, cohort::ScanCounts) {
    cohort::scan(conn, filter, |_| ControlFlow::Continue(())).unwrap()
}

fn ids(m: &[Member]) -> Vec<(&str, String)> {
    m.iter()
        .map(|m| {
            (
                m.estimated_xjs_id.as_str(),
                m.index_referral_date.to_string(),
            )
        })
        .collect()
}

#[test]
fn a_year_includes_both_boundaries_and_uses_the_earliest_referral_in_range() {
    let (_d, conn) = database();
    let f = CohortFilter::from_text("2016-01-01", "2016-12-31").unwrap();
    let (m, counts) = members(&conn, &f);
    assert_eq!(
        ids(&m),
        vec![
            ("P1", "2016-01-01".into()),
            ("P2", "2016-01-01".into()),
            ("P7", "2016-03-03".into()),
            ("P3", "2016-12-31".into()),
        ]
    );
    // r1b, r2a, r2b, r3, r6, r7 have valid dates in range; r6 is unlinked.
    assert_eq!(counts.rows_in_range, 6);
    assert_eq!(counts.unlinked_rows_in_range, 1);
    assert!(counts.complete);
    let p1 = &m[0];
    assert_eq!(
        p1.disposal_type.as_deref(),
        Some("ORA Suspended Sentence Order")
    );
    assert_eq!(p1.index_row_id_hash, "r1b");
}

#[test]
fn open_ended_ranges() {
    let (_d, conn) = database();
    let from = CohortFilter::from_text("2016-12-31", "").unwrap();
    assert_eq!(
        ids(&members(&conn, &from).0),
        vec![("P3", "2016-12-31".into()), ("P4", "2017-01-01".into())]
    );
    let to = CohortFilter::from_text("", "2015-12-31").unwrap();
    assert_eq!(
        ids(&members(&conn, &to).0),
        vec![("P1", "2015-06-01".into()), ("P4", "2015-12-31".into())]
    );
    let all = CohortFilter::default();
    let (m, counts) = members(&conn, &all);
    assert_eq!(
        m.len(),
        5,
        "everyone with a valid linked referral: {:?}",
        ids(&m)
    );
    assert!(!m.iter().any(|m| m.estimated_xjs_id == "P5"));
    assert_eq!(counts.unlinked_rows_in_range, 1);
}

#[test]
fn missing_and_malformed_referrals_never_match_and_are_counted() {
    let (_d, conn) = database();
    let p = cohort::referral_date_problems(&conn).unwrap();
    assert_eq!(p.missing, 2, "NULL and empty");
    assert_eq!(p.malformed, 2, "2016-13-01 and 31/03/2016");
}

#[test]
fn further_filters_apply_to_the_index_event_and_datasets() {
    let (_d, conn) = database();
    let mut f = CohortFilter::from_text("2016-01-01", "2016-12-31").unwrap();
    f.gender = Some("female".into());
    assert_eq!(
        ids(&members(&conn, &f).0),
        vec![("P2", "2016-01-01".into())]
    );

    let mut f = CohortFilter::from_text("2016-01-01", "2016-12-31").unwrap();
    f.datasets = vec![Dataset::Prison];
    let (m, counts) = members(&conn, &f);
    assert_eq!(ids(&m), vec![("P7", "2016-03-03".into())]);
    assert_eq!(counts.excluded_by_filters, 3);

    let mut f = CohortFilter::from_text("2016-01-01", "2016-12-31").unwrap();
    f.age_band = Some(AgeBand::parse("40-").unwrap());
    assert_eq!(
        ids(&members(&conn, &f).0),
        vec![("P7", "2016-03-03".into()), ("P3", "2016-12-31".into())]
    );

    let mut f = CohortFilter::from_text("2016-01-01", "2016-12-31").unwrap();
    f.disposal_type = Some("ORA Community Order".into());
    assert_eq!(
        ids(&members(&conn, &f).0),
        vec![("P2", "2016-01-01".into())]
    );
}

#[test]
fn the_scan_reports_progress_and_can_be_cancelled() {
    let (_d, conn) = database();
    let mut calls = 0;
    let mut seen = 0;
    let (m, _) = cohort::scan(&conn, &CohortFilter::default(), |p| {
        calls += 1;
        seen += p.new_members.len();
        ControlFlow::Continue(())
    })
    .unwrap();
    assert!(calls >= 1);
    assert_eq!(seen, m.len(), "every member is reported exactly once");
    let (_, counts) =
        cohort::scan(&conn, &CohortFilter::default(), |_| ControlFlow::Break(())).unwrap();
    assert!(!counts.complete);
}

#[test]
fn a_database_without_probation_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("noprob.db");
    let c = Connection::open(&path).unwrap();
    c.execute_batch("CREATE TABLE xjs_link(source_dataset, row_id_hash, estimated_xjs_id);")
        .unwrap();
    drop(c);
    let conn = dfexplorer::db::open_read_only(&path).unwrap();
    let err = cohort::scan(&conn, &CohortFilter::default(), |_| {
        ControlFlow::Continue(())
    })
    .unwrap_err();
    assert!(err.to_string().contains("no probation_flatfile"), "{err}");
}

/// A database of probation rows: (person, referral, age at offence, main offence date).
fn aged_db(rows: &[(&str, &str, i64, Option<&str>)]) -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("aged.db");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(contract::SCHEMA_SQL).unwrap();
    for (i, (person, referral, age, offence)) in rows.iter().enumerate() {
        let row = format!("r{i}");
        conn.execute(
            "INSERT INTO probation_flatfile (row_id_hash, event_id_hash, estimated_offender_id,
               referral_date, age_at_offence, main_offence_date, gender, disposal_type_description)
             VALUES (?1, ?1, ?1, ?2, ?3, ?4, 'Male', 'ORA Community Order')",
            rusqlite::params![row, referral, age, offence],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO xjs_link VALUES ('probation_delius', ?1, ?2)",
            [&row, &person.to_string()],
        )
        .unwrap();
    }
    drop(conn);
    let conn = dfexplorer::db::open_read_only(&path).unwrap();
    (dir, conn)
}

/// The age at the index referral is the age at the offence carried forward to the referral:
/// an age band selects people by how old they were when referred, not when they offended.
#[test]
fn age_at_index_is_carried_forward_from_the_offence_to_the_referral() {
    let (_dir, conn) = aged_db(&[
        // 17 at an offence two and a half years before the referral: 19 when referred.
        ("OLDER", "2016-06-01", 17, Some("2014-01-01")),
        // No offence date: the recorded age stands.
        ("SAME", "2016-06-01", 17, None),
        // An offence date after the referral (a data error) carries nothing.
        ("LATER", "2016-06-01", 17, Some("2017-01-01")),
    ]);
    let all = |band: &str| {
        let mut f = CohortFilter::from_text("2016-01-01", "2016-12-31").unwrap();
        if !band.is_empty() {
            f.age_band = Some(AgeBand::parse(band).unwrap());
        }
        let (m, _) = cohort::scan(&conn, &f, |_| ControlFlow::Continue(())).unwrap();
        m.into_iter()
            .map(|m| (m.estimated_xjs_id, m.age_at_index))
            .collect::<Vec<_>>()
    };
    let mut ages = all("");
    ages.sort();
    assert_eq!(
        ages,
        vec![
            ("LATER".to_string(), Some(17)),
            ("OLDER".to_string(), Some(19)),
            ("SAME".to_string(), Some(17)),
        ]
    );
    let ids = |v: Vec<(String, Option<i64>)>| {
        let mut ids: Vec<String> = v.into_iter().map(|(id, _)| id).collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(all("18-24")), vec!["OLDER"]);
    assert_eq!(ids(all("-17")), vec!["LATER", "SAME"]);
}

/// The list shows its first person as soon as one is found, then is topped up every 20,000
/// rows scanned, and the reports add up to the whole cohort.
#[test]
fn scan_progress_shows_the_first_member_at_once_then_in_batches() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.db");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(contract::SCHEMA_SQL).unwrap();
    // 45,000 referral rows; every 1,000th is linked (45 members), the first at row 500.
    conn.execute_batch(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 44999)
         INSERT INTO probation_flatfile (row_id_hash, event_id_hash, referral_date)
         SELECT printf('r%05d', i), printf('e%05d', i), '2016-03-01' FROM n;
         INSERT INTO xjs_link SELECT 'probation_delius', row_id_hash, 'P' || row_id_hash
         FROM probation_flatfile WHERE CAST(substr(row_id_hash, 2) AS INTEGER) % 1000 = 500;",
    )
    .unwrap();
    drop(conn);
    let conn = dfexplorer::db::open_read_only(&path).unwrap();
    let f = CohortFilter::from_text("2016-01-01", "2016-12-31").unwrap();
    let mut reports: Vec<(usize, usize, u64)> = Vec::new();
    let (members, _) = cohort::scan(&conn, &f, |p| {
        reports.push((p.new_members.len(), p.members_so_far, p.rows_scanned));
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(members.len(), 45);
    assert_eq!(reports[0], (1, 1, 501), "the first member at once");
    assert_eq!(reports[1].2, 20_501, "then every 20,000 rows");
    assert_eq!(reports[2].2, 40_501);
    assert_eq!(reports.last().unwrap().2, 45_000, "and once at the end");
    assert_eq!(reports.iter().map(|r| r.0).sum::<usize>(), 45);
    assert_eq!(reports.len(), 4);
}

/// People excluded by a filter before the first member do not produce empty progress reports:
/// the first report brings the first member.
#[test]
fn progress_never_reports_before_the_first_member() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gendered.db");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(contract::SCHEMA_SQL).unwrap();
    conn.execute_batch(
        "INSERT INTO probation_flatfile (row_id_hash, event_id_hash, referral_date, gender) VALUES
           ('a', 'ea', '2016-01-01', 'Female'), ('b', 'eb', '2016-01-02', 'Female'),
           ('c', 'ec', '2016-01-03', 'Female'), ('d', 'ed', '2016-01-04', 'Male'),
           ('e', 'ee', '2016-01-05', 'Female'), ('f', 'ef', '2016-01-06', 'Male');
         INSERT INTO xjs_link SELECT 'probation_delius', row_id_hash, 'P' || row_id_hash
         FROM probation_flatfile;",
    )
    .unwrap();
    drop(conn);
    let conn = dfexplorer::db::open_read_only(&path).unwrap();
    let mut f = CohortFilter::from_text("2016-01-01", "2016-12-31").unwrap();
    f.gender = Some("Male".into());
    let mut reports: Vec<(usize, usize)> = Vec::new();
    let (members, counts) = cohort::scan(&conn, &f, |p| {
        reports.push((p.new_members.len(), p.members_so_far));
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(counts.excluded_by_filters, 4);
    assert_eq!(reports, vec![(1, 1), (1, 2)]);
}

/// The cohort summary counts each member once under their index disposal type and referral
/// year, and says how many people the further filters excluded only when some were.
#[test]
fn the_summary_counts_every_member_by_disposal_type_and_year() {
    use dfexplorer::cohort::CohortSummary;
    use dfexplorer::disclosure::Rules;
    use std::collections::BTreeMap;

    let (db, conn) = dfexplorer::db::Database::open(&dfexplorer::cli::sample_db_path()).unwrap();
    let problems = cohort::referral_date_problems(&conn).unwrap();
    let mut filter = CohortFilter {
        referral_from: Some(chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap()),
        referral_to: Some(chrono::NaiveDate::from_ymd_opt(2017, 12, 31).unwrap()),
        ..CohortFilter::default()
    };
    for gender in [None, Some("female")] {
        filter.gender = gender.map(str::to_string);
        let (members, counts) =
            cohort::scan(&conn, &filter, |_| ControlFlow::Continue(())).unwrap();
        let s = CohortSummary::build(&db, &members, &counts, &problems, || true).unwrap();
        let (mut types, mut years) = (BTreeMap::new(), BTreeMap::new());
        for m in &members {
            let t = m.disposal_type.clone().filter(|t| !t.trim().is_empty());
            *types
                .entry(t.unwrap_or_else(|| "(missing)".into()))
                .or_insert(0u64) += 1;
            *years
                .entry(chrono::Datelike::year(&m.index_referral_date))
                .or_insert(0u64) += 1;
        }
        assert!(types.len() > 2 && years.len() == 3, "{types:?} {years:?}");
        let mut got_types: Vec<(String, u64)> = s.by_disposal_type.clone();
        got_types.sort();
        assert_eq!(got_types, types.into_iter().collect::<Vec<_>>());
        assert!(
            s.by_disposal_type.windows(2).all(|w| w[0].1 >= w[1].1),
            "largest first"
        );
        assert_eq!(s.by_referral_year, years.into_iter().collect::<Vec<_>>());
        assert_eq!(s.people, members.len() as u64);

        let lines = s.lines(Rules { threshold: 0 }).join("\n");
        let excluded = format!(
            "people excluded by further filters: {}",
            counts.excluded_by_filters
        );
        assert_eq!(gender.is_some(), counts.excluded_by_filters > 0);
        assert_eq!(lines.contains(&excluded), gender.is_some(), "{lines}");
    }
}
