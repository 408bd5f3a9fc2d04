//! What `journal edit --erase-old` erases in a synced journal: an entry's older
//! revisions, on every device. Each device's log holds only its own revisions, so the
//! device that erases writes a record naming them (no text), and every device honours
//! it by rewriting its own log without those of its revisions (see `docs/sync.md`,
//! "Erasing travels").
//!
//! The record names the revisions by a version vector: for each device, the latest
//! of its revisions to erase. That is the kept revision's `seen` (the revisions it
//! was made over, which it supersedes), and its own device's revisions before it. A
//! revision made at the same time on another device is not named, and stays. Two
//! such records of one entry say together what each says: their vectors are merged,
//! so a device that copies what it honoured into its own log (so that it needs to do
//! nothing more, and an old copy of its log is known to hold nothing new) says no
//! more than was said.

use std::collections::BTreeMap;

use super::entry::{Entry, EntryId};
use super::record::Tombstone;
use super::replica::ReplicaId;

/// For each entry, its revisions erased (their latest per device) and when.
pub type ErasedOld = BTreeMap<EntryId, Tombstone>;

/// The record that erases the revisions `kept` supersedes: those its `seen` names
/// and its own device's before it. `own` is this device, the device of a revision
/// read from its own log (which names none).
pub fn over(kept: &Entry, own: &ReplicaId) -> Tombstone {
    let mut erased = Tombstone::now(kept.id.clone());
    erased.revision = Some(kept.revision);
    erased.seen = kept.seen.clone();
    let device = kept.replica.as_ref().unwrap_or(own);
    if kept.revision > 1 {
        erased.seen.add(device, kept.revision - 1);
    }
    erased
}

/// Adds what `erased` says to `all`: for one entry, the later of each device's
/// revisions named, and the later time.
pub fn add(all: &mut ErasedOld, erased: Tombstone) {
    match all.get_mut(&erased.id) {
        Some(known) => {
            known.seen.absorb(&erased.seen);
            known.at = known.at.max(erased.at);
            known.revision = known.revision.max(erased.revision);
        }
        None => {
            all.insert(erased.id.clone(), erased);
        }
    }
}

/// Whether `erased` names revision `revision` of `device`.
pub fn names(erased: &Tombstone, device: &ReplicaId, revision: u32) -> bool {
    erased
        .seen
        .of(device)
        .is_some_and(|latest| latest >= revision)
}

/// Whether `known` names every revision `erased` does: nothing more to do for it.
pub fn says_all_of(known: &Tombstone, erased: &Tombstone) -> bool {
    erased
        .seen
        .iter()
        .all(|(device, revision)| names(known, device, revision))
}

/// The device whose revision `entry` is, read from the log of `device`: that one,
/// or the one it is a copy of (see [`crate::journal::seen::Seen::copy_of`]).
pub fn device_of<'a>(entry: &'a Entry, device: &'a ReplicaId) -> &'a ReplicaId {
    entry.seen.copy_of(entry.revision).unwrap_or(device)
}
