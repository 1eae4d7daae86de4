//! Identifiers compare as text whatever their storage class. The same small database is stored
//! three ways: IDs as TEXT (the contract), as INTEGER in columns without affinity (where text
//! `'9001'` and integer `9001` differ), and as BLOB. Every capability run through the real binary
//! (check, person, search, cohort summary and membership, export) must give identical output
//! for TEXT and INTEGER; a BLOB database is refused at open, naming the column.

use std::path::Path;
use std::process::Command;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Storage {
    Text,
    Integer,
    Blob,
}

/// The fixture; `{ID}` marks an identifier literal.
const DATA: &str = "
INSERT INTO xjs_link VALUES ('mags_hocas', {101}, {9001}), ('crown_xhibit', {201}, {9001}),
  ('prison_nomis', {301}, {9001}), ('probation_delius', {401}, {9001}),
  ('probation_delius', {402}, {9001}), ('probation_delius', {403}, {9001}),
  ('probation_delius', {404}, {9002});
INSERT INTO magistrates_case (row_id_hash, case_id_hash, estimated_defendant_id, offence_date,
  first_hearing_date, final_result_date, offence_desc, age_at_offence, gender) VALUES
  ({101}, {111}, {121}, '2015-12-01', '2016-01-10', '2016-03-01', 'Theft', 30, 'Male'),
  ({102}, {112}, {121}, '2018-01-01', '2018-02-01', '2018-02-02', 'Criminal damage', 32, 'Male');
INSERT INTO crown_case (row_id_hash, defendant_on_case_id_hash, case_id_hash,
  estimated_defendant_id, receipt_date, disposal_date, offence_desc, gender) VALUES
  ({201}, {211}, {212}, {221}, '2016-03-10', '2016-08-01', 'Theft', 'Male');
INSERT INTO mags_crown_journey VALUES ({101}, {201}, 0.9);
INSERT INTO prison_custodial_journey (row_id_hash, estimated_offender_id, journey_start_date,
  journey_end_date, gender) VALUES ({301}, {321}, '2016-08-01', '2017-02-01', 'Male');
INSERT INTO probation_flatfile (row_id_hash, event_id_hash, estimated_offender_id, referral_date,
  disposal_date, disposal_termination_date, disposal_type_description, age_at_offence, gender)
  VALUES
  ({401}, {501}, {521}, '2016-05-01', '2016-06-01', '2017-06-01', 'ORA Community Order', 30, 'Male'),
  ({402}, {501}, {521}, '2016-05-01', '2016-06-01', '2017-06-01', 'ORA Community Order', 30, 'Male'),
  ({403}, {502}, {521}, '2017-03-01', '2017-03-20', NULL, 'CJA - Licence', 31, 'Male'),
  ({404}, {503}, {522}, '2016-07-01', '2016-07-20', NULL, 'ORA Suspended Sentence Order', 40, 'Female');
INSERT INTO probation_rqmnts (event_id_hash, estimated_offender_id, rqmnt_type_main_category_desc,
  rqmnt_start_date) VALUES ({501}, {521}, 'Unpaid Work', '2016-06-10');
INSERT INTO extract_info VALUES ('extract_date', '2022-12-31');
";

/// The contract's tables, with every identifier column declared without a type (no affinity)
/// unless the IDs are TEXT.
fn schema(storage: Storage) -> String {
    let tables = dfexplorer::contract::table_ddl();
    if storage == Storage::Text {
        return tables.to_string();
    }
    tables
        .lines()
        .map(|line| {
            let name = line.split_whitespace().next().unwrap_or("");
            if name.ends_with("_hash") || (name.starts_with("estimated_") && name.ends_with("_id"))
            {
                line.replacen(" TEXT", "", 1)
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn data(storage: Storage) -> String {
    let mut out = String::new();
    let mut rest = DATA;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('}').unwrap() + at;
        let id = &rest[at + 1..end];
        out.push_str(&match storage {
            Storage::Text => format!("'{id}'"),
            Storage::Integer => id.to_string(),
            Storage::Blob => format!("CAST('{id}' AS BLOB)"),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn build(dir: &Path, storage: Storage) -> std::path::PathBuf {
    let path = dir.join(format!("{storage:?}.db").to_lowercase());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(&schema(storage)).unwrap();
    conn.execute_batch(&data(storage)).unwrap();
    conn.execute_batch(dfexplorer::contract::index_ddl())
        .unwrap();
    let kind: String = conn
        .query_row(
            "SELECT typeof(estimated_xjs_id) FROM xjs_link LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let want = match storage {
        Storage::Text => "text",
        Storage::Integer => "integer",
        Storage::Blob => "blob",
    };
    assert_eq!(kind, want, "the fixture stores IDs as {want}");
    path
}

const COMMANDS: [&[&str]; 7] = [
    &["check", "--json"],
    &["person", "9001", "--format", "json"],
    &["person", "121", "--format", "json"],
    &["person", "501", "--format", "csv"],
    &["search", "90", "--format", "json"],
    &["search", "5", "--format", "json"],
    &[
        "cohort",
        "--referral-from",
        "2016-01-01",
        "--referral-to",
        "2016-12-31",
        "--suppress-below",
        "0",
        "--out",
        "people.csv",
        "--events",
        "events.csv",
    ],
];

/// Runs every command in a folder of its own and returns everything it printed and wrote, with
/// the database's path and name replaced so that the three databases compare.
fn outputs(db: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for args in COMMANDS {
        let work = tempfile::tempdir().unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
            .args(args)
            .arg("--db")
            .arg(db)
            .current_dir(work.path())
            .output()
            .unwrap();
        let mut text = format!(
            "{args:?} exit {:?}\n{}\n{}",
            o.status.code(),
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        for file in ["people.csv", "events.csv"] {
            if let Ok(content) = std::fs::read_to_string(work.path().join(file)) {
                text.push_str(&format!("--- {file}\n{content}"));
            }
        }
        let name = db.file_name().unwrap().to_string_lossy().into_owned();
        out.push(
            text.replace(&db.display().to_string(), "DB")
                .replace(&name, "DB"),
        );
    }
    out
}

#[test]
fn text_and_integer_identifiers_give_identical_results_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let text = outputs(&build(dir.path(), Storage::Text));
    let integer = outputs(&build(dir.path(), Storage::Integer));
    // Not vacuous: the TEXT run finds people, records, matches and a cohort.
    assert!(
        text[1].contains("\"estimated_xjs_id\": \"9001\""),
        "{}",
        text[1]
    );
    assert!(
        text[2].contains("not linked") || text[2].contains("null"),
        "{}",
        text[2]
    );
    assert!(text[4].contains("9001"), "{}", text[4]);
    let cohort = &text[6];
    assert!(cohort.contains("exit Some(0)"), "{cohort}");
    let probation = cohort
        .lines()
        .find(|l| l.trim_start().starts_with("probation_delius"))
        .unwrap();
    assert_eq!(probation.split_whitespace().last(), Some("3"), "{cohort}");
    assert!(cohort.contains("9001,2016-05-01,1,1,1,2,"), "{cohort}");
    for (i, (t, n)) in text.iter().zip(&integer).enumerate() {
        let first_difference = t.lines().zip(n.lines()).find(|(a, b)| a != b);
        assert!(
            t == n,
            "command {:?} differs between TEXT and INTEGER IDs, first at {first_difference:?}",
            COMMANDS[i]
        );
    }
}

#[test]
fn blob_identifiers_are_refused_naming_the_column() {
    let dir = tempfile::tempdir().unwrap();
    let blob = build(dir.path(), Storage::Blob);
    for (args, out) in COMMANDS.iter().zip(outputs(&blob)) {
        assert!(out.contains("exit Some(2)"), "{args:?}: {out}");
        assert!(
            out.contains("holds identifiers stored as BLOB"),
            "{args:?}: {out}"
        );
        assert!(out.contains(".row_id_hash holds"), "{args:?}: {out}");
    }
}
