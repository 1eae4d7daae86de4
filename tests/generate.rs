//! The generator through the real binary: determinism, the bundled sample, output safety.

mod generate_support;

use generate_support::{contents, dfexplorer, generate};

#[test]
fn same_seed_gives_same_content_and_another_seed_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a.db"),
        dir.path().join("b.db"),
        dir.path().join("c.db"),
    );
    generate(400, 7, &a);
    generate(400, 7, &b);
    generate(400, 8, &c);
    let (ca, cb, cc) = (contents(&a), contents(&b), contents(&c));
    assert_eq!(ca, cb);
    for (name, rows) in &ca {
        if name == "catalogue_notes" {
            continue;
        }
        let other = &cc.iter().find(|(n, _)| n == name).unwrap().1;
        assert_ne!(rows, other, "{name} is the same for seeds 7 and 8");
    }
}

#[test]
fn regenerating_the_sample_gives_the_committed_content() {
    let sample = dfexplorer::cli::sample_db_path();
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("sample.db");
    generate(
        dfexplorer::generate::SAMPLE_PEOPLE,
        dfexplorer::generate::SAMPLE_SEED,
        &fresh,
    );
    let (want, got) = (contents(&sample), contents(&fresh));
    for ((name, w), (_, g)) in want.iter().zip(&got) {
        assert_eq!(
            w.len(),
            g.len(),
            "{name}: row count differs; regenerate sample-db/sample.db (see README)"
        );
        assert!(
            w == g,
            "{name}: content differs; regenerate sample-db/sample.db (see README)"
        );
    }
}

#[test]
fn an_existing_database_is_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.db");
    std::fs::write(&out, b"precious").unwrap();
    let o = dfexplorer(&["generate", "--people", "20", "--out", out.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"precious");

    let o = dfexplorer(&[
        "generate",
        "--people",
        "20",
        "--out",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dfexplorer::db::open_read_only(&out).is_ok());
    // Nothing is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn a_missing_folder_is_a_clear_error_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no-such-folder").join("x.db");
    let o = dfexplorer(&["generate", "--people", "20", "--out", out.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("does not exist") && err.contains("no-such-folder"),
        "{err}"
    );
    assert!(!out.parent().unwrap().exists());
}

#[test]
fn the_summary_line_reports_rows_time_and_memory() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.db");
    let o = generate(50, 1, &out);
    let err = String::from_utf8_lossy(&o.stderr);
    let line = err
        .lines()
        .find(|l| l.starts_with("summary: "))
        .expect("summary line");
    for key in ["rows=", "seconds=", "rows_per_sec=", "peak_rss_kb="] {
        assert!(line.contains(key), "{line}");
    }
    let rows: u64 = line
        .split("rows=")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let total: f64 = contents(&out).iter().map(|(_, r)| r.len() as f64).sum();
    assert_eq!(rows as f64, total);
}
