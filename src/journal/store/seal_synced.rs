//! Encryption turned on for a journal that is synced already.
//!
//! One device runs `between encrypt`: it seals its own log with a new key and writes
//! that key, wrapped by the passphrase, into the synced folder's `vault.json`. Every
//! other device finds `vault.json` at its next command (which then asks for the
//! passphrase) and seals its own log with the same key the next time it opens the
//! journal to write. No device ever writes another's file, so each seals its own.
//!
//! Until a device has sealed its own log, it reads every log as before (the plain ones
//! too: it trusts them as it did a moment ago), and writes nothing before sealing its
//! own. Once it has (`SyncConfig::sealed` says so), a plain log in the folder is not
//! read: it could be anyone's. So on a device that sealed its log, another device's
//! entries are out of sight, with a warning naming that device, until that device has
//! run between once; nothing is lost meanwhile, and what it wrote in between is sealed
//! with the rest of its log.
//!
//! The steps on the device that encrypts, each atomic, in an order where a crash loses
//! nothing: the sealed log is made in memory (nothing changes if any record does not
//! read); `vault.json` is written; the log is replaced by the sealed one; `sync.json`
//! says the device is sealed. Stopped after `vault.json`, the device is one that has
//! not sealed its log yet, and does it at its next write, as the others do.

use super::*;
use crate::journal::sync::vault_file;
use crate::journal::sync::{ReplicaId, SyncConfig};

impl Store {
    /// Whether this device's log in a synced journal is sealed with the folder's key
    /// (it started or joined the journal encrypted, or sealed its log since).
    pub(super) fn sealed_here(&self) -> bool {
        SyncConfig::load(&self.dir)
            .ok()
            .flatten()
            .is_some_and(|config| config.sealed.is_some())
    }

    /// Whether the synced journal was encrypted on another device and this device has
    /// not sealed its own log yet: the passphrase it is asked for was set there.
    pub fn encrypted_elsewhere(&self) -> bool {
        synced::place(&self.dir)
            .is_some_and(|place| vault_file::path(&place.folder).is_file() && !self.sealed_here())
    }

    /// The names of the other devices whose log in the synced folder is plain and not
    /// empty: in an encrypted journal, those that have not sealed their entries yet.
    pub fn plain_devices(&self) -> Vec<String> {
        let Some(place) = synced::place(&self.dir) else {
            return Vec::new();
        };
        let plain =
            |replica: &ReplicaId| synced::form_of(&place.folder.log(replica)) == Some(Form::Plain);
        let devices = place.folder.devices().unwrap_or_default();
        devices
            .into_iter()
            .filter(|replica| *replica != place.own && plain(replica))
            .map(|replica| {
                crate::journal::sync::setup::device_name(&place.folder, &replica)
                    .unwrap_or_else(|| format!("device {}", replica.short()))
            })
            .collect()
    }

    /// Turns encryption on for this synced journal, from this device: `shared` is the
    /// new key wrapped by the passphrase (what `vault.json` holds), `vault` the key. An
    /// error, and nothing changed, if another device did it first (`vault.json` is
    /// there) or a record of this device's log does not read.
    pub fn encrypt_synced(&self, shared: &Header, vault: &Vault) -> Result<(), StoreError> {
        let Some(place) = synced::place(&self.dir) else {
            return Err(StoreError::Misplaced("the journal is not synced".into()));
        };
        let _lock = self.lock()?;
        if vault_file::load(&place.folder)?.is_some() {
            return Err(StoreError::Misplaced(format!(
                "the synced journal in {} was encrypted on another device already: any \
                 command here asks for its passphrase, and this device's entries are \
                 sealed with it the next time it writes",
                sanitize::text(&place.folder.root().display().to_string())
            )));
        }
        let path = self.dir.journal();
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(io_error("read the journal", &path)(e)),
        };
        let header = shared.for_replica(place.own.as_str());
        let sealed = sealed_log(&bytes, None, &header, vault)?;
        vault_file::save(&place.folder, shared)?;
        self.put_sealed_log(&path, &sealed, shared)
    }

    /// This device's plain log sealed with the synced folder's key (`shared`), for a
    /// device that has not sealed it yet (another device encrypted the journal), or an
    /// empty one given its header, or its log sealed with the key `from` that `passwd`
    /// replaced, sealed anew (see `rotate_synced`): the log replaced whole (a torn
    /// header would lock the device out), then `sync.json` told. The caller holds the
    /// lock. Returns the log's new header and key.
    pub(super) fn seal_own_log(
        &self,
        own: &ReplicaId,
        shared: &Header,
        vault: &Vault,
        from: Option<&RecordKey>,
    ) -> Result<(Header, RecordKey), StoreError> {
        let path = self.dir.journal();
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(io_error("read the journal", &path)(e)),
        };
        let header = shared.for_replica(own.as_str());
        let sealed = sealed_log(&bytes, from, &header, vault)?;
        self.put_sealed_log(&path, &sealed, shared)?;
        let key = RecordKey::new(vault, &header).expect("a header made for this key");
        Ok((header, key))
    }

    /// Puts the sealed log in place of the plain one (or the one sealed with a key
    /// `passwd` replaced), says in `sync.json` that this device's log is sealed with
    /// `shared`'s key, and removes the snapshots made of plain logs or with the old
    /// key (they are made again, sealed with this one, from the logs).
    pub(super) fn put_sealed_log(
        &self,
        path: &Path,
        sealed: &[u8],
        shared: &Header,
    ) -> Result<(), StoreError> {
        secure_fs::write_atomic(path, sealed).map_err(io_error("write the journal", path))?;
        let setting = self.dir.sync_config();
        let mut config = SyncConfig::load(&self.dir)
            .map_err(|e| io_error("read", &setting)(io::Error::other(e)))?
            .ok_or_else(|| io_error("read", &setting)(io::ErrorKind::NotFound.into()))?;
        if config.sealed.as_deref() == Some(shared.journal.as_str()) {
            // An emptied log given its header again: nothing else was plain.
            return Ok(());
        }
        config.sealed = Some(shared.journal.clone());
        config
            .save(&self.dir)
            .map_err(io_error("write the sync setting", &setting))?;
        let _ = fs::remove_file(self.dir.snapshot());
        if let Ok(snapshots) = fs::read_dir(self.dir.sync_state()) {
            for snapshot in snapshots.flatten() {
                let _ = fs::remove_file(snapshot.path());
            }
        }
        Ok(())
    }
}

/// The log `bytes` (plain, or sealed with `from`) sealed under `header` (this
/// device's log header) with the key `vault`; an empty log is the header alone.
/// Refused, in words, when a record does not read.
pub(super) fn sealed_log(
    bytes: &[u8],
    from: Option<&RecordKey>,
    header: &Header,
    vault: &Vault,
) -> Result<Vec<u8>, StoreError> {
    if bytes.is_empty() {
        return Ok(header_line(header));
    }
    synced::resealed(bytes, from, header, vault).map_err(|reason| {
        StoreError::Misplaced(format!(
            "this device's log could not be sealed with the synced journal's key, because \
             {reason}; nothing was changed"
        ))
    })
}
