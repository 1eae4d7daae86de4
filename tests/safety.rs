//! The safety catalogue: hostile but ordinary situations, each run against the real binary in a
//! folder of real files. Every case asserts the exact outcome: the exit status, the message, that
//! every file that existed before is byte for byte as it was (and nothing was added), and that no
//! temporary is left behind. Every output path of the tool goes through these checks; add new
//! ones here.
//!
//! Signals are sent at a known point: the `pause-before-commit` failpoint makes the binary stop
//! with every output complete in its temporary, say so on stderr, and wait.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_dfexplorer");

/// Every file under `dir` (recursively) with its bytes; links are recorded as links.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().to_path_buf();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.file_type().is_symlink() {
                let to = std::fs::read_link(&p).unwrap();
                out.insert(rel, format!("link to {}", to.display()).into_bytes());
            } else if meta.is_dir() {
                out.insert(rel, b"folder".to_vec());
                pending.push(p);
            } else if meta.is_file() {
                out.insert(rel, std::fs::read(&p).unwrap());
            } else {
                out.insert(rel, b"special".to_vec());
            }
        }
    }
    out
}

fn assert_unchanged(dir: &Path, before: &BTreeMap<PathBuf, Vec<u8>>, case: &str) {
    let after = snapshot(dir);
    let names = |m: &BTreeMap<PathBuf, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&after),
        names(before),
        "{case}: the folder listing changed"
    );
    for (name, bytes) in before {
        assert!(after[name] == *bytes, "{case}: {} changed", name.display());
    }
}

fn temporaries(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir)
        .into_keys()
        .filter(|p| p.to_string_lossy().contains(".dfexplorer-"))
        .collect()
}

/// A folder holding a copy of the bundled sample database as `linked.db`.
fn folder_with_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("linked.db");
    std::fs::copy(dfexplorer::cli::sample_db_path(), &db).unwrap();
    (dir, db)
}

fn run_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env_remove("DFEXPLORER_FAILPOINT")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A narrow cohort, so exports are quick.
const COHORT: [&str; 5] = [
    "cohort",
    "--referral-from",
    "2016-01-01",
    "--referral-to",
    "2016-03-31",
];

fn cohort_args<'a>(db: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = COHORT.to_vec();
    a.extend(["--db", db]);
    a.extend(extra);
    a
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

// ---------------------------------------------------------------------------------------------
// 1. Outputs never touch inputs.

#[test]
fn an_output_naming_the_database_is_refused_whatever_path_names_it() {
    let (dir, db) = folder_with_db();
    let root = dir.path();
    std::os::unix::fs::symlink(&db, root.join("link.db")).unwrap();
    std::fs::hard_link(&db, root.join("hard.db")).unwrap();
    std::fs::create_dir(root.join("sub")).unwrap();
    let before = snapshot(root);
    let dbs = s(&db);
    let people = root.join("people.csv");
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("--out DB", cohort_args(dbs, &["--out", dbs, "--force"])),
        (
            "--events DB",
            cohort_args(dbs, &["--out", s(&people), "--events", dbs, "--force"]),
        ),
        (
            "./DB",
            cohort_args("linked.db", &["--out", "./linked.db", "--force"]),
        ),
        (
            "sub/../DB",
            cohort_args(dbs, &["--out", "sub/../linked.db", "--force"]),
        ),
        (
            "symlink",
            cohort_args(dbs, &["--out", "link.db", "--force"]),
        ),
        (
            "hard link",
            cohort_args(dbs, &["--out", "hard.db", "--force"]),
        ),
        (
            "the journal",
            cohort_args(dbs, &["--out", "linked.db-journal", "--force"]),
        ),
        ("the WAL", cohort_args(dbs, &["--out", "linked.db-wal"])),
    ];
    for (case, args) in cases {
        let o = run_in(root, &args);
        assert_eq!(o.status.code(), Some(2), "{case}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("this command reads"),
            "{case}: {}",
            stderr(&o)
        );
        assert_unchanged(root, &before, case);
    }
}

#[test]
fn outputs_naming_each_other_are_refused() {
    let (dir, db) = folder_with_db();
    let root = dir.path();
    std::fs::write(root.join("a.csv"), "old").unwrap();
    std::os::unix::fs::symlink(root.join("a.csv"), root.join("b.csv")).unwrap();
    let before = snapshot(root);
    for (case, extra) in [
        ("same name", vec!["--out", "a.csv", "--events", "a.csv"]),
        (
            "through a link",
            vec!["--out", "a.csv", "--events", "b.csv"],
        ),
        (
            "the manifest",
            vec!["--out", "c.csv", "--events", "c.csv.manifest.json"],
        ),
        ("a loader", vec!["--out", "c.csv", "--events", "c.load.R"]),
        (
            "parquet, same name",
            vec!["--out", "d.parquet", "--events", "./d.parquet"],
        ),
    ] {
        let mut extra = extra;
        extra.push("--force");
        let o = run_in(root, &cohort_args(s(&db), &extra));
        assert_eq!(o.status.code(), Some(2), "{case}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("are the same file"),
            "{case}: {}",
            stderr(&o)
        );
        assert_unchanged(root, &before, case);
    }
}

#[test]
fn outputs_that_are_not_plain_files_are_refused_at_once() {
    let (dir, db) = folder_with_db();
    let root = dir.path();
    std::fs::create_dir(root.join("folder.csv")).unwrap();
    let fifo = root.join("pipe.csv");
    let c = std::ffi::CString::new(s(&fifo)).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let before = snapshot(root);
    for (case, out, says) in [
        ("a folder", "folder.csv", "is a folder"),
        ("a pipe", "pipe.csv", "not a regular file"),
        ("a device", "/dev/null", "not a regular file"),
        ("no folder", "nowhere/people.csv", "does not exist"),
    ] {
        let o = run_in(root, &cohort_args(s(&db), &["--out", out, "--force"]));
        assert_eq!(o.status.code(), Some(2), "{case}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{case}: {}", stderr(&o));
        assert_unchanged(root, &before, case);
    }
}

/// A folder `x` of small generated CSV extracts.
fn extracts_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(
        dir.path(),
        &[
            "generate", "--people", "20", "--layout", "extracts", "--format", "csv", "--out", "x",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    dir
}

const LINK_PART: &str = "x/linking/moj_xjs_link_01.csv";

#[test]
fn import_never_replaces_its_own_source() {
    let dir = extracts_folder();
    let root = dir.path();
    let before = snapshot(root);
    for out in [LINK_PART, "x/linking/../linking/moj_xjs_link_01.csv"] {
        let o = run_in(root, &["import", "--force", "--out", out, "x"]);
        assert_eq!(o.status.code(), Some(1), "{out}: {}", stderr(&o));
        assert!(stderr(&o).contains("this command reads"), "{}", stderr(&o));
        assert_unchanged(root, &before, out);
    }
    // A catalogue file is an input too.
    let o = run_in(
        root,
        &[
            "import",
            "--force",
            "--out",
            "x/notes.csv",
            "--catalogue",
            "x/notes.csv",
            "x",
        ],
    );
    assert_ne!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_unchanged(root, &before, "catalogue");
    let o = run_in(root, &["import", "--quiet", "--out", "linked.db", "x"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(temporaries(root).is_empty());
}

// ---------------------------------------------------------------------------------------------
// 2. All or nothing.

fn existing_export(root: &Path) {
    for (name, text) in [
        ("people.csv", "old people"),
        ("events.csv", "old events"),
        ("people.csv.manifest.json", "old manifest"),
        ("people.load.R", "old R loader"),
        ("people.load.do", "old Stata loader"),
    ] {
        std::fs::write(root.join(name), text).unwrap();
    }
}

fn export_with_failpoint(root: &Path, db: &Path, failpoint: &str, force: bool) -> Output {
    let mut args = cohort_args(s(db), &["--out", "people.csv", "--events", "events.csv"]);
    if force {
        args.push("--force");
    }
    Command::new(BIN)
        .args(&args)
        .current_dir(root)
        .env("DFEXPLORER_FAILPOINT", failpoint)
        .output()
        .unwrap()
}

#[test]
fn a_full_disk_leaves_the_old_export_whole() {
    let (dir, db) = folder_with_db();
    let root = dir.path();
    existing_export(root);
    let before = snapshot(root);
    let o = export_with_failpoint(root, &db, "disk-full:events.csv", true);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("events.csv"), "{}", stderr(&o));
    assert_unchanged(root, &before, "disk full over an old export");

    // A new export that fails leaves no file at all.
    let fresh = tempfile::tempdir().unwrap();
    let before = snapshot(fresh.path());
    let o = export_with_failpoint(fresh.path(), &db, "disk-full:people.csv", false);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_unchanged(fresh.path(), &before, "disk full, new export");
}

#[test]
fn a_failure_while_moving_files_into_place_puts_the_old_ones_back() {
    let (dir, db) = folder_with_db();
    let root = dir.path();
    existing_export(root);
    let before = snapshot(root);
    // The manifest is moved last: people.csv and events.csv are already new when it fails.
    let o = export_with_failpoint(root, &db, "rename-fail:people.csv.manifest.json", true);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_unchanged(root, &before, "failed rename");
}

#[test]
fn a_bare_file_name_exports_into_the_working_folder() {
    let (dir, db) = folder_with_db();
    let o = run_in(dir.path(), &cohort_args(s(&db), &["--out", "cohort.csv"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.path().join("cohort.csv").is_file());
    assert!(dir.path().join("cohort.csv.manifest.json").is_file());
    assert!(temporaries(dir.path()).is_empty());
}

// ---------------------------------------------------------------------------------------------
// 3 and 4. Interruption: signals clean up; killed runs are cleaned up by the next run.

/// Starts the binary with the pause failpoint and waits until it has paused.
fn start_paused(cwd: &Path, args: &[&str]) -> std::process::Child {
    start_paused_at(cwd, args, "pause-before-commit").0
}

/// Starts the binary with the failpoint `point` and waits until it says it has paused there.
/// Returns the child and what it writes to stderr from then on (read to its end).
fn start_paused_at(
    cwd: &Path,
    args: &[&str],
    point: &str,
) -> (std::process::Child, std::thread::JoinHandle<String>) {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env("DFEXPLORER_FAILPOINT", point)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut line = String::new();
    loop {
        line.clear();
        let n = err.read_line(&mut line).unwrap();
        assert!(n > 0, "the command ended before pausing");
        if line.contains("failpoint: paused") {
            break;
        }
        assert!(Instant::now() < deadline, "never paused");
    }
    // Keep draining stderr so the child never blocks on a full pipe.
    let rest = std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = err.read_to_string(&mut rest);
        rest
    });
    (child, rest)
}

fn signal(child: &mut std::process::Child, sig: i32) -> Option<i32> {
    unsafe { libc::kill(child.id() as i32, sig) };
    let status = child.wait().unwrap();
    status.code()
}

const SIGNAL_NAMES: [(i32, &str); 3] = [
    (libc::SIGINT, "SIGINT"),
    (libc::SIGTERM, "SIGTERM"),
    (libc::SIGHUP, "SIGHUP"),
];

const SIGNALS: [(i32, i32); 3] = [
    (libc::SIGINT, 130),
    (libc::SIGTERM, 143),
    (libc::SIGHUP, 129),
];

#[test]
fn a_signalled_export_leaves_the_old_files_and_no_temporaries() {
    let (dir, db) = folder_with_db();
    let root = dir.path();
    existing_export(root);
    let before = snapshot(root);
    for (sig, code) in SIGNALS {
        let args = cohort_args(
            s(&db),
            &["--out", "people.csv", "--events", "events.csv", "--force"],
        );
        let (mut child, said) = start_paused_at(root, &args, "pause-before-commit");
        assert!(!temporaries(root).is_empty(), "paused with its temporaries");
        assert_eq!(signal(&mut child, sig), Some(code), "signal {sig}");
        assert_unchanged(root, &before, &format!("export, signal {sig}"));
        // The message names the signal and says the temporaries went.
        let said = said.join().unwrap();
        let name = SIGNAL_NAMES.iter().find(|(n, _)| *n == sig).unwrap().1;
        assert!(
            said.contains(&format!(
                "dfexplorer: interrupted ({name}); removed its temporary files, no output was written"
            )),
            "{said}"
        );
    }
}

/// A signal in the middle of a commit (the first file swapped in, the others not yet) waits for
/// the commit to finish: the set of files is all new, never half old and half new.
#[test]
fn a_signal_mid_commit_lets_the_commit_finish() {
    let (dir, db) = folder_with_db();
    let root = dir.path();
    existing_export(root);
    let before = snapshot(root);
    let args = cohort_args(
        s(&db),
        &["--out", "people.csv", "--events", "events.csv", "--force"],
    );
    let (mut child, _) = start_paused_at(root, &args, "pause-mid-commit");
    let mid = snapshot(root);
    let changed = |now: &BTreeMap<PathBuf, Vec<u8>>| {
        before
            .iter()
            .filter(|(name, bytes)| now.get(*name) != Some(bytes))
            .count()
    };
    assert_eq!(changed(&mid), 1, "paused after the first file");
    let code = signal(&mut child, libc::SIGTERM);
    assert!(code == Some(143) || code == Some(0), "{code:?}");
    let after = snapshot(root);
    assert_eq!(changed(&after), before.len() - 1, "every file is new");
    assert_eq!(
        after[Path::new("linked.db")],
        before[Path::new("linked.db")]
    );
    assert!(temporaries(root).is_empty(), "{:?}", temporaries(root));
    // Without the failpoint nothing pauses or says so.
    let o = run_in(root, &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("failpoint"), "{}", stderr(&o));
}

#[test]
fn a_signalled_generate_leaves_no_database_and_no_temporaries() {
    let dir = tempfile::tempdir().unwrap();
    for (sig, code) in SIGNALS {
        let mut child = start_paused(
            dir.path(),
            &["generate", "--people", "50", "--out", "new.db"],
        );
        assert_eq!(signal(&mut child, sig), Some(code), "signal {sig}");
        assert!(
            snapshot(dir.path()).is_empty(),
            "signal {sig}: {:?}",
            snapshot(dir.path())
        );
    }
}

#[test]
fn a_signalled_extracts_generate_keeps_the_old_extracts() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let first = run_in(
        root,
        &[
            "generate", "--people", "30", "--seed", "1", "--layout", "extracts", "--format", "csv",
            "--out", "x",
        ],
    );
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let before = snapshot(root);
    assert!(before.len() > 300, "{} files", before.len());
    for (sig, code) in SIGNALS {
        let mut child = start_paused(
            root,
            &[
                "generate", "--people", "40", "--seed", "2", "--layout", "extracts", "--format",
                "csv", "--out", "x", "--force",
            ],
        );
        assert_eq!(signal(&mut child, sig), Some(code), "signal {sig}");
        assert_unchanged(root, &before, &format!("extracts, signal {sig}"));
    }
    // Uninterrupted, --force replaces the folder whole.
    let o = run_in(
        root,
        &[
            "generate", "--people", "40", "--seed", "2", "--layout", "extracts", "--format", "csv",
            "--out", "x", "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_ne!(snapshot(root), before);
    assert!(temporaries(root).is_empty());
}

#[test]
fn generate_never_replaces_a_folder_holding_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("thesis")).unwrap();
    std::fs::write(root.join("thesis/chapter1.docx"), "years of work").unwrap();
    std::fs::write(root.join("plain.txt"), "a file").unwrap();
    let before = snapshot(root);
    let o = run_in(
        root,
        &[
            "generate", "--people", "20", "--layout", "extracts", "--out", "thesis", "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("chapter1.docx"), "{}", stderr(&o));
    assert!(stderr(&o).contains("not an extract file"), "{}", stderr(&o));
    let o = run_in(
        root,
        &[
            "generate",
            "--people",
            "20",
            "--layout",
            "extracts",
            "--out",
            "plain.txt",
            "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("is a file"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("pass --force"), "{}", stderr(&o));
    assert_unchanged(root, &before, "foreign folder");
}

#[test]
fn a_signalled_import_leaves_nothing() {
    let dir = extracts_folder();
    let root = dir.path();
    let before = snapshot(root);
    for (sig, code) in SIGNALS {
        let mut child = start_paused(root, &["import", "--quiet", "--out", "linked.db", "x"]);
        assert_eq!(signal(&mut child, sig), Some(code), "signal {sig}");
        assert_unchanged(root, &before, &format!("import, signal {sig}"));
    }
}

#[test]
fn temporaries_of_a_killed_run_are_removed_by_the_next_run() {
    let (dir, db) = folder_with_db();
    let root = dir.path();
    let args = cohort_args(s(&db), &["--out", "people.csv", "--events", "events.csv"]);
    let mut child = start_paused(root, &args);
    assert_eq!(signal(&mut child, libc::SIGKILL), None);
    let left = temporaries(root);
    assert!(left.len() >= 3, "SIGKILL cannot clean up: {left:?}");
    assert!(!root.join("people.csv").exists());

    let o = run_in(root, &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(temporaries(root).is_empty(), "{:?}", temporaries(root));
    assert!(
        stderr(&o).contains("left in") && stderr(&o).contains("interrupted dfexplorer run"),
        "{}",
        stderr(&o)
    );
    assert!(root.join("people.csv").is_file());
}

#[test]
fn a_file_moved_aside_by_a_killed_run_is_put_back() {
    let (dir, db) = folder_with_db();
    let root = dir.path();
    // What a SIGKILL between the two renames of a replace leaves: the old file aside, no target.
    std::fs::write(
        root.join(".people.csv.dfexplorer-999999-0.old"),
        "old people",
    )
    .unwrap();
    std::fs::write(root.join(".people.csv.dfexplorer-999999-0.lock"), "").unwrap();
    let o = run_in(root, &cohort_args(s(&db), &["--out", "other.csv"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(root.join("people.csv")).unwrap(),
        "old people"
    );
    assert!(temporaries(root).is_empty());
}

// ---------------------------------------------------------------------------------------------
// 5 and 7. Reading changes nothing; databases that cannot be read say why.

/// A copy of the sample switched to WAL mode and closed (SQLite removes -wal and -shm).
fn wal_db() -> (tempfile::TempDir, PathBuf) {
    let (dir, db) = folder_with_db();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(conn);
    assert!(!dir.path().join("linked.db-wal").exists());
    (dir, db)
}

const READERS: [&[&str]; 5] = [
    &["check"],
    &["person", "2813314825"],
    &["search", "28133"],
    &[
        "cohort",
        "--referral-from",
        "2016-01-01",
        "--referral-to",
        "2016-01-31",
    ],
    &["check", "--json"],
];

#[test]
fn reading_a_wal_database_creates_no_files() {
    let (dir, db) = wal_db();
    let before = snapshot(dir.path());
    for args in READERS {
        let mut a = args.to_vec();
        a.extend(["--db", s(&db)]);
        let o = run_in(dir.path(), &a);
        assert!(
            o.status.code() == Some(0) || args[0] == "check",
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(
            !stderr(&o).contains("not an SQLite"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert_unchanged(dir.path(), &before, &format!("{args:?}"));
    }
}

#[test]
fn a_wal_database_another_program_has_open_is_read_without_new_files() {
    let (dir, db) = wal_db();
    let writer = rusqlite::Connection::open(&db).unwrap();
    writer
        .execute_batch("PRAGMA wal_autocheckpoint = 0; CREATE TABLE scratch (x); INSERT INTO scratch VALUES (1);")
        .unwrap();
    assert!(dir.path().join("linked.db-wal").exists());
    let names = |d: &Path| snapshot(d).into_keys().collect::<Vec<_>>();
    let before = names(dir.path());
    let o = run_in(dir.path(), &["check", "--db", s(&db)]);
    assert!(!stderr(&o).contains("not an SQLite"), "{}", stderr(&o));
    assert_eq!(names(dir.path()), before);

    // The same files copied without the shared-memory file: refused, nothing created.
    let copy = tempfile::tempdir().unwrap();
    for name in ["linked.db", "linked.db-wal"] {
        std::fs::copy(dir.path().join(name), copy.path().join(name)).unwrap();
    }
    drop(writer);
    let before = snapshot(copy.path());
    let o = run_in(copy.path(), &["check", "--db", "linked.db"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("WAL mode"), "{}", stderr(&o));
    assert!(stderr(&o).contains("-wal holds changes"), "{}", stderr(&o));
    assert_unchanged(copy.path(), &before, "pending WAL");
}

#[test]
fn a_pipe_as_the_database_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("db.fifo");
    let c = std::ffi::CString::new(s(&fifo)).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let mut child = Command::new(BIN)
        .args(["check", "--db", s(&fifo)])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("blocked on the pipe");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
}

#[test]
fn a_database_locked_by_another_program_says_so() {
    let (dir, db) = folder_with_db();
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let o = run_in(dir.path(), &["check", "--db", s(&db)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("locked by another program"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("not an SQLite"), "{}", stderr(&o));
    holder.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn a_hot_journal_is_explained_and_left_alone() {
    let (dir, db) = folder_with_db();
    // Copy the database and its journal in the middle of a write: the copy has a hot journal.
    let writer = rusqlite::Connection::open(&db).unwrap();
    writer
        .execute_batch("PRAGMA cache_size = 1; BEGIN; UPDATE probation_flatfile SET gender = 'Z';")
        .unwrap();
    let copy = tempfile::tempdir().unwrap();
    for name in ["linked.db", "linked.db-journal"] {
        std::fs::copy(dir.path().join(name), copy.path().join(name)).unwrap();
    }
    writer.execute_batch("ROLLBACK").unwrap();
    let before = snapshot(copy.path());
    let o = run_in(copy.path(), &["check", "--db", "linked.db"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("hot journal"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("not an SQLite"), "{}", stderr(&o));
    assert_unchanged(copy.path(), &before, "hot journal");
}

#[test]
fn a_full_disk_while_building_a_database_names_it_and_leaves_nothing() {
    let dir = extracts_folder();
    let root = dir.path();
    let before = snapshot(root);
    for (args, names) in [
        (
            vec!["generate", "--people", "300", "--out", "g.db"],
            "writing g.db",
        ),
        (
            vec!["import", "--quiet", "--out", "i.db", "x"],
            "writing i.db",
        ),
    ] {
        let o = Command::new(BIN)
            .args(&args)
            .current_dir(root)
            .env("DFEXPLORER_FAILPOINT", "sqlite-full")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(names), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("disk is full"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(
            !stderr(&o).contains("Error code"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert_unchanged(root, &before, &format!("{args:?}"));
    }
}

#[test]
fn replacing_an_export_with_force_leaves_only_the_new_files() {
    let (dir, db) = folder_with_db();
    let root = dir.path();
    existing_export(root);
    let args = cohort_args(
        s(&db),
        &["--out", "people.csv", "--events", "events.csv", "--force"],
    );
    let o = run_in(root, &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(temporaries(root).is_empty(), "{:?}", temporaries(root));
    let names: Vec<PathBuf> = snapshot(root).into_keys().collect();
    // The database, people, events, the manifest and the two loaders.
    assert_eq!(names.len(), 6, "{names:?}");
    let people = std::fs::read_to_string(root.join("people.csv")).unwrap();
    assert!(people.starts_with("estimated_xjs_id,"), "{people}");
}

/// Runs `args` with each failpoint (each run fails with 1), then stops it with each signal at the
/// commit: the folder is as `before` every time.
fn failures_and_signals_change_nothing(
    root: &Path,
    before: &BTreeMap<PathBuf, Vec<u8>>,
    args: &[&str],
    failpoints: &[&str],
) {
    for failpoint in failpoints {
        let o = Command::new(BIN)
            .args(args)
            .current_dir(root)
            .env("DFEXPLORER_FAILPOINT", failpoint)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{failpoint}: {}", stderr(&o));
        assert_unchanged(root, before, failpoint);
    }
    for (sig, code) in SIGNALS {
        let mut child = start_paused(root, args);
        assert_eq!(signal(&mut child, sig), Some(code), "signal {sig}");
        assert_unchanged(root, before, &format!("{args:?}, signal {sig}"));
    }
}

/// Parquet files and the loaders are outputs like the others: complete or absent, the old ones
/// whole after any failure or signal, and a researcher's own `load.R` never touched.
#[test]
fn parquet_exports_and_their_loaders_are_complete_or_absent() {
    let (dir, db) = folder_with_db();
    let root = dir.path();
    for (name, text) in [
        ("people.parquet", "old people"),
        ("events.parquet", "old events"),
        ("people.parquet.manifest.json", "old manifest"),
        ("people.load.R", "old R loader"),
        ("people.load.do", "old Stata loader"),
        ("load.R", "the researcher's own script"),
    ] {
        std::fs::write(root.join(name), text).unwrap();
    }
    let before = snapshot(root);
    let args = cohort_args(
        s(&db),
        &[
            "--out",
            "people.parquet",
            "--events",
            "events.parquet",
            "--force",
        ],
    );
    let failpoints = [
        "disk-full:events.parquet",
        "disk-full:people.load.do",
        "rename-fail:people.load.R",
    ];
    failures_and_signals_change_nothing(root, &before, &args, &failpoints);
    let o = run_in(root, &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(temporaries(root).is_empty(), "{:?}", temporaries(root));
    for name in ["people.parquet", "events.parquet"] {
        let bytes = std::fs::read(root.join(name)).unwrap();
        assert!(
            bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"),
            "{name}"
        );
    }
    assert!(std::fs::read_to_string(root.join("people.load.R"))
        .unwrap()
        .contains("arrow::read_parquet(\"people.parquet\")"));
    assert_eq!(
        std::fs::read_to_string(root.join("load.R")).unwrap(),
        "the researcher's own script"
    );
}

// ---------------------------------------------------------------------------------------------
// Outcome files (`outcomes --tte --km`, with disclosure.txt beside them) follow the same rules.

fn outcomes_args<'a>(db: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec![
        "outcomes",
        "--db",
        db,
        "--from",
        "2016-01-01",
        "--to",
        "2016-06-30",
    ];
    a.extend(extra);
    a
}

fn existing_outcome_files(root: &Path) {
    for (name, text) in [
        ("tte.csv", "old tte"),
        ("km.csv", "old km"),
        ("disclosure.txt", "old note"),
    ] {
        std::fs::write(root.join(name), text).unwrap();
    }
}

#[test]
fn outcome_files_never_touch_inputs_or_each_other() {
    let (dir, db) = folder_with_db();
    let root = dir.path();
    std::os::unix::fs::symlink(&db, root.join("link.db")).unwrap();
    let before = snapshot(root);
    let dbs = s(&db);
    for (case, extra, says) in [
        ("--tte DB", vec!["--tte", dbs], "this command reads"),
        (
            "--km symlink",
            vec!["--km", "link.db"],
            "this command reads",
        ),
        (
            "same file",
            vec!["--tte", "a.csv", "--km", "./a.csv"],
            "are the same file",
        ),
        (
            "the disclosure note",
            vec!["--tte", "a.csv", "--km", "disclosure.txt"],
            "are the same file",
        ),
    ] {
        let mut extra = extra;
        extra.push("--force");
        let o = run_in(root, &outcomes_args(dbs, &extra));
        assert_eq!(o.status.code(), Some(2), "{case}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{case}: {}", stderr(&o));
        assert_unchanged(root, &before, case);
    }
}

#[test]
fn the_sequences_file_never_touches_an_input() {
    let (dir, db) = folder_with_db();
    let root = dir.path();
    let before = snapshot(root);
    let dbs = s(&db);
    for (case, out) in [("the database", dbs), ("its journal", "linked.db-journal")] {
        let o = run_in(root, &["sequences", "--db", dbs, "--out", out, "--force"]);
        assert_eq!(o.status.code(), Some(2), "{case}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("this command reads"),
            "{case}: {}",
            stderr(&o)
        );
        assert_unchanged(root, &before, case);
    }
    let o = run_in(root, &["sequences", "--db", dbs, "--out", "seq.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(root.join("seq.csv").is_file() && root.join("disclosure.txt").is_file());
    assert!(temporaries(root).is_empty());
}

#[test]
fn outcome_files_are_complete_or_absent() {
    let (dir, db) = folder_with_db();
    let root = dir.path();
    existing_outcome_files(root);
    let before = snapshot(root);
    let args = outcomes_args(s(&db), &["--tte", "tte.csv", "--km", "km.csv"]);
    // Existing files are refused without --force.
    let o = run_in(root, &args);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_unchanged(root, &before, "outcomes without --force");

    let mut forced = args.clone();
    forced.push("--force");
    let failpoints = ["disk-full:km.csv", "rename-fail:disclosure.txt"];
    failures_and_signals_change_nothing(root, &before, &forced, &failpoints);
    let o = run_in(root, &forced);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let note = std::fs::read_to_string(root.join("disclosure.txt")).unwrap();
    assert!(note.contains("rounded up to multiples of 10"), "{note}");
    assert!(std::fs::read_to_string(root.join("km.csv"))
        .unwrap()
        .starts_with("group,time_days,n_risk"));
    assert!(temporaries(root).is_empty());
}
