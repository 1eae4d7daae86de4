//! Checking a command's outputs before anything is written: each must be writable, must not be
//! one of the command's inputs (compared as files: through `.`/`..`, symbolic links, hard links
//! and letter case), and must not be another of its outputs.

use std::path::{Path, PathBuf};

use super::{parent_of, OutputError};

/// One output of a command: a file, or a folder that is built whole and swapped in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    File(&'a Path),
    Folder(&'a Path),
}

impl<'a> Target<'a> {
    fn path(&self) -> &'a Path {
        match self {
            Target::File(p) | Target::Folder(p) => p,
        }
    }
}

/// Checks every output against the inputs and each other; `force` allows replacing an existing
/// output, never an input. Inputs are files or folders the command reads (a database also
/// protects the journal names SQLite keeps beside it).
pub fn check_outputs(
    outputs: &[Target<'_>],
    inputs: &[&Path],
    force: bool,
) -> Result<(), OutputError> {
    for (i, out) in outputs.iter().enumerate() {
        let path = out.path();
        let folder = parent_of(path);
        if !folder.is_dir() {
            return Err(OutputError::NoFolder(folder));
        }
        let is_input = |input: &&&Path| is_same(path, input) || names_sidecar_of(path, input);
        if let Some(input) = inputs.iter().find(is_input) {
            return Err(OutputError::IsInput {
                output: path.to_path_buf(),
                input: input.to_path_buf(),
            });
        }
        if let Some(first) = outputs[..i].iter().find(|o| is_same(path, o.path())) {
            return Err(OutputError::SameOutput {
                first: first.path().to_path_buf(),
                second: path.to_path_buf(),
            });
        }
        // A path that cannot be read (usually: nothing there yet) passes here; creating the
        // output reports anything else.
        match (out, std::fs::metadata(path)) {
            (Target::File(_), Ok(m)) if m.is_dir() => {
                return Err(OutputError::IsFolder(path.to_path_buf()))
            }
            (Target::File(_), Ok(m)) if !m.is_file() => {
                return Err(OutputError::NotRegular(path.to_path_buf()))
            }
            (Target::Folder(_), Ok(m)) if !m.is_dir() => {
                return Err(OutputError::IsFile(path.to_path_buf()))
            }
            (Target::File(_), Ok(_)) if !force => {
                return Err(OutputError::Exists(path.to_path_buf()))
            }
            (Target::Folder(_), Ok(_)) => check_folder_replaceable(path, force)?,
            _ => {}
        }
    }
    Ok(())
}

/// A folder output may replace an empty folder, or with `force` a folder of extracts (files and
/// folders named as the delivered layout names them); never a folder holding anything else.
fn check_folder_replaceable(folder: &Path, force: bool) -> Result<(), OutputError> {
    let mut any = false;
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).map_err(OutputError::io(&dir))? {
            let entry = entry.map_err(OutputError::io(&dir))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if !crate::generate::extracts::layout::is_layout_name(&name, is_dir) {
                return Err(OutputError::ForeignFolder {
                    folder: folder.to_path_buf(),
                    entry: entry.path().display().to_string(),
                });
            }
            if is_dir {
                pending.push(entry.path());
            }
            any = true;
        }
    }
    if any && !force {
        return Err(OutputError::Exists(folder.to_path_buf()));
    }
    Ok(())
}

/// Whether two paths name the same file or folder. Existing files compare by identity (device
/// and file number), so links and case differences are seen through; otherwise the paths are
/// compared after resolving their folders.
pub fn is_same(a: &Path, b: &Path) -> bool {
    if let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) {
        // Opening a pipe or device could block; only regular files and folders are compared.
        let plain = |m: &std::fs::Metadata| m.is_file() || m.is_dir();
        if plain(&ma) && plain(&mb) {
            if let (Ok(ha), Ok(hb)) = (
                same_file::Handle::from_path(a),
                same_file::Handle::from_path(b),
            ) {
                return ha == hb;
            }
        }
    }
    match (resolved(a), resolved(b)) {
        (Some(ra), Some(rb)) => ra == rb,
        _ => false,
    }
}

/// The path with its folder resolved (the file itself may not exist).
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let folder = std::fs::canonicalize(parent_of(path)).ok()?;
    Some(folder.join(path.file_name()?))
}

/// Whether `output` is the name of a journal SQLite keeps beside the database `input`: writing
/// one would corrupt the database the next time it is opened.
fn names_sidecar_of(output: &Path, input: &Path) -> bool {
    let (Some(out), Some(db)) = (resolved(output), resolved(input)) else {
        return false;
    };
    ["-journal", "-wal", "-shm"].iter().any(|s| {
        let mut name = db.as_os_str().to_owned();
        name.push(s);
        name == out.as_os_str()
    })
}
