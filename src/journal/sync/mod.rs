//! A journal kept in a folder that a sync engine (Syncthing, a file-sync service, git)
//! copies between devices. See `docs/sync.md` for the model.
//!
//! Each device appends only to its own log, `replicas/<replica-id>/journal.jsonl` in the
//! synced folder, so no file is ever written by two devices; the journal is the union of
//! every replica's records ([`merge`]). What is local to a device and never synced (its
//! replica id, the snapshots, drafts, settings, the lock) stays in the data directory;
//! `sync.json` there says where the synced folder is and which replica this device is
//! ([`config`]). [`folder`] names the files of the synced folder.

pub mod config;
pub mod folder;
pub mod inbox;
pub mod replica;

pub use config::SyncConfig;
pub use folder::SyncFolder;
pub use replica::ReplicaId;

/// The data directory `dir` with its journal where `sync.json` says, when it is synced.
pub fn attach(
    dir: crate::data_dir::DataDir,
) -> Result<crate::data_dir::DataDir, config::ConfigError> {
    let log = SyncConfig::load(&dir)?.map(|config| config.own_log());
    Ok(dir.with_synced_log(log))
}
