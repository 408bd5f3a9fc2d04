//! What the merge of every device's log found, beside the entries it shows: entries
//! changed on two devices independently, and devices whose logs could be read only in
//! part. The merge itself is the store's (`store::union`); this is what it tells.

use std::collections::BTreeMap;

use crate::journal::entry::{Entry, EntryId};
use crate::journal::record::Tombstone;
use crate::journal::replica::ReplicaId;

/// The merge's findings, kept with the journal it made.
#[derive(Debug, Clone, Default)]
pub struct Merged {
    /// This device.
    pub own: Option<ReplicaId>,
    /// Entries whose latest revisions were made independently on two devices.
    pub conflicts: BTreeMap<EntryId, Conflict>,
    /// Every device read, in the order of their ids.
    pub devices: Vec<DeviceRead>,
    /// Entries erased on another device that this device's own log still holds; the
    /// next writer rewrites its log without them.
    pub erased_here: Vec<EntryId>,
    /// Entries of this device's own log whose older revisions another device erased
    /// (`--erase-old`) since this device last honoured it; the next writer rewrites
    /// its log without the revisions named.
    pub erased_old_here: Vec<EntryId>,
}

/// An entry changed on two devices: the journal shows the latest revision (by its
/// number, then its device's id, the same on every device), and these are the others.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conflict {
    /// The other revisions, made independently of the one shown.
    pub others: Vec<Entry>,
    /// Deletions made independently of the revision shown (an edit beats a deletion,
    /// and is flagged).
    pub deleted: Vec<(ReplicaId, Tombstone)>,
}

/// How one device's log read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRead {
    /// The device.
    pub replica: ReplicaId,
    /// Its live entries.
    pub entries: usize,
    /// Files read: its log and any other copies of it.
    pub files: usize,
    /// Why it could be read only in part (damage in the middle), if so.
    pub damaged: Option<String>,
    /// The name it gave itself (its `device.json`), made safe to show.
    pub name: Option<String>,
}

impl Merged {
    /// What to call `replica` in words: its name, else the end of its id.
    pub fn name_of(&self, replica: &ReplicaId) -> String {
        self.devices
            .iter()
            .find(|device| device.replica == *replica)
            .and_then(|device| device.name.clone())
            .unwrap_or_else(|| format!("device {}", replica.short()))
    }
}

impl Conflict {
    /// The devices the conflicting revisions came from.
    pub fn devices(&self) -> impl Iterator<Item = &ReplicaId> {
        self.others
            .iter()
            .filter_map(|entry| entry.replica.as_ref())
            .chain(self.deleted.iter().map(|(replica, _)| replica))
    }
}
