//! The plain copy an editor works on while the journal is encrypted: an editor can
//! only edit plain text, so the text is put in a private folder in memory-backed
//! storage, 0700 whatever the umask, and removed as soon as the editor has closed.
//!
//! The folder's names and its marker (naming the data directory and the file in
//! `drafts/` where the text belongs) are the journal's, in
//! [`crate::journal::left_open`], which at the next unlock takes back the text of a
//! folder a stopped run left. Here the folder is made for one edit: the process
//! locks the marker and hands the lock down to the editor, so that the folder is
//! taken for left open only once neither runs.

use std::fs::{self, File};
use std::io::{self, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::data_dir::DataDir;
use crate::journal::left_open;
use crate::secure_fs;

/// The plain copy of one edit: its folder, and the locked marker.
#[derive(Debug)]
pub struct PlainCopy {
    folder: PathBuf,
    text: PathBuf,
    marker: Option<File>,
}

impl PlainCopy {
    /// Makes a private folder for the text that belongs in `kept` (a path in the data
    /// directory `dir`), marks it as ours, and writes `text` in it. The marker's lock
    /// is handed down to the editor.
    pub fn create(dir: &DataDir, kept: &Path, text: &[u8]) -> io::Result<Self> {
        let kept_name = left_open::kept_name(dir, kept)
            .ok_or_else(|| io::Error::other("an edit is kept only in drafts/"))?;
        let folder = tempfile::Builder::new()
            .prefix(left_open::PREFIX)
            .permissions(fs::Permissions::from_mode(secure_fs::DIR_MODE))
            .disable_cleanup(true)
            .tempdir_in(left_open::memory_dir(dir))?
            .keep();
        let mut copy = Self {
            text: folder.join(left_open::TEXT),
            folder,
            marker: None,
        };
        match copy.fill(dir, kept_name, text) {
            Ok(()) => Ok(copy),
            Err(e) => {
                copy.remove();
                Err(e)
            }
        }
    }

    /// Marks the new folder as ours, locks the marker, and writes the text.
    fn fill(&mut self, dir: &DataDir, kept: String, text: &[u8]) -> io::Result<()> {
        // The umask can only take bits away; this makes sure nothing else added any.
        secure_fs::tighten(&self.folder, secure_fs::DIR_MODE)?;
        let marker = left_open::marker(dir, kept)?;
        // Locked before anything is in it, so no other between takes it half made.
        let mut file = secure_fs::create_new(&self.folder.join(left_open::MARKER))?;
        file.try_lock().map_err(io::Error::from)?;
        file.write_all(&marker)?;
        // The editor inherits the marker, and with it the lock, for as long as it runs.
        // SAFETY: clears FD_CLOEXEC on a descriptor this value owns.
        if unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETFD, 0) } != 0 {
            return Err(io::Error::last_os_error());
        }
        self.marker = Some(file);
        secure_fs::write_atomic(&self.text, text)
    }

    /// The file the editor works on.
    pub fn text_path(&self) -> &Path {
        &self.text
    }

    /// Removes the folder and everything in it (the editor's swap files too).
    pub fn remove(mut self) {
        let _ = fs::remove_dir_all(&self.folder);
        self.marker = None;
    }

    /// Leaves the folder in place: it holds the only copy of the text. Its marker
    /// lets the next unlock seal it into `drafts/`.
    pub fn keep(mut self) -> PathBuf {
        self.marker = None;
        std::mem::take(&mut self.text)
    }
}
