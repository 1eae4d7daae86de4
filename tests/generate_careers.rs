//! Generated people behave like real offenders (issue 11; FACTS.md, "Offending careers"),
//! measured with SQL on 200,000 generated people for each of two seeds. Every measure uses the
//! dataset-level IDs or the linkage a researcher would use, never the generator's own state.

mod generate_support;

use generate_support::generate;
use rusqlite::Connection;

const PEOPLE: u64 = 200_000;

/// Magistrates' cases that are not breach proceedings, with real dates.
const CASES: &str = "SELECT estimated_defendant_id d, first_hearing_date h, final_result_date r,
       jsas_result_group_desc g
  FROM magistrates_case
 WHERE breach_marker = 'N'
   AND first_hearing_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'
   AND final_result_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'";

/// Share (%) of defendants first seen in 2011 with another case by 2019-12-31.
fn first_seen_2011_back_by_2019(conn: &Connection) -> (i64, f64) {
    let sql = format!(
        "WITH c AS ({CASES}), f AS (SELECT d, min(h) h FROM c GROUP BY d)
         SELECT count(*), 100.0 * avg(EXISTS(SELECT 1 FROM c WHERE c.d = f.d AND c.h > f.h
                                             AND c.h <= '2019-12-31'))
           FROM f WHERE h BETWEEN '2011-01-01' AND '2011-12-31'"
    );
    conn.query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
}

/// One-year reappearance after a non-custodial sentence in 2012-2018, by prior cases in the
/// data: (band, index sentences, % with a new case within 365 days). The last row is all bands.
fn reappearance_by_priors(conn: &Connection) -> Vec<(String, i64, f64)> {
    let sql = format!(
        "WITH c AS ({CASES}),
         i AS (SELECT c.*, (SELECT count(*) FROM c p WHERE p.d = c.d AND p.h < c.h) priors,
                      EXISTS(SELECT 1 FROM c n WHERE n.d = c.d AND n.h > c.r
                                                 AND n.h <= date(c.r, '+365 days')) back
                 FROM c
                WHERE g IN ('Fine', 'Community sentence', 'Suspended sentence',
                            'Absolute or conditional discharge')
                  AND r BETWEEN '2012-01-01' AND '2018-12-31')
         SELECT CASE WHEN priors = 0 THEN 'a 0' WHEN priors <= 2 THEN 'b 1-2'
                     WHEN priors <= 6 THEN 'c 3-6' WHEN priors <= 10 THEN 'd 7-10'
                     ELSE 'e 11+' END band, count(*), 100.0 * avg(back)
           FROM i GROUP BY band
         UNION ALL SELECT 'f all', count(*), 100.0 * avg(back) FROM i
         ORDER BY 1"
    );
    let mut stmt = conn.prepare(&sql).unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Counts by year (4 characters of the date column) from `from_where`.
fn by_year(conn: &Connection, what: &str, from_where: &str) -> Vec<(String, i64)> {
    let sql =
        format!("SELECT substr(y, 1, 4) yr, {what} FROM {from_where} GROUP BY yr ORDER BY yr");
    let mut stmt = conn.prepare(&sql).unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn year(rows: &[(String, i64)], y: &str) -> f64 {
    rows.iter().find(|r| r.0 == y).map_or(0.0, |r| r.1 as f64)
}

/// Breached orders (ended by 2019-09-30, event linked) with a breach case within 90 days.
const BREACHES: &str = "
WITH b AS (SELECT r.event_id_hash e, max(r.rqmnt_termination_date) t, min(l.estimated_xjs_id) x
             FROM probation_rqmnts r
             JOIN probation_flatfile f ON f.event_id_hash = r.event_id_hash
             JOIN xjs_link l ON l.row_id_hash = f.row_id_hash
                            AND l.source_dataset = 'probation_delius'
            WHERE r.rqmnt_termination_reason_desc = 'Breached' GROUP BY r.event_id_hash),
     m AS (SELECT l.estimated_xjs_id x, c.first_hearing_date h
             FROM magistrates_case c
             JOIN xjs_link l ON l.row_id_hash = c.row_id_hash AND l.source_dataset = 'mags_hocas'
            WHERE c.breach_marker = 'Y')
SELECT count(*), 100.0 * avg(EXISTS(SELECT 1 FROM m WHERE m.x = b.x AND m.h >= b.t
                                                     AND m.h <= date(b.t, '+90 days')))
  FROM b WHERE t <= '2019-09-30'";

/// Licence recalls (event linked) with a prison journey holding a recall around that date.
const RECALLS: &str = "
WITH r AS (SELECT c.event_id_hash e, min(c.lic_cond_termination_date) t, min(l.estimated_xjs_id) x
             FROM probation_licence_conditions c
             JOIN probation_flatfile f ON f.event_id_hash = c.event_id_hash
             JOIN xjs_link l ON l.row_id_hash = f.row_id_hash
                            AND l.source_dataset = 'probation_delius'
            WHERE c.lic_cond_termination_reason_desc = 'Licence Revoked - Recall'
            GROUP BY c.event_id_hash),
     j AS (SELECT l.estimated_xjs_id x, p.journey_start_date s,
                  coalesce(p.journey_end_date, '9999-12-31') en
             FROM prison_custodial_journey p
             JOIN xjs_link l ON l.row_id_hash = p.row_id_hash AND l.source_dataset = 'prison_nomis'
            WHERE p.recall_count >= 1)
SELECT count(*), 100.0 * avg(EXISTS(SELECT 1 FROM j WHERE j.x = r.x AND j.s <= r.t
                                                     AND j.en >= date(r.t, '-30 days')))
  FROM r";

/// Records that break a legal limit or an era: each must be 0.
const IMPOSSIBLE: [(&str, &str); 8] = [
    (
        "assault on an emergency worker before it was an offence (13 November 2018)",
        "SELECT (SELECT count(*) FROM magistrates_offence
                  WHERE offence_desc LIKE '%emergency worker%' AND offence_date < '2018-11-13')
              + (SELECT count(*) FROM magistrates_case
                  WHERE offence_desc LIKE '%emergency worker%' AND first_hearing_date < '2018-11-13')",
    ),
    (
        "HMP Berwyn before it opened (February 2017)",
        "SELECT count(*) FROM prison_custodial_journey
          WHERE first_establishment LIKE 'Berwyn%' AND journey_start_date < '2017-02-28'",
    ),
    (
        "HMP Thameside before it opened (March 2012)",
        "SELECT count(*) FROM prison_custodial_journey
          WHERE first_establishment LIKE 'Thameside%' AND journey_start_date < '2012-03-01'",
    ),
    (
        "automatic unconditional release long after the Offender Rehabilitation Act",
        "SELECT count(*) FROM prison_custodial_journey
          WHERE release_type = 'Automatic unconditional release' AND journey_end_date >= '2016-02-01'",
    ),
    (
        "detention and training orders over 24 months",
        "SELECT count(*) FROM prison_custodial_journey
          WHERE sentence_type LIKE 'Detention and training%' AND sentence_length_days > 731",
    ),
    (
        "home detention curfew on sentences of four years or more",
        "SELECT count(*) FROM prison_custodial_journey
          WHERE release_type = 'Home detention curfew' AND sentence_length_days >= 1460",
    ),
    (
        "women in male youth establishments",
        "SELECT count(*) FROM prison_custodial_journey
          WHERE gender = 'Female' AND first_establishment IN
                (SELECT DISTINCT first_establishment FROM prison_custodial_journey
                  WHERE sentence_type LIKE 'Detention and training%' AND gender = 'Male')",
    ),
    (
        "licences on custody under 12 months before the Offender Rehabilitation Act",
        "SELECT count(*) FROM probation_flatfile
          WHERE disposal_type_description = 'Adult Custody < 12m' AND disposal_date < '2015-02-01'",
    ),
];

fn careers_behave_like_real_ones(seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("careers.db");
    generate(PEOPLE, seed, &db);
    let conn = Connection::open(&db).unwrap();

    let (n, back) = first_seen_2011_back_by_2019(&conn);
    assert!(n > 10_000, "{n}");
    assert!(
        (53.0..=61.0).contains(&back),
        "2011 first-seen back by 2019: {back:.1}%"
    );

    let bands = reappearance_by_priors(&conn);
    let pct: Vec<f64> = bands.iter().map(|b| b.2).collect();
    assert_eq!(bands.len(), 6, "{bands:?}");
    assert!((8.0..=14.0).contains(&pct[0]), "no priors: {bands:?}");
    assert!(
        pct[0] < pct[1] && pct[1] < pct[2] && pct[2] < pct[3],
        "rises with priors: {bands:?}"
    );
    assert!(bands[4].1 >= 30, "a prolific tail exists: {bands:?}");
    assert!(
        (40.0..=65.0).contains(&pct[4]),
        "11 or more priors: {bands:?}"
    );
    assert!((18.0..=31.0).contains(&pct[5]), "overall: {bands:?}");

    let mags = by_year(
        &conn,
        "count(*)",
        "(SELECT first_hearing_date y FROM magistrates_case
           WHERE first_hearing_date >= '2011' AND first_hearing_date < '2023')",
    );
    let m = |y| year(&mags, y);
    assert!(
        m("2019") < 0.85 * m("2012"),
        "falling through the 2010s: {mags:?}"
    );
    assert!(m("2020") < 0.75 * m("2019"), "the 2020 dip: {mags:?}");
    assert!(
        m("2022") < m("2021") && m("2021") < m("2020"),
        "2021-22: {mags:?}"
    );
    let probation = by_year(
        &conn,
        "count(DISTINCT event_id_hash)",
        "(SELECT referral_date y, event_id_hash FROM probation_flatfile
           WHERE referral_date >= '2014' AND referral_date < '2021')",
    );
    let p = |y| year(&probation, y);
    assert!(
        p("2020") < 0.85 * p("2019"),
        "probation's 2020 dip: {probation:?}"
    );
    let first_seen = by_year(
        &conn,
        "count(*)",
        "(SELECT min(first_hearing_date) y FROM magistrates_case
           WHERE first_hearing_date GLOB '2*' GROUP BY estimated_defendant_id)",
    );
    let f = |y| year(&first_seen, y);
    assert!(
        f("2011") > f("2013") && f("2013") > f("2016") && f("2016") > f("2019"),
        "first-seen people fall from 2011: {first_seen:?}"
    );

    let (n, with_case): (i64, f64) = conn
        .query_row(BREACHES, [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert!(
        n > 500 && with_case >= 90.0,
        "breaches: {n} {with_case:.1}%"
    );
    let (n, with_spell): (i64, f64) = conn
        .query_row(RECALLS, [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert!(
        n > 500 && with_spell >= 90.0,
        "recalls: {n} {with_spell:.1}%"
    );
    // The Crown Court hears appeals; cases still running at the extract date are open, most of
    // them from the 2020-22 backlog.
    let share = |sql: &str| -> f64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let appeals = share("SELECT avg(case_type = 'Appeal') FROM crown_case");
    assert!((0.05..=0.20).contains(&appeals), "appeals: {appeals}");
    for (table, start, end) in [
        (
            "magistrates_case",
            "first_hearing_date",
            "final_result_date",
        ),
        ("crown_case", "receipt_date", "disposal_date"),
    ] {
        let open: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM {table} WHERE {end} IS NULL"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        let backlog = share(&format!(
            "SELECT avg({start} >= '2020-01-01') FROM {table} WHERE {end} IS NULL"
        ));
        assert!(
            open >= 50 && backlog >= 0.8,
            "{table}: {open} open, {backlog} since 2020"
        );
    }

    // Vocabularies at real breadth.
    for (what, sql, least) in [
        (
            "offence codes",
            "SELECT count(DISTINCT ho_offence_code) FROM magistrates_case",
            150,
        ),
        (
            "magistrates' courts",
            "SELECT count(DISTINCT court_name) FROM magistrates_case",
            100,
        ),
        (
            "Crown Court centres",
            "SELECT count(DISTINCT court_name) FROM crown_case",
            70,
        ),
        (
            "prisons",
            "SELECT count(DISTINCT first_establishment) FROM prison_custodial_journey",
            100,
        ),
    ] {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0)).unwrap();
        assert!(n >= least, "{what}: {n}");
    }
    for (what, sql) in IMPOSSIBLE {
        let bad: i64 = conn.query_row(sql, [], |r| r.get(0)).unwrap();
        assert_eq!(bad, 0, "{what}");
    }
}

#[test]
fn careers_behave_like_real_ones_seed_1() {
    careers_behave_like_real_ones(1);
}

#[test]
fn careers_behave_like_real_ones_seed_2() {
    careers_behave_like_real_ones(2);
}
