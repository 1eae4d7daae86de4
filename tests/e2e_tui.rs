//! End to end: the real binary in a pseudo-terminal. It searches an ID, opens the timeline,
//! opens help and quits; the terminal must be restored (alternate screen left, mouse capture
//! off) and the process must exit 0. The screen is read with a vt100 emulator.

#![cfg(unix)]

mod pty_support;

use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A database the test builds itself: one linked person, X-E2E, with a magistrates' case and
/// a probation event, and a catalogue note.
fn build_db(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(dfexplorer::contract::SCHEMA_SQL)
        .unwrap();
    conn.execute_batch(
        "INSERT INTO magistrates_case (row_id_hash, case_id_hash, estimated_defendant_id,
            court_name, offence_date, first_hearing_date, final_result_date, offence_desc,
            jsas_result_group_desc, gender, age_at_offence)
         VALUES ('MRE2E', 'MCE2E', 'DEFE2E', 'Anytown', '2016-01-05', '2016-02-01',
            '2016-03-01', 'Theft from a shop', 'Fine', 'M', 31);
         INSERT INTO probation_flatfile (row_id_hash, event_id_hash, estimated_offender_id,
            referral_date, disposal_date, disposal_termination_date, disposal_type_description,
            gender, age_at_offence)
         VALUES ('PRE2E', 'EVE2E', 'OFFE2E', '2017-05-01', '2017-05-20', NULL,
            'ORA Community Order', 'M', 32);
         INSERT INTO xjs_link VALUES ('mags_hocas', 'MRE2E', 'XE2E');
         INSERT INTO xjs_link VALUES ('probation_delius', 'PRE2E', 'XE2E');
         INSERT INTO extract_info VALUES ('extract_date', '2022-12-31');",
    )
    .unwrap();
}

struct Session {
    master: std::fs::File,
    parser: vt100::Parser,
    /// Everything the program wrote, to check the escape sequences it sent.
    raw: Vec<u8>,
    child: Child,
}

impl Session {
    fn start(db: &Path, cols: u16, rows: u16) -> Session {
        Session::start_with(db, cols, rows, None)
    }

    fn start_with(db: &Path, cols: u16, rows: u16, no_color: Option<&str>) -> Session {
        Session::start_env(db, cols, rows, no_color, &[])
    }

    fn start_env(
        db: &Path,
        cols: u16,
        rows: u16,
        no_color: Option<&str>,
        env: &[(&str, &str)],
    ) -> Session {
        let (master, slave) = pty_support::open_pty(cols, rows);
        let slave_fd = slave.as_raw_fd();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dfexplorer"));
        cmd.arg("--db")
            .arg(db)
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        // Make the pty the child's controlling terminal, as a shell would.
        unsafe {
            use std::os::unix::process::CommandExt;
            cmd.pre_exec(move || {
                if libc::setsid() < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if libc::ioctl(slave_fd, libc::TIOCSCTTY as _, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        cmd.env_remove("DFEXPLORER_FAILPOINT")
            .envs(env.iter().copied());
        // A working folder of the test's choosing (`DFX_TEST_CWD`), else this one.
        if let Some((_, dir)) = env.iter().find(|(k, _)| *k == "DFX_TEST_CWD") {
            cmd.current_dir(dir);
        }
        let child = cmd.spawn().expect("start dfexplorer");
        drop(cmd); // closes our copies of the slave side
        Session {
            master: std::fs::File::from(master),
            parser: vt100::Parser::new(rows, cols, 0),
            raw: Vec::new(),
            child,
        }
    }

    /// Reads whatever output is ready within `wait`; false when the program closed the pty.
    fn pump(&mut self, wait: Duration) -> bool {
        let mut fds = libc::pollfd {
            fd: self.master.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let rc = unsafe { libc::poll(&mut fds, 1, wait.as_millis() as i32) };
        if rc <= 0 {
            return true;
        }
        let mut buf = [0u8; 65536];
        match self.master.read(&mut buf) {
            Ok(0) | Err(_) => false,
            Ok(n) => {
                self.parser.process(&buf[..n]);
                self.raw.extend_from_slice(&buf[..n]);
                // Answer a cursor-position query, as a real terminal would.
                if buf[..n].windows(4).any(|w| w == b"\x1b[6n") {
                    let (r, c) = self.parser.screen().cursor_position();
                    let _ = write!(self.master, "\x1b[{};{}R", r + 1, c + 1);
                }
                true
            }
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen shows `text` (a generous limit guards against a hang; it is not a
    /// timing assertion).
    fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !self.screen().contains(text) {
            assert!(
                Instant::now() < deadline,
                "screen never showed {text:?}; it shows:\n{}",
                self.screen()
            );
            if !self.pump(Duration::from_millis(200)) {
                panic!(
                    "dfexplorer exited before showing {text:?}:\n{}",
                    self.screen()
                );
            }
        }
    }

    fn wait_until_gone(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.screen().contains(text) {
            assert!(Instant::now() < deadline, "screen still shows {text:?}");
            if !self.pump(Duration::from_millis(200)) {
                panic!("dfexplorer exited while showing {text:?}");
            }
        }
    }

    /// From the search screen: the cohort of every referral (one person here), its export
    /// dialog open with the people file named `path` (`None` keeps the default name).
    fn open_export_dialog(&mut self, path: Option<&Path>) {
        self.wait_for("Find a person by any ID");
        self.send("\x1bOR"); // F3
        self.wait_for("Cohort filter");
        self.send("\r");
        self.wait_for("1 matching");
        self.wait_for("XE2E");
        self.send("e");
        self.wait_for("Export cohort");
        if let Some(path) = path {
            for _ in 0.."people.csv".len() {
                self.send("\x7f");
            }
            self.send(&path.display().to_string());
        }
    }

    fn send(&mut self, bytes: &str) {
        self.master.write_all(bytes.as_bytes()).unwrap();
        self.master.flush().unwrap();
    }
}

/// A failed test must not leave the explorer running.
impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn search_open_timeline_help_and_quit_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.db");
    build_db(&db);
    let mut s = Session::start(&db, 100, 30);
    s.wait_for("Find a person by any ID");
    s.send("DEFE2E");
    s.wait_for("→ person XE2E");
    s.send("\r");
    s.wait_for("Person XE2E");
    s.wait_for("Magistrates");
    s.wait_for("Theft from a shop");
    s.send("?");
    s.wait_for("Keys: Timeline");
    s.send("\x1b");
    // Esc followed at once by another key reads as Alt+key: wait for the help to close first.
    s.wait_until_gone("Keys: Timeline");
    s.send("q");
    // Read until the program closes the terminal (it has exited).
    let deadline = Instant::now() + Duration::from_secs(60);
    while s.pump(Duration::from_millis(200)) {
        assert!(Instant::now() < deadline, "dfexplorer did not quit");
    }
    let status = s.child.wait().unwrap();
    assert!(status.success(), "exit status {status:?}");
    let out = String::from_utf8_lossy(&s.raw);
    let entered = out
        .find("\x1b[?1049h")
        .expect("entered the alternate screen");
    let left = out.rfind("\x1b[?1049l").expect("left the alternate screen");
    assert!(left > entered);
    assert!(out.contains("\x1b[?1000h"), "mouse capture was enabled");
    assert!(
        out.rfind("\x1b[?1000l").is_some_and(|off| off > entered),
        "mouse capture disabled on exit"
    );
}

#[test]
fn no_color_draws_without_colour_but_still_marks_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nc.db");
    build_db(&db);
    let mut s = Session::start_with(&db, 100, 30, Some("1"));
    s.wait_for("Find a person by any ID");
    s.send("XE2E");
    s.wait_for("→ person XE2E");
    s.send("\r");
    s.wait_for("Theft from a shop");
    s.send("q");
    let deadline = Instant::now() + Duration::from_secs(60);
    while s.pump(Duration::from_millis(200)) {
        assert!(Instant::now() < deadline, "dfexplorer did not quit");
    }
    assert!(s.child.wait().unwrap().success());
    let out = String::from_utf8_lossy(&s.raw);
    // Foreground colours would be SGR 30-37, 90-97 or 38;...: none may appear.
    for code in [
        "\x1b[38;", "\x1b[31m", "\x1b[32m", "\x1b[34m", "\x1b[35m", "\x1b[36m",
    ] {
        assert!(
            !out.contains(code),
            "colour {code:?} drawn with NO_COLOR set"
        );
    }
    assert!(
        out.contains("\x1b[7m") || out.contains(";7m"),
        "selection in reverse video"
    );
}

#[test]
fn a_missing_database_is_reported_plainly_without_drawing() {
    let out = Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
        .arg("--db")
        .arg("/nonexistent/nowhere.db")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/nonexistent/nowhere.db does not exist"),
        "{err}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\x1b[?1049h"));
}

#[test]
fn cohort_filter_mark_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cohort.db");
    build_db(&db);
    // A second person referred in 2017.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "INSERT INTO probation_flatfile (row_id_hash, event_id_hash, estimated_offender_id,
                referral_date, disposal_date, disposal_type_description, gender, age_at_offence)
             VALUES ('PRE2F', 'EVE2F', 'OFFE2F', '2017-08-01', '2017-08-20',
                'ORA Suspended Sentence Order', 'F', 40);
             INSERT INTO xjs_link VALUES ('probation_delius', 'PRE2F', 'XE2F');",
        )
        .unwrap();
    let out = dir.path().join("out.csv");
    let mut s = Session::start(&db, 100, 30);
    s.wait_for("Find a person by any ID");
    s.send("\x1bOR"); // F3
    s.wait_for("Cohort filter");
    s.send("2017-13-01\r");
    s.wait_for("is not a date");
    for _ in 0..5 {
        s.send("\x7f");
    }
    s.send("01-01\t2017-12-31\r");
    s.wait_for("2 matching");
    s.wait_for("XE2F");
    s.send(" ");
    s.wait_for("1 marked");
    s.send("e");
    s.wait_for("Export cohort");
    for _ in 0.."people.csv".len() {
        s.send("\x7f");
    }
    s.send(&out.display().to_string());
    s.send("\r");
    s.wait_for("exported 1 people");
    s.send("q");
    let deadline = Instant::now() + Duration::from_secs(60);
    while s.pump(Duration::from_millis(200)) {
        assert!(Instant::now() < deadline, "dfexplorer did not quit");
    }
    assert!(s.child.wait().unwrap().success());
    let people = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<&str> = people.lines().collect();
    assert_eq!(rows.len(), 2, "{people}");
    assert!(rows[1].starts_with("XE2E,2017-05-01,1,0,0,1,"), "{people}");
    let events = std::fs::read_to_string(dir.path().join("out_events.csv")).unwrap();
    assert_eq!(events.lines().count(), 3, "{events}");
    let manifest = std::fs::read_to_string(dir.path().join("out.csv.manifest.json")).unwrap();
    assert!(
        manifest.contains("\"cohort\": \"marked people\""),
        "{manifest}"
    );
}

/// Waits for the program to close the terminal and returns its exit code.
fn exit_code(s: &mut Session) -> Option<i32> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while s.pump(Duration::from_millis(200)) {
        assert!(Instant::now() < deadline, "dfexplorer did not exit");
    }
    s.child.wait().unwrap().code()
}

/// Asserts that everything the explorer enabled was undone after it was last enabled.
fn assert_restored(raw: &[u8], case: &str) {
    let out = String::from_utf8_lossy(raw);
    let entered = out
        .rfind("\x1b[?1049h")
        .expect("entered the alternate screen");
    for (off, what) in [
        ("\x1b[?1049l", "alternate screen left"),
        ("\x1b[?1000l", "mouse capture off"),
        ("\x1b[?25h", "cursor shown"),
    ] {
        assert!(
            out.rfind(off).is_some_and(|at| at > entered),
            "{case}: {what}"
        );
    }
}

#[test]
fn signals_restore_the_terminal_and_exit_with_the_conventional_status() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sig.db");
    build_db(&db);
    for (sig, code) in [
        (libc::SIGTERM, 143),
        (libc::SIGHUP, 129),
        (libc::SIGINT, 130),
        (libc::SIGQUIT, 131),
    ] {
        let mut s = Session::start(&db, 100, 30);
        s.wait_for("Find a person by any ID");
        unsafe { libc::kill(s.child.id() as i32, sig) };
        assert_eq!(exit_code(&mut s), Some(code), "signal {sig}");
        assert_restored(&s.raw, &format!("signal {sig}"));
        // Raw mode is off again: the terminal echoes and translates newlines as before.
        let (master, _) = (s.master.as_raw_fd(), ());
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(master, &mut t) } == 0 {
            assert!(
                t.c_lflag & libc::ICANON != 0,
                "signal {sig}: canonical mode back"
            );
        }
    }
}

#[test]
fn the_export_dialog_refuses_to_overwrite_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("own.db");
    build_db(&db);
    let before = std::fs::read(&db).unwrap();
    let mut s = Session::start(&db, 120, 30);
    s.open_export_dialog(Some(&db));
    s.send("\r");
    s.wait_for("is a file this command reads");
    assert!(!s.screen().contains("Overwrite"), "{}", s.screen());
    s.send("\x1b");
    s.wait_until_gone("Export cohort");
    s.send("q");
    assert_eq!(exit_code(&mut s), Some(0));
    assert!(
        std::fs::read(&db).unwrap() == before,
        "the database changed"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("own.db")]);
}

/// Quitting (Ctrl-C) or a signal while an export is being written: the partial files go.
#[test]
fn quitting_or_a_signal_mid_export_leaves_no_partial_files() {
    for (how, code) in [("ctrl-c", Some(0)), ("sigterm", Some(143))] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("mid.db");
        build_db(&db);
        let mut s = Session::start_env(
            &db,
            120,
            30,
            None,
            &[("DFEXPLORER_FAILPOINT", "pause-before-commit")],
        );
        s.open_export_dialog(Some(&dir.path().join("people.csv")));
        s.send("\r");
        let deadline = Instant::now() + Duration::from_secs(60);
        while !String::from_utf8_lossy(&s.raw).contains("failpoint: paused") {
            assert!(Instant::now() < deadline, "{how}: the export never paused");
            assert!(s.pump(Duration::from_millis(200)), "{how}: exited early");
        }
        let partial = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().contains(".dfexplorer-")
            })
            .count();
        assert!(
            partial >= 3,
            "{how}: the export's temporaries exist while it runs"
        );
        match how {
            "ctrl-c" => s.send("\x03"),
            _ => unsafe {
                libc::kill(s.child.id() as i32, libc::SIGTERM);
            },
        }
        assert_eq!(exit_code(&mut s), code, "{how}");
        assert_restored(&s.raw, how);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("mid.db")], "{how}");
    }
}

/// The explorer reads the database it was given, even when started from a folder that holds
/// another file of the same name: the summary and the export come from the given database.
#[test]
fn started_beside_another_file_of_the_same_name_the_explorer_reads_its_own() {
    let mine = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    let db = mine.path().join("same.db");
    build_db(&db);
    // The other file: the same schema with two different people referred in the same year.
    let decoy = other.path().join("same.db");
    let conn = rusqlite::Connection::open(&decoy).unwrap();
    conn.execute_batch(dfexplorer::contract::SCHEMA_SQL)
        .unwrap();
    conn.execute_batch(
        "INSERT INTO probation_flatfile (row_id_hash, event_id_hash, estimated_offender_id,
            referral_date, disposal_date, disposal_type_description)
         VALUES ('PD1', 'ED1', 'OD1', '2017-05-01', '2017-05-20', 'ORA Community Order'),
                ('PD2', 'ED2', 'OD2', '2017-06-01', '2017-06-20', 'ORA Community Order');
         INSERT INTO xjs_link VALUES ('probation_delius', 'PD1', 'DECOY1'),
                ('probation_delius', 'PD2', 'DECOY2');",
    )
    .unwrap();
    drop(conn);
    let cwd = other.path().to_str().unwrap().to_string();
    let mut s = Session::start_env(&db, 120, 30, None, &[("DFX_TEST_CWD", &cwd)]);
    // The default file name, relative: it lands in the working folder.
    s.open_export_dialog(None);
    s.send("\r");
    s.wait_for("exported 1 people");
    assert!(!s.screen().contains("DECOY"), "{}", s.screen());
    s.send("q");
    assert_eq!(exit_code(&mut s), Some(0));
    let people = std::fs::read_to_string(other.path().join("people.csv")).unwrap();
    assert!(people.contains("XE2E"), "{people}");
    assert!(!people.contains("DECOY"), "{people}");
}

/// Ctrl-C quits ahead of keys queued before it: 500 key presses and Ctrl-C in one burst end
/// the explorer, and the terminal is restored.
#[test]
fn ctrl_c_goes_ahead_of_queued_keys() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("keys.db");
    build_db(&db);
    let mut s = Session::start(&db, 100, 30);
    s.wait_for("Find a person by any ID");
    s.send("XE2E");
    s.wait_for("→ person XE2E");
    s.send("\r");
    s.wait_for("Theft from a shop");
    let burst = format!("{}\x03", "jk".repeat(250));
    s.send(&burst);
    assert_eq!(exit_code(&mut s), Some(0));
    assert_restored(&s.raw, "ctrl-c after queued keys");
}

/// A panic in the cohort worker is shown on the screen as an error, never "counting…" for ever.
#[test]
fn a_cohort_worker_panic_is_reported_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("panic.db");
    build_db(&db);
    let mut s = Session::start_env(
        &db,
        120,
        30,
        None,
        &[("DFEXPLORER_FAILPOINT", "panic-cohort-worker")],
    );
    s.wait_for("Find a person by any ID");
    s.send("\x1bOR"); // F3
    s.wait_for("Cohort filter");
    s.send("\r");
    s.wait_for("internal error");
    s.send("\x03");
    assert_eq!(exit_code(&mut s), Some(0));
    let out = String::from_utf8_lossy(&s.raw);
    assert!(
        out.contains("failpoint panic-cohort-worker"),
        "reported after quitting"
    );
}

/// The terminal goes away (a remote-desktop session or tmux server closed): the explorer gets
/// SIGHUP with nowhere to write, and must still exit rather than live on without a terminal.
#[test]
fn closing_the_terminal_ends_the_explorer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hup.db");
    build_db(&db);
    let mut s = Session::start(&db, 100, 30);
    s.wait_for("Find a person by any ID");
    // Close our side of the pty (every write to the terminal now fails), then hang up.
    drop(std::mem::replace(
        &mut s.master,
        std::fs::File::open("/dev/null").unwrap(),
    ));
    unsafe { libc::kill(s.child.id() as i32, libc::SIGHUP) };
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "dfexplorer kept running without a terminal"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(129), "{status:?}");
}

/// From the cohort filter to the aligned view, into a person and back to the same row.
#[test]
fn cohort_to_aligned_journeys_to_person_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("aligned.db");
    build_db(&db);
    let mut s = Session::start(&db, 120, 36);
    s.wait_for("Find a person by any ID");
    s.send("\x1bOR"); // F3
    s.wait_for("Cohort filter");
    s.send("2017-01-01\t2017-12-31\r");
    s.wait_for("1 matching");
    s.send("A");
    s.wait_for("People, aligned on their index date");
    s.wait_for("person 1 of 1");
    s.wait_for("XE2E");
    s.send("\r");
    // The person's own header (the title says "person XE2E" while it loads).
    s.wait_for("Person XE2E  records");
    s.send("\x1b");
    s.wait_until_gone("Person XE2E  records");
    s.wait_for("People, aligned on their index date");
    s.wait_for("person 1 of 1");
    s.send("N");
    s.wait_for("What came next");
    s.send("q");
    let deadline = Instant::now() + Duration::from_secs(60);
    while s.pump(Duration::from_millis(200)) {
        assert!(Instant::now() < deadline, "dfexplorer did not quit");
    }
    assert!(s.child.wait().unwrap().success());
}

/// The way back: search, a person, a journey jump to the Crown case, Esc back to the
/// magistrates' case; then the cohort list, a person from it, and Esc back to the same place in
/// the list.
#[test]
fn search_person_journey_jump_cohort_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("back.db");
    build_db(&db);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "INSERT INTO crown_case (row_id_hash, case_id_hash, estimated_defendant_id,
                court_name, case_type, receipt_date, disposal_date, offence_desc)
             VALUES ('CRE2E', 'CCE2E', 'CDEFE2E', 'Crown Court at Anytown', 'Trial',
                '2016-04-01', '2016-09-01', 'Burglary dwelling');
             INSERT INTO xjs_link VALUES ('crown_xhibit', 'CRE2E', 'XE2E');
             INSERT INTO mags_crown_journey VALUES ('MRE2E', 'CRE2E', 0.97);
             INSERT INTO probation_flatfile (row_id_hash, event_id_hash, estimated_offender_id,
                referral_date, disposal_date, disposal_type_description, gender, age_at_offence)
             VALUES ('PRE2F', 'EVE2F', 'OFFE2F', '2017-08-01', '2017-08-20',
                'ORA Suspended Sentence Order', 'F', 40);
             INSERT INTO xjs_link VALUES ('probation_delius', 'PRE2F', 'XE2F');",
        )
        .unwrap();
    let mut s = Session::start(&db, 120, 36);
    s.wait_for("Find a person by any ID");
    s.send("DEFE2E");
    s.wait_for("→ person XE2E");
    s.send("\r");
    s.wait_for("Person XE2E  records");
    // The first event is the magistrates' case; J follows its journey link.
    s.wait_for("Events 1 of 3");
    s.send("J");
    s.wait_for("Events 2 of 3");
    s.send("\x1b");
    s.wait_for("Events 1 of 3");
    // To the cohort list, the second person, and back to them in the list.
    s.send("C");
    s.wait_for("Cohort filter");
    s.send("2017-01-01\t2017-12-31\r");
    s.wait_for("2 matching");
    s.send("j\r");
    s.wait_for("Person XE2F  records");
    s.send("\x1b");
    s.wait_until_gone("Person XE2F  records");
    s.wait_for("2 matching");
    // Enter opens the same (second) person again: the list kept its place.
    s.send("\r");
    s.wait_for("Person XE2F  records");
    s.send("q");
    let deadline = Instant::now() + Duration::from_secs(60);
    while s.pump(Duration::from_millis(200)) {
        assert!(Instant::now() < deadline, "dfexplorer did not quit");
    }
    assert!(s.child.wait().unwrap().success());
}

/// `e` on a person writes `person_ID.csv` in the working folder, complete; an existing file is
/// only replaced after a second `e`, and no temporary is left either way.
#[test]
fn e_on_a_person_writes_the_timeline_and_asks_before_replacing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("person.db");
    build_db(&db);
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("person_XE2E.csv");
    std::fs::write(&target, "keep me").unwrap();
    let cwd = out.path().to_str().unwrap().to_string();
    let mut s = Session::start_env(&db, 120, 30, None, &[("DFX_TEST_CWD", &cwd)]);
    s.wait_for("Find a person by any ID");
    s.send("DEFE2E");
    s.wait_for("→ person XE2E");
    s.send("\r");
    s.wait_for("Person XE2E  records");
    s.send("e");
    s.wait_for("press e again to replace it");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    s.send("e");
    s.wait_for("wrote in");
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(
        written.starts_with("estimated_xjs_id,dataset,table,record_level"),
        "{written}"
    );
    assert!(written.contains("Theft from a shop"), "{written}");
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["person_XE2E.csv"], "no temporaries left");
    s.send("q");
    let deadline = Instant::now() + Duration::from_secs(60);
    while s.pump(Duration::from_millis(200)) {
        assert!(Instant::now() < deadline, "dfexplorer did not quit");
    }
    assert!(s.child.wait().unwrap().success());
}
