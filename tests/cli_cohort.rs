//! The headless `cohort` command, run as the real binary on the bundled sample.

use std::path::Path;
use std::process::{Command, Output};

fn cohort(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
        .arg("cohort")
        .args(args)
        .output()
        .expect("run dfexplorer cohort")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn bad_dates_and_reversed_ranges_exit_non_zero_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("people.csv");
    let out = out.to_str().unwrap();
    let bad = cohort(&["--referral-from", "2016-13-01", "--out", out]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("referral-from \"2016-13-01\" is not a date (YYYY-MM-DD)"),
        "{}",
        stderr(&bad)
    );
    let reversed = cohort(&[
        "--referral-from",
        "2017-01-01",
        "--referral-to",
        "2016-01-01",
        "--out",
        out,
    ]);
    assert_eq!(reversed.status.code(), Some(2));
    assert!(
        stderr(&reversed).contains("reversed"),
        "{}",
        stderr(&reversed)
    );
    let age = cohort(&["--age", "40-20", "--out", out]);
    assert_eq!(age.status.code(), Some(2));
    assert!(files(dir.path()).is_empty(), "{:?}", files(dir.path()));
}

#[test]
fn a_cohort_is_exported_with_its_manifest_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    let events = dir.path().join("events.csv");
    let args = [
        "--referral-from",
        "2016-01-01",
        "--referral-to",
        "2016-12-31",
        "--out",
        people.to_str().unwrap(),
        "--events",
        events.to_str().unwrap(),
    ];
    let ok = cohort(&args);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert_eq!(
        files(dir.path()),
        vec![
            "events.csv",
            "people.csv",
            "people.csv.manifest.json",
            "people.load.R",
            "people.load.do"
        ]
    );
    let summary = stderr(&ok);
    assert!(
        summary.contains("counts from 1 to 9 are shown as <10"),
        "{summary}"
    );
    let mut r = csv::Reader::from_path(&people).unwrap();
    assert_eq!(&r.headers().unwrap()[0], "estimated_xjs_id");
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .all(|r| ("2016-01-01"..="2016-12-31").contains(&&r[1])));
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("people.csv.manifest.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(manifest["database"], "sample.db");
    assert_eq!(manifest["files"][0]["rows"], rows.len());

    let before = std::fs::read(&people).unwrap();
    let again = cohort(&args);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists; pass --force to replace it"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read(&people).unwrap(), before);
    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(cohort(&forced).status.success());
}

#[test]
fn the_dictionary_is_printed_without_a_database_or_any_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
        .args(["cohort", "--dictionary", "--db"])
        .arg(dir.path().join("missing.db"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text, dfexplorer::export::dictionary::markdown());
    assert!(text.contains("| `quality_flags` | text |"), "{text}");
    assert!(files(dir.path()).is_empty());
}

/// Relative output paths in two folders: the loader beside the people file names the events
/// file in the other folder by its absolute path, which works wherever the loader is run from.
#[test]
fn a_loader_names_a_file_in_another_folder_absolutely() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    std::fs::create_dir(dir.path().join("other")).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
        .args([
            "cohort",
            "--referral-from",
            "2016-01-01",
            "--referral-to",
            "2016-03-31",
        ])
        .args(["--out", "out/people.csv", "--events", "other/events.csv"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let r = std::fs::read_to_string(dir.path().join("out/people.load.R")).unwrap();
    let events = dir.path().join("other/events.csv");
    let events = events.display().to_string().replace('\\', "/");
    assert!(r.contains(&format!("read_csv(\"{events}\"")), "{r}");
    assert!(r.contains("read_csv(\"people.csv\""), "{r}");
}
