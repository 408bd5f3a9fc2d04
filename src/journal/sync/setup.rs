//! Starting and joining a synced journal: the files `sync init` and `sync join` write.
//!
//! Both copy this device's journal (whatever it holds, nothing at all included) into
//! its own folder of the synced folder, then write `sync.json`, then leave in the data
//! directory a `journal.jsonl` of one line that older versions of between read as a
//! record of a newer format, so they go read-only rather than write a journal no other
//! device sees. Each step is atomic; after a crash between two of them the journal is
//! still the old one, and the copy in the synced folder is a device of its own whose
//! entries are the same revisions, which the merge reads as one (nothing is lost, and
//! running the command again finishes the move).

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::config::SyncConfig;
use super::folder::SyncFolder;
use crate::data_dir::DataDir;
use crate::journal::replica::ReplicaId;
use crate::secure_fs;

/// Why a journal could not be moved into a synced folder or join one.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// This device's journal is synced already.
    #[error("this journal is synced already, in {}; `between sync status` shows it", .0.display())]
    AlreadySynced(PathBuf),
    /// `init` into a folder that holds a synced journal.
    #[error(
        "{} holds a synced journal already; to use it from this device run `between sync \
         join {}`",
        .0.display(), .0.display()
    )]
    FolderInUse(PathBuf),
    /// `join` a folder without one.
    #[error(
        "{} holds no synced between journal (there is no {} in it); on the first device run \
         `between sync init FOLDER`, and wait until your sync engine has copied it here",
        .0.display(), super::folder::MARKER
    )]
    NoJournalThere(PathBuf),
    /// The folder is the data directory, inside it, or holds it.
    #[error(
        "{} and the data directory ({}) must be apart: the data directory holds what is \
         never synced (drafts, the snapshot, the lock)",
        folder.display(), data.display()
    )]
    Overlaps {
        /// The synced folder.
        folder: PathBuf,
        /// The data directory.
        data: PathBuf,
    },
    /// `join` an unencrypted synced journal from an encrypted one.
    #[error(
        "this device's journal is encrypted, but the synced journal in {} is not, and a \
         synced journal is encrypted on every device or on none; run `between decrypt` here \
         first, then join again",
        .0.display()
    )]
    EncryptedHereOnly(PathBuf),
    /// `join` an encrypted synced journal from a journal encrypted with its own key.
    #[error(
        "this device's journal and the synced journal in {} are both encrypted, each with a \
         key of its own; run `between decrypt` here first, then join again: this device's \
         entries are then sealed with the synced journal's key",
        .0.display()
    )]
    BothEncrypted(PathBuf),
    /// Encryption turned off in a synced journal.
    #[error(
        "a synced journal is encrypted on every device or on none, and turning encryption \
         off for every device is not built: each device's log would have to be opened at \
         once. `between passwd` changes the passphrase, for every device"
    )]
    SyncedEncryption,
    /// This device's journal has records that could not be sealed anew.
    #[error(
        "this device's journal could not be moved into the synced folder, because {0}; \
         nothing was changed"
    )]
    CannotMove(String),
    /// A file could not be written or read.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

pub(super) fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> SetupError {
    let path = path.to_path_buf();
    move |source| SetupError::Io {
        action,
        path,
        source,
    }
}

/// What the marker file holds: that this is a between journal, and its format.
#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    format: String,
    version: u32,
}

/// What a device says of itself in its folder.
#[derive(Debug, Serialize, Deserialize)]
pub struct DeviceFile {
    /// What to call it.
    pub name: String,
}

/// The most a device's `device.json` may take.
const DEVICE_CAP: secure_fs::Cap = secure_fs::Cap {
    what: "a device's name (device.json)",
    bytes: 4096,
};

/// The name a device gave itself, made safe to show; `None` if it wrote none.
pub fn device_name(folder: &SyncFolder, replica: &ReplicaId) -> Option<String> {
    let bytes = secure_fs::read_capped(&folder.device_file(replica), DEVICE_CAP).ok()?;
    let device: DeviceFile = serde_json::from_slice(&bytes).ok()?;
    let name: String = crate::sanitize::text(device.name.trim())
        .chars()
        .take(60)
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Writes the name `name` the device `replica` gives itself (its `device.json`).
pub(super) fn write_device_name(
    folder: &SyncFolder,
    replica: &ReplicaId,
    name: &str,
) -> Result<(), SetupError> {
    let path = folder.device_file(replica);
    let device = serde_json::to_vec_pretty(&DeviceFile { name: name.into() })
        .map_err(|e| io_error("write", &path)(io::Error::other(e)))?;
    secure_fs::write_atomic(&path, &device).map_err(io_error("write the device's name to", &path))
}

/// The first line of the `journal.jsonl` left in a synced device's data directory: a
/// record of a format no version knows, which older versions refuse to write over.
pub const MOVED_STUB: &[u8] = b"{\"v\":99,\"moved\":\"this journal is synced: see sync.json\"}\n";

/// Whether the journal and the synced folder may be used together: the folder is not
/// the data directory, inside it, or around it.
pub fn check_apart(dir: &DataDir, folder: &Path) -> Result<(), SetupError> {
    let data = dir.root();
    if folder.starts_with(data) || data.starts_with(folder) {
        return Err(SetupError::Overlaps {
            folder: folder.to_path_buf(),
            data: data.to_path_buf(),
        });
    }
    Ok(())
}

/// Starts (`joining == false`) or joins a synced journal in `folder` from `dir`,
/// calling the device `name`. `log_for` gives this device's journal as it is now as
/// the log of the new replica (the same bytes, or, in an encrypted journal, sealed
/// anew with that replica bound in); `shared_key` is the wrapped key that an encrypted
/// journal's `init` writes to the folder's `vault.json`, and `sealed` the id of an
/// encrypted journal, kept in `sync.json`. The caller holds the journal's lock.
/// Returns the new setting.
pub fn start(
    dir: &DataDir,
    folder: &Path,
    name: &str,
    log_for: &dyn Fn(&ReplicaId) -> Result<Vec<u8>, SetupError>,
    shared_key: Option<&crate::vault::Header>,
    sealed: Option<String>,
    joining: bool,
) -> Result<SyncConfig, SetupError> {
    if let Some(config) = SyncConfig::load(dir).ok().flatten() {
        return Err(SetupError::AlreadySynced(config.folder));
    }
    check_apart(dir, folder)?;
    let synced = SyncFolder::new(folder);
    let marker = synced.marker();
    let has_marker = secure_fs::open_regular(&marker).is_ok();
    match (joining, has_marker) {
        (false, true) => return Err(SetupError::FolderInUse(folder.to_path_buf())),
        (true, false) => return Err(SetupError::NoJournalThere(folder.to_path_buf())),
        _ => {}
    }
    let starting = dir.root().join(STARTING);
    let replica =
        stopped_start(dir, &synced, &starting, log_for).unwrap_or_else(ReplicaId::generate);
    // Made first, so that a log refused (damaged) leaves nothing in the folder.
    let bytes = log_for(&replica)?;
    // The id noted before anything is written in the folder, so that a start stopped
    // half-way is finished under it rather than leave a second device of one name.
    SyncConfig {
        folder: folder.to_path_buf(),
        replica: replica.clone(),
        sealed: None,
        left: Vec::new(),
    }
    .save_to(dir, &starting)
    .map_err(io_error("write", &starting))?;
    let own = synced.replica_dir(&replica);
    secure_fs::private_dir(&own).map_err(io_error("create the folder", &own))?;
    let log = synced.log(&replica);
    secure_fs::write_atomic(&log, &bytes).map_err(io_error("write this device's log", &log))?;
    write_device_name(&synced, &replica, name)?;
    if let Some(header) = shared_key {
        super::vault_file::save(&synced, header).map_err(|e| match e {
            super::vault_file::VaultFileError::Io {
                action,
                path,
                source,
            } => SetupError::Io {
                action,
                path,
                source,
            },
            other => SetupError::CannotMove(other.to_string()),
        })?;
    }
    if !has_marker {
        let bytes = serde_json::to_vec_pretty(&Marker {
            format: "between-sync".into(),
            version: 1,
        })
        .unwrap_or_default();
        secure_fs::write_atomic(&marker, &bytes).map_err(io_error("write", &marker))?;
    }
    let config = SyncConfig {
        folder: folder.to_path_buf(),
        replica,
        sealed,
        left: Vec::new(),
    };
    config
        .save(dir)
        .map_err(io_error("write the sync setting", &dir.sync_config()))?;
    let stub = dir.local_journal();
    secure_fs::write_atomic(&stub, MOVED_STUB).map_err(io_error("write", &stub))?;
    let _ = std::fs::remove_file(&starting);
    Ok(config)
}

/// The file in the data directory naming the id a `sync init` or `sync join` is
/// taking, written before the synced folder is, removed once `sync.json` is written.
const STARTING: &str = "sync.starting.json";

/// The id a start stopped half-way was taking in `folder` (noted in `starting`),
/// when its folder is there and its log is this device's journal as it was then:
/// the same bytes or a start of them (in an encrypted journal, sealed for that id;
/// nothing else writes there, since no device has that id in its `sync.json`).
/// `None`: a new id.
fn stopped_start(
    dir: &DataDir,
    folder: &SyncFolder,
    starting: &Path,
    log_for: &dyn Fn(&ReplicaId) -> Result<Vec<u8>, SetupError>,
) -> Option<ReplicaId> {
    let noted = SyncConfig::load_from(starting.to_path_buf())
        .ok()
        .flatten()?;
    if noted.folder != folder.root() || SyncConfig::load(dir).ok().flatten().is_some() {
        return None;
    }
    let there = secure_fs::open_regular(&folder.log(&noted.replica)).ok()?;
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut &there, &mut bytes).ok()?;
    let sealed = bytes.starts_with(b"{\"v\":2,\"vault\"");
    (sealed || log_for(&noted.replica).ok()?.starts_with(&bytes)).then_some(noted.replica)
}
