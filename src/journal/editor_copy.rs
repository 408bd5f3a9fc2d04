//! The plain copy an editor works on while the journal is encrypted: an editor can
//! only edit plain text, so the text is put in a private folder in memory-backed
//! storage (`$XDG_RUNTIME_DIR`, else `/dev/shm`, else the temporary folder), 0700
//! whatever the umask, and removed as soon as the editor has closed.
//!
//! The folder holds a marker of ours naming the data directory and the file in
//! `drafts/` where the text belongs. The process holds a lock on the marker, and so
//! does the editor (it inherits it), for as long as either runs. A folder whose
//! marker is not locked was left by a run that was killed, or whose terminal closed:
//! at the next unlock its text is sealed into `drafts/` and the folder removed.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::data_dir::DataDir;
use crate::journal::sealed_files as files;
use crate::sanitize;
use crate::secure_fs;
use crate::vault::Vault;

/// How the folders start, after the memory-backed folder.
const PREFIX: &str = "between-";
/// The marker's name in the folder.
const MARKER: &str = "between-edit.json";
/// The text's name in the folder.
const TEXT: &str = "text.txt";
/// The largest text taken back from a folder left behind.
const MAX_TEXT: u64 = 64 << 20;
/// The largest marker read.
const MAX_MARKER: u64 = 16 << 10;

/// What the marker says.
#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    /// Always "between-edit", so a stray file is not taken for ours.
    between: String,
    /// The data directory the text belongs to (for people reading it).
    data_dir: String,
    /// Its device and inode, which decide.
    data_dir_id: (u64, u64),
    /// Where the text is kept in the data directory, e.g. `drafts/edit-<id>.txt`.
    kept: String,
}

const MARKED: &str = "between-edit";

/// Where the editor's plain copies go: the first of `$XDG_RUNTIME_DIR`, `/dev/shm`
/// and the temporary folder that exists.
pub fn memory_dir() -> PathBuf {
    candidates()
        .into_iter()
        .next()
        .unwrap_or_else(std::env::temp_dir)
}

/// Every place a plain copy may have been put (the environment may differ from run
/// to run), in the order of preference.
fn candidates() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain([PathBuf::from("/dev/shm"), std::env::temp_dir()])
        .filter(|dir| dir.is_absolute() && dir.is_dir())
        .collect();
    found.dedup();
    found
}

fn dir_id(dir: &DataDir) -> io::Result<(u64, u64)> {
    let meta = fs::metadata(dir.root())?;
    Ok((meta.dev(), meta.ino()))
}

/// Whether `name` (inside the data directory) is where an edit may be kept.
fn is_kept_name(name: &str) -> bool {
    let Some(file) = name.strip_prefix("drafts/") else {
        return false;
    };
    let stem = file
        .strip_prefix("edit-")
        .and_then(|rest| rest.strip_suffix(".txt"));
    let step = file
        .strip_prefix("editing-")
        .and_then(|rest| rest.strip_suffix(".txt"));
    match (stem, step) {
        (Some(id), _) => id.len() == 26 && id.bytes().all(|b| b.is_ascii_alphanumeric()),
        (_, Some(pid)) => !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

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
        let kept_name = kept
            .strip_prefix(dir.root())
            .ok()
            .and_then(Path::to_str)
            .filter(|name| is_kept_name(name))
            .ok_or_else(|| io::Error::other("an edit is kept only in drafts/"))?
            .to_owned();
        let folder = tempfile::Builder::new()
            .prefix(PREFIX)
            .permissions(fs::Permissions::from_mode(secure_fs::DIR_MODE))
            .disable_cleanup(true)
            .tempdir_in(memory_dir())?
            .keep();
        let mut copy = Self {
            text: folder.join(TEXT),
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
        let marker = Marker {
            between: MARKED.into(),
            data_dir: dir.root().to_string_lossy().into_owned(),
            data_dir_id: dir_id(dir)?,
            kept,
        };
        // Locked before anything is in it, so no other between takes it half made.
        let mut file = secure_fs::create_new(&self.folder.join(MARKER))?;
        file.try_lock().map_err(io::Error::from)?;
        file.write_all(&serde_json::to_vec(&marker).map_err(io::Error::other)?)?;
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

/// A folder left behind by a stopped edit of `dir`'s journal.
#[derive(Debug)]
struct Leftover {
    folder: PathBuf,
    kept: String,
    /// Locked while this is held, so no other between takes it at the same time.
    _marker: File,
}

/// Opens `path` for reading only if it is a regular file, through no symlink, never
/// blocking (a FIFO put there would hang an open).
fn open_regular(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok(file)
}

fn read_bounded(file: &File, cap: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(io::Error::other("larger than an edit can be"));
    }
    Ok(bytes)
}

/// The folders of stopped edits of `dir`'s journal that no between or editor is
/// using, each locked while it is held.
fn leftovers(dir: &DataDir) -> Vec<Leftover> {
    let Ok(ours) = dir_id(dir) else {
        return Vec::new();
    };
    // SAFETY: geteuid cannot fail.
    let me = unsafe { libc::geteuid() };
    let mut found = Vec::new();
    for base in candidates() {
        let Ok(listing) = fs::read_dir(&base) else {
            continue;
        };
        for item in listing.flatten() {
            let folder = item.path();
            let named = item
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(PREFIX));
            // Only a real folder of this user's, never a symlink to one.
            let Ok(meta) = fs::symlink_metadata(&folder) else {
                continue;
            };
            if !named || !meta.is_dir() || meta.uid() != me {
                continue;
            }
            let Ok(file) = open_regular(&folder.join(MARKER)) else {
                continue;
            };
            let Ok(bytes) = read_bounded(&file, MAX_MARKER) else {
                continue;
            };
            let Ok(marker) = serde_json::from_slice::<Marker>(&bytes) else {
                continue;
            };
            if marker.between != MARKED || marker.data_dir_id != ours || !is_kept_name(&marker.kept)
            {
                continue;
            }
            // Locked: a between or its editor is still at work on it.
            if file.try_lock().is_err() {
                continue;
            }
            found.push(Leftover {
                folder,
                kept: marker.kept,
                _marker: file,
            });
        }
    }
    found
}

/// Where a leftover's text goes: its own place, unless an edit kept there since is
/// newer than it (another between went on meanwhile); then beside it.
fn destination(dir: &DataDir, kept: &str, text_modified: Option<std::time::SystemTime>) -> PathBuf {
    let path = dir.root().join(kept);
    let newer_there = match (
        fs::metadata(&path).and_then(|m| m.modified()),
        text_modified,
    ) {
        (Ok(there), Some(ours)) => there > ours,
        _ => false,
    };
    if !newer_there {
        return path;
    }
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let name = kept.trim_end_matches(".txt");
    dir.root().join(format!("{name}-left-open-{stamp}.txt"))
}

/// Keeps the text of every stopped edit of `dir`'s journal in `drafts/`, sealed with
/// `vault` when the journal is encrypted, and removes its folder. A folder whose text
/// cannot be kept stays. Returns what the user should be told.
pub fn adopt_leftovers(dir: &DataDir, vault: Option<&Vault>) -> Vec<String> {
    let mut told = Vec::new();
    for leftover in leftovers(dir) {
        let text = leftover.folder.join(TEXT);
        let kept = match open_regular(&text) {
            Ok(file) => {
                let modified = file.metadata().and_then(|m| m.modified()).ok();
                let path = destination(dir, &leftover.kept, modified);
                let written = read_bounded(&file, MAX_TEXT)
                    .map(zeroize::Zeroizing::new)
                    .and_then(|bytes| {
                        secure_fs::private_dir(&dir.drafts())?;
                        files::write(dir, &path, &bytes, vault)
                    });
                match written {
                    Ok(()) => Some(path),
                    Err(e) => {
                        told.push(format!(
                            "an edit left open when between stopped could not be kept in \
                             drafts/ ({e}); it stays in {}",
                            sanitize::text(&text.display().to_string())
                        ));
                        continue;
                    }
                }
            }
            // Stopped before the text was written: nothing was typed.
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(_) => continue,
        };
        let _ = fs::remove_dir_all(&leftover.folder);
        if let Some(path) = kept {
            told.push(format!(
                "an edit left open in the editor when between stopped is kept{} in {}; \
                 the next edit of that entry goes on from it",
                if vault.is_some() { ", sealed," } else { "" },
                sanitize::text(&path.display().to_string())
            ));
        }
    }
    told
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_places_in_drafts_can_be_named_by_a_marker() {
        assert!(is_kept_name("drafts/edit-01m8rb7z7n4ybtcew247x1j7s0.txt"));
        assert!(is_kept_name("drafts/editing-4242.txt"));
        for bad in [
            "drafts/../journal.jsonl",
            "drafts/edit-short.txt",
            "reports/edit-01m8rb7z7n4ybtcew247x1j7s0.txt",
            "/etc/passwd",
            "drafts/editing-.txt",
            "drafts/edit-01m8rb7z7n4ybtcew247x1j7s/.txt",
        ] {
            assert!(!is_kept_name(bad), "{bad}");
        }
    }
}
