//! The union of every device's log in a synced journal: each device's records read as
//! a journal of their own (the last revision of each id in that log wins, as on one
//! device), then merged by id. See `docs/sync.md`.
//!
//! For each id, each log offers its last word (a revision or a tombstone). One offer
//! supersedes another from a different device when its `seen` names that revision or a
//! later one, and one from the same device when its revision is later. The offers no
//! other supersedes are the heads: one head is the entry (or its deletion); more are a
//! conflict, shown as the head with the highest revision, then device id, so that every
//! device shows the same. A deletion among the heads loses to an edit, which is flagged.
//! An erasure on any device removes the entry everywhere.

use super::*;
use crate::journal::record::Tombstone;
use crate::journal::sync::merge::{Conflict, DeviceRead, Merged};
use crate::journal::sync::{ReplicaId, Seen};

/// One log's journal, as read, and whose it is.
#[derive(Debug)]
pub(super) struct Part {
    pub(super) replica: ReplicaId,
    pub(super) journal: Journal,
    /// Whether this is one of the other copies of the device's log (a conflict copy).
    pub(super) copy: bool,
}

/// What one log offers for an id.
struct Offer<'a> {
    replica: &'a ReplicaId,
    revision: u32,
    seen: &'a Seen,
    put: Option<Entry>,
    tombstone: Option<&'a Tombstone>,
}

impl Offer<'_> {
    /// Whether `other` supersedes this offer.
    fn superseded_by(&self, other: &Offer<'_>) -> bool {
        if self.replica == other.replica {
            // A legacy tombstone (no revision) came after every revision of its log.
            let later = |offer: &Offer<'_>| match offer.tombstone {
                Some(t) if t.revision.is_none() => u32::MAX,
                _ => offer.revision,
            };
            later(other) > later(self)
        } else {
            // Only a revision that names this device supersedes its revisions (a
            // record of revision 0, or a tombstone from before syncing, included).
            other
                .seen
                .of(self.replica)
                .is_some_and(|read| read >= self.revision)
        }
    }
}

/// Merges the logs of every device into the journal to show. `own` is this device.
pub(super) fn merge(own: &ReplicaId, mut parts: Vec<Part>) -> Journal {
    let mut view = Journal::default();
    let mut merged = Merged {
        own: Some(own.clone()),
        ..Merged::default()
    };
    for part in &parts {
        view.records += part.journal.records;
        view.generation += part.journal.generation;
        view.deleted
            .erased
            .extend(part.journal.deleted.erased.iter().cloned());
        view.newer |= part.journal.newer;
        match merged.devices.last_mut() {
            Some(device) if device.replica == part.replica => {
                device.files += 1;
                device.entries = device.entries.max(part.journal.len());
                device.damaged = device.damaged.take().or(part.journal.read_only.clone());
            }
            _ => merged.devices.push(DeviceRead {
                replica: part.replica.clone(),
                entries: part.journal.len(),
                files: 1,
                damaged: part.journal.read_only.clone(),
                name: None,
            }),
        }
        let erased_elsewhere = parts
            .iter()
            .any(|other| !std::ptr::eq(other, part) && !other.journal.deleted.erased.is_empty());
        if part.replica == *own && !part.copy {
            view.read_only = part.journal.read_only.clone();
        }
        if part.replica == *own && !part.copy && erased_elsewhere {
            merged.erased_here = part
                .journal
                .entries
                .iter()
                .map(|entry| &entry.id)
                .chain(part.journal.deleted.tombstones.keys())
                .filter(|id| {
                    parts.iter().any(|other| {
                        !std::ptr::eq(other, part) && other.journal.deleted.erased.contains(*id)
                    })
                })
                .cloned()
                .collect();
        }
        view.warnings.extend(part.journal.warnings.iter().cloned());
    }
    let tombstones: Vec<(ReplicaId, BTreeMap<EntryId, Tombstone>)> = parts
        .iter_mut()
        .filter(|part| !part.journal.deleted.tombstones.is_empty())
        .map(|part| {
            (
                part.replica.clone(),
                std::mem::take(&mut part.journal.deleted.tombstones),
            )
        })
        .collect();
    let replicas: Vec<ReplicaId> = parts.iter().map(|part| part.replica.clone()).collect();
    let erased = std::mem::take(&mut view.deleted.erased);
    let mut streams: Vec<_> = parts
        .into_iter()
        .map(|part| part.journal.entries.into_iter().peekable())
        .collect();
    let mut entries = Vec::with_capacity(streams.iter().map(|s| s.len()).sum());
    let mut deleted_streams: Vec<_> = tombstones
        .iter()
        .map(|(_, map)| map.iter().peekable())
        .collect();
    loop {
        // The stream whose next id is the smallest (the first of equals).
        let next = streams
            .iter_mut()
            .enumerate()
            .filter_map(|(i, stream)| stream.peek().map(|entry| (i, &entry.id)))
            .min_by(|a, b| a.1.cmp(b.1))
            .map(|(i, _)| i);
        let Some(first) = next else { break };
        let mut entry = streams[first].next().expect("a peeked entry");
        entry.replica = Some(replicas[first].clone());
        let mut offers = Vec::new();
        for (i, stream) in streams.iter_mut().enumerate() {
            if i != first
                && let Some(mut other) = stream.next_if(|other| other.id == entry.id)
            {
                other.replica = Some(replicas[i].clone());
                offers.push((&replicas[i], other));
            }
        }
        if !erased.is_empty() && erased.contains(&entry.id) {
            continue;
        }
        // The tombstones are read in step with the entries, both in the order of ids.
        let mut deletions = Vec::new();
        for ((replica, _), stream) in tombstones.iter().zip(&mut deleted_streams) {
            while stream.next_if(|(id, _)| **id < entry.id).is_some() {}
            if let Some((_, tombstone)) = stream.next_if(|(id, _)| **id == entry.id) {
                deletions.push((replica, tombstone));
            }
        }
        if offers.is_empty() && deletions.is_empty() {
            entries.push(entry);
            continue;
        }
        let id = entry.id.clone();
        offers.push((&replicas[first], entry));
        if let Some((entry, conflict)) = resolve(offers, deletions) {
            if let Some(conflict) = conflict {
                merged.conflicts.insert(id, conflict);
            }
            entries.push(entry);
        }
    }
    view.entries = entries;
    view.deleted.erased = erased;
    // Which ids were deleted on some device (for `Deleted::contains`: an inbox note
    // or an import deleted here is not taken in again).
    for (_, map) in tombstones {
        view.deleted.tombstones.extend(map);
    }
    view.sync = Some(Box::new(merged));
    view
}

/// The heads among the offers for one id: the entry to show and, when there are
/// several, the conflict; `None` when the entry is deleted.
fn resolve(
    puts: Vec<(&ReplicaId, Entry)>,
    deletions: Vec<(&ReplicaId, &Tombstone)>,
) -> Option<(Entry, Option<Conflict>)> {
    let puts: Vec<(ReplicaId, Entry)> = puts
        .into_iter()
        .map(|(replica, entry)| (replica.clone(), entry))
        .collect();
    let mut offers: Vec<Offer<'_>> = puts
        .iter()
        .map(|(replica, entry)| Offer {
            replica,
            revision: entry.revision,
            seen: &entry.seen,
            put: Some(entry.clone()),
            tombstone: None,
        })
        .collect();
    offers.extend(deletions.into_iter().map(|(replica, tombstone)| Offer {
        replica,
        revision: tombstone.revision.unwrap_or(0),
        seen: &tombstone.seen,
        put: None,
        tombstone: Some(tombstone),
    }));
    let heads: Vec<usize> = (0..offers.len())
        .filter(|&i| {
            !offers
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && offers[i].superseded_by(other))
        })
        .collect();
    let mut shown: Vec<Entry> = Vec::new();
    let mut deleted = Vec::new();
    for i in heads {
        let offer = &offers[i];
        match (&offer.put, offer.tombstone) {
            (Some(entry), _) => {
                // The same revision read from two places (the same note taken in from
                // the inbox on two devices, a copy of a log) is one; the one kept
                // names the other's device, so a revision made over it supersedes both.
                match shown.iter_mut().find(|other| same_revision(other, entry)) {
                    Some(kept) => {
                        if kept.replica != entry.replica
                            && let Some(replica) = &entry.replica
                        {
                            kept.seen.add(replica, entry.revision);
                        }
                    }
                    None => shown.push(entry.clone()),
                }
            }
            (None, Some(tombstone)) => deleted.push((offer.replica.clone(), tombstone.clone())),
            (None, None) => {}
        }
    }
    shown.sort_by(|a, b| (a.revision, &a.replica).cmp(&(b.revision, &b.replica)));
    let entry = shown.pop()?;
    let conflict = (!shown.is_empty() || !deleted.is_empty()).then_some(Conflict {
        others: shown,
        deleted,
    });
    Some((entry, conflict))
}

/// Whether two revisions are the same but for the device they were read from (and
/// what a kept one was told of its copies).
fn same_revision(a: &Entry, b: &Entry) -> bool {
    let unplaced = |entry: &Entry| Entry {
        replica: None,
        seen: Default::default(),
        ..entry.clone()
    };
    a.revision == b.revision && unplaced(a) == unplaced(b)
}

impl Journal {
    /// In a synced journal, what the merge found; `None` on a device of its own.
    pub fn merged(&self) -> Option<&Merged> {
        self.sync.as_deref()
    }

    /// The conflict of the entry `id`, if it was changed on two devices independently.
    pub fn conflict(&self, id: &EntryId) -> Option<&Conflict> {
        self.sync.as_ref()?.conflicts.get(id)
    }

    /// The revision number and `seen` a new revision (or deletion) of `id` made on
    /// `own` takes: one more than every head's, over all of them, so that it
    /// supersedes every revision shown and resolves a conflict.
    pub(super) fn next_version(&self, id: &EntryId, own: &ReplicaId) -> (u32, Seen) {
        let mut revision = 0;
        let mut seen = Seen::default();
        let mut over = |replica: Option<&ReplicaId>, number: u32, their: &Seen| {
            revision = revision.max(number);
            seen.absorb(their);
            if let Some(replica) = replica {
                seen.add(replica, number);
            }
        };
        if let Some(entry) = self.get(id) {
            over(entry.replica.as_ref(), entry.revision, &entry.seen);
        }
        if let Some(conflict) = self.conflict(id) {
            for entry in &conflict.others {
                over(entry.replica.as_ref(), entry.revision, &entry.seen);
            }
            for (replica, tombstone) in &conflict.deleted {
                over(
                    Some(replica),
                    tombstone.revision.unwrap_or(0),
                    &tombstone.seen,
                );
            }
        }
        (revision + 1, seen.without(own))
    }

    /// `entry` as a change made on this device over every version of it this journal
    /// shows. In a synced journal its revision is one more than every head's and its
    /// `seen` names them all ([`Journal::next_version`]), so saving it settles a
    /// conflict shown, and a version that arrived unseen meanwhile stays a conflict
    /// rather than being silently superseded. Elsewhere (and for a new entry) it is
    /// returned as it is.
    pub fn over_shown(&self, mut entry: Entry) -> Entry {
        let Some(own) = self.sync.as_ref().and_then(|merged| merged.own.clone()) else {
            return entry;
        };
        if self.get(&entry.id).is_some() || self.conflict(&entry.id).is_some() {
            let (revision, seen) = self.next_version(&entry.id, &own);
            entry.revision = entry.revision.max(revision);
            entry.seen = seen;
        }
        entry
    }

    /// Applies a record this device wrote (made over every version shown, see
    /// [`Journal::over_shown`]): its revision is marked as this device's, and the
    /// entry's conflict, if any, is settled. Returns the entry's id.
    pub fn apply_own(&mut self, mut record: Record) -> EntryId {
        let own = self.sync.as_ref().and_then(|merged| merged.own.clone());
        if let Some(entry) = record.put.as_mut() {
            entry.replica = own;
        }
        let id = match (&record.put, &record.delete) {
            (Some(entry), _) => entry.id.clone(),
            (None, Some(tombstone)) => tombstone.id.clone(),
            (None, None) => unreachable!("a put or a tombstone"),
        };
        self.apply(record);
        self.resolved(&id);
        id
    }

    /// After this device saved or deleted `id` over every head: no conflict is left.
    pub(super) fn resolved(&mut self, id: &EntryId) {
        if let Some(merged) = self.sync.as_mut() {
            merged.conflicts.remove(id);
        }
    }
}
