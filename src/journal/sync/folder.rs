//! The files of a synced folder: what every device sees.
//!
//! ```text
//! between-sync.json            says the folder holds a between journal (no text)
//! vault.json                   an encrypted journal's key, locked by the passphrase
//!                              (see `vault_file`)
//! replicas/<replica-id>/
//!     journal.jsonl            that device's log, written by that device only
//!     device.json              the name the device gave itself ("work laptop")
//!     journal*.jsonl           any other copy of that log: a sync engine's conflict
//!                              copy, a restored backup, a duplicated file
//! inbox/*.md                   notes dropped in from a phone, taken in once
//! inbox/done/                  where they go once taken in
//! ```
//!
//! Nothing else in the folder is read, and a device writes only in its own
//! `replicas/<replica-id>/` (and moves inbox files it took in).

use std::io;
use std::path::{Path, PathBuf};

use crate::journal::replica::ReplicaId;
use crate::secure_fs;

/// The marker file's name, at the top of a synced folder.
pub const MARKER: &str = "between-sync.json";

/// A folder holding a synced journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncFolder {
    root: PathBuf,
}

/// One log file in a replica's folder: the log itself, or another copy of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFile {
    /// The replica whose folder it is in.
    pub replica: ReplicaId,
    /// Its path.
    pub path: PathBuf,
    /// Whether it is another copy (a conflict copy, a backup), not `journal.jsonl`.
    pub copy: bool,
}

impl SyncFolder {
    /// The synced folder at `root` (which need not exist yet).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The folder itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The marker that says the folder holds a between journal.
    pub fn marker(&self) -> PathBuf {
        self.root.join(MARKER)
    }

    /// Where every device's folder is.
    pub fn replicas(&self) -> PathBuf {
        self.root.join("replicas")
    }

    /// The folder of one device.
    pub fn replica_dir(&self, replica: &ReplicaId) -> PathBuf {
        self.replicas().join(replica.as_str())
    }

    /// One device's log.
    pub fn log(&self, replica: &ReplicaId) -> PathBuf {
        self.replica_dir(replica).join("journal.jsonl")
    }

    /// The name a device gave itself.
    pub fn device_file(&self, replica: &ReplicaId) -> PathBuf {
        self.replica_dir(replica).join("device.json")
    }

    /// Notes dropped in to be taken into the journal.
    pub fn inbox(&self) -> PathBuf {
        self.root.join("inbox")
    }

    /// Where inbox notes go once taken in.
    pub fn inbox_done(&self) -> PathBuf {
        self.inbox().join("done")
    }

    /// The devices that have a folder here, in the order of their ids. Names that are
    /// not replica ids, and anything that is not a real folder, are passed over.
    pub fn devices(&self) -> io::Result<Vec<ReplicaId>> {
        let Some(listing) = secure_fs::read_folder(&self.replicas())? else {
            return Ok(Vec::new());
        };
        let mut devices = Vec::new();
        for item in listing {
            let item = item?;
            let is_dir = item.file_type().is_ok_and(|kind| kind.is_dir());
            if let (true, Some(id)) = (is_dir, item.file_name().to_str().and_then(ReplicaId::parse))
            {
                devices.push(id);
            }
        }
        devices.sort();
        Ok(devices)
    }

    /// Every log file of `replica`: `journal.jsonl` first, then the other copies of it
    /// (`journal*.jsonl`: `journal.sync-conflict-….jsonl`, `journal (conflicted
    /// copy …).jsonl`, `journal (1).jsonl`) in the order of their names. Only regular
    /// files count.
    pub fn logs_of(&self, replica: &ReplicaId) -> io::Result<Vec<LogFile>> {
        let dir = self.replica_dir(replica);
        let mut logs = Vec::new();
        let Some(listing) = secure_fs::read_folder(&dir)? else {
            return Ok(logs);
        };
        let mut copies = Vec::new();
        for item in listing {
            let item = item?;
            let name = item.file_name();
            let Some(name) = name.to_str() else { continue };
            let regular = item.file_type().is_ok_and(|kind| kind.is_file());
            if !regular || !is_log_name(name) {
                continue;
            }
            if name == "journal.jsonl" {
                logs.push(LogFile {
                    replica: replica.clone(),
                    path: item.path(),
                    copy: false,
                });
            } else {
                copies.push(item.path());
            }
        }
        copies.sort();
        logs.extend(copies.into_iter().map(|path| LogFile {
            replica: replica.clone(),
            path,
            copy: true,
        }));
        Ok(logs)
    }
}

/// Whether a file name is the log or a copy of it: `journal*.jsonl`.
pub fn is_log_name(name: &str) -> bool {
    name.starts_with("journal") && name.ends_with(".jsonl")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_and_its_copies_are_found_and_nothing_else() {
        let root = tempfile::tempdir().unwrap();
        let folder = SyncFolder::new(root.path());
        let id = ReplicaId::generate();
        let dir = folder.replica_dir(&id);
        std::fs::create_dir_all(&dir).unwrap();
        for name in [
            "journal.jsonl",
            "journal.sync-conflict-20261201-101010-ABCDEFG.jsonl",
            "journal (Sam's conflicted copy 2026-12-01).jsonl",
            "journal.jsonl.compact",
            "device.json",
            ".syncthing.journal.jsonl.tmp",
        ] {
            std::fs::write(dir.join(name), b"").unwrap();
        }
        std::fs::create_dir_all(folder.replicas().join("not-a-device")).unwrap();
        assert_eq!(folder.devices().unwrap(), vec![id.clone()]);
        let logs = folder.logs_of(&id).unwrap();
        let names: Vec<_> = logs
            .iter()
            .map(|log| (log.path.file_name().unwrap().to_str().unwrap(), log.copy))
            .collect();
        assert_eq!(
            names,
            vec![
                ("journal.jsonl", false),
                ("journal (Sam's conflicted copy 2026-12-01).jsonl", true),
                ("journal.sync-conflict-20261201-101010-ABCDEFG.jsonl", true),
            ]
        );
    }
}
