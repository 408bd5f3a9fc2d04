//! A journal kept in a folder that a sync engine (Syncthing, a file-sync service, git)
//! copies between devices. See `docs/sync.md` for the model.
//!
//! Each device appends only to its own log, `replicas/<replica-id>/journal.jsonl` in the
//! synced folder, so no file is ever written by two devices; the journal is the union of
//! every replica's records ([`merge`]). What is local to a device and never synced (its
//! replica id, the snapshots, drafts, settings, the lock) stays in the data directory;
//! `sync.json` there says where the synced folder is and which replica this device is
//! ([`config`]). [`folder`] names the files of the synced folder.

pub mod cloned;
pub mod config;
pub mod folder;
pub mod inbox;
pub mod merge;
pub mod setup;
pub mod vault_file;

pub use crate::journal::replica::{self, ReplicaId};
pub use crate::journal::seen::{self, Seen};
pub use config::SyncConfig;

/// What a device of a synced journal that another device encrypted is told before it
/// is asked for the passphrase (see `Store::encrypted_elsewhere`).
pub const ENCRYPTED_ELSEWHERE: &str = "This synced journal was encrypted on another device: \
     the passphrase set there opens it, and this device's entries are sealed with it the \
     next time it saves.";

/// What a device of a synced journal whose passphrase another device changed is told
/// before it is asked for the passphrase, until it has sealed its own entries with
/// the new key (see `Store::changed_elsewhere`).
pub const CHANGED_ELSEWHERE: &str = "The passphrase of this synced journal was changed on \
     another device: the new one opens it, and this device's entries are sealed with its \
     new key the next time it saves.";
pub use folder::SyncFolder;

/// The data directory `dir` with its journal where `sync.json` says, when it is synced.
pub fn attach(
    dir: crate::data_dir::DataDir,
) -> Result<crate::data_dir::DataDir, config::ConfigError> {
    let log = SyncConfig::load(&dir)?.map(|config| config.own_log());
    Ok(dir.with_synced_log(log))
}

/// Where the synced journal of `dir` is: its folder and this device's replica, read from
/// the path of its log (`<folder>/replicas/<replica>/journal.jsonl`, as [`attach`]
/// sets it); `None` when the journal is not synced.
pub fn place_of(dir: &crate::data_dir::DataDir) -> Option<(SyncFolder, ReplicaId)> {
    if !dir.is_synced() {
        return None;
    }
    let log = dir.journal();
    let replica_dir = log.parent()?;
    let own = ReplicaId::parse(replica_dir.file_name()?.to_str()?)?;
    let folder = replica_dir.parent()?.parent()?;
    Some((SyncFolder::new(folder), own))
}

/// Every log file of a synced journal but this device's own: the other devices' logs
/// and any copies of logs. Empty when the journal is not synced.
pub fn other_logs(dir: &crate::data_dir::DataDir) -> Vec<std::path::PathBuf> {
    let Some((folder, own)) = place_of(dir) else {
        return Vec::new();
    };
    folder
        .devices()
        .unwrap_or_default()
        .iter()
        .flat_map(|device| folder.logs_of(device).unwrap_or_default())
        .filter(|log| log.copy || log.replica != own)
        .map(|log| log.path)
        .collect()
}
