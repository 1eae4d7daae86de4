//! Outputs as transactions. Every file or folder a command writes is checked against every input
//! before anything is written (an output is never the database being read, an import source or
//! another output, whatever path, link or `--force` names it), built under a temporary name beside
//! its target, and moved into place only when every output of the command is complete.
//!
//! Temporary names are recognisable (`.NAME.dfexplorer-PID-N.partial`) and each has a lock file
//! held while its process lives, so a later run in the same folder can tell an abandoned temporary
//! (its process was killed) from one being written, and removes it. Signals remove the temporaries
//! of the running process before it exits (see [`signals`]).

mod check;
mod commit;
mod file;
pub mod parquet;
pub mod signals;
mod temp;

pub use check::{check_outputs, is_same, Target};
pub use commit::commit;
pub use file::PendingFile;
pub use temp::{sweep, take_notices, TempOutput};

use std::path::{Path, PathBuf};

/// Why an output cannot be written, in words a researcher understands.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{0} already exists")]
    Exists(PathBuf),
    #[error("{0} is a folder; give a file name")]
    IsFolder(PathBuf),
    #[error("{0} is a file; give a folder name")]
    IsFile(PathBuf),
    #[error("{0} is not a regular file (a device, pipe or socket); give a file name")]
    NotRegular(PathBuf),
    #[error("the folder {0} does not exist")]
    NoFolder(PathBuf),
    #[error(
        "{}; choose another name for the output (--force never replaces an input)",
        input_text(output, input)
    )]
    IsInput { output: PathBuf, input: PathBuf },
    #[error("{first} and {second} are the same file; give each output its own name")]
    SameOutput { first: PathBuf, second: PathBuf },
    #[error("{folder} holds {entry}, which is not an extract file; dfexplorer only replaces a folder of extracts")]
    ForeignFolder { folder: PathBuf, entry: String },
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// "X is a file this command reads", naming the input too when another path names it.
fn input_text(output: &Path, input: &Path) -> String {
    if output == input {
        format!("{} is a file this command reads", output.display())
    } else {
        format!(
            "{} is the same file as {}, which this command reads",
            output.display(),
            input.display()
        )
    }
}

impl OutputError {
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> OutputError {
        let path = path.into();
        move |source| OutputError::Io { path, source }
    }
}

/// The folder a path lives in (`.` for a bare file name).
pub fn parent_of(path: &std::path::Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Protects a text cell against spreadsheet formula injection: a cell starting with `=`, `+`,
/// `-` or `@` (or a tab or carriage return) gets a leading apostrophe, which spreadsheets show
/// as text.
pub fn protect_text(s: &str) -> std::borrow::Cow<'_, str> {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

/// Ends all output work of this process: waits for a commit in progress to finish, removes every
/// temporary still being written (by any thread) and refuses new ones. Called when the process
/// is about to exit (a signal, or the explorer quitting mid-export); returns how many it removed.
pub fn discard_unfinished() -> usize {
    let _commit = commit::COMMIT.lock().unwrap_or_else(|e| e.into_inner());
    temp::CLOSING.store(true, std::sync::atomic::Ordering::SeqCst);
    temp::remove_live()
}

/// Test hooks for the safety catalogue (`tests/safety.rs`), set with the environment variable
/// `DFEXPLORER_FAILPOINT=NAME[:ARG]`; unset (always, for researchers) they cost one comparison.
/// - `pause-before-commit`: every output is complete in its temporary; wait there for a signal.
/// - `pause-mid-commit`: hold the commit for three seconds after the first target is swapped in.
/// - `disk-full:FILE`: writing the output named FILE fails as on a full disk.
/// - `rename-fail:FILE`: moving the output named FILE into place fails.
/// - `panic-cohort-worker`: the explorer's cohort worker panics on its next request.
/// - `sqlite-full`: a database being built (generate, import) fills up after 50 pages.
pub(crate) fn failpoint(name: &str) -> Option<&'static str> {
    static SET: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let set = SET.get_or_init(|| std::env::var("DFEXPLORER_FAILPOINT").ok());
    let set = set.as_deref()?;
    let (point, arg) = set.split_once(':').unwrap_or((set, ""));
    (point == name).then_some(arg)
}

/// The `sqlite-full` failpoint: the database being built on `conn` fills up early, as on a full
/// disk.
pub fn fill_early_if_asked(conn: &rusqlite::Connection) {
    if failpoint("sqlite-full").is_some() {
        let _ = conn.execute_batch("PRAGMA max_page_count = 50");
    }
}

/// Whether a file-specific failpoint names `target`.
pub(crate) fn failpoint_for(name: &str, target: &std::path::Path) -> bool {
    failpoint(name).is_some_and(|f| target.file_name().is_some_and(|n| n == f))
}

/// The `pause-before-commit` failpoint: says so on stderr, then waits to be signalled.
fn pause_if_asked(point: &str) {
    if failpoint(point).is_some() {
        eprintln!("failpoint: paused at {point}");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Refusing to write over an input names the input too when the output reached it by
    /// another name (a link, another spelling of the path).
    #[test]
    fn an_output_that_is_an_input_is_named_both_ways() {
        let refused = |output: &str, input: &str| {
            OutputError::IsInput {
                output: output.into(),
                input: input.into(),
            }
            .to_string()
        };
        assert_eq!(
            refused("a.db", "a.db"),
            "a.db is a file this command reads; choose another name for the output \
             (--force never replaces an input)"
        );
        assert!(refused("b.db", "a.db")
            .starts_with("b.db is the same file as a.db, which this command reads;"));
    }
}
