//! The headless `outcomes` command, run as the real binary on the bundled sample.

use std::process::{Command, Output};

fn outcomes(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
        .arg("outcomes")
        .args(args)
        .output()
        .expect("run dfexplorer outcomes")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn bad_questions_get_specific_errors_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let km = dir.path().join("km.csv");
    let km = km.to_str().unwrap();
    for (args, says) in [
        (
            vec!["--from", "2016-13-01"],
            "--from \"2016-13-01\" is not a date",
        ),
        (
            vec!["--from", "2017-01-01", "--to", "2016-01-01"],
            "the range is reversed",
        ),
        (
            vec!["--index", "arrest"],
            "index \"arrest\" is not one of referral, mags-first",
        ),
        (
            vec!["--outcome", "death"],
            "outcome \"death\" is not one of mags",
        ),
        (
            vec!["--by", "shoe-size"],
            "grouping \"shoe-size\" is not one of",
        ),
        (vec!["--window", "0"], "window 0 is not a number of days"),
        (
            vec!["--window", "a year"],
            "--window \"a year\" is not a number of days",
        ),
        (vec!["--gender", " "], "--gender is empty"),
        (vec!["--age", "30-20"], "reversed"),
        (
            vec!["--format", "xml"],
            "--format \"xml\" is not text or json",
        ),
        (vec!["--db", "/no/such.db"], "/no/such.db"),
    ] {
        let mut args = args;
        args.extend(["--km", km]);
        let o = outcomes(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "{args:?}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn json_has_the_windows_the_curves_and_the_test() {
    let o = outcomes(&[
        "--from",
        "2015-01-01",
        "--to",
        "2016-12-31",
        "--outcome",
        "court",
        "--by",
        "gender",
        "--window",
        "180",
        "--window",
        "365",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["disclosure"]
        .as_str()
        .unwrap()
        .starts_with("disclosure control"));
    let windows = v["windows"].as_array().unwrap();
    assert_eq!(windows.len(), 2);
    assert_eq!(windows[0]["days"], 180);
    let lr = &v["logrank"];
    assert!(lr["chisq"].as_f64().unwrap() >= 0.0);
    assert_eq!(lr["df"], 1);
    let p = lr["p"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p));
    // Every step of every disclosure-safe curve stands for multiples of 10 people.
    for g in v["groups"].as_array().unwrap() {
        for s in g["curve"].as_array().unwrap() {
            assert_eq!(s["n_event"].as_u64().unwrap() % 10, 0, "{s}");
            assert_eq!(s["n_censor"].as_u64().unwrap() % 10, 0, "{s}");
        }
    }
}

#[test]
fn the_text_report_reads_as_a_researcher_expects() {
    let o = outcomes(&[
        "--from",
        "2016-01-01",
        "--to",
        "2016-12-31",
        "--outcome",
        "mags",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("disclosure control"), "{text}");
    assert!(
        lines[1].contains("probation referral from 2016-01-01 to 2016-12-31"),
        "{text}"
    );
    assert!(
        text.contains("within 365 days") && text.contains("within 730 days"),
        "{text}"
    );
    // One group: no test.
    assert!(!text.contains("log-rank"), "{text}");
    let off = outcomes(&["--from", "2016-01-01", "--suppress-below", "0"]);
    assert!(
        stdout(&off).starts_with("NOT DISCLOSURE-CHECKED"),
        "{}",
        stdout(&off)
    );
}

#[test]
fn reading_in_parallel_gives_the_same_people_as_one_connection() {
    use dfexplorer::outcomes::{follow, follow_in, Grouping, IndexKind, OutcomeKind, OutcomeSpec};
    let (db, conn) = dfexplorer::db::Database::open(&dfexplorer::cli::sample_db_path()).unwrap();
    for (index, outcome) in [
        (IndexKind::Referral, OutcomeKind::Any),
        (IndexKind::MagsFirst, OutcomeKind::Court),
        (IndexKind::PrisonRelease, OutcomeKind::Prison),
    ] {
        let spec = OutcomeSpec {
            index: vec![index],
            outcome,
            by: Grouping::AgeBand,
            ..OutcomeSpec::default()
        };
        let one = follow(&conn, &spec, |_| std::ops::ControlFlow::Continue(())).unwrap();
        let many = follow_in(&db, &conn, &spec, |_| std::ops::ControlFlow::Continue(())).unwrap();
        assert!(one.people.len() > 700, "{index:?}: {}", one.people.len());
        assert_eq!(one, many, "{index:?} {outcome:?}");
    }
}

fn sequences(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
        .arg("sequences")
        .args(args)
        .output()
        .expect("run dfexplorer sequences")
}

#[test]
fn sequences_cover_every_member_at_step_one_and_write_their_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("seq.csv");
    let o = sequences(&[
        "--from",
        "2015-01-01",
        "--to",
        "2016-12-31",
        "--suppress-below",
        "0",
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["disclosure"]
        .as_str()
        .unwrap()
        .starts_with("NOT DISCLOSURE-CHECKED"));
    // The legend says what each kind means, "other" included.
    let kinds = v["kinds"].as_array().unwrap();
    let means = |k: &str| {
        kinds.iter().find(|x| x["kind"] == k).unwrap()["means"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(means("other"), "other (small branches merged)");
    assert_eq!(means("crown"), "Crown Court case");
    assert_eq!(means("none"), "nothing more before the end of follow-up");
    let people = v["people"].as_u64().unwrap();
    let branches = v["branches"].as_array().unwrap();
    let step1: u64 = branches
        .iter()
        .filter(|b| b["step"] == 1)
        .map(|b| b["people"].as_u64().unwrap())
        .sum();
    assert_eq!(step1, people);
    assert!(branches.iter().all(|b| b["step"].as_u64().unwrap() <= 3));
    // The CSV has the same rows (after the line saying it is not disclosure-checked).
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("# NOT DISCLOSURE-CHECKED"));
    assert_eq!(
        lines.next().unwrap(),
        "step,path,next_kind,people,share,median_days"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), branches.len());
    // Each share is written to six decimals (1/3 as 0.333333), in the branches' order.
    for (row, b) in rows.iter().zip(branches) {
        let fields: Vec<&str> = row.split(',').collect();
        assert_eq!(fields[3], b["people"].to_string(), "{row} / {b}");
        let share = b["share"].as_f64().unwrap();
        let written: f64 = fields[4].parse().unwrap();
        assert!((written - share).abs() <= 5e-7, "{row} / {b}");
        assert!(fields[4].len() <= 8, "{row}: more than six decimals");
    }
    assert!(
        rows.iter().any(|r| r.split(',').nth(4).unwrap().len() == 8),
        "some share needs all six decimals"
    );
    assert!(dir.path().join("disclosure.txt").is_file());
    assert!(text.contains("1,index,magistrates,"), "{text}");

    // Disclosure-checked: no branch under 10 people.
    let o = sequences(&[
        "--from",
        "2015-01-01",
        "--to",
        "2016-12-31",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for b in v["branches"].as_array().unwrap() {
        assert!(b["people"].as_u64().unwrap() >= 10, "{b}");
    }
    let bad = sequences(&["--depth", "0"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("--depth 0 is not from 1 to 10"),
        "{}",
        stderr(&bad)
    );
}

/// The outcome files as parquet: the same rows as the CSV files with real types, the note that
/// disclosure control is off kept in the file's metadata, and loaders that read them.
#[test]
fn outcome_files_can_be_parquet_with_the_csv_rows() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let dir = tempfile::tempdir().unwrap();
    let path = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    let run = |tte: &str, km: &str| {
        let o = outcomes(&[
            "--from",
            "2016-01-01",
            "--to",
            "2016-12-31",
            "--by",
            "gender",
            "--suppress-below",
            "0",
            "--tte",
            &path(tte),
            "--km",
            &path(km),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    };
    run("tte.csv", "km.csv");
    // The loader skips the note line.
    let r = std::fs::read_to_string(dir.path().join("tte.load.R")).unwrap();
    assert!(
        r.contains("tte <- read_csv(\"tte.csv\", na = \"\", skip = 1,"),
        "{r}"
    );
    let stata = std::fs::read_to_string(dir.path().join("tte.load.do")).unwrap();
    assert!(stata.contains("varnames(2) rowrange(3)"), "{stata}");
    // The note for the output checkers names each file and what it holds.
    let note = std::fs::read_to_string(dir.path().join("disclosure.txt")).unwrap();
    assert!(
        note.contains("km.csv: Kaplan-Meier curves from the exact counts")
            && note.contains("tte.csv: one row per person (record-level data)"),
        "{note}"
    );
    for f in ["disclosure.txt", "tte.load.R", "tte.load.do"] {
        std::fs::remove_file(dir.path().join(f)).unwrap();
    }
    run("tte.parquet", "km.parquet");
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    for (csv_name, pq_name) in [("tte.csv", "tte.parquet"), ("km.csv", "km.parquet")] {
        // The CSV starts with the `#` note (disclosure off), then the header.
        let text = std::fs::read_to_string(dir.path().join(csv_name)).unwrap();
        let (note, body) = text.split_once("\r\n").unwrap();
        assert!(note.starts_with("# NOT DISCLOSURE-CHECKED"), "{note}");
        let mut r = csv::Reader::from_reader(body.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        let bytes = bytes::Bytes::from(std::fs::read(dir.path().join(pq_name)).unwrap());
        let reader = SerializedFileReader::new(bytes).unwrap();
        let meta = reader.metadata().file_metadata();
        let kv = meta.key_value_metadata().unwrap();
        assert!(kv.iter().any(|k| k.key == "dfexplorer.note"
            && k.value
                .as_deref()
                .unwrap_or("")
                .starts_with("NOT DISCLOSURE-CHECKED")));
        let names: Vec<String> = meta
            .schema_descr()
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        assert_eq!(names, header);
        let pq_rows: Vec<Vec<String>> = reader
            .get_row_iter(None)
            .unwrap()
            .map(|row| {
                row.unwrap()
                    .get_column_iter()
                    .map(|(_, f)| match f {
                        parquet::record::Field::Null => String::new(),
                        parquet::record::Field::Str(s) => s.clone(),
                        parquet::record::Field::Long(n) => n.to_string(),
                        parquet::record::Field::Double(x) => x.to_string(),
                        parquet::record::Field::Date(d) => {
                            (epoch + chrono::Duration::days(i64::from(*d))).to_string()
                        }
                        other => panic!("{other:?}"),
                    })
                    .collect()
            })
            .collect();
        assert!(rows.len() > 50, "{csv_name}: {} rows", rows.len());
        assert_eq!(rows, pq_rows, "{pq_name}");
    }
    let r = std::fs::read_to_string(dir.path().join("tte.load.R")).unwrap();
    assert!(
        r.contains("tte <- arrow::read_parquet(\"tte.parquet\")"),
        "{r}"
    );
    assert!(
        r.contains("km <- arrow::read_parquet(\"km.parquet\")"),
        "{r}"
    );
    let r = std::fs::read_to_string(dir.path().join("tte.load.R")).unwrap();
    assert!(!r.contains("read_csv"), "{r}");
}
