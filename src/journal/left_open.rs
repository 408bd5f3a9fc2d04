//! Edits left open in the editor when a run stopped, and the form of the plain copy
//! they are in. With an encrypted journal the editor works on a plain copy of the
//! text, in a private folder in memory-backed storage (`$XDG_RUNTIME_DIR`, else
//! `/dev/shm`, else the temporary folder), 0700 whatever the umask, removed as soon
//! as the editor has closed; the editing flow (in `editing/`, above the journal)
//! makes it, with the names and the marker given here.
//!
//! The folder holds a marker of ours naming the data directory and the file in
//! `drafts/` where the text belongs. The process holds a lock on the marker, and so
//! does the editor (it inherits it), for as long as either runs. A folder whose
//! marker is not locked was left by a run that was killed, or whose terminal closed:
//! at the next unlock its text is sealed into `drafts/` and the folder removed
//! ([`adopt_leftovers`], which `leftovers.rs` calls).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::data_dir::DataDir;
use crate::journal::sealed_files as files;
use crate::sanitize;
use crate::secure_fs;
use crate::vault::Vault;

/// How the folders start, after the memory-backed folder.
pub const PREFIX: &str = "between-";
/// The marker's name in the folder.
pub const MARKER: &str = "between-edit.json";
/// The text's name in the folder.
pub const TEXT: &str = "text.txt";
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

/// Where the editor's plain copies go: the first of the data directory's scratch
/// folders (`$XDG_RUNTIME_DIR`, `/dev/shm`, the temporary folder) that exists.
pub fn memory_dir(dir: &DataDir) -> PathBuf {
    candidates(dir)
        .into_iter()
        .next()
        .unwrap_or_else(|| PathBuf::from("/tmp"))
}

/// Every place a plain copy may have been put (the environment may differ from run
/// to run), in the order of preference.
fn candidates(dir: &DataDir) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = dir
        .scratch()
        .iter()
        .filter(|dir| dir.is_absolute() && dir.is_dir())
        .cloned()
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

/// The name, inside the data directory `dir`, of `kept`, if it is a place where an
/// edit may be kept (in `drafts/`); a marker names nothing else.
pub fn kept_name(dir: &DataDir, kept: &Path) -> Option<String> {
    kept.strip_prefix(dir.root())
        .ok()
        .and_then(Path::to_str)
        .filter(|name| is_kept_name(name))
        .map(str::to_owned)
}

/// The marker of a new folder whose text belongs in `kept` (a name from
/// [`kept_name`]) of the data directory `dir`, as the bytes to write.
pub fn marker(dir: &DataDir, kept: String) -> io::Result<Vec<u8>> {
    let marker = Marker {
        between: MARKED.into(),
        data_dir: dir.root().to_string_lossy().into_owned(),
        data_dir_id: dir_id(dir)?,
        kept,
    };
    serde_json::to_vec(&marker).map_err(io::Error::other)
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
    for base in candidates(dir) {
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
