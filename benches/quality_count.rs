//! How long `quality::count_all` (the data-quality part of `dfexplorer check`) takes on a large
//! database. Uses `DFX_BENCH_DB` when set (e.g. a generated 1,000,000-person database), otherwise
//! builds a simple synthetic one of `DFX_BENCH_PEOPLE` people (default 1,000,000; about 6 rows
//! per person plus link rows) in a temporary folder.
//!
//! Run: `cargo bench --bench quality_count` (release build).

// Flaws are spread with `i % n` rules; `is_multiple_of` would hide the pattern.
#![allow(clippy::manual_is_multiple_of)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use dfexplorer::contract;
use dfexplorer::db::{self, SchemaReport};
use dfexplorer::quality::count_all;
use rusqlite::{params, Connection};

fn main() {
    let (path, _keep) = match std::env::var_os("DFX_BENCH_DB") {
        Some(p) => (PathBuf::from(p), None),
        None => {
            let people: u64 = std::env::var("DFX_BENCH_PEOPLE")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(1_000_000);
            let dir = tempfile::tempdir().expect("temp dir");
            // DFX_BENCH_OUT keeps the built database for later runs (pass it as DFX_BENCH_DB).
            let path = std::env::var_os("DFX_BENCH_OUT")
                .map(PathBuf::from)
                .unwrap_or_else(|| dir.path().join("bench.db"));
            let t = Instant::now();
            let rows = build(&path, people).expect("build bench database");
            eprintln!(
                "built {people} people, {rows} rows (plus links) in {:.1} s",
                t.elapsed().as_secs_f64()
            );
            (path, Some(dir))
        }
    };
    let conn = db::open_read_only(&path).expect("open");
    let schema = SchemaReport::read(&conn).expect("schema");
    let extract = dfexplorer::observation::Windows::read(&conn);
    for run in 1..=2 {
        let t = Instant::now();
        let counts = count_all(&conn, &schema, &extract).expect("count_all");
        let secs = t.elapsed().as_secs_f64();
        let judged: u64 = counts
            .iter()
            .filter(|c| c.rule == dfexplorer::quality::Rule::MalformedDate)
            .filter_map(|c| c.denominator)
            .sum();
        println!("count_all run {run}: {secs:.2} s ({judged} dated records judged)");
        if run == 2 {
            for c in &counts {
                println!(
                    "  {:<36} {:>10?} of {:>10?} {}",
                    c.title,
                    c.count,
                    c.denominator,
                    c.unit.label()
                );
            }
        }
    }
}

/// A plain synthetic database: per person three magistrates' cases, a Crown case for one in four,
/// a custodial journey for one in two, one probation event (2% repeated) with one requirement.
/// Flaws are sprinkled by simple modular rules; 3% of records are left unlinked.
fn build(path: &Path, people: u64) -> rusqlite::Result<u64> {
    let conn = Connection::open(path)?;
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
    conn.execute_batch(contract::table_ddl())?;
    conn.execute_batch("BEGIN")?;
    let mut rows = 0u64;
    {
        let mut link = conn.prepare("INSERT INTO xjs_link VALUES (?1, ?2, ?3)")?;
        let mut mags = conn.prepare(
            "INSERT INTO magistrates_case (row_id_hash, case_id_hash, estimated_defendant_id, offence_date,
               first_hearing_date, final_result_date, age_at_offence, gender, ethnicity, lsoa)
             VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut crown = conn.prepare(
            "INSERT INTO crown_case (row_id_hash, case_id_hash, estimated_defendant_id, receipt_date,
               disposal_date, age_at_receipt, gender, ethnicity, lsoa)
             VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, 'White', 'E01000001')",
        )?;
        let mut prison = conn.prepare(
            "INSERT INTO prison_custodial_journey (row_id_hash, estimated_offender_id, journey_start_date,
               journey_end_date, age_at_reception, gender, ethnicity)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'Asian')",
        )?;
        let mut flat = conn.prepare(
            "INSERT INTO probation_flatfile (row_id_hash, event_id_hash, estimated_offender_id, referral_date,
               disposal_date, disposal_termination_date, main_offence_date, age_at_offence, gender,
               ethnicity_desc, lsoa_residence)
             VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?4, ?6, ?7, ?8, ?9)",
        )?;
        let mut rq = conn.prepare(
            "INSERT INTO probation_rqmnts (event_id_hash, rqmnt_start_date, rqmnt_commencement_date,
               rqmnt_termination_date) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let date = |i: u64, base: i32| {
            format!(
                "{}-{:02}-{:02}",
                base + (i % 8) as i32,
                1 + i % 12,
                1 + i % 28
            )
        };
        for p in 0..people {
            let xjs = format!("x{p:08}");
            let gender = if p % 2 == 0 { "Male" } else { "Female" };
            let age = 18 + (p % 50) as i64;
            let mut linked = |source: &str, row: &str, i: u64| -> rusqlite::Result<()> {
                if i % 33 != 0 {
                    let person = if i % 50 == 7 {
                        format!("{xjs}b")
                    } else {
                        xjs.clone()
                    };
                    link.execute(params![source, row, person])?;
                }
                Ok(())
            };
            for k in 0..3u64 {
                let i = p * 3 + k;
                let row = format!("m{i:09}");
                let eth = if i % 10 == 0 { "Not stated" } else { "White" };
                let lsoa = if i % 20 == 0 {
                    Some("W01000001")
                } else if i % 40 == 1 {
                    None
                } else {
                    Some("E01000001")
                };
                let end = if i % 25 == 0 {
                    None
                } else {
                    Some(date(i, 2012))
                };
                let off = if i % 100 == 3 {
                    "2009-01-01".to_string()
                } else {
                    date(i, 2011)
                };
                mags.execute(params![
                    row,
                    format!("d{p}"),
                    off,
                    date(i, 2011),
                    end,
                    age,
                    gender,
                    eth,
                    lsoa
                ])?;
                linked("mags_hocas", &row, i)?;
                rows += 1;
            }
            if p % 4 == 0 {
                let row = format!("c{p:09}");
                crown.execute(params![
                    row,
                    format!("d{p}"),
                    date(p, 2013),
                    date(p, 2014),
                    age,
                    gender
                ])?;
                linked("crown_xhibit", &row, p)?;
                rows += 1;
            }
            if p % 2 == 0 {
                let row = format!("p{p:09}");
                let end = if p % 6 == 0 {
                    None
                } else {
                    Some(date(p, 2015))
                };
                let g = if p % 100 == 2 { "Female" } else { gender };
                prison.execute(params![row, format!("o{p}"), date(p, 2013), end, age, g])?;
                linked("prison_nomis", &row, p)?;
                rows += 1;
            }
            let event = format!("e{p:09}");
            let copies = if p % 50 == 0 { 2 } else { 1 };
            for c in 0..copies {
                let row = format!("f{p:09}_{c}");
                let eth = if p % 30 == 0 {
                    "Z_Dummy Ethnicity 04"
                } else {
                    "White"
                };
                let end = if p % 5 == 0 {
                    None
                } else {
                    Some(date(p, 2017))
                };
                let a = if p % 500 == 0 { 150 } else { age };
                flat.execute(params![
                    row,
                    event,
                    format!("o{p}"),
                    date(p, 2014),
                    end,
                    a,
                    gender,
                    eth,
                    "E01000002"
                ])?;
                linked("probation_delius", &row, p)?;
                rows += 1;
            }
            let commence = if p % 5 == 0 {
                Some(date(p, 2014))
            } else {
                None
            };
            rq.execute(params![event, date(p, 2014), commence, date(p, 2016)])?;
            rows += 1;
        }
    }
    conn.execute(
        "INSERT INTO extract_info VALUES ('extract_date', '2022-12-31')",
        [],
    )?;
    conn.execute_batch("COMMIT")?;
    // The schema file again: tables exist already, so this creates the indexes.
    conn.execute_batch(contract::SCHEMA_SQL)?;
    conn.execute_batch("ANALYZE")?;
    Ok(rows)
}
