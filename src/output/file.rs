//! A file written through a buffer into its temporary, then finished (flushed and synced) so
//! that [`super::commit`] only has to rename it.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::{OutputError, TempOutput};

/// A file being written. Dropped without being committed, it leaves nothing behind.
pub struct PendingFile {
    temp: TempOutput,
    writer: Option<BufWriter<Disk>>,
}

/// Where the buffer's bytes go: the temporary file, or (the `disk-full` failpoint) a file on a
/// disk that is full, which refuses every write as a real one would when the buffer is flushed.
enum Disk {
    File(File),
    Full(File),
}

impl Write for Disk {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Disk::File(f) => f.write(buf),
            Disk::Full(_) => Err(std::io::ErrorKind::StorageFull.into()),
        }
    }
    /// A `File` keeps no buffer of its own; [`PendingFile::finish`] syncs it to the device.
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl PendingFile {
    /// Starts the temporary for `target` (checked beforehand with [`super::check_outputs`]).
    pub fn create(target: &Path) -> Result<PendingFile, OutputError> {
        let temp = TempOutput::reserve(target)?;
        let file = File::create(temp.path()).map_err(OutputError::io(target))?;
        let disk = if super::failpoint_for("disk-full", target) {
            Disk::Full(file)
        } else {
            Disk::File(file)
        };
        Ok(PendingFile {
            temp,
            writer: Some(BufWriter::with_capacity(1 << 20, disk)),
        })
    }

    pub fn target(&self) -> &Path {
        self.temp.target()
    }

    pub fn io_error(&self, source: std::io::Error) -> OutputError {
        OutputError::io(self.target())(source)
    }

    /// Flushes and syncs the temporary, so every byte is on disk before anything is renamed;
    /// a full disk or a failing device is reported here, naming the target.
    pub fn finish(mut self) -> Result<TempOutput, OutputError> {
        if let Some(mut w) = self.writer.take() {
            w.flush().map_err(|e| self.io_error(e))?;
            let (Disk::File(file) | Disk::Full(file)) =
                w.into_inner().map_err(|e| self.io_error(e.into_error()))?;
            file.sync_all().map_err(|e| self.io_error(e))?;
        }
        Ok(self.temp)
    }
}

impl Write for PendingFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.writer {
            Some(w) => w.write(buf).map_err(|e| naming(self.temp.target(), e)),
            None => Err(std::io::Error::other("file already finished")),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.writer {
            Some(w) => w.flush().map_err(|e| naming(self.temp.target(), e)),
            None => Ok(()),
        }
    }
}

/// A write error that says which output it was writing (a full disk, a lost network drive).
fn naming(target: &Path, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("cannot write {}: {e}", target.display()))
}
