//! The journal in memory: its live entries sorted by id, and how records change it
//! (folded by id, the last one winning, then merged in one pass).

use super::*;
pub use crate::journal::deleted::Deleted;
use crate::journal::record::Tombstone;

/// The live entries of a journal, sorted by id (ids sort by creation time).
///
/// They sit in one vector: a journal is read far more than it changes, a vector is
/// built from the snapshot without copying, and it takes a fraction of the memory a
/// map does. Memory taken is time at start: fresh pages cost more than the decoding.
#[derive(Debug, Default, Clone)]
pub struct Journal {
    pub(super) entries: Vec<Entry>,
    pub(super) records: usize,
    pub(super) generation: u64,
    pub(super) read_only: Option<String>,
    /// Whether the journal holds records of a newer format (read-only for that reason).
    pub(super) newer: bool,
    /// Things the user should know about how the journal loaded.
    pub warnings: Vec<String>,
    /// The deleted entries, each with its last tombstone (a synced journal orders a
    /// deletion among the revisions other devices made), and the erased ones (in a
    /// synced journal, on any device): never shown again.
    pub(super) deleted: Deleted,
    /// In a synced journal, what the merge of every device's log found (conflicts,
    /// devices read only in part); `None` on a device of its own.
    pub(super) sync: Option<Box<crate::journal::sync::merge::Merged>>,
}

/// Records in log order, folded by id so that the last one of each id wins; a whole
/// log, or the part after the snapshot, then changes the journal in one pass.
#[derive(Debug, Default)]
pub(super) struct Changes {
    pub(super) latest: BTreeMap<EntryId, Change>,
    pub(super) records: usize,
    /// The older revisions erased (records that supersede nothing themselves).
    pub(super) erased_old: crate::journal::erased_old::ErasedOld,
    erased_old_records: usize,
}

/// The last word on one id among some records.
#[derive(Debug)]
pub(super) struct Change {
    /// The entry as its last record left it; `None` after a tombstone.
    pub(super) entry: Option<Entry>,
    /// Whether the first of the records was a tombstone: it removed something only if
    /// the journal had the entry.
    pub(super) starts_with_tombstone: bool,
    /// Tombstones after a tombstone, which removed nothing.
    pub(super) idle_tombstones: usize,
    /// The last tombstone, when the last record was one.
    pub(super) tombstone: Option<Tombstone>,
    /// Whether one of the records erased the entry.
    pub(super) erased: bool,
}

impl Changes {
    pub(super) fn add(&mut self, record: Record) {
        self.records += 1;
        if let Some(erased) = record.erase_old {
            self.erased_old_records += 1;
            crate::journal::erased_old::add(&mut self.erased_old, erased);
        } else if let Some(entry) = record.put {
            match self.latest.get_mut(&entry.id) {
                Some(change) => {
                    change.entry = Some(entry);
                    change.tombstone = None;
                }
                None => {
                    let id = entry.id.clone();
                    let change = Change {
                        entry: Some(entry),
                        starts_with_tombstone: false,
                        idle_tombstones: 0,
                        tombstone: None,
                        erased: false,
                    };
                    self.latest.insert(id, change);
                }
            }
        } else if let Some((tombstone, erased)) = record
            .delete
            .map(|t| (t, false))
            .or(record.erase.map(|t| (t, true)))
        {
            match self.latest.get_mut(&tombstone.id) {
                Some(change) => {
                    if change.entry.take().is_none() {
                        change.idle_tombstones += 1;
                    }
                    change.erased |= erased;
                    change.tombstone = Some(tombstone);
                }
                None => {
                    let change = Change {
                        entry: None,
                        starts_with_tombstone: true,
                        idle_tombstones: 0,
                        tombstone: Some(tombstone.clone()),
                        erased,
                    };
                    self.latest.insert(tombstone.id, change);
                }
            }
        }
    }

    /// The entries deleted in these records (those whose last record is a tombstone),
    /// each with that tombstone, and those erased.
    pub(super) fn deleted(self) -> Deleted {
        let mut deleted = Deleted {
            erased_old: self.erased_old,
            ..Deleted::default()
        };
        for (id, change) in self.latest {
            if change.erased {
                deleted.erased.insert(id);
            } else if let (None, Some(tombstone)) = (change.entry, change.tombstone) {
                deleted.tombstones.insert(id, tombstone);
            }
        }
        deleted
    }
}

impl Journal {
    /// The journal a snapshot holds: its entries (sorted by id) out of `records`.
    pub(super) fn from_snapshot(entries: Vec<Entry>, deleted: Deleted, records: usize) -> Self {
        debug_assert!(entries.is_sorted_by(|a, b| a.id < b.id));
        Self {
            entries,
            deleted,
            records,
            generation: records as u64,
            ..Self::default()
        }
    }

    /// Applies one record: the last revision of an id wins, a tombstone removes it.
    pub fn apply(&mut self, record: Record) {
        let mut changes = Changes::default();
        changes.add(record);
        self.merge(changes);
    }

    /// Applies folded records: revisions replace entries in place, tombstones are
    /// removed in one pass, and new entries (nearly always newer than every other)
    /// are appended, sorted in only if they are not.
    ///
    /// A tombstone counts among the records only if it removed an entry. The others
    /// are those compaction keeps (so that a deleted entry stays deleted, whatever an
    /// import or another copy brings back), and they are not superseded: a compacted
    /// journal has nothing left to compact.
    pub(super) fn merge(&mut self, changes: Changes) {
        let mut idle = changes.erased_old_records;
        for (_, erased) in changes.erased_old {
            crate::journal::erased_old::add(&mut self.deleted.erased_old, erased);
        }
        let mut removed = Vec::new();
        let mut added = Vec::with_capacity(changes.latest.len());
        for (id, change) in changes.latest {
            let had = self.position(&id);
            idle += change.idle_tombstones;
            if change.starts_with_tombstone && had.is_err() {
                idle += 1;
            }
            if change.erased {
                self.deleted.tombstones.remove(&id);
                self.deleted.erased.insert(id.clone());
            } else if let Some(tombstone) = change.tombstone {
                self.deleted.tombstones.insert(id.clone(), tombstone);
            } else if change.entry.is_some() && !self.deleted.tombstones.is_empty() {
                self.deleted.tombstones.remove(&id);
            }
            match (had, change.entry) {
                (Ok(i), Some(entry)) => self.entries[i] = entry,
                (Ok(i), None) => removed.push(i),
                (Err(_), Some(entry)) => added.push(entry),
                (Err(_), None) => {}
            }
        }
        let counted = changes.records - idle;
        self.records += counted;
        self.generation += counted as u64;
        if !removed.is_empty() {
            // The ids came in order, so the positions did too.
            let mut removed = removed.into_iter().peekable();
            let mut position = 0;
            self.entries.retain(|_| {
                let gone = removed.next_if_eq(&position).is_some();
                position += 1;
                !gone
            });
        }
        if self.entries.is_empty() {
            // A whole log replayed: the new entries came in order, as the map keeps them.
            self.entries = added;
        } else if let Some(first) = added.first() {
            let in_order = self.entries.last().is_none_or(|last| last.id < first.id);
            if in_order {
                self.entries.extend(added);
            } else if added.len() <= 64 {
                // A saved entry older than the newest (an entry from a machine whose
                // clock was behind): each moved into place, with no sort's buffer.
                for entry in added {
                    let at = self.position(&entry.id).unwrap_or_else(|at| at);
                    self.entries.insert(at, entry);
                }
            } else {
                self.entries.extend(added);
                self.entries.sort_by(|a, b| a.id.cmp(&b.id));
            }
        }
    }

    pub(super) fn position(&self, id: &EntryId) -> Result<usize, usize> {
        self.entries.binary_search_by(|entry| entry.id.cmp(id))
    }

    /// Where the entry `id` is among [`Journal::entries`], if it is there.
    pub fn index_of(&self, id: &EntryId) -> Option<usize> {
        self.position(id).ok()
    }

    /// A number that changes whenever an entry does, so derived data (the search
    /// index) knows when it is stale.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The entry with this id.
    pub fn get(&self, id: &EntryId) -> Option<&Entry> {
        self.position(id).ok().map(|i| &self.entries[i])
    }

    /// Every live entry, oldest first; `.rev()` for newest first.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &Entry> + ExactSizeIterator {
        self.entries.iter()
    }

    /// Number of live entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no live entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Records in the log that no longer count (older revisions and tombstones).
    pub fn superseded(&self) -> usize {
        self.records - self.entries.len()
    }

    /// Why the journal may not be written, if it may not.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }
}
