//! Output files that are either complete or absent: written to a temporary file beside the target
//! and renamed into place only when everything succeeded. An existing file is never replaced
//! unless the caller says so.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{0} already exists")]
    Exists(PathBuf),
    #[error("{0} is a folder; give a file name")]
    IsFolder(PathBuf),
    #[error("the folder {0} does not exist")]
    NoFolder(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Checks that `path` may be written: its folder exists and it does not, unless `force`.
pub fn check_target(path: &Path, force: bool) -> Result<(), OutputError> {
    let folder = parent_of(path);
    if !folder.is_dir() {
        return Err(OutputError::NoFolder(folder));
    }
    if path.is_dir() {
        return Err(OutputError::IsFolder(path.to_path_buf()));
    }
    if path.exists() && !force {
        return Err(OutputError::Exists(path.to_path_buf()));
    }
    Ok(())
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A file being written. Dropped without [`PendingFile::commit`], it removes its temporary file.
pub struct PendingFile {
    target: PathBuf,
    temp: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl PendingFile {
    pub fn create(target: &Path, force: bool) -> Result<PendingFile, OutputError> {
        check_target(target, force)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let temp = parent_of(target).join(format!(".{name}.partial-{}", std::process::id()));
        let file = File::create(&temp).map_err(|source| OutputError::Io {
            path: temp.clone(),
            source,
        })?;
        Ok(PendingFile {
            target: target.to_path_buf(),
            temp,
            writer: Some(BufWriter::with_capacity(1 << 20, file)),
        })
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    pub fn io_error(&self, source: std::io::Error) -> OutputError {
        OutputError::Io {
            path: self.target.clone(),
            source,
        }
    }

    /// Flushes and syncs the temporary file; the target is untouched until [`commit`].
    pub fn finish_writing(&mut self) -> Result<(), OutputError> {
        if let Some(mut w) = self.writer.take() {
            w.flush().map_err(|e| self.io_error(e))?;
            let file = w.into_inner().map_err(|e| self.io_error(e.into_error()))?;
            file.sync_all().map_err(|e| self.io_error(e))?;
        }
        Ok(())
    }

    /// Moves the finished file into place.
    pub fn commit(mut self) -> Result<(), OutputError> {
        self.finish_writing()?;
        std::fs::rename(&self.temp, &self.target).map_err(|e| self.io_error(e))?;
        self.temp = PathBuf::new();
        Ok(())
    }
}

impl Write for PendingFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.writer {
            Some(w) => w.write(buf),
            None => Err(std::io::Error::other("file already finished")),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.writer {
            Some(w) => w.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if !self.temp.as_os_str().is_empty() {
            self.writer = None;
            let _ = std::fs::remove_file(&self.temp);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_protected() {
        assert_eq!(protect_text("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(protect_text("+44"), "'+44");
        assert_eq!(protect_text("-1"), "'-1");
        assert_eq!(protect_text("@cmd"), "'@cmd");
        assert_eq!(protect_text("Theft"), "Theft");
        assert_eq!(protect_text(""), "");
    }

    #[test]
    fn uncommitted_files_leave_nothing_and_existing_files_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("people.csv");
        {
            let mut f = PendingFile::create(&target, false).unwrap();
            f.write_all(b"half").unwrap();
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        std::fs::write(&target, "keep me").unwrap();
        assert!(matches!(
            PendingFile::create(&target, false),
            Err(OutputError::Exists(_))
        ));
        let mut f = PendingFile::create(&target, true).unwrap();
        f.write_all(b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
        f.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert!(matches!(
            PendingFile::create(&dir.path().join("nope/x.csv"), false),
            Err(OutputError::NoFolder(_))
        ));
    }
}
