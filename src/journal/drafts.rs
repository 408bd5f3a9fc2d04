//! Drafts: work in progress, one file per draft in `drafts/`, written atomically, so
//! typed text survives a crash or a closed terminal.
//!
//! Each app window writes its own copy (`<key>.<window>.json`), so two windows on one
//! exercise never write over each other's text. Opening a draft takes the newest copy
//! of its exercise over as this window's; the others stay, to be offered next time.
//! The command line and older versions write `<key>.json`, which is a copy like any.

use std::io;
use std::path::PathBuf;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::store::StoreError;
use crate::data_dir::DataDir;
use crate::secure_fs;
use crate::vault::Vault;
use crate::vault::files::ReadError;

/// Whether `key` can name a draft: like an id, but up to 130 characters, so that a
/// pack id and an exercise id joined by `--` fit. It can never leave `drafts/`.
fn is_valid_key(key: &str) -> bool {
    (1..=130).contains(&key.len())
        && !key.starts_with('-')
        && key
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

    /// Every copy of the draft `key`, any window's, newest first.
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
        let mut copies: Vec<(std::time::SystemTime, PathBuf)> = names
            .filter_map(|item| {
                let item = item.ok()?;
                let name = item.file_name().into_string().ok()?;
                let (of, _) = parse_name(&name)?;
                let modified = item.metadata().ok()?.modified().ok()?;
                (of == key).then(|| (modified, item.path()))
            })
            .collect();
        copies.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        Ok(copies.into_iter().map(|(_, path)| path).collect())
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
        crate::vault::files::write(&self.data, &path, bytes, self.vault.as_ref()).map_err(|e| {
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
        let bytes = match crate::vault::files::read(&self.data, &path, self.vault.as_ref()) {
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

    /// Removes every copy of the draft `key`, any window's: the user chose to start
    /// the exercise afresh.
    pub fn discard_all(&self, key: &str) -> Result<(), DraftError> {
        self.path(key)?;
        self.copies(key)?.into_iter().try_for_each(remove)
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
            .filter_map(|name| parse_name(&name).map(|(key, _)| key.to_owned()))
            .collect();
        keys.sort();
        keys.dedup();
        Ok(keys)
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
        // A third window opens the newest, which becomes its own; the other stays.
        let c = Drafts::new(&data).for_window("c3");
        assert_eq!(c.load::<String>("p--x").unwrap().as_deref(), Some("from b"));
        assert!(data.drafts().join("p--x.c3.json").exists());
        assert!(!data.drafts().join("p--x.b2.json").exists());
        c.discard("p--x").unwrap();
        assert_eq!(c.list().unwrap(), ["p--x"]);
        assert_eq!(c.load::<String>("p--x").unwrap().as_deref(), Some("from a"));
        // Starting afresh removes every copy.
        b.save("p--x", &"again".to_owned()).unwrap();
        c.discard_all("p--x").unwrap();
        assert!(c.list().unwrap().is_empty());
        // Names that are not drafts are not taken for them.
        for name in ["p--x.A1.json", "p--x..json", "p--x.json.tmp", "-p.json"] {
            assert_eq!(parse_name(name), None, "{name}");
        }
        assert_eq!(parse_name("p--x.json"), Some(("p--x", None)));
    }
}
