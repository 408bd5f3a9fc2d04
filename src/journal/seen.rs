//! What a revision was made over: for each other device, the latest of its revisions
//! of the entry that the writing device had read. A version vector, without the
//! writing device's own part (a device has always read everything it wrote).
//!
//! Revision `r` from device `Q` is superseded by a revision whose `seen` says `Q: r` or
//! more, or by a later revision of `Q`'s own; two revisions neither of which
//! supersedes the other were made independently: a conflict (see `merge`). A vector,
//! rather than a list of the revisions replaced, keeps that test true when a device
//! compacts its log and the revisions in between are gone.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::replica::ReplicaId;

/// For each other device, the latest of its revisions this one was made over.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Seen(BTreeMap<ReplicaId, u32>);

impl Seen {
    /// Whether it names no device (every revision of a journal on one device).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The latest revision of `replica` that was read, if any was.
    pub fn of(&self, replica: &ReplicaId) -> Option<u32> {
        self.0.get(replica).copied()
    }

    /// Notes that revision `revision` of `replica` was read too.
    pub fn add(&mut self, replica: &ReplicaId, revision: u32) {
        let known = self.0.entry(replica.clone()).or_insert(0);
        *known = (*known).max(revision);
    }

    /// The device whose revision `revision` this is a copy of, when it names one at
    /// exactly that revision. A revision a device makes is always made over lower
    /// ones, so only a copy says so: the log a cloned device takes to its new id marks
    /// each of its records as the old id's (see `journal::sync::cloned`), and they are
    /// read as that device's revisions, which the other machine's later ones under the
    /// old id supersede. `None` for every revision a device made.
    pub fn copy_of(&self, revision: u32) -> Option<&ReplicaId> {
        self.0
            .iter()
            .find(|(_, known)| **known == revision)
            .map(|(replica, _)| replica)
    }

    /// Everything `other` names, too.
    pub fn absorb(&mut self, other: &Seen) {
        for (replica, revision) in &other.0 {
            self.add(replica, *revision);
        }
    }

    /// The same, without `replica` (the writing device's own part goes unsaid).
    pub fn without(mut self, replica: &ReplicaId) -> Self {
        self.0.remove(replica);
        self
    }

    /// The devices and revisions, in the order of the devices' ids.
    pub fn iter(&self) -> impl Iterator<Item = (&ReplicaId, u32)> {
        self.0
            .iter()
            .map(|(replica, revision)| (replica, *revision))
    }
}
