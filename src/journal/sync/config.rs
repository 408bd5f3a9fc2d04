//! `sync.json` in the data directory: where this device's synced folder is and which
//! replica it writes. Local to the device, never in the synced folder: a copy of it on
//! a second machine would make two devices write one log.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::folder::SyncFolder;
use crate::data_dir::DataDir;
use crate::journal::replica::ReplicaId;
use crate::secure_fs;

/// What `sync.json` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncConfig {
    /// The synced folder (absolute).
    pub folder: PathBuf,
    /// This device's replica.
    pub replica: ReplicaId,
    /// The id of the journal when it is encrypted (from its key file): kept here, on
    /// the device, so that a key file missing from the folder (not arrived yet, or
    /// removed) is an error, never a journal written plain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<String>,
    /// The replica ids this device wrote as before it took a new id (a cloned
    /// device, see [`super::cloned`]), oldest first: it keeps erased entries out of
    /// their folders, which no device owns any more (see `store::left`). Not written
    /// while empty, so the setting of a device that never moved is as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left: Vec<ReplicaId>,
}

/// `sync.json` could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// It could not be read at all.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// It is not what between writes there.
    #[error(
        "{} is not a sync setting between can read ({reason}); move it away to use \
         the journal on this device alone, or run `between sync join FOLDER` again",
        path.display()
    )]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong, from serde.
        reason: String,
    },
}

/// The most `sync.json` may take; it holds a path and an id.
const CAP: secure_fs::Cap = secure_fs::Cap {
    what: "the sync setting (sync.json)",
    bytes: 64 * 1024,
};

impl SyncConfig {
    /// The setting of `dir`, if its journal is synced.
    pub fn load(dir: &DataDir) -> Result<Option<Self>, ConfigError> {
        Self::load_from(dir.sync_config())
    }

    /// The setting in the file `path` (`sync.json`, or the one a device taking a new
    /// id writes first, see [`super::cloned`]), if there is one.
    pub fn load_from(path: PathBuf) -> Result<Option<Self>, ConfigError> {
        let bytes = match secure_fs::read_capped(&path, CAP) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(ConfigError::Io { path, source }),
        };
        let config: Self = serde_json::from_slice(&bytes).map_err(|e| ConfigError::Malformed {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        if !config.folder.is_absolute() {
            return Err(ConfigError::Malformed {
                path,
                reason: "the folder must be an absolute path".into(),
            });
        }
        Ok(Some(config))
    }

    /// Writes the setting into `dir` (atomically, 0600).
    pub fn save(&self, dir: &DataDir) -> io::Result<()> {
        self.save_to(dir, &dir.sync_config())
    }

    /// Writes the setting into the file `path` of `dir` (atomically, 0600).
    pub fn save_to(&self, dir: &DataDir, path: &Path) -> io::Result<()> {
        secure_fs::private_dir(dir.root())?;
        let mut bytes = serde_json::to_vec_pretty(self).map_err(io::Error::other)?;
        bytes.push(b'\n');
        secure_fs::write_atomic(path, &bytes)
    }

    /// The synced folder.
    pub fn folder(&self) -> SyncFolder {
        SyncFolder::new(&self.folder)
    }

    /// This device's log in the synced folder.
    pub fn own_log(&self) -> PathBuf {
        self.folder().log(&self.replica)
    }
}

/// Whether `path` is inside `dir` (so a synced folder is never the data directory or in it).
pub fn is_inside(path: &Path, dir: &Path) -> bool {
    path.starts_with(dir)
}
