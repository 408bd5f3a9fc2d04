//! A cloned device: one replica id writing on two machines (a data directory restored
//! from a backup, or copied whole, onto a second computer that uses the same synced
//! folder). It shows up as a copy of this device's own log holding revisions the log
//! lacks: a sync engine's conflict copy, or the other side of a git merge conflict
//! that `between sync now` kept beside the log (see `git_sync`). The store finds it
//! when it opens the journal to write; this module moves the device to a new id.
//!
//! The steps, each atomic, in an order where a crash loses nothing:
//! 1. the new setting (the folder, a new replica id) is written beside `sync.json`,
//!    as `sync.next.json`, in the data directory;
//! 2. the new device's folder, its log (this device's log under the new id, each record
//!    marked as a copy of the old id's revision, so that it stays that revision; in an
//!    encrypted journal sealed anew with the new id bound in) and its `device.json` are
//!    written into the synced folder;
//! 3. `sync.next.json` is renamed over `sync.json`; the new setting names the old id
//!    among those the device `left`.
//!
//! Until step 3 this device still writes its old log; the next open that finds
//! `sync.next.json` does steps 2 and 3 again with the same id, from the log as it is
//! then, so nothing written meanwhile is left behind. The old folder's log and the copy
//! are read with the rest, as a device that no longer writes; the device keeps erased
//! entries out of them and removes those it holds all of (see `store::left`).

use std::path::PathBuf;

use super::config::SyncConfig;
use super::setup::{self, SetupError, io_error};
use crate::data_dir::DataDir;
use crate::journal::replica::ReplicaId;
use crate::sanitize;
use crate::secure_fs;

/// The new setting a device began taking and did not finish (a crash between the
/// steps), if any: the next open finishes it.
pub fn pending(dir: &DataDir) -> Option<SyncConfig> {
    let next = SyncConfig::load_from(dir.sync_config_next())
        .ok()
        .flatten()?;
    match SyncConfig::load(dir) {
        Ok(Some(now)) if now.folder == next.folder && now.replica != next.replica => Some(next),
        // Left from another setting (the device joined another folder since): it
        // says nothing of this one.
        _ => {
            let _ = std::fs::remove_file(dir.sync_config_next());
            None
        }
    }
}

/// Moves this device (`sync.json` in `dir`) to a new replica id; finishes the move a
/// crash stopped, with the same id. `log_for` gives this device's log as the log of
/// the new replica (its records marked as copies of the old id's, and in an encrypted
/// journal sealed anew with that replica bound in), as for [`setup::start`]. The caller holds the
/// journal's lock. Returns the new setting.
pub fn take_new_id(
    dir: &DataDir,
    log_for: &dyn Fn(&ReplicaId) -> Result<Vec<u8>, SetupError>,
) -> Result<SyncConfig, SetupError> {
    let setting = dir.sync_config();
    let now = match SyncConfig::load(dir) {
        Ok(Some(now)) => now,
        Ok(None) => {
            return Err(io_error("read", &setting)(
                std::io::ErrorKind::NotFound.into(),
            ));
        }
        Err(e) => return Err(io_error("read", &setting)(std::io::Error::other(e))),
    };
    let next_path = dir.sync_config_next();
    let next = match pending(dir) {
        Some(next) => next,
        None => {
            let mut left = now.left.clone();
            left.push(now.replica.clone());
            let next = SyncConfig {
                replica: ReplicaId::generate(),
                left,
                ..now.clone()
            };
            next.save_to(dir, &next_path)
                .map_err(io_error("write the new sync setting", &next_path))?;
            next
        }
    };
    let folder = now.folder();
    let own = folder.replica_dir(&next.replica);
    secure_fs::private_dir(&own).map_err(io_error("create the folder", &own))?;
    let log = folder.log(&next.replica);
    secure_fs::write_atomic(&log, &log_for(&next.replica)?)
        .map_err(io_error("write this device's log", &log))?;
    if let Some(name) = setup::device_name(&folder, &now.replica) {
        setup::write_device_name(&folder, &next.replica, &name)?;
    }
    std::fs::rename(&next_path, &setting)
        .and_then(|()| secure_fs::sync_dir(dir.root()))
        .map_err(io_error("write the sync setting", &setting))?;
    Ok(next)
}

/// What the user is told once this device writes as `new` instead of `old`, because
/// of the copies `copies` of its log.
pub fn told(old: &ReplicaId, new: &ReplicaId, copies: &[PathBuf]) -> String {
    let names: Vec<String> = copies
        .iter()
        .map(|path| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            sanitize::text(&name).into_owned()
        })
        .collect();
    format!(
        "another computer was writing this journal as this device (a copy of this data \
         directory, such as a restored backup, in use elsewhere): {} in this device's folder \
         held entries its log did not. So that each computer writes a log of its own, this \
         device now writes as a new device ({}) in the synced folder; its old log ({}) and \
         that copy are read with the rest, and every entry of both computers is shown. Nothing was lost. The other computer does the same when it next opens the \
         journal",
        names.join(", "),
        new.short(),
        old.short()
    )
}
