//! Drafts: work in progress, one file per draft in `drafts/`, written atomically, so
//! typed text survives a crash or a closed terminal.

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

/// The drafts of one data directory; sealed when a key is given (an encrypted journal).
#[derive(Debug, Clone)]
pub struct Drafts {
    data: DataDir,
    dir: PathBuf,
    vault: Option<Vault>,
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
        }
    }

    fn path(&self, key: &str) -> Result<PathBuf, DraftError> {
        if is_valid_key(key) {
            Ok(self.dir.join(format!("{key}.json")))
        } else {
            Err(DraftError::BadKey(crate::sanitize::text(key).into_owned()))
        }
    }

    /// Saves `value` as the draft `key` (an id), replacing any earlier one atomically.
    pub fn save<T: Serialize>(&self, key: &str, value: &T) -> Result<(), DraftError> {
        let path = self.path(key)?;
        let bytes = serde_json::to_vec(value).map_err(|e| StoreError::Io {
            action: "write the draft",
            path: path.clone(),
            source: e.into(),
        })?;
        let io = |action| {
            let path = path.clone();
            move |source| StoreError::Io {
                action,
                path,
                source,
            }
        };
        secure_fs::private_dir(&self.dir).map_err(io("create the drafts directory"))?;
        crate::vault::files::write(&self.data, &path, &bytes, self.vault.as_ref()).map_err(
            |e| {
                if matches!(e.raw_os_error(), Some(libc::ENOSPC) | Some(libc::EDQUOT)) {
                    StoreError::DiskFull { path: path.clone() }
                } else {
                    io("write the draft")(e)
                }
            },
        )?;
        Ok(())
    }

    /// The draft `key`, if there is one.
    pub fn load<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, DraftError> {
        let path = self.path(key)?;
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
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| DraftError::Unreadable {
                key: key.to_owned(),
                path,
                message: format!(
                    "{:?} at line {} column {}",
                    e.classify(),
                    e.line(),
                    e.column()
                ),
            })
    }

    /// Removes the draft `key`; removing one that does not exist is fine.
    pub fn discard(&self, key: &str) -> Result<(), DraftError> {
        let path = self.path(key)?;
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
            .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
            .filter(|key| is_valid_key(key))
            .collect();
        keys.sort();
        Ok(keys)
    }
}
