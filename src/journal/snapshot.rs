//! The journal's snapshot: the live entries as of the log's first N bytes, in the
//! binary form of [`super::codec`], so that opening a large journal does not parse
//! every record's JSON again.
//!
//! The log stays the only truth. A snapshot is used only when the log's first N bytes
//! still have the CRC-32 it recorded (checked at every open, as the bytes stream by),
//! so a changed or damaged byte anywhere in them makes the open parse the whole log as
//! before, and the journal goes read-only as before; the records after N are parsed as
//! usual. A snapshot that is missing, damaged or stale is simply not used. It is
//! written atomically (0600), sealed like a draft when the journal is encrypted.

use super::codec::{Decoder, Encoder};
use super::entry::Entry;

/// How a snapshot file starts. It changes with the binary form of an entry (2: a
/// questionnaire dimension's measure; 3: a synced revision's `seen`, and the
/// tombstones and erasures after the entries; 4: a synced revision's `lineage`), so a
/// snapshot in an older form is not read as this one: it is simply not used, and a
/// new one is written.
const MAGIC: &[u8] = b"between-snapshot-4\n";

/// A snapshot is (re)written once this many bytes of the log are not in it.
pub const REFRESH_AFTER: u64 = 1 << 20;

/// Entries per chunk. Each chunk has its own shared texts, so chunks are read on all
/// cores at once.
const CHUNK: usize = 2048;

/// Fewer bytes than any entry takes (an id alone takes 27), to bound a chunk's count.
const MIN_ENTRY_BYTES: usize = 32;

/// The record formats the writer of a snapshot understood. A snapshot says which it
/// was made with; one made by a build that knows more formats is not used, since its
/// log may hold records this build must see to go read-only. (The magic line changes
/// whenever the rules for reading a log change otherwise.)
const FORMATS: u64 = crate::journal::record::LINEAGE_VERSION as u64;

/// The formats a snapshot without erase-old records says its writer knew: those of
/// the builds before them, which may use it (its log holds nothing they must see).
const FORMATS_WITHOUT_ERASE_OLD: u64 = crate::vault::SEALED_VERSION as u64;

/// What a snapshot holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// How many bytes of the log it covers, from the start.
    pub covered: u64,
    /// CRC-32 of those bytes.
    pub log_crc: u32,
    /// Lines in them.
    pub lines: usize,
    /// Records in them (live or superseded).
    pub records: usize,
    /// The number of the last sealed record in them (0 for a plain journal).
    pub last_number: u64,
    /// The live entries, sorted by id (so oldest first).
    pub entries: Vec<Entry>,
    /// The deleted and erased entries.
    pub deleted: Deleted,
}

/// The deleted entries of a log, each with its last tombstone, and the erased ones.
pub type Deleted = crate::journal::deleted::Deleted;

/// The snapshot's bytes: the magic line, the figures, the entries in chunks (each its
/// count of entries, its length in bytes, its bytes), and a CRC-32 of everything
/// before it.
pub fn encode<'a>(
    covered: u64,
    log_crc: u32,
    lines: usize,
    records: usize,
    last_number: u64,
    entries: impl ExactSizeIterator<Item = &'a Entry>,
    deleted: &Deleted,
) -> Vec<u8> {
    let mut out = Vec::new();
    let figures = [
        covered,
        u64::from(log_crc),
        lines as u64,
        records as u64,
        last_number,
    ];
    write(&mut out, figures, entries, deleted).expect("writing to memory does not fail");
    out
}

/// Writes the snapshot's bytes (see [`encode`]) to `out` a chunk at a time, as they
/// are made: the whole snapshot (tens of MiB at 100k entries) is never in memory.
/// `figures`: the bytes of the log it covers, their CRC-32, its lines, its records,
/// the number of its last sealed record.
pub fn write<'a>(
    out: &mut dyn std::io::Write,
    figures: [u64; 5],
    entries: impl ExactSizeIterator<Item = &'a Entry>,
    deleted: &Deleted,
) -> std::io::Result<()> {
    let mut out = Summed {
        out,
        sum: crc32fast::Hasher::new(),
    };
    let mut encoder = Encoder::default();
    encoder.out.extend_from_slice(MAGIC);
    encoder.u64(match deleted.erased_old.is_empty() {
        true => FORMATS_WITHOUT_ERASE_OLD,
        false => FORMATS,
    });
    for figure in figures {
        encoder.u64(figure);
    }
    encoder.u64(entries.len() as u64);
    // Each chunk goes out once made, after its count and length; the same two
    // vectors are used for every chunk.
    let mut chunk = Encoder::default();
    let mut in_chunk = 0;
    let mut flush = |encoder: &mut Encoder, chunk: &mut Encoder, in_chunk: &mut usize| {
        encoder.u64(*in_chunk as u64);
        encoder.u64(chunk.out.len() as u64);
        out.write_all(&encoder.out)?;
        out.write_all(&chunk.out)?;
        encoder.out.clear();
        chunk.out.clear();
        chunk.forget_texts();
        *in_chunk = 0;
        std::io::Result::Ok(())
    };
    for entry in entries {
        chunk.entry(entry);
        in_chunk += 1;
        if in_chunk == CHUNK {
            flush(&mut encoder, &mut chunk, &mut in_chunk)?;
        }
    }
    if in_chunk > 0 {
        flush(&mut encoder, &mut chunk, &mut in_chunk)?;
    }
    let mut dead = Encoder::default();
    dead.u64(deleted.tombstones.len() as u64);
    for tombstone in deleted.tombstones.values() {
        dead.tombstone(tombstone);
    }
    dead.u64(deleted.erased.len() as u64);
    for id in &deleted.erased {
        dead.tombstone(&crate::journal::record::Tombstone {
            id: id.clone(),
            at: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
            revision: None,
            seen: Default::default(),
            lineage: Default::default(),
        });
    }
    // Only where there are any, so a snapshot is the same as before without them.
    if !deleted.erased_old.is_empty() {
        dead.u64(deleted.erased_old.len() as u64);
        for erased in deleted.erased_old.values() {
            dead.tombstone(erased);
        }
    }
    encoder.out.append(&mut dead.out);
    out.write_all(&encoder.out)?;
    let sum = out.sum.finalize();
    out.out.write_all(&sum.to_le_bytes())
}

/// A writer that keeps the CRC-32 of what went through it.
struct Summed<'a> {
    out: &'a mut dyn std::io::Write,
    sum: crc32fast::Hasher,
}

impl Summed<'_> {
    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.sum.update(bytes);
        self.out.write_all(bytes)
    }
}

/// The figures at the start of a snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    /// How many bytes of the log it covers, from the start.
    pub covered: u64,
    /// CRC-32 of those bytes.
    pub log_crc: u32,
    /// Lines in them.
    pub lines: usize,
    /// Records in them.
    pub records: usize,
    /// The number of the last sealed record in them.
    pub last_number: u64,
    count: usize,
}

impl Head {
    /// The live entries in the snapshot, as its figures say: [`head`] does not check
    /// them against its bytes ([`layout`] does).
    pub fn count(&self) -> usize {
        self.count
    }
}

/// Where a snapshot's bytes are: in memory (a sealed one, once opened) or in its
/// file, read a chunk at a time into a buffer each core reuses. Tens of MiB read
/// into fresh memory cost more at start than decoding them.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// The whole snapshot.
    Bytes(&'a [u8]),
    /// A plain snapshot's file.
    File(&'a std::fs::File),
}

impl Source<'_> {
    fn len(&self) -> Option<u64> {
        match self {
            Source::Bytes(bytes) => Some(bytes.len() as u64),
            Source::File(file) => file.metadata().ok().map(|m| m.len()),
        }
    }

    /// The `len` bytes at `at`: borrowed from memory, or read into `buffer`.
    fn read<'b>(&'b self, at: u64, len: usize, buffer: &'b mut Vec<u8>) -> Option<&'b [u8]> {
        match self {
            Source::Bytes(bytes) => bytes.get(usize::try_from(at).ok()?..)?.get(..len),
            Source::File(file) => {
                use std::os::unix::fs::FileExt;
                buffer.resize(len, 0);
                file.read_exact_at(buffer, at).ok()?;
                Some(buffer)
            }
        }
    }
}

/// One chunk's place in the file: its count and length, then its bytes.
#[derive(Debug, Clone, Copy)]
struct Chunk {
    /// Where its count is.
    start: u64,
    /// Where its entries start, from `start`.
    body: usize,
    /// All its bytes, from `start`.
    bytes: usize,
    count: usize,
}

impl Chunk {
    /// Reads and decodes the chunk into `entries`, which must be empty, and gives the
    /// CRC-32 of all its bytes, for the snapshot's own checksum. Entries must come
    /// sorted by id, as the journal keeps them.
    fn read(
        &self,
        source: Source<'_>,
        buffer: &mut Vec<u8>,
        entries: &mut Vec<Entry>,
    ) -> Option<crc32fast::Hasher> {
        let bytes = source.read(self.start, self.bytes, buffer)?;
        let mut crc = crc32fast::Hasher::new();
        crc.update(bytes);
        let mut decoder = Decoder::new(&bytes[self.body..]);
        for _ in 0..self.count {
            entries.push(decoder.entry()?);
        }
        (decoder.is_empty() && entries.is_sorted_by(|a, b| a.id < b.id)).then_some(crc)
    }
}

/// A snapshot's figures and where its chunks are, read without its entries.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The figures.
    pub head: Head,
    /// CRC-32 of the magic line and the figures.
    head_crc: crc32fast::Hasher,
    chunks: Vec<Chunk>,
    /// Where the tombstones and erasures are, after the chunks, and their length.
    dead: (u64, usize),
    /// The checksum the snapshot ends with, of everything before it.
    sum: u32,
}

/// The most bytes the magic line and the figures take (7 numbers of at most 10).
const HEAD_MAX: usize = MAGIC.len() + 7 * 10;

/// Reads a snapshot's figures and the places of its chunks, from a few small reads.
/// `None` if it is not a snapshot this build can use, or if its parts do not add
/// up; its checksum is checked by [`entries`], as the chunks are read.
pub fn layout(source: Source<'_>) -> Option<Layout> {
    let end = source.len()?.checked_sub(4)?;
    let mut buffer = Vec::new();
    let (head, start) = read_head(&source, end, &mut buffer)?;
    let head_len = start.len();
    let mut head_crc = crc32fast::Hasher::new();
    head_crc.update(start);
    let mut chunks = Vec::new();
    let mut at = head_len as u64;
    let mut total = 0usize;
    while total < head.count {
        let figures = source.read(at, 20.min(usize::try_from(end - at).ok()?), &mut buffer)?;
        let mut decoder = Decoder::new(figures);
        let count = usize::try_from(decoder.u64()?).ok()?;
        let len = decoder.u64()?;
        let body = figures.len() - decoder.len();
        // The length is checked against the file before anything uses it.
        let next = at.checked_add(body as u64)?.checked_add(len)?;
        if next > end {
            return None;
        }
        let len = usize::try_from(len).ok()?;
        // A count beyond what the bytes can hold is damage, and must not decide how
        // much memory is taken.
        if count == 0 || count > len / MIN_ENTRY_BYTES {
            return None;
        }
        chunks.push(Chunk {
            start: at,
            body,
            bytes: body.checked_add(len)?,
            count,
        });
        total = total.checked_add(count)?;
        at = next;
    }
    if total != head.count || at > end {
        return None;
    }
    let dead = (at, usize::try_from(end - at).ok()?);
    let sum = u32::from_le_bytes(source.read(end, 4, &mut buffer)?.try_into().ok()?);
    Some(Layout {
        head,
        head_crc,
        chunks,
        dead,
        sum,
    })
}

/// A snapshot's figures alone, from one small read: how many entries it holds and how
/// much of its log it covers, to make room for them before they are read. `None` if it
/// is not a snapshot this build can use, or counts more entries than its bytes could
/// hold (its checksum is not checked).
pub fn head(source: Source<'_>) -> Option<Head> {
    let end = source.len()?.checked_sub(4)?;
    let (head, _) = read_head(&source, end, &mut Vec::new())?;
    (head.count <= usize::try_from(end).ok()? / MIN_ENTRY_BYTES).then_some(head)
}

/// The figures at the start of a snapshot whose checksum is at `end`, and their bytes.
fn read_head<'b>(
    source: &'b Source<'_>,
    end: u64,
    buffer: &'b mut Vec<u8>,
) -> Option<(Head, &'b [u8])> {
    let start = source.read(0, HEAD_MAX.min(usize::try_from(end).ok()?), buffer)?;
    let mut decoder = Decoder::new(start.strip_prefix(MAGIC)?);
    if decoder.u64()? > FORMATS {
        return None;
    }
    let head = Head {
        covered: decoder.u64()?,
        log_crc: u32::try_from(decoder.u64()?).ok()?,
        lines: usize::try_from(decoder.u64()?).ok()?,
        records: usize::try_from(decoder.u64()?).ok()?,
        last_number: decoder.u64()?,
        count: usize::try_from(decoder.u64()?).ok()?,
    };
    let head_len = start.len() - decoder.len();
    Some((head, &start[..head_len]))
}

/// Reads the entries, their chunks on every core, each core reusing one buffer, into
/// a vector with room for `room` entries more (a synced journal merges the other
/// devices' entries into this device's); `None` unless every chunk decodes, in
/// order, and the snapshot's checksum holds.
pub fn entries(layout: &Layout, source: Source<'_>, room: usize) -> Option<(Vec<Entry>, Deleted)> {
    let chunks = &layout.chunks;
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get().min(8))
        .min(chunks.len())
        .max(1);
    // Chunks are dealt out in turn and gathered in order as they are done, each moved
    // into the one vector of all entries. Each core decodes into two vectors it gets
    // back emptied, so no chunk ever takes fresh memory after the first two.
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..workers)
            .map(|worker| {
                let (done, gather) = std::sync::mpsc::sync_channel(2);
                let (give_back, emptied) = std::sync::mpsc::sync_channel::<Vec<Entry>>(2);
                for _ in 0..2 {
                    let _ = give_back.send(Vec::with_capacity(CHUNK));
                }
                scope.spawn(move || {
                    let mut buffer = Vec::new();
                    for chunk in chunks.iter().skip(worker).step_by(workers) {
                        let Ok(mut entries) = emptied.recv() else {
                            break;
                        };
                        let crc = chunk.read(source, &mut buffer, &mut entries);
                        let failed = crc.is_none();
                        if done.send(crc.map(|crc| (entries, crc))).is_err() || failed {
                            break;
                        }
                    }
                });
                (gather, give_back)
            })
            .collect();
        // The count was checked against the chunks' bytes by `layout`.
        // The room is an estimate from files another device writes: when that much
        // cannot be had, the entries come without it (the merge then grows the vector).
        let mut entries: Vec<Entry> = Vec::new();
        if entries
            .try_reserve_exact(layout.head.count.saturating_add(room))
            .is_err()
        {
            entries.reserve_exact(layout.head.count);
        }
        let mut crc = layout.head_crc.clone();
        for turn in 0..chunks.len() {
            let (gather, give_back) = &workers[turn % workers.len()];
            let (mut chunk, chunk_crc) = gather.recv().ok()??;
            if let (Some(last), Some(first)) = (entries.last(), chunk.first())
                && last.id >= first.id
            {
                return None;
            }
            entries.append(&mut chunk);
            crc.combine(&chunk_crc);
            let _ = give_back.send(chunk);
        }
        let mut buffer = Vec::new();
        let (at, len) = layout.dead;
        let dead = source.read(at, len, &mut buffer)?;
        crc.update(dead);
        let deleted = read_deleted(dead)?;
        (crc.finalize() == layout.sum).then_some((entries, deleted))
    })
}

/// The tombstones, erasures and erase-old records after the chunks (the last only
/// where there are any); `None` unless they fill the bytes.
fn read_deleted(bytes: &[u8]) -> Option<Deleted> {
    let mut decoder = Decoder::new(bytes);
    let mut deleted = Deleted::default();
    for tombstone in tombstones(&mut decoder, bytes.len())? {
        deleted.tombstones.insert(tombstone.id.clone(), tombstone);
    }
    for erased in tombstones(&mut decoder, bytes.len())? {
        deleted.erased.insert(erased.id);
    }
    if !decoder.is_empty() {
        for erased in tombstones(&mut decoder, bytes.len())? {
            deleted.erased_old.insert(erased.id.clone(), erased);
        }
    }
    decoder.is_empty().then_some(deleted)
}

/// A count, then that many tombstones; `None` for a count too large for `len` bytes.
fn tombstones(
    decoder: &mut Decoder<'_>,
    len: usize,
) -> Option<Vec<crate::journal::record::Tombstone>> {
    let count = usize::try_from(decoder.u64()?).ok()?;
    if count > len / MIN_ENTRY_BYTES {
        return None;
    }
    (0..count).map(|_| decoder.tombstone()).collect()
}

/// Reads a whole snapshot; `None` if it is damaged or not one.
pub fn decode(bytes: &[u8]) -> Option<Snapshot> {
    let source = Source::Bytes(bytes);
    let layout = layout(source)?;
    let head = layout.head;
    let (entries, deleted) = entries(&layout, source, 0)?;
    Some(Snapshot {
        covered: head.covered,
        log_crc: head.log_crc,
        lines: head.lines,
        records: head.records,
        last_number: head.last_number,
        entries,
        deleted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::entry::{Answer, AnswerValue, CheckedItem, ExerciseSource, RatedItem};
    use crate::journal::practice::{Decision, Frequency, PracticeData};
    use crate::pack::questionnaire::{DimensionScore, RegionResult, Scores};

    /// Entries with every kind of answer and of practice data, every optional field
    /// set somewhere and unset elsewhere.
    fn every_kind() -> Vec<Entry> {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 14).unwrap();
        let mut plain = Entry::note("a note with \"quotes\", ünïcode and emoji 🌊".into());
        plain.tags = vec!["dishes".into(), "evening".into()];
        let mut exercise = Entry::new(crate::journal::Kind::Exercise);
        exercise.area = Some("patterns".into());
        exercise.title = Some("Map your cycle".into());
        exercise.discuss = true;
        exercise.private = true;
        exercise.exercise = Some(ExerciseSource {
            pack: "patterns".into(),
            pack_version: 3,
            exercise: "map-your-cycle".into(),
            title: "Map your cycle".into(),
        });
        let answer = |step: &str, value| Answer {
            step: step.into(),
            prompt: format!("Prompt of {step}").as_str().into(),
            value,
        };
        exercise.answers = vec![
            answer(
                "t",
                AnswerValue::Text {
                    text: "text".into(),
                },
            ),
            answer(
                "s",
                AnswerValue::Scale {
                    value: -3,
                    min: -5,
                    max: 5,
                    min_label: "low".into(),
                    max_label: "high".into(),
                    measure: Some("distress".into()),
                },
            ),
            answer(
                "s2",
                AnswerValue::Scale {
                    value: 1,
                    min: 0,
                    max: 10,
                    min_label: "low".into(),
                    max_label: "high".into(),
                    measure: None,
                },
            ),
            answer(
                "c",
                AnswerValue::Choice {
                    chosen: vec!["a".into(), "b".into()],
                    other: Some("else".into()),
                },
            ),
            answer(
                "k",
                AnswerValue::Checklist {
                    items: vec![CheckedItem {
                        text: "one".into(),
                        checked: true,
                    }],
                },
            ),
            answer(
                "w",
                AnswerValue::Timer {
                    seconds: 600,
                    elapsed: 412,
                },
            ),
            answer(
                "q",
                AnswerValue::Questionnaire {
                    items: vec![RatedItem {
                        text: "I worry".into(),
                        answer: 4,
                    }],
                    scores: Box::new(Scores {
                        dimensions: vec![
                            DimensionScore {
                                id: "anxiety".into(),
                                title: "Anxiety".into(),
                                score: 3.25,
                                measure: None,
                                band: "mid".into(),
                                band_title: "Middle".into(),
                                band_text: "Words".into(),
                            },
                            DimensionScore {
                                id: "strain".into(),
                                title: "Strain".into(),
                                score: 12.0,
                                measure: Some("weekly-strain".into()),
                                band: "heavier".into(),
                                band_title: "Heavier".into(),
                                band_text: "Words".into(),
                            },
                        ],
                        region: Some(RegionResult {
                            id: "r".into(),
                            title: "R".into(),
                            text: "Text".into(),
                        }),
                    }),
                },
            ),
        ];
        let practice = |data| {
            let mut entry = Entry::new(crate::journal::Kind::Plan);
            entry.practice = Some(data);
            entry.link = Some(plain.id.clone());
            entry
        };
        // A link is kept exactly as written, as reading the JSON keeps it.
        let mut odd_link = Entry::note("linked by hand".into());
        odd_link.link = Some(crate::journal::EntryId::as_stored(
            "01j0000000000000000000000a or not an id".into(),
        ));
        let mut entries = vec![
            plain.clone(),
            odd_link,
            exercise,
            practice(PracticeData::Plan {
                frequency: Frequency::Week { times: 2 },
                review_on: Some(day),
            }),
            practice(PracticeData::Plan {
                frequency: Frequency::Total { times: 5, by: day },
                review_on: None,
            }),
            practice(PracticeData::Try {
                at: chrono::DateTime::parse_from_rfc3339("2026-03-14T21:05:09.123456789-07:00")
                    .unwrap(),
                rating: 4,
            }),
            practice(PracticeData::Review {
                decision: Decision::Adjust,
                next_review_on: None,
            }),
            practice(PracticeData::Review {
                decision: Decision::Keep,
                next_review_on: Some(day),
            }),
            practice(PracticeData::Session {
                on: day,
                discussed: Vec::new(),
            }),
            practice(PracticeData::Session {
                on: day,
                discussed: vec![
                    crate::journal::EntryId::generate(),
                    crate::journal::EntryId::generate(),
                ],
            }),
        ];
        // In the journal's order, as a snapshot holds them.
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        entries
    }

    #[test]
    fn every_kind_of_entry_comes_back_the_same() {
        let entries = every_kind();
        let mut entries = entries;
        let other = crate::journal::sync::ReplicaId::generate();
        entries[0].seen.add(&other, 4);
        entries[0].lineage = crate::journal::lineage::Lineage::from_digests([1, u64::MAX]);
        let mut deleted = Deleted::default();
        let mut tombstone =
            crate::journal::record::Tombstone::now(crate::journal::EntryId::generate());
        tombstone.revision = Some(3);
        tombstone.seen.add(&other, 2);
        tombstone.lineage = crate::journal::lineage::Lineage::from_digests([7]);
        deleted.tombstones.insert(tombstone.id.clone(), tombstone);
        deleted.erased.insert(crate::journal::EntryId::generate());
        let mut erased = crate::journal::record::Tombstone::now(entries[1].id.clone());
        erased.revision = Some(3);
        erased
            .seen
            .add(&crate::journal::replica::ReplicaId::generate(), 2);
        deleted.erased_old.insert(erased.id.clone(), erased);
        let bytes = encode(123, 0xdead_beef, 7, 9, 4, entries.iter(), &deleted);
        let snapshot = decode(&bytes).unwrap();
        assert_eq!(snapshot.entries, entries);
        assert_eq!(snapshot.deleted, deleted);
        assert_eq!(
            (
                snapshot.covered,
                snapshot.log_crc,
                snapshot.lines,
                snapshot.records
            ),
            (123, 0xdead_beef, 7, 9)
        );
        assert_eq!(snapshot.last_number, 4);
        // And each the same as through JSON, the log's own form.
        for entry in &snapshot.entries {
            let json = serde_json::to_string(entry).unwrap();
            assert_eq!(&serde_json::from_str::<Entry>(&json).unwrap(), entry);
        }
    }

    #[test]
    fn entries_in_many_chunks_come_back_in_order() {
        let entries: Vec<Entry> = (0..CHUNK * 2 + 5)
            .map(|i| Entry::note(format!("note {i}")))
            .collect();
        let bytes = encode(1, 2, 3, 4, 0, entries.iter(), &Deleted::default());
        assert_eq!(decode(&bytes).unwrap().entries, entries);
        let none: Vec<Entry> = Vec::new();
        assert_eq!(
            decode(&encode(0, 0, 0, 0, 0, none.iter(), &Deleted::default()))
                .unwrap()
                .entries,
            none
        );
    }

    #[test]
    fn entries_out_of_the_order_of_their_ids_are_not_used() {
        // The journal finds entries by their order: a snapshot out of it is damage,
        // within a chunk or across two.
        let mut entries: Vec<Entry> = (0..CHUNK + 1)
            .map(|i| Entry::note(format!("note {i}")))
            .collect();
        entries.swap(0, 1);
        assert!(decode(&encode(1, 2, 3, 4, 0, entries.iter(), &Deleted::default())).is_none());
        entries.swap(0, 1);
        entries.swap(CHUNK - 1, CHUNK);
        assert!(decode(&encode(1, 2, 3, 4, 0, entries.iter(), &Deleted::default())).is_none());
        entries.swap(CHUNK - 1, CHUNK);
        entries[CHUNK] = entries[CHUNK - 1].clone();
        assert!(decode(&encode(1, 2, 3, 4, 0, entries.iter(), &Deleted::default())).is_none());
        entries.pop();
        assert!(decode(&encode(1, 2, 3, 4, 0, entries.iter(), &Deleted::default())).is_some());
    }

    #[test]
    fn a_snapshot_of_a_build_that_knows_more_record_formats_is_not_used() {
        let bytes = encode(1, 2, 3, 4, 0, every_kind().iter(), &Deleted::default());
        let mut newer = bytes[..bytes.len() - 4].to_vec();
        // Without erase-old records, the builds before them may use it.
        assert_eq!(newer[MAGIC.len()] as u64, FORMATS_WITHOUT_ERASE_OLD);
        newer[MAGIC.len()] = FORMATS as u8 + 1;
        let sum = crc32fast::hash(&newer);
        newer.extend_from_slice(&sum.to_le_bytes());
        assert!(decode(&newer).is_none());
    }

    #[test]
    fn a_damaged_or_cut_snapshot_is_not_used() {
        let bytes = encode(1, 2, 3, 4, 0, every_kind().iter(), &Deleted::default());
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        for at in (0..bytes.len()).step_by(5) {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x10;
            assert!(decode(&flipped).is_none(), "flip at {at}");
        }
    }

    #[test]
    fn a_crafted_chunk_length_is_refused_not_followed() {
        // Checksummed as a real one, with a chunk whose length wraps around, runs past
        // the end, or is zero: refused from memory and from the file alike, at once.
        let crafted = |count: u64, len: u64| {
            let mut encoder = Encoder::default();
            encoder.out.extend_from_slice(MAGIC);
            for figure in [FORMATS, 1, 2, 3, 4, 0, 1 << 40, count, len] {
                encoder.u64(figure);
            }
            encoder.out.extend_from_slice(&[0; 64]);
            let sum = crc32fast::hash(&encoder.out);
            encoder.out.extend_from_slice(&sum.to_le_bytes());
            encoder.out
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.snapshot");
        for (count, len) in [
            (1, u64::MAX - 10),
            (1, u64::MAX - 5),
            (1, u64::MAX),
            (1, 1 << 20),
            (1, 0),
            (0, 64),
            (3, 64),
        ] {
            let bytes = crafted(count, len);
            assert!(decode(&bytes).is_none(), "count {count}, length {len}");
            std::fs::write(&path, &bytes).unwrap();
            let file = std::fs::File::open(&path).unwrap();
            assert!(
                layout(Source::File(&file)).is_none(),
                "count {count}, length {len}"
            );
        }
    }
}
