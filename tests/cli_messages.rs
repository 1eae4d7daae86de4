//! Honest inputs and outputs of the headless commands: a value that is not a date is never shown
//! as one, filter bounds accept every real date, an empty value is an error naming its flag, and
//! arguments that would silently ask for nothing are refused.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
        .args(args)
        .env_remove("DFEXPLORER_FAILPOINT")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn sample() -> String {
    dfexplorer::cli::sample_db_path().display().to_string()
}

/// One person whose probation event has a start that is not a calendar date.
fn malformed_db(dir: &Path) -> PathBuf {
    let path = dir.join("dates.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(dfexplorer::contract::SCHEMA_SQL)
        .unwrap();
    conn.execute_batch(
        "INSERT INTO probation_flatfile (row_id_hash, event_id_hash, estimated_offender_id,
            referral_date, disposal_date, disposal_termination_date, disposal_type_description)
         VALUES ('R1', 'E1', 'O1', '2016-01-10', '2016-02-30', '2017-01-01', 'ORA Community Order'),
                ('R2', 'E2', 'O1', '2015-01-10', '2015-02-01', '2015-06-01', 'ORA Community Order');
         INSERT INTO xjs_link VALUES ('probation_delius', 'R1', 'X1'), ('probation_delius', 'R2', 'X1');",
    )
    .unwrap();
    path
}

#[test]
fn a_date_that_is_not_a_date_is_null_in_json_and_empty_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = malformed_db(dir.path());
    let db = db.to_str().unwrap();
    let o = run(&["person", "X1", "--db", db, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let events = json["persons"][0]["events"].as_array().unwrap();
    // The real date sorts first; the malformed one sorts with the missing starts, last.
    assert_eq!(events[0]["start"], "2015-02-01");
    let bad = &events[1];
    assert_eq!(bad["start"], serde_json::Value::Null, "{bad}");
    assert_eq!(bad["start_as_written"], "2016-02-30");
    assert!(
        bad["flags"].to_string().contains("malformed"),
        "flagged: {bad}"
    );
    assert!(events[0].get("start_as_written").is_none());

    let o = run(&["person", "X1", "--db", db, "--format", "csv"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(!text.contains("2016-02-30"), "{text}");
}

#[test]
fn filter_bounds_accept_every_real_date() {
    let open = run(&["cohort", "--db", &sample()]);
    let to_end = run(&["cohort", "--db", &sample(), "--referral-to", "9999-12-31"]);
    assert!(to_end.status.success(), "{}", stderr(&to_end));
    let people = |o: &Output| String::from_utf8_lossy(&o.stdout).lines().count();
    assert!(people(&open) > 1000);
    assert_eq!(people(&to_end), people(&open));
    let from_start = run(&["cohort", "--db", &sample(), "--referral-from", "0001-01-01"]);
    assert_eq!(people(&from_start), people(&open));
}

#[test]
fn an_empty_value_is_an_error_naming_its_flag() {
    for flag in [
        "--referral-from",
        "--referral-to",
        "--gender",
        "--age",
        "--disposal-type",
        "--dataset",
    ] {
        let o = run(&["cohort", "--db", &sample(), flag, " "]);
        assert_eq!(o.status.code(), Some(2), "{flag}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!("{flag} is empty")),
            "{flag}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn an_age_band_may_start_with_a_dash_as_the_help_shows() {
    let o = run(&["cohort", "--db", &sample(), "--age", "-17"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("age -17"), "{}", stderr(&o));
    let o = run(&["cohort", "--db", &sample(), "--age", "-x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not a band"), "{}", stderr(&o));
}

#[test]
fn a_search_for_no_results_is_an_argument_error() {
    let o = run(&["search", "28133", "--db", &sample(), "--limit", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--limit"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("no match"), "{}", stderr(&o));
}

/// A folder `x` of small generated CSV extracts, without `extract_info` (as some deliveries are).
fn extracts_without_info(dir: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
        .args([
            "generate", "--people", "30", "--layout", "extracts", "--format", "csv", "--out", "x",
        ])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::remove_dir_all(dir.join("x/metadata")).unwrap();
}

#[test]
fn import_records_the_windows_it_is_given_and_says_what_it_assumed() {
    let dir = tempfile::tempdir().unwrap();
    extracts_without_info(dir.path());
    let import = |out: &str, extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
            .args(["import", "--out", out])
            .args(extra)
            .arg("x")
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let o = import("assumed.db", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(said.contains("assumed 2022-12-31"), "{said}");
    assert!(
        said.contains("probation_delius 2014-01-01..2020-12-31"),
        "{said}"
    );

    let o = import(
        "given.db",
        &[
            "--extract-date",
            "2019-06-30",
            "--coverage",
            "probation=2014-01-01..2019-03-31",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let db = dir.path().join("given.db");
    let o = run(&["check", "--db", db.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(
        report.contains("probation_delius   2014-01-01..2019-03-31  from extract_info"),
        "{report}"
    );
    assert!(
        report.contains("mags_hocas         2011-01-01..2019-06-30  built in"),
        "{report}"
    );

    for (flag, value, says) in [
        (
            "--coverage",
            "probation=2020-01-01..2014-01-01",
            "FROM on or before TO",
        ),
        (
            "--coverage",
            "nowhere=2014-01-01..2020-01-01",
            "is not one of",
        ),
        ("--coverage", "probation", "expected DATASET=FROM..TO"),
        ("--extract-date", "2019-02-30", "is not a date"),
    ] {
        let o = import("bad.db", &[flag, value]);
        assert_eq!(o.status.code(), Some(2), "{flag} {value}");
        assert!(stderr(&o).contains(says), "{flag} {value}: {}", stderr(&o));
    }
    assert!(!dir.path().join("bad.db").exists());
}

/// Probation records with no end are open at the end of probation's window, not the extract.
#[test]
fn open_probation_records_are_open_at_the_end_of_probation_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = malformed_db(dir.path());
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "INSERT INTO probation_flatfile (row_id_hash, event_id_hash, estimated_offender_id,
                referral_date, disposal_date, disposal_type_description)
             VALUES ('R3', 'E3', 'O1', '2019-01-10', '2019-02-01', 'ORA Community Order');
             INSERT INTO xjs_link VALUES ('probation_delius', 'R3', 'X1');
             INSERT INTO extract_info VALUES ('extract_date', '2022-12-31');",
        )
        .unwrap();
    let o = run(&[
        "person",
        "X1",
        "--db",
        db.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("still open at the end of the Probation observation window 2020-12-31"),
        "{text}"
    );
    assert!(!text.contains("2022-12-31"), "{text}");
}

#[test]
fn import_and_generate_mistakes_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let wide = dir.path().join("moj_xjs_link_01.csv");
    let mut cols = vec![
        "source_dataset".to_string(),
        "row_id_hash".into(),
        "estimated_xjs_id".into(),
    ];
    cols.extend((0..9997).map(|i| format!("extra{i}")));
    let mut values = vec!["mags_hocas".to_string(), "r1".into(), "X1".into()];
    values.extend((0..9997).map(|_| "v".to_string()));
    std::fs::write(&wide, format!("{}\n{}\n", cols.join(","), values.join(","))).unwrap();
    let out = dir.path().join("out.db");
    let (w, o) = (wide.to_str().unwrap(), out.to_str().unwrap());
    let cases: [(&[&str], &str); 6] = [
        (
            &["import", "--out", o, w],
            "moj_xjs_link_01.csv has 10000 columns",
        ),
        (
            &["import", "--out", o, "--table", "xjs_link=nothing*.csv", w],
            "--table xjs_link=nothing*.csv matches no file",
        ),
        (
            &["import", "--out", o, "--table", "xjs_link=[ab].csv", w],
            "only * and ? are wildcards",
        ),
        (
            &[
                "import",
                "--out",
                o,
                "--catalogue",
                "/nonexistent/notes.csv",
                w,
            ],
            "catalogue /nonexistent/notes.csv: the file does not exist",
        ),
        (
            &["generate", "--out", o, "--format", "csv"],
            "--format applies to --layout extracts only",
        ),
        (&["search", "x", "--limit", "none"], "is not a whole number"),
    ];
    for (args, says) in cases {
        let r = run(args);
        assert!(!r.status.success(), "{args:?}");
        assert!(stderr(&r).contains(says), "{args:?}: {}", stderr(&r));
        assert!(!out.exists(), "{args:?} wrote the database");
    }
}

#[cfg(unix)]
#[test]
fn a_closed_output_pipe_ends_the_command_quietly() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    // The cohort listing is larger than a pipe holds, so the write meets the closed pipe.
    let mut child = Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
        .args(["cohort", "--db", &sample()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.signal(), Some(libc::SIGPIPE), "{:?}", o.status);
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

#[test]
fn control_characters_in_the_data_are_escaped_in_text_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = malformed_db(dir.path());
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE probation_flatfile SET disposal_type_description = ?1",
            ["Order\u{1b}]0;owned\u{7}\u{1b}[2J\r\0\u{202e}"],
        )
        .unwrap();
    let db = db.to_str().unwrap();
    for args in [
        vec!["person", "X1", "--db", db],
        vec!["cohort", "--db", db, "--suppress-below", "0"],
    ] {
        let o = run(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let all = [o.stdout.clone(), o.stderr.clone()].concat();
        for raw in [0x1b_u8, 0x07, b'\r', 0] {
            assert!(!all.contains(&raw), "{args:?} printed byte {raw:#x}");
        }
        let text = String::from_utf8_lossy(&all);
        assert!(!text.contains('\u{202e}'), "{args:?}");
        assert!(text.contains("Order\\u{1b}]0;owned"), "{args:?}: {text}");
    }
}

/// A copy of the sample whose probation_flatfile root page is overwritten with garbage.
fn damaged_db(dir: &Path) -> PathBuf {
    use std::io::{Seek, SeekFrom, Write};
    let path = dir.join("damaged.db");
    std::fs::copy(dfexplorer::cli::sample_db_path(), &path).unwrap();
    let (page_size, root): (u64, u64) = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let ps: i64 = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        let root: i64 = conn
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = 'probation_flatfile'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (ps as u64, root as u64)
    };
    let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    f.seek(SeekFrom::Start((root - 1) * page_size + 8)).unwrap();
    f.write_all(&[0xff; 256]).unwrap();
    path
}

#[test]
fn a_damaged_database_stops_every_count_and_names_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let db = damaged_db(dir.path());
    let db = db.to_str().unwrap();
    for args in [
        vec!["cohort", "--db", db],
        vec!["cohort", "--db", db, "--out", "people.csv"],
        vec!["check", "--db", db],
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
            .args(&args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("damaged.db"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(
            stderr(&o).contains("is damaged"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(o.stdout.is_empty(), "{args:?} printed partial results");
        assert!(!dir.path().join("people.csv").exists());
    }
    let o = run(&["check", "--integrity", "--db", db]);
    assert_eq!(o.status.code(), Some(1));
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(report.contains("probation_flatfile: "), "{report}");
    assert!(
        !report.contains("xjs_link: "),
        "only the damaged table: {report}"
    );
    let o = run(&["check", "--integrity", "--db", &sample()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn a_table_missing_a_required_column_is_named_wherever_it_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = malformed_db(dir.path());
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "DROP TABLE magistrates_case;
             CREATE TABLE magistrates_case (row_id_hash TEXT, estimated_defendant_id TEXT, offence_desc TEXT);
             INSERT INTO magistrates_case VALUES ('M1', 'D1', 'Theft');
             INSERT INTO xjs_link VALUES ('mags_hocas', 'M1', 'X1');",
        )
        .unwrap();
    }
    let dbs = db.to_str().unwrap();
    for args in [
        vec!["person", "X1", "--db", dbs],
        vec!["search", "X1", "--db", dbs],
        vec!["cohort", "--db", dbs, "--out", "people.csv"],
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
            .args(&args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("magistrates_case lacks column(s) case_id_hash"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    let manifest = std::fs::read_to_string(dir.path().join("people.csv.manifest.json")).unwrap();
    assert!(
        manifest.contains("magistrates_case lacks column(s)"),
        "{manifest}"
    );
    assert!(
        manifest.contains("\"probation_delius\": \"2014-01-01..2020-12-31\""),
        "{manifest}"
    );
}

/// Started without a terminal (output to a file, as from a script), the explorer says what it
/// needs and what to use instead, not "No such device or address".
#[test]
fn the_explorer_without_a_terminal_says_so_plainly() {
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("needs an interactive terminal"), "{err}");
    assert!(err.contains("dfexplorer --help"), "{err}");
    assert!(!err.contains("os error"), "{err}");
}
