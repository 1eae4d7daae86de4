//! Moving finished temporaries into place, all or none.
//!
//! Each target is replaced in two renames (the old file or folder is moved aside, the new one moved
//! in); if any step fails, every target already moved is put back as it was. The renames run while
//! holding [`COMMIT`], which the signal handler also takes, so Ctrl-C or SIGTERM never lands between
//! them. What remains is a power cut or SIGKILL during the few renames: the next run in the folder
//! then restores any target left aside (see [`super::sweep`]).

use std::path::Path;
use std::sync::Mutex;

use super::{parent_of, OutputError, TempOutput};

/// Held while targets are being swapped; the signal handler waits for it.
pub(super) static COMMIT: Mutex<()> = Mutex::new(());

/// Moves every finished temporary to its target. Without `force`, a target that has appeared
/// since the outputs were checked stops the commit with nothing changed.
pub fn commit(temps: Vec<TempOutput>, force: bool) -> Result<(), OutputError> {
    super::pause_if_asked("pause-before-commit");
    let _guard = COMMIT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(t) = temps.first() {
        if super::temp::CLOSING.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(super::temp::closing(t.target()));
        }
    }
    if !force {
        if let Some(t) = temps.iter().find(|t| exists(t.target())) {
            return Err(OutputError::Exists(t.target().to_path_buf()));
        }
    }
    let mut moved: Vec<(usize, bool)> = Vec::new();
    for (i, temp) in temps.iter().enumerate() {
        match swap_in(temp) {
            Ok(had_old) => {
                moved.push((i, had_old));
                if i == 0 && super::failpoint("pause-mid-commit").is_some() {
                    eprintln!("failpoint: paused at pause-mid-commit");
                    std::thread::sleep(std::time::Duration::from_secs(3));
                }
            }
            Err(e) => {
                for &(j, had_old) in moved.iter().rev() {
                    let t = &temps[j];
                    let _ = std::fs::rename(t.target(), t.path());
                    if had_old {
                        let _ = std::fs::rename(t.backup_path(), t.target());
                    }
                }
                return Err(e);
            }
        }
    }
    for &(i, had_old) in &moved {
        if had_old {
            super::temp::remove_temporary(&temps[i].backup_path());
        }
    }
    for temp in &temps {
        sync_folder(&parent_of(temp.target()));
    }
    Ok(())
}

/// Moves the old target aside (if any), then the temporary in; on failure the old one returns.
fn swap_in(temp: &TempOutput) -> Result<bool, OutputError> {
    let target = temp.target();
    let had_old = exists(target);
    if had_old {
        std::fs::rename(target, temp.backup_path()).map_err(OutputError::io(target))?;
    }
    let moved = if super::failpoint_for("rename-fail", target) {
        Err(std::io::Error::other("failpoint rename-fail"))
    } else {
        std::fs::rename(temp.path(), target)
    };
    if let Err(e) = moved {
        if had_old {
            let _ = std::fs::rename(temp.backup_path(), target);
        }
        return Err(OutputError::io(target)(e));
    }
    Ok(had_old)
}

fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Makes the renames in a folder durable (Unix; Windows has no folder handle to sync).
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(f) = std::fs::File::open(folder) {
        let _ = f.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}
