//! The bundled sample (which `tests/generate.rs` proves the generator reproduces) has the real
//! proportions, journeys and the injected problems at their documented rates (`rates.rs`).
//! The rates are measured here in SQL, each against the denominator its doc comment names.

mod generate_support;

use dfexplorer::generate::rates;
use generate_support::count;
use rusqlite::Connection;

fn sample() -> Connection {
    dfexplorer::db::open_read_only(&dfexplorer::cli::sample_db_path()).expect("bundled sample")
}

/// `measured` is within four binomial standard errors (plus a hair) of `rate` over `n` trials.
fn assert_rate(what: &str, measured: f64, rate: f64, n: f64) {
    let tolerance = 4.0 * (rate * (1.0 - rate) / n).sqrt() + 0.002;
    assert!(
        (measured - rate).abs() <= tolerance,
        "{what}: measured {measured:.4}, documented {rate} (n = {n}, tolerance {tolerance:.4})"
    );
}

#[test]
fn every_table_has_rows_and_courts_keep_their_proportions() {
    let conn = sample();
    for t in dfexplorer::contract::tables() {
        if t.name == "catalogue_notes" {
            let n = count(&conn, "SELECT count(*) FROM catalogue_notes");
            assert_eq!(n as usize, dfexplorer::catalogue::builtin_notes().len());
            continue;
        }
        assert!(
            count(&conn, &format!("SELECT count(*) FROM {}", t.name)) > 0.0,
            "{} is empty",
            t.name
        );
    }
    let ratio = count(
        &conn,
        "SELECT (SELECT count(*) FROM magistrates_case) * 1.0 / (SELECT count(*) FROM crown_case)",
    );
    assert!(
        (10.0..=16.0).contains(&ratio),
        "magistrates' cases per Crown case: {ratio}"
    );
    let per_person = count(
        &conn,
        "SELECT (SELECT count(*) FROM xjs_link) * 1.0 / (SELECT count(DISTINCT estimated_xjs_id) FROM xjs_link)",
    );
    assert!(per_person >= 1.5, "linked records per person: {per_person}");
}

#[test]
fn journeys_follow_the_court_and_the_coverage() {
    let conn = sample();
    // Every Crown case linked from a magistrates' case was committed there, or is an appeal
    // against a conviction there.
    let uncommitted = count(
        &conn,
        "SELECT count(*) FROM mags_crown_journey j
           JOIN magistrates_case m ON m.row_id_hash = j.mags_row_id_hash
           JOIN crown_case c ON c.row_id_hash = j.crown_row_id_hash
         WHERE m.committed_to_crown IS NULL
           AND NOT (c.case_type = 'Appeal' AND m.verdict IN ('Guilty', 'Proved in absence'))",
    );
    assert_eq!(uncommitted, 0.0);
    // Probation referrals lie in 2014-2020, and orders running at the end are open.
    let outside = count(
        &conn,
        "SELECT count(*) FROM probation_flatfile WHERE referral_date LIKE '____-__-__'
           AND (referral_date < '2014-01-01' OR referral_date > '2020-12-31')",
    );
    assert_eq!(outside, 0.0);
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM probation_flatfile WHERE disposal_termination_date IS NULL"
        ) > 0.0
    );
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM probation_rqmnts WHERE rqmnt_termination_date IS NULL"
        ) > 0.0
    );
    // Partial prison journeys from before 2011, and journeys still open at the extract.
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM prison_custodial_journey WHERE journey_start_date < '2011-01-01'"
        ) > 0.0
    );
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM prison_custodial_journey WHERE journey_end_date IS NULL"
        ) > 0.0
    );
    // The 2020 dip and the 2021-22 fall in magistrates' records.
    let year = |y: &str| {
        count(&conn, &format!("SELECT count(*) FROM magistrates_case WHERE substr(final_result_date, 1, 4) = '{y}'"))
    };
    assert!(year("2020") < 0.9 * year("2019"));
    assert!(year("2022") < 0.5 * year("2019"));
    // Custody leads to licence; community orders carry requirements.
    assert!(count(&conn, "SELECT count(*) FROM probation_flatfile f JOIN probation_licence_conditions c USING (event_id_hash)") > 0.0);
    let orders_without_requirements = count(
        &conn,
        "SELECT count(*) FROM probation_flatfile f WHERE disposal_type_description LIKE '%Community Order'
         AND NOT EXISTS (SELECT 1 FROM probation_rqmnts r WHERE r.event_id_hash = f.event_id_hash)",
    );
    assert_eq!(orders_without_requirements, 0.0);
    // About half of the defendants first seen in 2011-2013 come back to court.
    let back = count(
        &conn,
        "WITH firsts AS (SELECT estimated_defendant_id d, min(first_hearing_date) f, count(*) n
                         FROM magistrates_case GROUP BY 1)
         SELECT avg(n > 1) FROM firsts WHERE f < '2014-01-01'",
    );
    assert!(
        (0.35..=0.7).contains(&back),
        "share of early defendants who came back: {back}"
    );
}

#[test]
fn injected_problems_appear_at_their_documented_rates() {
    let conn = sample();
    let events = count(
        &conn,
        "SELECT count(DISTINCT event_id_hash) FROM probation_flatfile",
    );
    let duplicated = count(
        &conn,
        "SELECT count(*) FROM (SELECT event_id_hash FROM probation_flatfile GROUP BY 1 HAVING count(*) > 1)",
    );
    assert_rate(
        "duplicate event rows",
        duplicated / events,
        rates::DUPLICATE_EVENT_ROWS,
        events,
    );

    let rqmnts = count(&conn, "SELECT count(*) FROM probation_rqmnts");
    let missing = count(
        &conn,
        "SELECT count(*) FROM probation_rqmnts WHERE rqmnt_commencement_date IS NULL",
    );
    assert_rate(
        "missing commencement",
        missing / rqmnts,
        rates::MISSING_COMMENCEMENT_DATE,
        rqmnts,
    );

    let flat = count(&conn, "SELECT count(*) FROM probation_flatfile");
    let placeholder = count(
        &conn,
        "SELECT count(*) FROM probation_flatfile WHERE ethnicity_desc IN ('Refusal', '', 'Z_Dummy Ethnicity 04', 'Z_Dummy Ethnicity 05')",
    );
    assert_rate(
        "placeholder ethnicity",
        placeholder / flat,
        rates::PROBATION_PLACEHOLDER_ETHNICITY,
        flat,
    );

    let mags = count(&conn, "SELECT count(*) FROM magistrates_case");
    let before = count(
        &conn,
        "SELECT count(*) FROM magistrates_case WHERE offence_date < '2011-01-01'",
    );
    assert_rate(
        "offence before coverage",
        before / mags,
        rates::OFFENCE_DATE_BEFORE_COVERAGE,
        mags,
    );
    let after = count(&conn, "SELECT count(*) FROM magistrates_case WHERE offence_date > '2022-12-31' AND offence_date LIKE '____-__-__'");
    assert_rate(
        "offence after extract",
        after / mags,
        rates::OFFENCE_DATE_AFTER_EXTRACT,
        mags,
    );
    let malformed = count(
        &conn,
        "SELECT count(*) FROM magistrates_case WHERE offence_date LIKE '%/%' OR offence_date LIKE '%-02-30'",
    );
    assert_rate(
        "malformed offence dates",
        malformed / mags,
        rates::MALFORMED_DATE,
        mags,
    );

    // Referral dates that can never match a cohort, as the cohort summary counts them.
    let flatfile = count(&conn, "SELECT count(*) FROM probation_flatfile");
    let referrals = dfexplorer::cohort::referral_date_problems(&conn).unwrap();
    assert_rate(
        "missing referral dates",
        referrals.missing as f64 / flatfile,
        rates::MISSING_REFERRAL_DATE,
        flatfile,
    );
    assert_rate(
        "malformed referral dates",
        referrals.malformed as f64 / flatfile,
        rates::MALFORMED_REFERRAL_DATE,
        flatfile,
    );

    let ages = count(
        &conn,
        "SELECT count(*) FROM magistrates_case WHERE age_at_offence < 10 OR age_at_offence > 100",
    );
    assert_rate(
        "implausible ages",
        ages / mags,
        rates::IMPLAUSIBLE_AGE,
        mags,
    );

    let ended = count(
        &conn,
        "SELECT count(*) FROM magistrates_case WHERE final_result_date IS NOT NULL",
    );
    let reversed = count(
        &conn,
        "SELECT count(*) FROM magistrates_case WHERE final_result_date < first_hearing_date",
    );
    assert_rate(
        "end before start",
        reversed / ended,
        rates::END_BEFORE_START,
        ended,
    );

    let no_lsoa = count(
        &conn,
        "SELECT count(*) FROM magistrates_case WHERE lsoa IS NULL",
    );
    assert_rate("missing LSOA", no_lsoa / mags, rates::MISSING_LSOA, mags);
    let with_lsoa = mags - no_lsoa;
    let welsh = count(
        &conn,
        "SELECT count(*) FROM magistrates_case WHERE lsoa LIKE 'W01%'",
    );
    // Welsh people are 5% of people, so their share of records varies more than a binomial.
    assert_rate(
        "Welsh LSOAs",
        welsh / with_lsoa,
        rates::WELSH_PEOPLE,
        with_lsoa / 4.0,
    );

    let main_rows = count(
        &conn,
        "SELECT (SELECT count(*) FROM magistrates_case) + (SELECT count(*) FROM crown_case)
              + (SELECT count(*) FROM prison_custodial_journey) + (SELECT count(*) FROM probation_flatfile)",
    );
    let links = count(&conn, "SELECT count(*) FROM xjs_link");
    assert_rate(
        "unlinked records",
        1.0 - links / main_rows,
        rates::UNLINKED_RECORD,
        main_rows,
    );
}

#[test]
fn linkage_errors_appear_at_their_documented_rates() {
    let conn = sample();
    // Gender per linked record, across all four datasets.
    let genders = "SELECT l.estimated_xjs_id x, m.gender g FROM xjs_link l JOIN magistrates_case m ON l.source_dataset = 'mags_hocas' AND m.row_id_hash = l.row_id_hash
        UNION ALL SELECT l.estimated_xjs_id, c.gender FROM xjs_link l JOIN crown_case c ON l.source_dataset = 'crown_xhibit' AND c.row_id_hash = l.row_id_hash
        UNION ALL SELECT l.estimated_xjs_id, p.gender FROM xjs_link l JOIN prison_custodial_journey p ON l.source_dataset = 'prison_nomis' AND p.row_id_hash = l.row_id_hash
        UNION ALL SELECT l.estimated_xjs_id, f.gender FROM xjs_link l JOIN probation_flatfile f ON l.source_dataset = 'probation_delius' AND f.row_id_hash = l.row_id_hash";
    let people = count(&conn, "SELECT people FROM (SELECT CAST(value AS REAL) people FROM extract_info WHERE key = 'people')");
    let mixed = count(&conn, &format!("SELECT count(*) FROM (SELECT x FROM ({genders}) GROUP BY x HAVING count(DISTINCT g) > 1)"));
    assert_rate("false links", mixed / people, rates::FALSE_LINK, people);

    // Split: dataset-level people with two or more linked records, under two estimated_xjs_id.
    let mut eligible = 0.0;
    let mut split = 0.0;
    for (dataset, table, person, distinct_row) in [
        (
            "mags_hocas",
            "magistrates_case",
            "estimated_defendant_id",
            "t.row_id_hash",
        ),
        (
            "crown_xhibit",
            "crown_case",
            "estimated_defendant_id",
            "t.row_id_hash",
        ),
        (
            "prison_nomis",
            "prison_custodial_journey",
            "estimated_offender_id",
            "t.row_id_hash",
        ),
        (
            "probation_delius",
            "probation_flatfile",
            "estimated_offender_id",
            "t.event_id_hash",
        ),
    ] {
        let grouped = format!(
            "SELECT t.{person} p, count(DISTINCT {distinct_row}) n, count(DISTINCT l.estimated_xjs_id) ids
             FROM {table} t JOIN xjs_link l ON l.source_dataset = '{dataset}' AND l.row_id_hash = t.row_id_hash GROUP BY 1"
        );
        eligible += count(
            &conn,
            &format!("SELECT count(*) FROM ({grouped}) WHERE n >= 2"),
        );
        split += count(
            &conn,
            &format!("SELECT count(*) FROM ({grouped}) WHERE n >= 2 AND ids > 1"),
        );
    }
    assert_rate(
        "split persons",
        split / eligible,
        rates::SPLIT_PERSON,
        eligible,
    );
}
