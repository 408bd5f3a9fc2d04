//! `passwd` in a synced journal: a new data key, so that the old passphrase (with an
//! older copy of `vault.json` from git's history or a sync engine's versions) opens at
//! most what was written before the change.
//!
//! The device that runs it makes a new key, writes `vault.json` as that key wrapped by
//! the new passphrase, carrying the old key (and those it replaced) wrapped by the new
//! key, then seals its own log anew with the new key. Every other device asks for the
//! new passphrase against `vault.json`, reads the logs still sealed with the old key
//! through the old key `vault.json` carries, and seals its own log anew the first time
//! it opens the journal to write (`Store::own_key`). Files in a data directory sealed
//! with the old key (drafts, reports, kept edits, the quarantine) keep opening with
//! it ([`crate::vault::Vault::open_file`]) and are sealed with the new one when next
//! written; the snapshots are removed and made again.
//!
//! The steps, each atomic, in an order where a stop loses nothing: the log sealed anew
//! is made in memory (nothing changes if a record does not read); `vault.json` is
//! written; the log is replaced; `sync.json` names the new key. Stopped after
//! `vault.json`, the device is one whose log is still sealed with the old key, and
//! seals it anew at its next write, as the others do.

use super::*;
use crate::journal::sync::vault_file;

impl Store {
    /// What to tell before the passphrase is asked on this device of a synced
    /// journal: that another device encrypted it, or changed its passphrase (and key),
    /// since this device last sealed its own log; `None` otherwise.
    pub fn unlock_notice(&self) -> Option<&'static str> {
        if self.encrypted_elsewhere() {
            return Some(crate::journal::sync::ENCRYPTED_ELSEWHERE);
        }
        self.changed_elsewhere()
            .then_some(crate::journal::sync::CHANGED_ELSEWHERE)
    }

    /// Whether the key in the synced folder's `vault.json` is not the one this
    /// device's log was last sealed with: `passwd` ran on another device since.
    fn changed_elsewhere(&self) -> bool {
        let Some(place) = synced::place(&self.dir) else {
            return false;
        };
        let sealed = crate::journal::sync::SyncConfig::load(&self.dir)
            .ok()
            .flatten()
            .and_then(|config| config.sealed);
        match (sealed, vault_file::load(&place.folder)) {
            (Some(sealed), Ok(Some(shared))) => shared.journal != sealed,
            _ => false,
        }
    }

    /// Gives this synced journal the new key `fresh` (wrapped in `shared`, made with
    /// [`Header::rotated`] from this store's key), from this device. An error, and
    /// nothing changed, if `vault.json` changed since this store's key was read from it
    /// (another `passwd` arrived meanwhile) or a record of this device's log does not
    /// read.
    pub fn rotate_synced(&self, shared: &Header, fresh: &Vault) -> Result<(), StoreError> {
        let (Some(place), Some(old)) = (synced::place(&self.dir), &self.vault) else {
            return Err(StoreError::Misplaced(
                "the journal is not synced and encrypted".into(),
            ));
        };
        let _lock = self.lock()?;
        let now = vault_file::load(&place.folder)?;
        if !now.as_ref().is_some_and(|now| now.is_for(old)) {
            return Err(StoreError::Misplaced(format!(
                "the key file {} changed while the passphrase was being changed (another \
                 device changed it too); nothing was changed here: run `between passwd` \
                 again with the passphrase it asks for",
                sanitize::text(&vault_file::path(&place.folder).display().to_string())
            )));
        }
        let path = self.dir.journal();
        let (bytes, from) = match secure_fs::open_regular(&path) {
            Ok(file) => {
                let from = self.key_for(&file, Some(&place.own))?.map(|(_, key)| key);
                let bytes = fs::read(&path).map_err(io_error("read the journal", &path))?;
                (bytes, from)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => (Vec::new(), None),
            Err(e) => return Err(io_error("read the journal", &path)(e)),
        };
        let header = shared.for_replica(place.own.as_str());
        let sealed = seal_synced::sealed_log(&bytes, from.as_ref(), &header, fresh)?;
        vault_file::save(&place.folder, shared)?;
        self.put_sealed_log(&path, &sealed, shared)
    }
}
