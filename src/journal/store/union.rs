//! The union of every device's log in a synced journal: each device's records read as
//! a journal of their own (the last revision of each id in that log wins, as on one
//! device), then merged by id. See `docs/sync.md`.
//!
//! For each id, each log offers its last word (a revision or a tombstone). One offer
//! supersedes another when its lineage names it; without a lineage, when it is from a
//! different device and its `seen` names that revision or a later one, or from the
//! same device and its revision is later. The offers no other supersedes are the
//! heads: one head is the entry (or its deletion); more are a conflict, shown as the
//! head with the highest revision, then device id, then the latest saved, so that
//! every device shows the same. A deletion among the heads loses to an edit, which is flagged.
//! An erasure on any device removes the entry everywhere.

use std::collections::BTreeSet;

use super::backfill::Backfill;
use super::*;
use crate::journal::erased_old;
use crate::journal::lineage::Lineage;
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
    /// When it was saved (a deletion: made), for its digest, as lineages name it.
    at: &'a chrono::DateTime<chrono::FixedOffset>,
    /// What it was made over, when that is known.
    lineage: Option<&'a Lineage>,
    /// The deletion offered, if it is one (else a revision).
    tombstone: Option<&'a Tombstone>,
}

impl Offer<'_> {
    /// Whether `other` supersedes this offer: it names this one in its lineage, when
    /// it has one; else by the version vector.
    fn superseded_by(&self, other: &Offer<'_>) -> bool {
        if let Some(lineage) = other.lineage {
            // Exact where the vector is not: two machines writing under one id (a
            // cloned device) make revisions of the same numbers, and only the
            // lineage says whether one was made over the other.
            return lineage.names(self.revision, self.at);
        }
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
        for erased in part.journal.deleted.erased_old.values() {
            erased_old::add(&mut view.deleted.erased_old, erased.clone());
        }
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
    if let Some(part) = parts.iter().find(|part| part.replica == *own && !part.copy) {
        merged.erased_old_here = erased_old_to_honour(&part.journal, &view.deleted.erased_old);
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
    let mut logs = Logs::new(parts.into_iter().map(|part| part.journal.entries).collect());
    let mut deleted_streams: Vec<_> = tombstones
        .iter()
        .map(|(_, map)| map.iter().rev().peekable())
        .collect();
    // From the back: the entry with the largest id is put in first, each one before
    // the last put in, so every entry is moved once, into the vector it ends in.
    loop {
        // The log whose last id is the largest (the first of equals).
        let next = (0..logs.count())
            .filter_map(|i| logs.last_id(i).map(|id| (i, id)))
            .min_by(|a, b| b.1.cmp(a.1))
            .map(|(i, _)| i);
        let Some(first) = next else { break };
        // The tombstones are read in step with the entries, both from the largest id.
        let largest = logs.last_id(first).expect("a log with an entry left");
        for stream in &mut deleted_streams {
            while stream.next_if(|(id, _)| *id > largest).is_some() {}
        }
        // The entries of `first` after any other log's last id or tombstone are
        // offered by that log alone: they are moved over as one run.
        let bound = (0..logs.count())
            .filter(|&i| i != first)
            .filter_map(|i| logs.last_id(i))
            .chain(
                deleted_streams
                    .iter_mut()
                    .filter_map(|s| s.peek().map(|(id, _)| *id)),
            )
            .max();
        // Counted from the back, not by a binary search: runs are short when the
        // devices' entries interleave, and a search would touch far entries (and
        // their ids' text) that a step to the next does not.
        let left = logs.left(first);
        let alone = match bound {
            Some(bound) => left.iter().rev().take_while(|e| e.id > *bound).count(),
            None => left.len(),
        };
        if alone > 0 {
            let put = logs.put_run(first, alone, &erased);
            for entry in logs.filled.front_mut(put) {
                entry.replica = Some(replicas[first].clone());
            }
            continue;
        }
        let mut entry = logs.take_last(first);
        entry.replica = Some(replicas[first].clone());
        let mut offers = Vec::new();
        for (i, replica) in replicas.iter().enumerate() {
            if i != first && logs.last_id(i) == Some(&entry.id) {
                let mut other = logs.take_last(i);
                other.replica = Some(replica.clone());
                offers.push((replica, other));
            }
        }
        if !erased.is_empty() && erased.contains(&entry.id) {
            continue;
        }
        let mut deletions = Vec::new();
        for ((replica, _), stream) in tombstones.iter().zip(&mut deleted_streams) {
            if let Some((_, tombstone)) = stream.next_if(|(id, _)| **id == entry.id) {
                deletions.push((replica, tombstone));
            }
        }
        if offers.is_empty() && deletions.is_empty() {
            logs.filled.put_front(entry);
            continue;
        }
        let id = entry.id.clone();
        offers.push((&replicas[first], entry));
        if let Some((entry, conflict)) = resolve(offers, deletions) {
            if let Some(conflict) = conflict {
                merged.conflicts.insert(id, conflict);
            }
            logs.filled.put_front(entry);
        }
    }
    let entries = logs.filled.into_vec();
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

/// The entries of this device's log `own` whose older revisions `all` (every log's
/// erase-old records) names beyond what `own` says it honoured already.
fn erased_old_to_honour(own: &Journal, all: &erased_old::ErasedOld) -> Vec<EntryId> {
    all.iter()
        .filter(|(id, erased)| {
            (own.get(id).is_some() || own.deleted.tombstones.contains_key(*id))
                && !own
                    .deleted
                    .erased_old
                    .get(*id)
                    .is_some_and(|honoured| erased_old::says_all_of(honoured, erased))
        })
        .map(|(id, _)| id.clone())
        .collect()
}

/// The logs' entries as the merge takes them, from the back: one log's vector (the one
/// with room for all, when there is one: this device's, see `Store::load_synced`) is
/// the one the merged entries are put in.
struct Logs {
    /// The log whose vector is filled.
    home: usize,
    filled: Backfill<Entry>,
    /// The other logs' entries (the home log's place is empty).
    others: Vec<Vec<Entry>>,
}

impl Logs {
    fn new(mut logs: Vec<Vec<Entry>>) -> Self {
        let total: usize = logs.iter().map(Vec::len).sum();
        // The vector with room for every entry, else the largest (which grows).
        let home = (0..logs.len())
            .max_by_key(|&i| (logs[i].capacity() >= total, logs[i].len()))
            .unwrap_or(0);
        let own = match logs.get_mut(home) {
            Some(own) => std::mem::take(own),
            None => Vec::new(),
        };
        let room = total - own.len();
        Self {
            home,
            filled: Backfill::new(own, room),
            others: logs,
        }
    }

    fn count(&self) -> usize {
        self.others.len()
    }

    /// The entries of log `i` not taken yet.
    fn left(&self, i: usize) -> &[Entry] {
        match i == self.home {
            true => self.filled.unread(),
            false => &self.others[i],
        }
    }

    /// The id of the entry log `i` offers next: its largest not taken yet.
    fn last_id(&self, i: usize) -> Option<&EntryId> {
        self.left(i).last().map(|entry| &entry.id)
    }

    fn take_last(&mut self, i: usize) -> Entry {
        match i == self.home {
            true => self.filled.take_last(),
            false => self.others[i].pop(),
        }
        .expect("a log with an entry left")
    }

    /// Puts the last `count` entries of log `i` in, but the erased ones; how many
    /// were put in.
    fn put_run(&mut self, i: usize, count: usize, erased: &BTreeSet<EntryId>) -> usize {
        if !erased.is_empty() {
            let mut put = 0;
            for _ in 0..count {
                let entry = self.take_last(i);
                if !erased.contains(&entry.id) {
                    self.filled.put_front(entry);
                    put += 1;
                }
            }
            return put;
        }
        match i == self.home {
            true => self.filled.move_own_run(count),
            false => self.filled.put_run_from(&mut self.others[i], count),
        }
        count
    }
}

/// The heads among the offers for one id: the entry to show and, when there are
/// several, the conflict; `None` when the entry is deleted.
fn resolve(
    mut puts: Vec<(&ReplicaId, Entry)>,
    deletions: Vec<(&ReplicaId, &Tombstone)>,
) -> Option<(Entry, Option<Conflict>)> {
    // A copy of another device's revision (in the log a cloned device took to its new
    // id) is that device's revision.
    for (_, entry) in &mut puts {
        if let Some(origin) = entry.seen.copy_of(entry.revision) {
            entry.replica = Some(origin.clone());
        }
    }
    let offers: Vec<Offer<'_>> = puts
        .iter()
        .map(|(replica, entry)| Offer {
            replica: entry.replica.as_ref().unwrap_or(replica),
            revision: entry.revision,
            seen: &entry.seen,
            at: &entry.updated,
            lineage: entry.known_lineage(),
            tombstone: None,
        })
        .chain(deletions.iter().map(|&(replica, tombstone)| {
            let revision = tombstone.revision.unwrap_or(0);
            Offer {
                replica: tombstone.seen.copy_of(revision).unwrap_or(replica),
                revision,
                seen: &tombstone.seen,
                at: &tombstone.at,
                lineage: tombstone.known_lineage(),
                tombstone: Some(tombstone),
            }
        }))
        .collect();
    let head: Vec<bool> = (0..offers.len())
        .map(|i| {
            !offers
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && offers[i].superseded_by(other))
        })
        .collect();
    let mut deleted: Vec<(ReplicaId, Tombstone)> = Vec::new();
    for (offer, &head) in offers.iter().zip(&head) {
        let Some(tombstone) = offer.tombstone.filter(|_| head) else {
            continue;
        };
        // The same deletion read from two places (two copies of a log a cloned
        // device left, each rewritten on its own, or the log and the copy a cloned
        // device took to its new id, which names its origin in `seen`) is one.
        let deletion = (
            offer.replica.clone(),
            Tombstone {
                seen: tombstone.seen.clone().without(offer.replica),
                ..tombstone.clone()
            },
        );
        if !deleted.contains(&deletion) {
            deleted.push(deletion);
        }
    }
    drop(offers);
    // The heads' entries are moved, not copied, into what is shown.
    let mut shown: Vec<Entry> = Vec::new();
    for ((_, mut entry), _) in puts.into_iter().zip(head).filter(|(_, head)| *head) {
        // The same revision read from two places (the same note taken in from the
        // inbox on two devices, a copy of a log) is one; the one kept names the
        // other's device, so a revision made over it supersedes both.
        let same = (0..shown.len()).find(|&i| same_revision(&mut shown[i], &mut entry));
        match same.map(|i| &mut shown[i]) {
            Some(kept) => {
                if kept.replica != entry.replica
                    && let Some(replica) = &entry.replica
                {
                    kept.seen.add(replica, entry.revision);
                }
            }
            None => shown.push(entry),
        }
    }
    // Two machines writing under one id (a cloned device) make revisions of the same
    // number and device: the later saved is shown, and at the same moment, the higher
    // digest, so that every device shows the same.
    shown.sort_by(|a, b| {
        (a.revision, &a.replica, a.updated)
            .cmp(&(b.revision, &b.replica, b.updated))
            .then_with(|| a.digest().cmp(&b.digest()))
    });
    let entry = shown.pop()?;
    let conflict = (!shown.is_empty() || !deleted.is_empty()).then_some(Conflict {
        others: shown,
        deleted,
    });
    Some((entry, conflict))
}

/// Whether two revisions are the same but for the device they were read from (and
/// what a kept one was told of its copies). Compared in place, without a copy of
/// either: the two fields that may differ are set aside meanwhile.
fn same_revision(a: &mut Entry, b: &mut Entry) -> bool {
    if a.revision != b.revision {
        return false;
    }
    let set_aside = |entry: &mut Entry| (entry.replica.take(), std::mem::take(&mut entry.seen));
    let (a_replica, a_seen) = set_aside(a);
    let (b_replica, b_seen) = set_aside(b);
    let same = a == b;
    (a.replica, a.seen) = (a_replica, a_seen);
    (b.replica, b.seen) = (b_replica, b_seen);
    same
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

    /// The revision number, `seen` and lineage a new revision (or deletion) of `id`
    /// made on `own` takes: one more than every head's, over all of them, so that it
    /// supersedes every revision shown and resolves a conflict.
    pub(super) fn next_version(&self, id: &EntryId, own: &ReplicaId) -> (u32, Seen, Lineage) {
        let mut revision = 0;
        let mut seen = Seen::default();
        let mut heads = Vec::new();
        let mut over = |replica: Option<&ReplicaId>,
                        number: u32,
                        their: &Seen,
                        digest: u64,
                        history: Option<&Lineage>| {
            revision = revision.max(number);
            seen.absorb(their);
            if let Some(replica) = replica {
                seen.add(replica, number);
            }
            heads.push((digest, history.cloned()));
        };
        let conflict = self.conflict(id);
        let revisions = self
            .get(id)
            .into_iter()
            .chain(conflict.into_iter().flat_map(|conflict| &conflict.others));
        for entry in revisions {
            over(
                entry.replica.as_ref(),
                entry.revision,
                &entry.seen,
                entry.digest(),
                entry.known_lineage(),
            );
        }
        if let Some(conflict) = conflict {
            for (replica, tombstone) in &conflict.deleted {
                over(
                    Some(replica),
                    tombstone.revision.unwrap_or(0),
                    &tombstone.seen,
                    tombstone.digest(),
                    tombstone.known_lineage(),
                );
            }
        }
        let lineage = Lineage::over(
            heads
                .iter()
                .map(|(digest, history)| (*digest, history.as_ref())),
        );
        (revision + 1, seen.without(own), lineage)
    }

    /// `entry` as a change made on this device over every version of it this journal
    /// shows. In a synced journal its revision is one more than every head's and its
    /// `seen` names them all ([`Journal::next_version`]), so saving it settles a
    /// conflict shown, and a version that arrived unseen meanwhile stays a conflict
    /// rather than being silently superseded. Elsewhere (and for a new entry) it is
    /// returned as it is.
    pub fn over_shown(&self, mut entry: Entry) -> Entry {
        // What the entry was read with was the revision before.
        entry.lineage = Lineage::default();
        let Some(own) = self.sync.as_ref().and_then(|merged| merged.own.clone()) else {
            return entry;
        };
        if self.get(&entry.id).is_some() || self.conflict(&entry.id).is_some() {
            let (revision, seen, lineage) = self.next_version(&entry.id, &own);
            entry.revision = entry.revision.max(revision);
            entry.seen = seen;
            entry.lineage = lineage;
            // When this revision is saved: its digest in later lineages is of its
            // number and this moment, which tells it from a revision of the same
            // number another machine saved under a cloned device's id.
            entry.updated = crate::journal::entry::now();
        }
        entry
    }

    /// The tombstone that deletes `id` on this device, made over every version of it
    /// this journal shows: in a synced journal its revision is one more than every
    /// head's and its `seen` names them all, as [`Journal::over_shown`] makes a
    /// revision, so that it supersedes them on every device.
    pub fn deletion_over_shown(&self, id: &EntryId) -> Tombstone {
        let mut tombstone = Tombstone::now(id.clone());
        if let Some(own) = self.sync.as_ref().and_then(|merged| merged.own.clone()) {
            let (revision, seen, lineage) = self.next_version(id, &own);
            tombstone.revision = Some(revision);
            tombstone.seen = seen;
            tombstone.lineage = lineage;
        }
        tombstone
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

    /// Whether `entry`, a revision of the log of `device`, is one `erased_old` names
    /// to erase: named there, and not shown (a revision named can only be one that
    /// was superseded; one still shown is kept, whatever a record in a file says; and
    /// one of the same number and device beside it, from the other machine of a
    /// cloned device, is not the one shown).
    pub(super) fn erased_old_names(
        &self,
        erased_old: &erased_old::ErasedOld,
        entry: &Entry,
        device: &ReplicaId,
    ) -> bool {
        let Some(erased) = erased_old.get(&entry.id) else {
            return false;
        };
        let device = erased_old::device_of(entry, device);
        // The same revision: of that number and device, saved at that moment (two
        // machines under a cloned device's id make revisions of one number).
        let shown = |other: &Entry| {
            other.revision == entry.revision
                && other.updated == entry.updated
                && other.replica.as_ref().is_none_or(|of| of == device)
        };
        erased_old::names(erased, device, entry.revision)
            && !self.get(&entry.id).is_some_and(shown)
            && !self
                .conflict(&entry.id)
                .is_some_and(|conflict| conflict.others.iter().any(shown))
    }

    /// After this device saved or deleted `id` over every head: no conflict is left.
    pub(super) fn resolved(&mut self, id: &EntryId) {
        if let Some(merged) = self.sync.as_mut() {
            merged.conflicts.remove(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replica(last: char) -> ReplicaId {
        ReplicaId::parse(&format!("01M8T0000000000000000000{last}{last}")).expect("a replica id")
    }

    fn part(replica: &ReplicaId, entries: Vec<Entry>, deleted: Deleted) -> Part {
        Part {
            replica: replica.clone(),
            journal: Journal::from_snapshot(entries, deleted, 0),
            copy: false,
        }
    }

    /// The deletion of `entry` as revision `revision`, made over `seen`.
    fn deletion(entry: &Entry, revision: u32, seen: Seen) -> Deleted {
        let mut deleted = Deleted::default();
        deleted.tombstones.insert(
            entry.id.clone(),
            Tombstone {
                id: entry.id.clone(),
                at: entry.updated,
                revision: Some(revision),
                seen,
                lineage: Lineage::default(),
            },
        );
        deleted
    }

    /// Entries whose ids increase in the order they are made.
    fn notes(count: usize) -> Vec<Entry> {
        (0..count)
            .map(|i| Entry::note(format!("note {i}")))
            .collect()
    }

    /// The journal of `entries`, the log of `a` alone.
    fn alone(a: &ReplicaId, entries: Vec<Entry>) -> Journal {
        merge(a, vec![part(a, entries, Deleted::default())])
    }

    /// `entry` with its text changed, saved over what `view` shows, as a writer does.
    fn changed(view: &Journal, entry: &Entry, text: &str) -> Entry {
        let mut entry = entry.clone();
        entry.answers = Entry::note(text.into()).answers;
        view.over_shown(entry)
    }

    /// The text of the entry `id` shown, and of each other version in its conflict.
    fn versions(view: &Journal, id: &EntryId) -> (String, Vec<String>, usize) {
        let text = |entry: &Entry| entry.answers[0].value.text().unwrap_or("").to_owned();
        let conflict = view.conflict(id);
        (
            view.get(id).map(text).unwrap_or_default(),
            conflict
                .map(|c| c.others.iter().map(text).collect())
                .unwrap_or_default(),
            conflict.map_or(0, |c| c.deleted.len()),
        )
    }

    #[test]
    fn two_machines_under_one_id_changing_one_entry_are_a_conflict_whatever_the_numbers() {
        let a = replica('A');
        let e = notes(1);
        let at_first = alone(&a, e.clone());
        // One machine changes the entry once; its clone, twice, under the same id.
        let once = changed(&at_first, &e[0], "once");
        let first_of_two = changed(&at_first, &e[0], "first of two");
        let after_one = alone(&a, vec![first_of_two]);
        let twice = changed(&after_one, after_one.get(&e[0].id).unwrap(), "twice");
        assert_eq!((once.revision, twice.revision), (2, 3));
        let copy = |entries| Part {
            copy: true,
            ..part(&a, entries, Deleted::default())
        };
        let both = merge(
            &a,
            vec![
                part(&a, vec![once.clone()], Deleted::default()),
                copy(vec![twice.clone()]),
            ],
        );
        assert_eq!(
            versions(&both, &e[0].id),
            ("twice".into(), vec!["once".into()], 0)
        );
        // Over a revision it was made over, the later one supersedes it.
        let over_the_first = merge(
            &a,
            vec![
                part(&a, e.clone(), Deleted::default()),
                copy(vec![twice.clone()]),
            ],
        );
        assert_eq!(
            versions(&over_the_first, &e[0].id),
            ("twice".into(), vec![], 0)
        );
        // Saved over both, the conflict is settled on every machine.
        let settled = changed(&both, both.get(&e[0].id).unwrap(), "settled");
        let after = merge(
            &a,
            vec![
                part(&a, vec![settled], Deleted::default()),
                copy(vec![twice.clone()]),
                copy(vec![once]),
            ],
        );
        assert_eq!(versions(&after, &e[0].id), ("settled".into(), vec![], 0));
        // A revision that names no lineage (written before lineages were) is ordered
        // by its number, as before.
        let mut unknown = twice;
        unknown.lineage = Lineage::default();
        let old_rule = merge(
            &a,
            vec![
                part(
                    &a,
                    vec![changed(&at_first, &e[0], "once")],
                    Deleted::default(),
                ),
                copy(vec![unknown]),
            ],
        );
        assert_eq!(versions(&old_rule, &e[0].id), ("twice".into(), vec![], 0));
    }

    #[test]
    fn a_deletion_from_before_syncing_still_comes_after_every_revision_of_its_log() {
        let a = replica('A');
        let e = notes(1);
        let mut deleted = Deleted::default();
        let mut legacy = Tombstone::now(e[0].id.clone());
        legacy.revision = None;
        deleted.tombstones.insert(e[0].id.clone(), legacy);
        let view = merge(
            &a,
            vec![
                part(&a, Vec::new(), deleted),
                Part {
                    copy: true,
                    ..part(&a, e.clone(), Deleted::default())
                },
            ],
        );
        assert!(view.get(&e[0].id).is_none());
        assert!(view.conflict(&e[0].id).is_none());
    }

    #[test]
    fn a_deletion_on_one_machine_under_a_cloned_id_does_not_hide_the_others_change() {
        let a = replica('A');
        let e = notes(1);
        let at_first = alone(&a, e.clone());
        let kept = changed(&at_first, &e[0], "kept");
        let changed_there = changed(&at_first, &e[0], "changed there");
        let after = alone(&a, vec![changed_there]);
        let deletion = after.deletion_over_shown(&e[0].id);
        assert_eq!(deletion.revision, Some(3));
        assert!(Record::tombstone(deletion.clone()).v == crate::journal::record::LINEAGE_VERSION);
        let mut deleted = Deleted::default();
        deleted.tombstones.insert(e[0].id.clone(), deletion);
        let both = merge(
            &a,
            vec![
                part(&a, vec![kept], Deleted::default()),
                Part {
                    copy: true,
                    ..part(&a, Vec::new(), deleted)
                },
            ],
        );
        assert_eq!(versions(&both, &e[0].id), ("kept".into(), vec![], 1));
    }

    #[test]
    fn one_deletion_read_from_two_copies_of_a_log_is_one_beside_an_edit_made_meanwhile() {
        let (a, b) = (replica('A'), replica('B'));
        let e = notes(1);
        let r = e[0].revision;
        let mut seen = Seen::default();
        seen.add(&a, r);
        let deleted_on_a = deletion(&e[0], r + 1, Seen::default());
        let mut edited_on_b = e[0].clone();
        edited_on_b.revision = r + 1;
        edited_on_b.seen = seen;
        let copy = || Part {
            copy: true,
            ..part(&a, Vec::new(), deleted_on_a.clone())
        };
        let parts = vec![
            copy(),
            copy(),
            part(&b, vec![edited_on_b], Deleted::default()),
        ];
        let view = merge(&b, parts);
        let conflict = view
            .conflict(&e[0].id)
            .expect("an edit and a deletion made meanwhile");
        assert_eq!(conflict.deleted.len(), 1, "{conflict:?}");
    }

    #[test]
    fn a_run_of_one_log_stops_at_another_logs_revision_tombstone_and_erasure() {
        let (a, b, c) = (replica('A'), replica('B'), replica('C'));
        let e = notes(6);
        let r = e[0].revision;
        let mut over_a = e[3].clone();
        over_a.revision = r + 1;
        over_a.seen.add(&a, r);
        over_a.answers = Entry::note("changed on b".into()).answers;
        let mut seen = Seen::default();
        seen.add(&a, r);
        let deleted_on_b = deletion(&e[4], r + 1, seen);
        let mut erased_on_c = Deleted::default();
        erased_on_c.erased.insert(e[1].id.clone());
        let on_a = vec![
            e[0].clone(),
            e[1].clone(),
            e[3].clone(),
            e[4].clone(),
            e[5].clone(),
        ];
        let parts = vec![
            part(&a, on_a, Deleted::default()),
            part(&b, vec![e[2].clone(), over_a.clone()], deleted_on_b),
            part(&c, Vec::new(), erased_on_c),
        ];
        let view = merge(&a, parts);
        let shown: Vec<(&EntryId, Option<&ReplicaId>, u32)> = view
            .entries()
            .map(|entry| (&entry.id, entry.replica.as_ref(), entry.revision))
            .collect();
        assert_eq!(
            shown,
            vec![
                (&e[0].id, Some(&a), r),
                (&e[2].id, Some(&b), r),
                (&e[3].id, Some(&b), r + 1),
                (&e[5].id, Some(&a), r),
            ]
        );
        assert_eq!(
            view.get(&e[3].id).map(|entry| &entry.answers),
            Some(&over_a.answers)
        );
        assert!(view.merged().expect("a merge").conflicts.is_empty());
        assert!(view.deleted.tombstones.contains_key(&e[4].id));
        assert!(view.deleted.erased.contains(&e[1].id));
    }

    #[test]
    fn the_merge_fills_the_vector_with_room_from_the_back_and_moves_it_up_when_shorter() {
        let (a, b, c) = (replica('A'), replica('B'), replica('C'));
        let e = notes(9);
        let mut changed_on_c = e[6].clone();
        changed_on_c.answers = Entry::note("changed on c".into()).answers;
        let mut erased_on_c = Deleted::default();
        erased_on_c.erased.insert(e[3].id.clone());
        // This device's entries, decoded with room for the others' (as
        // `Store::load_synced` does); the same revision of e[1] on a and b.
        let mut on_a = Vec::with_capacity(16);
        on_a.extend([&e[1], &e[3], &e[4], &e[8]].map(Entry::clone));
        let home = on_a.as_ptr();
        let on_b = [&e[0], &e[1], &e[2], &e[6], &e[7]]
            .map(Entry::clone)
            .to_vec();
        let on_c = vec![e[5].clone(), changed_on_c.clone()];
        let parts = vec![
            part(&a, on_a, Deleted::default()),
            part(&b, on_b, Deleted::default()),
            part(&c, on_c, erased_on_c),
        ];
        let view = merge(&a, parts);
        let shown: Vec<(&EntryId, Option<&ReplicaId>)> = view
            .entries()
            .map(|entry| (&entry.id, entry.replica.as_ref()))
            .collect();
        let from_a_or_b = view.get(&e[1].id).and_then(|entry| entry.replica.as_ref());
        assert_eq!(
            shown,
            vec![
                (&e[0].id, Some(&b)),
                (&e[1].id, from_a_or_b),
                (&e[2].id, Some(&b)),
                (&e[4].id, Some(&a)),
                (&e[5].id, Some(&c)),
                (&e[6].id, Some(&c)),
                (&e[7].id, Some(&b)),
                (&e[8].id, Some(&a)),
            ],
            "in order, e[1] once, the erased e[3] left out"
        );
        assert!(view.conflict(&e[1].id).is_none());
        let conflict = view.conflict(&e[6].id).expect("changed on b and c");
        assert_eq!(conflict.others[0].replica.as_ref(), Some(&b));
        assert_eq!(view.entries.as_ptr(), home, "merged into a's vector");
    }

    #[test]
    fn the_same_revision_from_two_devices_is_one_that_names_both_and_another_is_a_conflict() {
        let (a, b) = (replica('A'), replica('B'));
        let e = notes(2);
        let mut changed_on_b = e[1].clone();
        changed_on_b.answers = Entry::note("changed on b".into()).answers;
        let parts = vec![
            part(&a, e.clone(), Deleted::default()),
            part(
                &b,
                vec![e[0].clone(), changed_on_b.clone()],
                Deleted::default(),
            ),
        ];
        let view = merge(&a, parts);
        assert_eq!(view.len(), 2);
        let same = view.get(&e[0].id).expect("the entry both hold");
        let other = if same.replica.as_ref() == Some(&a) {
            &b
        } else {
            &a
        };
        assert_eq!(same.seen.of(other), Some(e[0].revision), "{:?}", same.seen);
        assert!(view.conflict(&e[0].id).is_none());
        let conflict = view.conflict(&e[1].id).expect("changed on two devices");
        let shown = view.get(&e[1].id).expect("the entry changed on both");
        assert_eq!(
            shown.replica.as_ref(),
            Some(&b),
            "the higher device id is shown"
        );
        assert_eq!(shown.answers, changed_on_b.answers);
        assert_eq!(conflict.others.len(), 1);
        assert_eq!(conflict.others[0].answers, e[1].answers);
        assert_eq!(conflict.others[0].replica.as_ref(), Some(&a));
    }
}
