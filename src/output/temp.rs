//! Temporary outputs: named `.NAME.dfexplorer-PID-N.partial` beside their target, each with a lock
//! file `.NAME.dfexplorer-PID-N.lock` that its process holds locked while it lives. The lock is
//! created before the temporary and removed after it, so a temporary whose lock can be taken (or
//! that has no lock) belongs to a process that is gone, and [`sweep`] removes it.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use super::{parent_of, OutputError};

const TAG: &str = ".dfexplorer-";
const PARTIAL: &str = ".partial";
const LOCK: &str = ".lock";
const BACKUP: &str = ".old";
/// Files SQLite may create beside a database it writes.
const SQLITE_SIDECARS: [&str; 3] = ["-journal", "-wal", "-shm"];

/// The temporaries of this process, for the signal handler to remove.
static LIVE: Mutex<Vec<(PathBuf, PathBuf)>> = Mutex::new(Vec::new());
/// What sweeps removed, for the face to tell the researcher.
static NOTICES: Mutex<Vec<String>> = Mutex::new(Vec::new());
static SEQUENCE: AtomicU64 = AtomicU64::new(0);
/// Set when the process is ending: no new temporaries, no commits.
pub(super) static CLOSING: AtomicBool = AtomicBool::new(false);

/// A temporary file or folder being built for `target`. Dropped, it removes the temporary if it
/// is still there (a commit renames it to the target) with any SQLite journal beside it, and
/// its lock.
#[derive(Debug)]
pub struct TempOutput {
    target: PathBuf,
    stem: PathBuf,
    lock: Option<File>,
}

impl TempOutput {
    /// Reserves a temporary beside `target` (sweeping abandoned ones from that folder first).
    /// Nothing exists at [`TempOutput::path`] yet: the caller creates the file or folder.
    pub fn reserve(target: &Path) -> Result<TempOutput, OutputError> {
        if CLOSING.load(Ordering::SeqCst) {
            return Err(closing(target));
        }
        let folder = parent_of(target);
        sweep(&folder);
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let seq = SEQUENCE.fetch_add(1, Ordering::Relaxed);
        let stem = folder.join(format!(".{name}{TAG}{}-{seq}", std::process::id()));
        let lock_path = with_suffix(&stem, LOCK);
        let lock = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&lock_path)
            .map_err(OutputError::io(&lock_path))?;
        lock.try_lock().map_err(|e| OutputError::Io {
            path: lock_path.clone(),
            source: std::io::Error::other(e.to_string()),
        })?;
        let temp = TempOutput {
            target: target.to_path_buf(),
            stem,
            lock: Some(lock),
        };
        live().push((temp.path(), lock_path));
        Ok(temp)
    }

    /// Where to build the output.
    pub fn path(&self) -> PathBuf {
        with_suffix(&self.stem, PARTIAL)
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Where an existing target waits while it is replaced.
    pub(super) fn backup_path(&self) -> PathBuf {
        with_suffix(&self.stem, BACKUP)
    }
}

impl Drop for TempOutput {
    fn drop(&mut self) {
        let partial = self.path();
        remove_temporary(&partial);
        let lock_path = with_suffix(&self.stem, LOCK);
        drop(self.lock.take());
        let _ = std::fs::remove_file(&lock_path);
        live().retain(|(p, _)| p != &partial);
    }
}

/// The error for work that continues while the process is ending.
pub(super) fn closing(target: &Path) -> OutputError {
    OutputError::io(target)(std::io::Error::new(
        std::io::ErrorKind::Interrupted,
        "dfexplorer is closing",
    ))
}

fn live() -> std::sync::MutexGuard<'static, Vec<(PathBuf, PathBuf)>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes every temporary of this process (called by the signal handler just before exit).
pub(super) fn remove_live() -> usize {
    let mut live = live();
    for (partial, lock) in live.iter() {
        remove_temporary(partial);
        let _ = std::fs::remove_file(lock);
    }
    let n = live.len();
    live.clear();
    n
}

fn with_suffix(stem: &Path, suffix: &str) -> PathBuf {
    let mut s = stem.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Removes a temporary file or folder and the journals SQLite may have left beside it.
pub(super) fn remove_temporary(path: &Path) {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => remove_folder(path, |p| std::fs::remove_dir_all(p)),
        Ok(_) => {
            let _ = std::fs::remove_file(path);
        }
        Err(_) => {}
    }
    for sidecar in SQLITE_SIDECARS {
        let _ = std::fs::remove_file(with_suffix(path, sidecar));
    }
}

/// Removes a folder with `remove`, trying again while it fails and the folder is still there
/// (a writer may still be adding files), at most five times.
fn remove_folder(path: &Path, mut remove: impl FnMut(&Path) -> std::io::Result<()>) {
    for _ in 0..5 {
        if remove(path).is_ok() || !path.exists() {
            break;
        }
    }
}

/// The parts of a temporary's name: the stem (without suffix) and the target's file name.
fn parse(name: &str) -> Option<(&str, &str, &str)> {
    let (stem, suffix) = [PARTIAL, LOCK, BACKUP]
        .iter()
        .find_map(|s| name.strip_suffix(s).map(|stem| (stem, *s)))?;
    let at = stem.rfind(TAG)?;
    let owner = &stem[at + TAG.len()..];
    let (pid, seq) = owner.split_once('-')?;
    if !name.starts_with('.')
        || pid.is_empty()
        || !pid.bytes().all(|b| b.is_ascii_digit())
        || !seq.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    Some((stem, &stem[1..at], suffix))
}

/// Removes the temporaries in `folder` whose process is gone, restoring a target that was moved
/// aside when its process died mid-replace. What it removed is kept for [`take_notices`].
pub fn sweep(folder: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut removed = Vec::new();
    let mut stems: Vec<(&str, &str)> = names
        .iter()
        .filter_map(|n| parse(n).map(|(stem, target, _)| (stem, target)))
        .collect();
    stems.sort();
    stems.dedup();
    for (stem, target) in stems {
        let stem_path = folder.join(stem);
        let lock_path = with_suffix(&stem_path, LOCK);
        let held = match OpenOptions::new().write(true).open(&lock_path) {
            Ok(f) => match f.try_lock() {
                Ok(()) => Some(f),
                Err(_) => continue, // its process is alive
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(_) => continue,
        };
        let partial = with_suffix(&stem_path, PARTIAL);
        if partial.exists() {
            remove_temporary(&partial);
            removed.push(format!("{stem}{PARTIAL}"));
        }
        let backup = with_suffix(&stem_path, BACKUP);
        if std::fs::symlink_metadata(&backup).is_ok() {
            let target_path = folder.join(target);
            if std::fs::symlink_metadata(&target_path).is_err() {
                if std::fs::rename(&backup, &target_path).is_ok() {
                    removed.push(format!("{stem}{BACKUP} (restored as {target})"));
                }
            } else {
                remove_temporary(&backup);
                removed.push(format!("{stem}{BACKUP}"));
            }
        }
        drop(held);
        let _ = std::fs::remove_file(&lock_path);
    }
    if !removed.is_empty() {
        let note = format!(
            "removed {} temporary item(s) left in {} by an interrupted dfexplorer run: {}",
            removed.len(),
            folder.display(),
            removed.join(", ")
        );
        NOTICES.lock().unwrap_or_else(|e| e.into_inner()).push(note);
    }
    removed
}

/// What sweeps have removed since the last call, one line per folder.
pub fn take_notices() -> Vec<String> {
    std::mem::take(&mut *NOTICES.lock().unwrap_or_else(|e| e.into_inner()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back_to_their_target() {
        assert_eq!(
            parse(".people.csv.dfexplorer-123-0.partial"),
            Some((".people.csv.dfexplorer-123-0", "people.csv", PARTIAL))
        );
        assert_eq!(
            parse(".a.dfexplorer-b.db.dfexplorer-9-12.lock"),
            Some((
                ".a.dfexplorer-b.db.dfexplorer-9-12",
                "a.dfexplorer-b.db",
                LOCK
            ))
        );
        assert_eq!(parse("people.csv.dfexplorer-1-0.partial"), None);
        assert_eq!(parse(".people.csv.dfexplorer-x-0.partial"), None);
        assert_eq!(parse(".people.csv.dfexplorer--0.partial"), None);
        assert_eq!(parse(".people.csv.partial"), None);
        assert_eq!(parse(".people.csv.dfexplorer-1-0.csv"), None);
    }

    /// The signal handler's list holds every temporary still in flight: dropping one output's
    /// temporary leaves the others on it.
    #[test]
    fn dropping_a_temporary_leaves_the_others_for_the_signal_handler() {
        let dir = tempfile::tempdir().unwrap();
        let a = TempOutput::reserve(&dir.path().join("a.csv")).unwrap();
        let b = TempOutput::reserve(&dir.path().join("b.csv")).unwrap();
        let (pa, pb) = (a.path(), b.path());
        let listed = |p: &PathBuf| live().iter().any(|(q, _)| q == p);
        assert!(listed(&pa) && listed(&pb));
        drop(a);
        assert!(!listed(&pa), "a dropped temporary is off the list");
        assert!(listed(&pb), "the other temporary stays on it");
        drop(b);
        assert!(!listed(&pb));
    }

    /// An abandoned temporary is swept whether or not its lock file is left; one whose lock
    /// cannot be opened is left alone (its owner may be alive); what was swept is told.
    #[test]
    fn sweeps_remove_abandoned_temporaries_and_say_so() {
        let dir = tempfile::tempdir().unwrap();
        let orphan = dir.path().join(".a.csv.dfexplorer-4000000-0.partial");
        std::fs::write(&orphan, "x").unwrap();
        let kept = dir.path().join(".b.csv.dfexplorer-4000000-1.partial");
        std::fs::write(&kept, "x").unwrap();
        // A lock that cannot be opened for writing.
        std::fs::create_dir(dir.path().join(".b.csv.dfexplorer-4000000-1.lock")).unwrap();
        let removed = sweep(dir.path());
        assert_eq!(removed, [".a.csv.dfexplorer-4000000-0.partial"]);
        assert!(!orphan.exists() && kept.exists());
        let folder = dir.path().display().to_string();
        assert!(
            take_notices()
                .iter()
                .any(|n| n.starts_with("removed 1 temporary item(s)") && n.contains(&folder)),
            "the sweep is told"
        );
        assert!(sweep(dir.path()).is_empty());
        assert!(
            !take_notices().iter().any(|n| n.contains(&folder)),
            "nothing to tell"
        );
    }

    /// A folder whose removal fails while a writer adds to it is tried again until it goes; one
    /// that is gone is not tried again.
    #[test]
    fn a_busy_folder_is_removed_on_a_later_try() {
        let dir = tempfile::tempdir().unwrap();
        let busy = dir.path().join("busy");
        std::fs::create_dir(&busy).unwrap();
        let mut tries = 0;
        remove_folder(&busy, |p| {
            tries += 1;
            if tries < 3 {
                Err(std::io::Error::other("directory not empty"))
            } else {
                std::fs::remove_dir_all(p)
            }
        });
        assert_eq!((tries, busy.exists()), (3, false));
        std::fs::create_dir(&busy).unwrap();
        let mut tries = 0;
        remove_folder(&busy, |p| {
            tries += 1;
            std::fs::remove_dir_all(p)?;
            Err(std::io::Error::other("removed by another process first"))
        });
        assert_eq!((tries, busy.exists()), (1, false));
    }
}
