//! Drafts: work in progress, one file per draft in `drafts/`, written atomically, so
//! typed text survives a crash or a closed terminal.
//!
//! Each app window writes its own copy (`<key>.<window>.json`), so two windows on one
//! exercise never write over each other's text. A running window holds a lock on
//! `windows/<window>.lock`; the copies of a window that is still running are its own,
//! never offered to another or removed by it. Opening a draft offers this window's own
//! copy first, else the newest copy of a window that is gone, which becomes this
//! window's; the others stay, to be offered next time. The command line and older
//! versions write `<key>.json`, a copy of no running window.

use std::io;
use std::path::PathBuf;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::store::StoreError;
use crate::data_dir::DataDir;
use crate::journal::sealed_files::ReadError;
use crate::secure_fs;
use crate::vault::Vault;

/// Whether `key` can name a draft: like an id, but up to 140 characters, so that a
/// pack id and an exercise id joined by `--` fit, and one of the app's forms may start
/// with `_` (which no pack id can, so a form's draft is never a pack's). It can never
/// leave `drafts/`.
fn is_valid_key(key: &str) -> bool {
    let rest = key.strip_prefix('_').unwrap_or(key);
    (1..=140).contains(&key.len())
        && !rest.is_empty()
        && !rest.starts_with('-')
        && rest
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether `window` can name a window's copy: 1 to 32 lowercase letters and digits.
fn is_valid_window(window: &str) -> bool {
    (1..=32).contains(&window.len())
        && window
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// The key and the window of a draft file's name (`<key>.json` has no window).
fn parse_name(name: &str) -> Option<(&str, Option<&str>)> {
    let stem = name.strip_suffix(".json")?;
    let (key, window) = match stem.rsplit_once('.') {
        Some((key, window)) if is_valid_window(window) => (key, Some(window)),
        Some(_) => return None,
        None => (stem, None),
    };
    is_valid_key(key).then_some((key, window))
}

/// The drafts of one data directory; sealed when a key is given (an encrypted journal).
#[derive(Debug, Clone)]
pub struct Drafts {
    data: DataDir,
    dir: PathBuf,
    vault: Option<Vault>,
    /// The app window whose copies this writes, if any.
    window: Option<String>,
}

/// Why a draft could not be used.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    /// The file could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The key has the wrong form (keys are ids).
    #[error("`{0}` is not a valid draft name")]
    BadKey(String),
    /// The draft's file is not what this build expects; it is left in place.
    #[error("the draft `{key}` cannot be read ({message}); it is left in place at {}", .path.display())]
    Unreadable {
        /// The draft's key.
        key: String,
        /// Where it is.
        path: PathBuf,
        /// What is wrong (never the draft's text).
        message: String,
    },
}

impl Drafts {
    /// The drafts in `dir`'s `drafts/`; nothing is created until a draft is saved.
    pub fn new(dir: &DataDir) -> Self {
        Self::with_vault(dir, None)
    }

    /// The drafts in `dir`'s `drafts/`, sealed with `vault` when it is given.
    pub fn with_vault(dir: &DataDir, vault: Option<Vault>) -> Self {
        Self {
            data: dir.clone(),
            dir: dir.drafts(),
            vault,
            window: None,
        }
    }

    /// The same drafts, written as the copies of the app window `window` (1 to 32
    /// lowercase letters and digits; anything else is left out).
    pub fn for_window(mut self, window: &str) -> Self {
        self.window = is_valid_window(window).then(|| window.to_owned());
        self
    }

    /// Where this window's copy of the draft `key` is.
    fn path(&self, key: &str) -> Result<PathBuf, DraftError> {
        if !is_valid_key(key) {
            return Err(DraftError::BadKey(crate::sanitize::text(key).into_owned()));
        }
        Ok(match &self.window {
            Some(window) => self.dir.join(format!("{key}.{window}.json")),
            None => self.dir.join(format!("{key}.json")),
        })
    }

    /// The copies of the draft `key` this window may use: its own first, then those of
    /// windows no longer running, newest first. A running window's copy is never among
    /// them: that window may still need it.
    fn copies(&self, key: &str) -> Result<Vec<PathBuf>, DraftError> {
        let names = match secure_fs::read_folder(&self.dir) {
            Ok(Some(names)) => names,
            Ok(None) => return Ok(Vec::new()),
            Err(source) => {
                return Err(StoreError::Io {
                    action: "list the drafts in",
                    path: self.dir.clone(),
                    source,
                }
                .into());
            }
        };
        let mut copies: Vec<(bool, std::time::SystemTime, PathBuf)> = names
            .filter_map(|item| {
                let item = item.ok()?;
                let name = item.file_name().into_string().ok()?;
                let (of, window) = parse_name(&name)?;
                if of != key {
                    return None;
                }
                let own = window.is_some() && window == self.window.as_deref();
                if !own && window.is_some_and(|w| is_running(&self.data, w)) {
                    return None;
                }
                let modified = item.metadata().ok()?.modified().ok()?;
                Some((own, modified, item.path()))
            })
            .collect();
        copies.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
        Ok(copies.into_iter().map(|(_, _, path)| path).collect())
    }

    /// Saves `value` as the draft `key` (an id), replacing any earlier one atomically.
    pub fn save<T: Serialize>(&self, key: &str, value: &T) -> Result<(), DraftError> {
        let path = self.path(key)?;
        let bytes = serde_json::to_vec(value).map_err(|e| StoreError::Io {
            action: "write the draft",
            path: path.clone(),
            source: e.into(),
        })?;
        self.write(&path, &bytes)
    }

    /// Writes `bytes` as the draft file `path`, sealed with the journal's key if any.
    fn write(&self, path: &std::path::Path, bytes: &[u8]) -> Result<(), DraftError> {
        let path = path.to_path_buf();
        let io = |action| {
            let path = path.clone();
            move |source| StoreError::Io {
                action,
                path,
                source,
            }
        };
        secure_fs::private_dir(&self.dir).map_err(io("create the drafts directory"))?;
        crate::journal::sealed_files::write(&self.data, &path, bytes, self.vault.as_ref())
            .map_err(|e| {
                if matches!(e.raw_os_error(), Some(libc::ENOSPC) | Some(libc::EDQUOT)) {
                    StoreError::DiskFull { path: path.clone() }
                } else {
                    io("write the draft")(e)
                }
            })?;
        Ok(())
    }

    /// The draft `key`, if there is one: the newest copy of any window, which becomes
    /// this window's copy (the others stay, to be offered another time).
    pub fn load<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, DraftError> {
        let own = self.path(key)?;
        let Some(path) = self.copies(key)?.into_iter().next() else {
            return Ok(None);
        };
        let bytes = match crate::journal::sealed_files::read(&self.data, &path, self.vault.as_ref())
        {
            Ok(bytes) => bytes,
            Err(ReadError::Io(e)) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(ReadError::Io(source)) => {
                return Err(StoreError::Io {
                    action: "read the draft",
                    path,
                    source,
                }
                .into());
            }
            Err(ReadError::Sealed) => {
                return Err(DraftError::Unreadable {
                    key: key.to_owned(),
                    path,
                    message: ReadError::Sealed.to_string(),
                });
            }
        };
        let value = serde_json::from_slice(&bytes).map_err(|e| DraftError::Unreadable {
            key: key.to_owned(),
            path: path.clone(),
            message: format!(
                "{:?} at line {} column {}",
                e.classify(),
                e.line(),
                e.column()
            ),
        })?;
        if path != own {
            // Written anew rather than renamed: a sealed copy is bound to its name.
            self.write(&own, &bytes)?;
            let _ = secure_fs::remove_file(&path);
        }
        Ok(Some(value))
    }

    /// Removes this window's copy of the draft `key` (it was saved, or its answers
    /// discarded); removing one that does not exist is fine.
    pub fn discard(&self, key: &str) -> Result<(), DraftError> {
        remove(self.path(key)?)
    }

    /// Removes the copy of the draft `key` that [`Drafts::load`] would offer: the user
    /// chose to start the exercise afresh instead. Other copies stay, to be offered.
    pub fn discard_offered(&self, key: &str) -> Result<(), DraftError> {
        self.path(key)?;
        self.copies(key)?.into_iter().take(1).try_for_each(remove)
    }

    /// Whether a copy of the draft `key` is there for this window to offer.
    pub fn has(&self, key: &str) -> Result<bool, DraftError> {
        self.path(key)?;
        Ok(!self.copies(key)?.is_empty())
    }

    /// The keys of every saved draft, sorted.
    pub fn list(&self) -> Result<Vec<String>, DraftError> {
        let entries = match secure_fs::read_folder(&self.dir) {
            Ok(Some(entries)) => entries,
            Ok(None) => return Ok(Vec::new()),
            Err(source) => {
                return Err(StoreError::Io {
                    action: "list the drafts in",
                    path: self.dir.clone(),
                    source,
                }
                .into());
            }
        };
        let mut keys: Vec<String> = entries
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|name| {
                let (key, window) = parse_name(&name)?;
                let others = window.is_some() && window != self.window.as_deref();
                let usable = !(others && window.is_some_and(|w| is_running(&self.data, w)));
                usable.then(|| key.to_owned())
            })
            .collect();
        keys.sort();
        keys.dedup();
        Ok(keys)
    }
}

/// A running app window's hold on its name, so that other windows leave its drafts
/// alone: a lock on `windows/<window>.lock`, held while this lives (and released by the
/// system if the process dies).
#[derive(Debug)]
pub struct WindowLock {
    _file: std::fs::File,
}

/// The folder of the running windows' locks.
fn windows_dir(dir: &DataDir) -> PathBuf {
    dir.root().join("windows")
}

/// Takes the lock of the app window `window` in `dir`, and removes the lock files of
/// windows that are no longer running.
pub fn hold_window(dir: &DataDir, window: &str) -> io::Result<WindowLock> {
    if !is_valid_window(window) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a window name",
        ));
    }
    let folder = windows_dir(dir);
    secure_fs::private_dir(&folder)?;
    let file = secure_fs::open_append(&folder.join(format!("{window}.lock")))?;
    file.try_lock().map_err(io::Error::from)?;
    if let Ok(Some(names)) = secure_fs::read_folder(&folder) {
        for name in names.filter_map(|e| e.ok()?.file_name().into_string().ok()) {
            if let Some(other) = name.strip_suffix(".lock")
                && other != window
                && is_valid_window(other)
                && !is_running(dir, other)
            {
                let _ = secure_fs::remove_file(&folder.join(&name));
            }
        }
    }
    Ok(WindowLock { _file: file })
}

/// Whether the app window `window` is running: its lock is held by a process.
fn is_running(dir: &DataDir, window: &str) -> bool {
    let path = windows_dir(dir).join(format!("{window}.lock"));
    match secure_fs::open_regular(&path) {
        Ok(file) => matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock)),
        Err(_) => false,
    }
}

/// Removes a draft file; one that does not exist is fine.
fn remove(path: PathBuf) -> Result<(), DraftError> {
    match secure_fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(source) => Err(StoreError::Io {
            action: "remove the draft",
            path,
            source,
        }
        .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_window_keeps_its_own_copy_and_opening_takes_the_newest_over() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::resolve(Some(dir.path())).unwrap();
        let a = Drafts::new(&data).for_window("a1");
        let b = Drafts::new(&data).for_window("b2");
        a.save("p--x", &"from a".to_owned()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        b.save("p--x", &"from b".to_owned()).unwrap();
        assert_eq!(a.list().unwrap(), ["p--x"]);
        // A window's own copy comes first, even when another is newer.
        assert_eq!(a.load::<String>("p--x").unwrap().as_deref(), Some("from a"));
        assert!(data.drafts().join("p--x.b2.json").exists());
        // A third window opens the newest of windows that are gone, which becomes its
        // own; the other stays.
        let c = Drafts::new(&data).for_window("c3");
        assert_eq!(c.load::<String>("p--x").unwrap().as_deref(), Some("from b"));
        assert!(data.drafts().join("p--x.c3.json").exists());
        assert!(!data.drafts().join("p--x.b2.json").exists());
        c.discard("p--x").unwrap();
        assert!(c.has("p--x").unwrap());
        // Starting afresh removes only the copy that was offered.
        c.discard_offered("p--x").unwrap();
        assert!(!c.has("p--x").unwrap());
        assert!(c.list().unwrap().is_empty());
    }

    #[test]
    fn a_running_window_s_copy_is_never_offered_to_another_or_removed_by_it() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::resolve(Some(dir.path())).unwrap();
        let running = hold_window(&data, "b2").unwrap();
        let b = Drafts::new(&data).for_window("b2");
        b.save("p--x", &"typed in a locked window".to_owned())
            .unwrap();
        let a = Drafts::new(&data).for_window("a1");
        assert!(a.list().unwrap().is_empty());
        assert_eq!(a.load::<String>("p--x").unwrap(), None);
        a.discard_offered("p--x").unwrap();
        assert!(data.drafts().join("p--x.b2.json").exists());
        // Once that window is gone, its copy is offered, and its lock file goes.
        drop(running);
        assert_eq!(a.list().unwrap(), ["p--x"]);
        let _mine = hold_window(&data, "a1").unwrap();
        assert!(!data.root().join("windows/b2.lock").exists());
        assert_eq!(
            a.load::<String>("p--x").unwrap().as_deref(),
            Some("typed in a locked window")
        );
        // Names that are not drafts are not taken for them.
        for name in ["p--x.A1.json", "p--x..json", "p--x.json.tmp", "-p.json"] {
            assert_eq!(parse_name(name), None, "{name}");
        }
        assert_eq!(parse_name("p--x.json"), Some(("p--x", None)));
        // The app's forms start with `_`, which no pack id can.
        assert_eq!(
            parse_name("_try--01abc.a1.json"),
            Some(("_try--01abc", Some("a1")))
        );
        for bad in ["_", "__x", "_-x", "x_y"] {
            assert!(!is_valid_key(bad), "{bad}");
        }
    }
}
