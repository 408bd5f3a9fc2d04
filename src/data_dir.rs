//! Where the user's data lives, and the name of every file in it.
//!
//! The data directory is `--data-dir`, else `BETWEEN_HOME`, else the platform's data
//! directory (`~/.local/share/between` on Linux). Everything the app stores is here.

use std::path::{Path, PathBuf};

use crate::environment::Environment;

/// The data directory and the paths of the files in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
    /// Where an editor's plain copy of an encrypted journal's text may go, best first:
    /// memory-backed storage where there is some (see [`DataDir::in_environment`]).
    scratch: Vec<PathBuf>,
    /// This device's log in a synced folder, when the journal is synced (see
    /// `journal::sync`): the journal's path then, instead of `journal.jsonl` here.
    synced_log: Option<PathBuf>,
}

/// The platform gave no home directory to put data in.
#[derive(Debug, thiserror::Error)]
#[error("cannot find a home directory to keep data in; pass --data-dir DIR or set BETWEEN_HOME")]
pub struct NoDataDir;

impl DataDir {
    /// The data directory `explicit` (from `--data-dir` or `BETWEEN_HOME`), else the
    /// platform's default. A relative path is made absolute, so messages are clear.
    /// When the directory itself is a symbolic link (one the user made, to keep the
    /// data elsewhere), it is followed here, once: inside it, between follows no link.
    pub fn resolve(explicit: Option<&Path>) -> Result<Self, NoDataDir> {
        let mut root = match explicit {
            Some(dir) => std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()),
            None => directories::ProjectDirs::from("", "", "between")
                .ok_or(NoDataDir)?
                .data_dir()
                .to_path_buf(),
        };
        if std::fs::symlink_metadata(&root).is_ok_and(|meta| meta.file_type().is_symlink())
            && let Ok(target) = std::fs::canonicalize(&root)
        {
            root = target;
        }
        Ok(Self {
            root,
            scratch: vec![PathBuf::from("/dev/shm"), PathBuf::from("/tmp")],
            synced_log: None,
        })
    }

    /// The data directory with the scratch folders of `env`: `$XDG_RUNTIME_DIR`, then
    /// `/dev/shm`, then the temporary folder.
    pub fn in_environment(self, env: &Environment) -> Self {
        let scratch = env
            .runtime_dir
            .iter()
            .cloned()
            .chain([PathBuf::from("/dev/shm"), env.temp_dir.clone()])
            .collect();
        Self { scratch, ..self }
    }

    /// Where an editor's plain copy may go, best first (they may not all exist).
    pub fn scratch(&self) -> &[PathBuf] {
        &self.scratch
    }

    /// The directory itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The journal: an append-only log, one record per line. When the journal is
    /// synced, this device's own log in the synced folder.
    pub fn journal(&self) -> PathBuf {
        self.synced_log
            .clone()
            .unwrap_or_else(|| self.local_journal())
    }

    /// `journal.jsonl` in the data directory: the journal of a device that is not
    /// synced (and, once synced, a short file that stops older versions from writing).
    pub fn local_journal(&self) -> PathBuf {
        self.root.join("journal.jsonl")
    }

    /// The same data directory with its journal in a synced folder at `log`.
    pub fn with_synced_log(self, log: Option<PathBuf>) -> Self {
        Self {
            synced_log: log,
            ..self
        }
    }

    /// Whether the journal is synced (its log is in a synced folder).
    pub fn is_synced(&self) -> bool {
        self.synced_log.is_some()
    }

    /// Where this device's sync setting is: the synced folder and its replica id.
    pub fn sync_config(&self) -> PathBuf {
        self.root.join("sync.json")
    }

    /// The setting a device taking a new replica id writes first (see
    /// `journal::sync::cloned`), until it replaces `sync.json`.
    pub fn sync_config_next(&self) -> PathBuf {
        self.root.join("sync.next.json")
    }

    /// Local files of a synced journal: the snapshots of other devices' logs.
    pub fn sync_state(&self) -> PathBuf {
        self.root.join("sync")
    }

    /// The lock file held by the process that writes the journal.
    pub fn lock(&self) -> PathBuf {
        self.root.join("journal.lock")
    }

    /// Installed packs, one `<pack-id>.json` each.
    pub fn packs(&self) -> PathBuf {
        self.root.join("packs")
    }

    /// The kept rounds of homework, one `<pack-id>.json` each (see `journal::rounds`).
    pub fn rounds(&self) -> PathBuf {
        self.packs().join("rounds")
    }

    /// Reports written from the app, to share with a therapist.
    pub fn reports(&self) -> PathBuf {
        self.root.join("reports")
    }

    /// Exercises in progress.
    pub fn drafts(&self) -> PathBuf {
        self.root.join("drafts")
    }

    /// The journal's entries as of a point in the log, to open it without parsing every
    /// record (see `journal::snapshot`).
    pub fn snapshot(&self) -> PathBuf {
        self.root.join("journal.snapshot")
    }

    /// Bytes that could not be read, set aside and never deleted by the app.
    pub fn quarantine(&self) -> PathBuf {
        self.root.join("quarantine")
    }
}
