//! What this device read of another device's log, kept in the data directory
//! (`sync/<replica>.read`, never synced), so that a log put back to an older copy of
//! itself (from git's history, an engine's versions, a restored backup) is noticed
//! rather than its later entries simply gone from view.
//!
//! A log only grows, but for the rewrites between makes of it (compaction, erasing,
//! the switches of encryption), which keep every entry's latest word. So the mark is:
//! how many bytes were read, a CRC-32 of the last few KiB before that point (the
//! log read again is a continuation when they are still there, the cheap common
//! case: one small read), and for each entry (by a 64-bit hash of its id, no text)
//! its latest revision in the log (a deletion's too; an erasure as the highest). When
//! the log is not a continuation, each entry of the mark must still be in the journal
//! at that revision or a later one, or be erased (the whole entry, or that revision
//! by `--erase-old`); else the device's log is older than the one read before, and
//! the journal says so, naming the device, each time it is read in that state. Once
//! that device has written again (its log continues the state noticed), the log as
//! it is becomes the mark.
//!
//! The entries it lacks are not shown from the mark: this device keeps no text of
//! another's log but its snapshot (which covers only part of it), and showing entries
//! that no log holds would make this device's journal differ from every other's and
//! could bring back text erased elsewhere meanwhile.

use std::collections::HashMap;
use std::os::unix::fs::FileExt;

use super::*;
use crate::journal::erased_old;
use crate::journal::sync::ReplicaId;
use crate::journal::sync::folder::LogFile;

const MAGIC: &[u8] = b"between-read-1\n";

/// How many bytes before the end of what was read are checked to be still there.
const TAIL: u64 = 4096;

/// What was read of a log.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Mark {
    /// Bytes read: the log's complete lines.
    bytes: u64,
    /// CRC-32 of the [`TAIL`] bytes before `bytes` (all of them, when fewer).
    tail: u32,
    /// The state of the log when it was found older than the mark: its bytes and
    /// their tail's CRC-32.
    noticed: Option<(u64, u32)>,
    /// Each entry's id hash and latest revision, sorted.
    levels: Vec<(u64, u32)>,
}

impl Mark {
    /// The mark of a log whose complete lines end at `bytes`, the CRC-32 of their tail
    /// `tail`, read into `journal`; nothing noticed.
    fn of(bytes: u64, tail: u32, journal: &Journal) -> Self {
        Self {
            bytes,
            tail,
            noticed: None,
            levels: levels_of(journal),
        }
    }
}

/// A log read, with what was read of it before.
pub(super) struct Looked {
    path: PathBuf,
    /// The log's path, to name it.
    log: PathBuf,
    replica: ReplicaId,
    before: Option<Mark>,
    /// The log as read now, when it is not what the mark says (`None`: unchanged).
    now: Option<Mark>,
    /// Whether the log still holds what was read before, as it was.
    continues: bool,
    /// Whether it continues the state the mark noticed it in.
    continues_noticed: bool,
    /// Whether it is exactly the state noticed.
    as_noticed: bool,
}

impl Store {
    /// Where the mark of `replica`'s log is.
    fn mark_path(&self, replica: &ReplicaId) -> PathBuf {
        self.dir.sync_state().join(format!("{replica}.read"))
    }

    /// Looks at the log `log` (open as `file`, read into `journal`, its complete lines
    /// ending at `end`) against what was read of it before. `None` for a copy of a
    /// log, and for a log damaged or still sealed with a key this device lacks (it is
    /// said otherwise).
    pub(super) fn look_back_at(
        &self,
        log: &LogFile,
        file: &File,
        journal: &Journal,
        end: u64,
    ) -> Option<Looked> {
        if log.copy || journal.read_only.is_some() {
            return None;
        }
        let path = self.mark_path(&log.replica);
        let before = self.read_mark(&path);
        let tail_now = tail_crc(file, end)?;
        let unchanged = before
            .as_ref()
            .is_some_and(|mark| mark.bytes == end && mark.tail == tail_now);
        let holds = |bytes: u64, tail: u32| {
            file.metadata().is_ok_and(|meta| meta.len() >= bytes)
                && bytes <= end
                && tail_crc(file, bytes) == Some(tail)
        };
        let continues = before
            .as_ref()
            .is_none_or(|mark| holds(mark.bytes, mark.tail));
        let noticed = before.as_ref().and_then(|mark| mark.noticed);
        Some(Looked {
            path,
            log: log.path.clone(),
            replica: log.replica.clone(),
            now: (!unchanged).then(|| Mark::of(end, tail_now, journal)),
            continues,
            continues_noticed: noticed.is_some_and(|(bytes, tail)| holds(bytes, tail)),
            as_noticed: noticed == Some((end, tail_now)),
            before,
        })
    }

    /// After this device rewrote its own log (a compaction, an erasure, a new key),
    /// holding the lock: the mark of its own log becomes the log as written (`journal`,
    /// read back from it), so that the rewrite is not read as the log put back, and a
    /// notice given before it ends, as it does when the device appends (it wrote again).
    pub(super) fn mark_own_rewrite(&self, replica: &ReplicaId, path: &Path, journal: &Journal) {
        let Ok(file) = secure_fs::open_regular(path) else {
            return;
        };
        let Ok(end) = file.metadata().map(|meta| meta.len()) else {
            return;
        };
        let Some(tail) = tail_crc(&file, end) else {
            return;
        };
        if secure_fs::private_dir(&self.dir.sync_state()).is_ok() {
            self.write_mark(&self.mark_path(replica), &Mark::of(end, tail, journal));
        }
    }

    /// Writes `mark` at `path` (sealed in an encrypted journal); a mark not written is
    /// only a look that the next read makes again.
    fn write_mark(&self, path: &Path, mark: &Mark) {
        let _ = crate::journal::sealed_files::write(
            &self.dir,
            path,
            &encode(mark),
            self.vault.as_ref(),
        );
    }

    fn read_mark(&self, path: &Path) -> Option<Mark> {
        let cap = secure_fs::Cap {
            what: "what this device read of another device's log",
            bytes: 64 << 20,
        };
        let bytes =
            crate::journal::sealed_files::read_strict(&self.dir, path, self.vault.as_ref(), cap)
                .ok()?;
        decode(&bytes)
    }

    /// Tells, in `view` (the merged journal), of each log in `looked` that is older
    /// than the one read before, and writes the marks anew where they changed, when
    /// no writer holds the lock.
    pub(super) fn settle_looks(&self, looked: Vec<Looked>, view: &mut Journal) {
        let mut write = Vec::new();
        let mut shown: Option<HashMap<u64, u32>> = None;
        for look in looked {
            let Looked {
                path,
                log,
                replica,
                before,
                now,
                continues,
                continues_noticed,
                as_noticed,
            } = look;
            let Some(now) = now else { continue };
            // Once the device wrote again after the state noticed, its log is what it is.
            let wrote_since = continues_noticed && !as_noticed;
            let mark = match before {
                Some(before) if !continues && !wrote_since => {
                    let shown = shown.get_or_insert_with(|| levels_shown(view));
                    let missing = missing(&before, shown, &replica, view);
                    if missing == 0 {
                        now
                    } else {
                        let own = view
                            .merged()
                            .is_some_and(|m| m.own.as_ref() == Some(&replica));
                        let name = match view.merged() {
                            Some(m) if own => format!("this device ({})", m.name_of(&replica)),
                            Some(m) => m.name_of(&replica),
                            None => format!("device {}", replica.short()),
                        };
                        // Putting the newer copy back would undo what was written here
                        // on the older one meanwhile.
                        let written_here = match own {
                            true => {
                                ". Anything written on this device since it was put back \
                                 is only in the copy there now: save it first (`between \
                                 export --format json --out FILE`), then put the newer copy \
                                 back and bring it in again (`between import FILE`)"
                            }
                            false => "",
                        };
                        view.warnings.push(format!(
                            "the log of {name} is older than the one read before: {} it had \
                             (or changes to them) may be missing from it. It was put back to \
                             an earlier copy of itself (from a backup, or the sync engine's \
                             history). Its newer copy may still be there (git's commits, \
                             Syncthing's .stversions, the service's version history): put it \
                             back as {} and they show again. Nothing was changed{written_here}",
                            crate::words::count(missing, "entry", "entries"),
                            sanitize::text(&log.display().to_string()),
                        ));
                        Mark {
                            noticed: Some((now.bytes, now.tail)),
                            ..before
                        }
                    }
                }
                _ => now,
            };
            write.push((path, mark));
        }
        if write.is_empty() || secure_fs::private_dir(&self.dir.sync_state()).is_err() {
            return;
        }
        let Ok(lock) = self.try_lock_now() else {
            return;
        };
        for (path, mark) in write {
            self.write_mark(&path, &mark);
        }
        drop(lock);
    }
}

/// How many entries of the mark `before` the journal shown (`shown`, by id hash)
/// lacks at their revision, that no erasure explains.
fn missing(before: &Mark, shown: &HashMap<u64, u32>, replica: &ReplicaId, view: &Journal) -> usize {
    let erased_old: HashMap<u64, &crate::journal::record::Tombstone> = view
        .deleted
        .erased_old
        .iter()
        .map(|(id, erased)| (hash(id), erased))
        .collect();
    before
        .levels
        .iter()
        .filter(|(id, level)| {
            let later = shown.get(id).is_some_and(|now| now >= level);
            let erased = erased_old
                .get(id)
                .is_some_and(|erased| erased_old::names(erased, replica, *level));
            !later && !erased
        })
        .count()
}

/// Each entry's latest revision in the merged journal (a version in conflict, a
/// deletion's, an erasure as the highest), by id hash.
fn levels_shown(view: &Journal) -> HashMap<u64, u32> {
    let mut shown = HashMap::new();
    let mut raise = |id: &EntryId, level: u32| {
        let known = shown.entry(hash(id)).or_insert(0);
        *known = (*known).max(level);
    };
    for entry in view.entries() {
        raise(&entry.id, entry.revision);
        if let Some(conflict) = view.conflict(&entry.id) {
            for other in &conflict.others {
                raise(&other.id, other.revision);
            }
        }
    }
    for (id, tombstone) in &view.deleted.tombstones {
        raise(id, tombstone.revision.unwrap_or(0));
    }
    for id in &view.deleted.erased {
        raise(id, u32::MAX);
    }
    shown
}

/// Each entry's latest word in one log, by id hash, sorted.
fn levels_of(journal: &Journal) -> Vec<(u64, u32)> {
    let deleted = &journal.deleted;
    let mut levels: Vec<(u64, u32)> = journal
        .entries()
        .map(|entry| (hash(&entry.id), entry.revision))
        .chain(
            deleted
                .tombstones
                .iter()
                .map(|(id, tombstone)| (hash(id), tombstone.revision.unwrap_or(0))),
        )
        .chain(deleted.erased.iter().map(|id| (hash(id), u32::MAX)))
        .collect();
    levels.sort_unstable();
    levels
}

/// FNV-1a, 64 bits, of an id: the same on every build (a mark outlives the build
/// that wrote it).
fn hash(id: &EntryId) -> u64 {
    id.as_str()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
}

/// CRC-32 of the [`TAIL`] bytes of `file` before `end`; `None` if it is shorter.
fn tail_crc(file: &File, end: u64) -> Option<u32> {
    let start = end.saturating_sub(TAIL);
    let mut bytes = vec![0; usize::try_from(end - start).ok()?];
    file.read_exact_at(&mut bytes, start).ok()?;
    Some(crc32fast::hash(&bytes))
}

fn encode(mark: &Mark) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&mark.bytes.to_le_bytes());
    out.extend_from_slice(&mark.tail.to_le_bytes());
    let (noticed_bytes, noticed_tail) = mark.noticed.unwrap_or((u64::MAX, 0));
    out.extend_from_slice(&noticed_bytes.to_le_bytes());
    out.extend_from_slice(&noticed_tail.to_le_bytes());
    out.extend_from_slice(&(mark.levels.len() as u64).to_le_bytes());
    for (id, level) in &mark.levels {
        out.extend_from_slice(&id.to_le_bytes());
        out.extend_from_slice(&level.to_le_bytes());
    }
    let sum = crc32fast::hash(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// A mark from its bytes; `None` if they are not one, whole.
fn decode(bytes: &[u8]) -> Option<Mark> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(4)?)?;
    if crc32fast::hash(body).to_le_bytes() != sum {
        return None;
    }
    let mut rest = body.strip_prefix(MAGIC)?;
    let mut take = |n: usize| -> Option<&[u8]> {
        let (taken, left) = rest.split_at_checked(n)?;
        rest = left;
        Some(taken)
    };
    let u64_of = |b: &[u8]| u64::from_le_bytes(b.try_into().expect("8 bytes"));
    let u32_of = |b: &[u8]| u32::from_le_bytes(b.try_into().expect("4 bytes"));
    let bytes = u64_of(take(8)?);
    let tail = u32_of(take(4)?);
    let noticed_bytes = u64_of(take(8)?);
    let noticed_tail = u32_of(take(4)?);
    let count = usize::try_from(u64_of(take(8)?)).ok()?;
    if count > body.len() / 12 {
        return None;
    }
    let mut levels = Vec::with_capacity(count);
    for _ in 0..count {
        levels.push((u64_of(take(8)?), u32_of(take(4)?)));
    }
    if !rest.is_empty() || !levels.is_sorted() {
        return None;
    }
    Some(Mark {
        bytes,
        tail,
        noticed: (noticed_bytes != u64::MAX).then_some((noticed_bytes, noticed_tail)),
        levels,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_comes_back_the_same_and_a_changed_byte_is_no_mark() {
        let mark = Mark {
            bytes: 12_345,
            tail: 0xdead_beef,
            noticed: Some((100, 7)),
            levels: vec![(1, 2), (3, u32::MAX), (9, 0)],
        };
        let bytes = encode(&mark);
        assert_eq!(decode(&bytes), Some(mark));
        for at in 0..bytes.len() {
            let mut changed = bytes.clone();
            changed[at] ^= 0x10;
            assert_eq!(decode(&changed), None, "byte {at}");
        }
    }
}
