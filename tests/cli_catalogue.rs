//! `dfexplorer catalogue [QUERY]`: the same catalogue search as the explorer's browser.

use std::process::Command;

fn catalogue(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
        .arg("catalogue")
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_word_in_any_form_finds_the_note_and_no_query_lists_every_note() {
    let (code, out, _) = catalogue(&["duplicates"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("probation_flatfile / event_id_hash [recording]"),
        "{out}"
    );
    assert!(out.contains("Duplicate rows"), "{out}");

    let (code, out, _) = catalogue(&["duplicate", "--format", "json"]);
    assert_eq!(code, 0);
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(hits.as_array().unwrap().iter().any(|h| h["kind"] == "note"));

    let (code, out, _) = catalogue(&[]);
    assert_eq!(code, 0);
    let notes = out.lines().filter(|l| l.starts_with("note")).count();
    assert_eq!(notes, dfexplorer::catalogue::builtin_notes().len());

    let (code, _, err) = catalogue(&["zebra crossing"]);
    assert_eq!(code, 1);
    assert!(err.contains("no catalogue entry or note matches"), "{err}");
    let (code, _, err) = catalogue(&[" "]);
    assert_eq!(code, 2);
    assert!(err.contains("empty"), "{err}");
}
