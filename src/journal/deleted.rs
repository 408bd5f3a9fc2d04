//! What a log says was deleted: each deleted entry's last tombstone and, in a synced
//! journal, the entries erased and the older revisions erased (`--erase-old`). The store keeps it beside the live entries and the
//! snapshot stores it after them.

use std::collections::{BTreeMap, BTreeSet};

use super::entry::EntryId;
use super::record::Tombstone;

/// What a log says was deleted: tombstones, and (in a synced journal) erasures.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Deleted {
    /// Each deleted entry's last tombstone.
    pub tombstones: BTreeMap<EntryId, Tombstone>,
    /// The entries erased.
    pub erased: BTreeSet<EntryId>,
    /// The older revisions erased, per entry (see [`super::erased_old`]); the entry
    /// itself stays.
    pub erased_old: super::erased_old::ErasedOld,
}

impl Deleted {
    /// Whether `id` is deleted or erased.
    pub fn contains(&self, id: &EntryId) -> bool {
        self.tombstones.contains_key(id) || self.erased.contains(id)
    }
}
