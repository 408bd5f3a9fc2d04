//! The journal store through its public API: recovery from torn and garbage tails,
//! corruption that must make the journal read-only without changing a byte,
//! compaction (property test and injected failures), and drafts.

use std::fs;
use std::path::Path;

use crate::common;

use between::data_dir::DataDir;
use between::journal::store::{CompactStep, verify};
use between::journal::{Entry, EntryId, Store, StoreError};
use proptest::prelude::*;

fn store(dir: &Path) -> Store {
    Store::new(DataDir::resolve(Some(dir)).unwrap())
}

/// A journal of `n` notes written through the store; returns the entries in order.
fn write_notes(dir: &Path, n: usize) -> Vec<Entry> {
    let mut writer = store(dir).open().unwrap();
    (0..n)
        .map(|i| {
            let entry = Entry::note(format!("note number {i}, with some words"));
            writer.save(&entry).unwrap();
            entry
        })
        .collect()
}

fn ids(store: &Store) -> Vec<EntryId> {
    store
        .load()
        .unwrap()
        .entries()
        .map(|e| e.id.clone())
        .collect()
}

/// Byte offsets where each line of `bytes` ends (the position of its newline).
fn line_ends(bytes: &[u8]) -> Vec<usize> {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn truncation_at_every_offset_of_the_last_two_records_loses_only_them() {
    let source = tempfile::tempdir().unwrap();
    let written = write_notes(source.path(), 5);
    let full = fs::read(source.path().join("journal.jsonl")).unwrap();
    let ends = line_ends(&full);
    assert_eq!(ends.len(), 5);
    let start = ends[2] + 1; // the last two records start here

    for cut in start..=full.len() {
        let dir = tempfile::tempdir().unwrap();
        let journal = dir.path().join("journal.jsonl");
        fs::write(&journal, &full[..cut]).unwrap();
        // A record counts once its JSON is complete, newline or not.
        let complete = ends.iter().filter(|end| **end <= cut).count();
        let expected: Vec<EntryId> = written[..complete].iter().map(|e| e.id.clone()).collect();

        let store = store(dir.path());
        assert_eq!(ids(&store), expected, "reading, cut at {cut}");
        assert_eq!(
            fs::read(&journal).unwrap(),
            &full[..cut],
            "a reader changed the file"
        );

        let mut writer = store.open().unwrap();
        assert_eq!(writer.journal().len(), complete, "writing, cut at {cut}");
        let extra = Entry::note("after the crash".into());
        writer.save(&extra).unwrap();
        drop(writer);

        let mut after = expected.clone();
        after.push(extra.id.clone());
        assert_eq!(ids(&store), after, "after the next save, cut at {cut}");
        assert_eq!(verify(&store).unwrap(), vec![], "cut at {cut}");

        // The torn bytes were set aside, byte for byte.
        let torn = &full[ends
            .get(complete.wrapping_sub(1))
            .map_or(0, |e| e + 1)
            .min(cut)..cut];
        let torn = if complete > 0 && ends[complete - 1] == cut {
            &[][..]
        } else {
            torn
        };
        let set_aside: Vec<Vec<u8>> = match fs::read_dir(dir.path().join("quarantine")) {
            Ok(files) => files
                .map(|f| fs::read(f.unwrap().path()).unwrap())
                .collect(),
            Err(_) => Vec::new(),
        };
        if torn.is_empty() {
            assert!(set_aside.is_empty(), "nothing was torn at {cut}");
        } else {
            assert_eq!(set_aside, vec![torn.to_vec()], "quarantine at {cut}");
        }
    }
}

#[test]
fn a_garbage_tail_is_quarantined_and_earlier_records_load() {
    let tails: [&[u8]; 3] = [
        &[0; 4096],
        b"\x8f\x01\n\xff{\"v\":1,\n\x00garbage\n\n\x13",
        b"{\"v\":1,\"put\":{\"id\"",
    ];
    for tail in tails {
        let dir = tempfile::tempdir().unwrap();
        let written = write_notes(dir.path(), 3);
        let journal = dir.path().join("journal.jsonl");
        let good = fs::read(&journal).unwrap();
        let mut bytes = good.clone();
        bytes.extend_from_slice(tail);
        fs::write(&journal, &bytes).unwrap();

        let store = store(dir.path());
        let loaded = store.load().unwrap();
        assert_eq!(loaded.len(), 3);
        assert!(
            loaded.warnings[0].contains("incomplete record"),
            "{:?}",
            loaded.warnings
        );

        let writer = store.open().unwrap();
        assert_eq!(writer.journal().len(), 3);
        assert!(writer.journal().warnings[0].contains("set aside in"));
        drop(writer);
        assert_eq!(fs::read(&journal).unwrap(), good);
        let quarantined: Vec<_> = fs::read_dir(dir.path().join("quarantine"))
            .unwrap()
            .collect();
        assert_eq!(quarantined.len(), 1);
        assert_eq!(
            fs::read(quarantined[0].as_ref().unwrap().path()).unwrap(),
            tail
        );
        assert_eq!(
            ids(&store),
            written.iter().map(|e| e.id.clone()).collect::<Vec<_>>()
        );
    }
}

#[test]
fn any_bit_flip_in_a_middle_record_makes_the_journal_read_only_and_changes_nothing() {
    let source = tempfile::tempdir().unwrap();
    write_notes(source.path(), 5);
    let full = fs::read(source.path().join("journal.jsonl")).unwrap();
    let ends = line_ends(&full);
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let journal = dir.path().join("journal.jsonl");
    // Every byte of the third record, its newline included: one bit of each (a
    // different one from byte to byte), or all eight when thorough.
    for byte in ends[1] + 1..=ends[2] {
        let bits = if common::thorough() {
            0..8
        } else {
            byte % 8..byte % 8 + 1
        };
        for bit in bits {
            let mut bytes = full.clone();
            bytes[byte] ^= 1 << bit;
            fs::write(&journal, &bytes).unwrap();
            let mtime = fs::metadata(&journal).unwrap().modified().unwrap();

            let loaded = store.load().unwrap();
            assert!(loaded.read_only().is_some(), "flip {byte}:{bit} unnoticed");
            let mut writer = store.open().unwrap();
            let refused = writer.save(&Entry::note("more".into()));
            assert!(
                matches!(refused, Err(StoreError::ReadOnly { .. })),
                "flip {byte}:{bit}"
            );
            assert!(writer.compact().is_err());
            drop(writer);
            assert_eq!(fs::read(&journal).unwrap(), bytes);
            assert_eq!(fs::metadata(&journal).unwrap().modified().unwrap(), mtime);
        }
    }
}

#[test]
fn a_newer_record_format_is_read_but_never_written() {
    let dir = tempfile::tempdir().unwrap();
    write_notes(dir.path(), 2);
    let journal = dir.path().join("journal.jsonl");
    let mut bytes = fs::read(&journal).unwrap();
    bytes.extend_from_slice(b"{\"v\":3,\"sealed\":\"AAAA\"}\n");
    fs::write(&journal, &bytes).unwrap();
    let store = store(dir.path());
    let loaded = store.load().unwrap();
    assert_eq!(loaded.len(), 2);
    assert!(loaded.read_only().unwrap().contains("newer version"));
    let error = store
        .open_append()
        .unwrap()
        .append(&between::journal::record::Record::put(Entry::note(
            "x".into(),
        )));
    assert!(matches!(error, Err(StoreError::ReadOnly { .. })));
    assert_eq!(fs::read(&journal).unwrap(), bytes);
}

#[derive(Debug, Clone)]
enum Op {
    Add(String),
    Edit(usize, String),
    Delete(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => "[a-z ]{0,20}".prop_map(Op::Add),
        2 => (any::<usize>(), "[a-z ]{0,20}").prop_map(|(i, t)| Op::Edit(i, t)),
        1 => any::<usize>().prop_map(Op::Delete),
    ]
}

/// Applies `ops` through a writer, returning the live entries it ends with.
fn apply(dir: &Path, ops: &[Op]) -> Vec<Entry> {
    let mut writer = store(dir).open().unwrap();
    for op in ops {
        let live: Vec<Entry> = writer.journal().entries().cloned().collect();
        match op {
            Op::Add(text) => writer.save(&Entry::note(text.clone())).unwrap(),
            Op::Edit(i, text) if !live.is_empty() => {
                let mut next = live[i % live.len()].next_revision();
                next.answers[0].value.set_text(text.clone());
                writer.save(&next).unwrap();
            }
            Op::Delete(i) if !live.is_empty() => writer.delete(&live[i % live.len()].id).unwrap(),
            _ => {}
        }
    }
    writer.journal().entries().cloned().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn compaction_keeps_the_live_view(ops in proptest::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let before = apply(dir.path(), &ops);
        let store = store(dir.path());
        let mut writer = store.open().unwrap();
        let live: Vec<Entry> = writer.journal().entries().cloned().collect();
        prop_assert_eq!(&live, &before);
        writer.compact().unwrap();
        let after: Vec<Entry> = writer.journal().entries().cloned().collect();
        prop_assert_eq!(&after, &before);
        // Saving after compaction goes to the new file.
        let extra = Entry::note("after".into());
        writer.save(&extra).unwrap();
        drop(writer);
        let reloaded: Vec<Entry> = store.load().unwrap().entries().cloned().collect();
        let mut expected = before.clone();
        expected.push(extra);
        prop_assert_eq!(reloaded, expected);
        prop_assert_eq!(verify(&store).unwrap(), vec![]);
    }
}

#[test]
fn a_failure_at_any_step_of_compaction_loses_nothing() {
    let steps = [
        CompactStep::Written,
        CompactStep::Synced,
        CompactStep::Verified,
        CompactStep::Renamed,
        CompactStep::DirSynced,
    ];
    let ops: Vec<Op> = (0..30)
        .map(|i| match i % 5 {
            0..=2 => Op::Add(format!("entry {i}")),
            3 => Op::Edit(i, format!("edited {i}")),
            _ => Op::Delete(i),
        })
        .collect();
    for step in steps {
        let dir = tempfile::tempdir().unwrap();
        let before = apply(dir.path(), &ops);
        let store = store(dir.path());
        let mut writer = store.open().unwrap();
        let result = writer.compact_with(|at| {
            if at == step {
                Err(std::io::Error::other("injected crash"))
            } else {
                Ok(())
            }
        });
        assert!(result.is_err(), "{step:?}");
        drop(writer);
        // What a crash at this step leaves: the journal loads whole, and can be
        // written and compacted again.
        let loaded: Vec<Entry> = store.load().unwrap().entries().cloned().collect();
        assert_eq!(loaded, before, "{step:?}");
        let mut writer = store.open().unwrap();
        writer.compact().unwrap();
        assert_eq!(
            writer.journal().entries().cloned().collect::<Vec<_>>(),
            before
        );
        assert!(!dir.path().join("journal.jsonl.compact").exists());
    }
}

#[test]
fn compaction_happens_by_itself_when_most_records_are_superseded() {
    let dir = tempfile::tempdir().unwrap();
    let mut writer = store(dir.path()).open().unwrap();
    let mut entry = Entry::note("v1".into());
    writer.save(&entry).unwrap();
    for i in 0..40 {
        entry = entry.next_revision();
        entry.answers[0].value.set_text(format!("v{i}"));
        writer.save(&entry).unwrap();
    }
    drop(writer);
    let journal = dir.path().join("journal.jsonl");
    assert_eq!(line_ends(&fs::read(&journal).unwrap()).len(), 41);
    let writer = store(dir.path()).open().unwrap();
    assert_eq!(line_ends(&fs::read(&journal).unwrap()).len(), 1);
    assert_eq!(writer.journal().entries().next(), Some(&entry));
}

#[test]
fn drafts_save_load_discard_and_list() {
    use between::journal::drafts::Drafts;
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().unwrap();
    let drafts = Drafts::new(&DataDir::resolve(Some(dir.path())).unwrap());
    assert_eq!(drafts.load::<Vec<String>>("thought-record").unwrap(), None);
    drafts
        .save("thought-record", &vec!["half a thought".to_owned()])
        .unwrap();
    drafts
        .save("map-your-cycle", &vec!["x".to_owned()])
        .unwrap();
    drafts
        .save("thought-record", &vec!["a whole thought".to_owned()])
        .unwrap();
    assert_eq!(
        drafts.load::<Vec<String>>("thought-record").unwrap(),
        Some(vec!["a whole thought".to_owned()])
    );
    assert_eq!(drafts.list().unwrap(), ["map-your-cycle", "thought-record"]);
    let file = dir.path().join("drafts/thought-record.json");
    assert_eq!(
        fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        fs::metadata(dir.path().join("drafts"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o700
    );
    drafts.discard("thought-record").unwrap();
    drafts.discard("thought-record").unwrap();
    assert_eq!(drafts.list().unwrap(), ["map-your-cycle"]);
    assert!(drafts.save("../escape", &1).is_err());

    // A damaged draft is reported and left where it is.
    fs::write(dir.path().join("drafts/map-your-cycle.json"), b"{\"trunc").unwrap();
    let error = drafts.load::<Vec<String>>("map-your-cycle").unwrap_err();
    assert!(error.to_string().contains("left in place"), "{error}");
    assert!(dir.path().join("drafts/map-your-cycle.json").exists());
}

#[test]
fn the_example_lines_in_the_format_docs_are_real_records() {
    let doc = fs::read_to_string(env!("CARGO_MANIFEST_DIR").to_owned() + "/docs/journal-format.md")
        .unwrap();
    let start = doc.find("```json\n").unwrap() + "```json\n".len();
    let block = &doc[start..start + doc[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("journal.jsonl"), block).unwrap();
    let store = store(dir.path());
    let journal = store.load().unwrap();
    assert_eq!(journal.read_only(), None);
    assert_eq!(journal.superseded(), 2, "a put and its tombstone");
    assert!(journal.is_empty());
    assert_eq!(verify(&store).unwrap(), vec![]);
}

/// A journal of `n` notes of about 800 bytes each, so that it passes the size at
/// which a snapshot is written.
fn write_long_notes(dir: &Path, n: usize, words: &str) -> Vec<Entry> {
    let mut writer = store(dir).open().unwrap();
    (0..n)
        .map(|i| {
            let entry = Entry::note(format!("{i} {}", words.repeat(800 / words.len())));
            writer.save(&entry).unwrap();
            entry
        })
        .collect()
}

/// The journal as a full parse of the log gives it, with no snapshot.
fn without_snapshot(dir: &Path) -> between::journal::Journal {
    let snapshot = dir.join("journal.snapshot");
    let kept = fs::read(&snapshot).ok();
    let _ = fs::remove_file(&snapshot);
    let journal = store(dir).load().unwrap();
    let _ = fs::remove_file(&snapshot);
    if let Some(bytes) = kept {
        fs::write(&snapshot, bytes).unwrap();
    }
    journal
}

fn same(a: &between::journal::Journal, b: &between::journal::Journal) {
    assert_eq!(a.len(), b.len());
    assert_eq!(a.superseded(), b.superseded());
    assert!(a.entries().eq(b.entries()), "the entries differ");
    assert_eq!(a.read_only(), b.read_only());
}

#[test]
fn a_snapshot_opens_the_same_journal_and_never_hides_damage() {
    let dir = tempfile::tempdir().unwrap();
    let written = write_long_notes(dir.path(), 1400, "the river at night ");
    let snapshot = dir.path().join("journal.snapshot");
    // The writer saw the log grow past the size: a snapshot is there, private.
    let store = store(dir.path());
    let first = store.load().unwrap();
    assert!(
        snapshot.exists(),
        "a snapshot is written for a large journal"
    );
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&fs::metadata(&snapshot).unwrap().permissions())
            & 0o777,
        0o600
    );
    same(&first, &without_snapshot(dir.path()));
    // It is what the open reads: a snapshot changed (and checksummed) by hand shows.
    let real = fs::read(&snapshot).unwrap();
    let mut changed = between::journal::snapshot::decode(&real).unwrap();
    changed.entries[0].answers[0]
        .value
        .set_text("from the snapshot".into());
    fs::write(
        &snapshot,
        between::journal::snapshot::encode(
            changed.covered,
            changed.log_crc,
            changed.lines,
            changed.records,
            changed.last_number,
            changed.entries.iter(),
            &changed.deleted,
        ),
    )
    .unwrap();
    let shown = store.load().unwrap();
    assert_eq!(
        shown.get(&written[0].id).unwrap().answers[0].value.text(),
        Some("from the snapshot")
    );
    fs::write(&snapshot, real).unwrap();

    // Records after the snapshot: edits, a delete, new notes.
    let mut writer = store.open().unwrap();
    let mut edited = written[3].next_revision();
    edited.answers[0].value.set_text("changed".into());
    writer.save(&edited).unwrap();
    writer.delete(&written[5].id).unwrap();
    writer
        .save(&Entry::note("after the snapshot".into()))
        .unwrap();
    drop(writer);
    let loaded = store.load().unwrap();
    same(&loaded, &without_snapshot(dir.path()));
    assert_eq!(loaded.get(&written[3].id).unwrap().revision, 2);
    assert!(loaded.get(&written[5].id).is_none());

    // A damaged snapshot is not used, and is written anew.
    let mut bytes = fs::read(&snapshot).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    fs::write(&snapshot, &bytes).unwrap();
    same(&store.load().unwrap(), &without_snapshot(dir.path()));
    assert_ne!(fs::read(&snapshot).unwrap(), bytes, "rewritten");

    // A bit flipped in the log under the snapshot: read-only as ever, nothing changed.
    let journal = dir.path().join("journal.jsonl");
    let mut log = fs::read(&journal).unwrap();
    let ends = line_ends(&log);
    log[ends[99] + 40] ^= 0x04;
    fs::write(&journal, &log).unwrap();
    let before = (
        fs::read(&snapshot).unwrap(),
        fs::metadata(&journal).unwrap().modified().unwrap(),
    );
    let damaged = store.load().unwrap();
    assert!(
        damaged.read_only().unwrap().contains("line 101"),
        "{:?}",
        damaged.read_only()
    );
    assert_eq!(fs::read(&journal).unwrap(), log);
    assert_eq!(
        (
            fs::read(&snapshot).unwrap(),
            fs::metadata(&journal).unwrap().modified().unwrap()
        ),
        before
    );
    log[ends[99] + 40] ^= 0x04;
    fs::write(&journal, &log).unwrap();

    // Cut inside what the snapshot covers: the torn tail rule, as without one.
    fs::write(&journal, &log[..ends[200] + 30]).unwrap();
    let cut = store.load().unwrap();
    assert_eq!(cut.len(), 201);
    assert_eq!(cut.read_only(), None);
    assert!(
        cut.warnings[0].contains("incomplete record"),
        "{:?}",
        cut.warnings
    );
}

/// Writes a snapshot, holding `entries`, of the first `records` records of the plain
/// log in `dir` (one record a line), as a writer would have at that point.
/// A hand-made snapshot of the log's first `lines` lines, holding `entries`, of which
/// `records` count (tombstones that removed nothing do not).
fn snapshot_of_first(dir: &Path, lines: usize, records: usize, entries: &[Entry]) {
    let bytes = fs::read(dir.join("journal.jsonl")).unwrap();
    let covered = line_ends(&bytes)
        .get(lines.wrapping_sub(1))
        .map_or(0, |end| end + 1);
    fs::write(
        dir.join("journal.snapshot"),
        between::journal::snapshot::encode(
            covered as u64,
            crc32fast::hash(&bytes[..covered]),
            lines,
            records,
            0,
            entries.iter(),
            &Default::default(),
        ),
    )
    .unwrap();
}

/// How many of `records` count: every put, and the tombstones that removed an entry.
fn counted(records: &[between::journal::record::Record]) -> usize {
    let mut live = std::collections::BTreeSet::new();
    let mut counted = 0;
    for record in records {
        match (&record.put, &record.delete) {
            (Some(entry), _) => {
                live.insert(entry.id.clone());
                counted += 1;
            }
            (None, Some(tombstone)) => {
                if live.remove(&tombstone.id) {
                    counted += 1;
                }
            }
            (None, None) => {}
        }
    }
    counted
}

#[test]
fn many_entries_older_than_the_snapshots_newest_are_sorted_in() {
    // A snapshot holding only the newest entry, then a hundred older ones after it in
    // the log (imported from a machine whose clock was behind): all in id order.
    use between::journal::record::Record;
    let older: Vec<Entry> = (0..100)
        .map(|i| Entry::note(format!("older {i}")))
        .collect();
    let newest = Entry::note("newest".into());
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let mut log = store.open_append().unwrap();
    for entry in std::iter::once(&newest).chain(older.iter().rev()) {
        log.append(&Record::put(entry.clone())).unwrap();
    }
    drop(log);
    let mut from_snapshot = newest.clone();
    from_snapshot.tags.push("in-the-snapshot".into());
    snapshot_of_first(dir.path(), 1, 1, std::slice::from_ref(&from_snapshot));
    let loaded = store.load().unwrap();
    let mut expected = older.clone();
    expected.push(from_snapshot);
    assert!(loaded.entries().eq(expected.iter()));
    assert_eq!(loaded.get(&older[50].id), Some(&older[50]));
}

/// A record of one of a few entries, chosen by number: put with a text, or delete.
#[derive(Debug, Clone)]
enum Change {
    Put(usize, String),
    Delete(usize),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => (0..6usize, "[a-z]{1,8}").prop_map(|(i, t)| Change::Put(i, t)),
        1 => (0..6usize).prop_map(Change::Delete),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Records in any order of ids (an entry from another machine, a clock set back),
    /// deletes and puts again of the same id: applied one at a time, replayed from the
    /// whole log, or replayed after a snapshot, the journal is what the last record of
    /// each id says, in the order of the ids.
    #[test]
    fn any_order_of_records_gives_the_last_word_on_each_entry(
        changes in proptest::collection::vec(change(), 1..30),
        split in any::<prop::sample::Index>(),
    ) {
        use between::journal::record::Record;
        use std::collections::BTreeMap;

        let notes: Vec<Entry> = (0..6).map(|i| Entry::note(format!("note {i}"))).collect();
        let records: Vec<Record> = changes
            .iter()
            .map(|change| match change {
                Change::Put(i, text) => {
                    let mut entry = notes[*i].next_revision();
                    entry.answers[0].value.set_text(text.clone());
                    Record::put(entry)
                }
                Change::Delete(i) => Record::delete(notes[*i].id.clone()),
            })
            .collect();
        // The model: a map by id, each record overriding the last.
        let model = |records: &[Record]| {
            let mut live = BTreeMap::new();
            for record in records {
                match (&record.put, &record.delete) {
                    (Some(entry), _) => {
                        live.insert(entry.id.clone(), entry.clone());
                    }
                    (None, Some(tombstone)) => {
                        live.remove(&tombstone.id);
                    }
                    (None, None) => {}
                }
            }
            live
        };
        let expected: Vec<Entry> = model(&records).into_values().collect();

        let mut one_by_one = between::journal::Journal::default();
        for record in &records {
            one_by_one.apply(record.clone());
        }
        prop_assert_eq!(one_by_one.entries().cloned().collect::<Vec<_>>(), expected.clone());
        // Superseded: every record but the live entries' last ones, except tombstones
        // that removed nothing (those compaction keeps, so they are not superseded).
        prop_assert_eq!(one_by_one.superseded(), counted(&records) - expected.len());

        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let mut log = store.open_append().unwrap();
        for record in &records {
            log.append(record).unwrap();
        }
        drop(log);
        let whole = store.load().unwrap();
        same(&whole, &one_by_one);

        // A snapshot of the first records, each entry in it marked, then the rest
        // replayed over it: marked are exactly the entries no later record touched.
        let split = split.index(records.len() + 1);
        let mut marked: Vec<Entry> = model(&records[..split]).into_values().collect();
        for entry in &mut marked {
            entry.tags.push("in-the-snapshot".into());
        }
        snapshot_of_first(dir.path(), split, counted(&records[..split]), &marked);
        let resumed = store.load().unwrap();
        let touched_later = model(&records[split..]);
        let mut expected_marked = expected.clone();
        for entry in &mut expected_marked {
            if !touched_later.contains_key(&entry.id) {
                entry.tags.push("in-the-snapshot".into());
            }
        }
        prop_assert_eq!(resumed.entries().cloned().collect::<Vec<_>>(), expected_marked);
        prop_assert_eq!(resumed.superseded(), whole.superseded());
    }
}
