//! Synced journal benchmarks (issue 19): a generated journal of 3N entries split by
//! entry id into three devices' logs in one synced folder, this device being the first
//! (each record goes to the log `crc32(id) % 3`, as `/tmp/perf/split.py` of the
//! measurements in `docs/performance.md` does), against the same journal unsynced:
//!
//! - `sync_open/one journal/3N`: `Store::load` of the 3N journal on one device, from
//!   its snapshot;
//! - `sync_open/3 devices/N`: the synced journal, each log from its own snapshot, and
//!   the merge; the issue asks for at most 1.2 × the one journal;
//! - `sync_open/3 devices, 10 new/N`: the same after another device added 10 entries
//!   to its log (only the new bytes are parsed: at most 5 ms more);
//! - `sync_open/3 devices, 10k conflict copy/N`: the same with a conflict copy of a
//!   device's log of 10,000 entries beside it (merging it: at most 50 ms more), for
//!   N of 10,000 or more;
//! - `sync_append/N`: one entry appended with its sync (`AppendLog::append`) to this
//!   device's log; the cost should not depend on N nor on the other devices.
//!
//! Each journal is generated (seeded) the first time a selected benchmark needs it, in
//! a temporary directory under `TMPDIR` (set it to a directory on the disk to measure:
//! a tmpfs makes syncs free). N is 1,000 and 10,000 by default; `SYNC_BENCH_N=33333`
//! measures the 3 × 33k against 100k (set it to one size, or several with
//! commas).
//!
//! `cargo bench --bench sync` runs everything; `cargo bench --bench sync --
//! 'sync_open/.*/1000$'` the opens of 3 × 1,000.

use std::cell::OnceCell;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use between::data_dir::DataDir;
use between::journal::Store;
use between::journal::record::Record;
use between::journal::sync;
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, criterion_group};
use tempfile::TempDir;

#[path = "support/generate.rs"]
mod generate;

const SIZES: [usize; 2] = [1_000, 10_000];
const SEED: u64 = 1;
/// The other two devices (this device's id is minted by `sync init`).
const OTHERS: [&str; 2] = ["01M8T00000000000000000000B", "01M8T00000000000000000000C"];
/// Entries in the conflict copy.
const COPY_ENTRIES: usize = 10_000;

/// The sizes to measure: `SYNC_BENCH_N`, else [`SIZES`].
fn sizes() -> Vec<usize> {
    match std::env::var("SYNC_BENCH_N") {
        Ok(sizes) => sizes
            .split(',')
            .map(|n| n.trim().parse().expect("SYNC_BENCH_N: entries per device"))
            .collect(),
        Err(_) => SIZES.to_vec(),
    }
}

/// The generated journal of 3N entries, unsynced and split into three logs.
struct Fixture {
    per_device: usize,
    made: OnceCell<Made>,
}

struct Made {
    _root: TempDir,
    /// The data directory of the journal on one device.
    single: PathBuf,
    /// The data directory of this device of the synced journal.
    synced: PathBuf,
    /// The synced folder.
    folder: PathBuf,
}

impl Fixture {
    fn new(per_device: usize) -> Self {
        Self {
            per_device,
            made: OnceCell::new(),
        }
    }

    fn made(&self) -> &Made {
        self.made.get_or_init(|| {
            let root = tempfile::tempdir().expect("a temporary directory");
            let bytes = generate::generate(3 * self.per_device, SEED);
            let single = root.path().join("single");
            let synced = root.path().join("synced");
            let folder = root.path().join("folder");
            for dir in [&single, &synced] {
                between::secure_fs::private_dir(dir).expect("a data directory");
            }
            std::fs::write(single.join("journal.jsonl"), &bytes).expect("write the journal");
            let mut logs = [Vec::new(), Vec::new(), Vec::new()];
            for line in bytes.split_inclusive(|&b| b == b'\n') {
                logs[device_of(line)].extend_from_slice(line);
            }
            std::fs::write(synced.join("journal.jsonl"), &logs[0]).expect("write the log");
            store(&synced)
                .start_sync(&folder, "bench", false)
                .expect("sync init");
            for (other, log) in OTHERS.iter().zip(&logs[1..]) {
                let dir = folder.join("replicas").join(other);
                between::secure_fs::private_dir(&dir).expect("a device's folder");
                std::fs::write(dir.join("journal.jsonl"), log).expect("write a device's log");
            }
            let made = Made {
                _root: root,
                single,
                synced,
                folder,
            };
            // The first loads write the snapshots; the journals are what was written.
            for (dir, entries) in [(&made.single, 3 * self.per_device), (&made.synced, 0)] {
                let journal = store(dir).load().expect("the journal loads");
                assert!(journal.warnings.is_empty(), "{:?}", journal.warnings);
                if entries > 0 {
                    assert_eq!(journal.len(), entries);
                }
            }
            let synced = store(&made.synced)
                .load()
                .expect("the synced journal loads");
            assert_eq!(synced.len(), 3 * self.per_device, "the union of the logs");
            made
        })
    }

    /// A copy of the synced journal's folders, for a bench that changes them.
    fn synced_copy(&self) -> (TempDir, PathBuf, PathBuf) {
        let made = self.made();
        let root = tempfile::tempdir().expect("a temporary directory");
        let (synced, folder) = (root.path().join("synced"), root.path().join("folder"));
        copy_tree(&made.synced, &synced);
        copy_tree(&made.folder, &folder);
        // sync.json names the folder by its path: point it at the copy.
        let config = synced.join("sync.json");
        let text = std::fs::read_to_string(&config).expect("sync.json");
        let old = serde_json::to_string(&made.folder).expect("a path");
        let new = serde_json::to_string(&folder).expect("a path");
        std::fs::write(&config, text.replace(&old, &new)).expect("sync.json");
        (root, synced, folder)
    }
}

/// Which of the three logs a record line goes to: `crc32(id) % 3`.
fn device_of(line: &[u8]) -> usize {
    let key = b"\"id\":\"";
    let at = line
        .windows(key.len())
        .position(|w| w == key)
        .expect("a record names its id")
        + key.len();
    (crc32fast::hash(&line[at..at + 26]) % 3) as usize
}

fn copy_tree(from: &Path, to: &Path) {
    between::secure_fs::private_dir(to).expect("a folder");
    for item in std::fs::read_dir(from).expect("a folder") {
        let item = item.expect("a folder's item");
        let target = to.join(item.file_name());
        if item.file_type().expect("a file type").is_dir() {
            copy_tree(&item.path(), &target);
        } else {
            std::fs::copy(item.path(), &target).expect("copy a file");
        }
    }
}

/// The store of the data directory `dir`, synced if `sync.json` says so.
fn store(dir: &Path) -> Store {
    let dir = DataDir::resolve(Some(dir)).expect("an explicit data directory");
    Store::new(sync::attach(dir).expect("sync.json reads"))
}

/// Few samples and short times for the large journals; flat sampling once an
/// iteration takes long.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, per_device: usize) {
    let (samples, measure) = match per_device {
        0..=1_000 => (30, 3),
        1_001..=10_000 => (10, 4),
        _ => (10, 8),
    };
    group
        .sample_size(samples)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(measure));
}

/// Measures `Store::load` of `dir`, holding the lock so that a load cannot write a
/// snapshot meanwhile (the first load, before, has written them).
fn bench_load(group: &mut BenchmarkGroup<'_, WallTime>, id: BenchmarkId, dir: &Path, n: usize) {
    let store = store(dir);
    let journal = store.load().expect("the journal loads");
    assert_eq!(journal.len(), n, "live entries");
    assert!(journal.warnings.is_empty(), "{:?}", journal.warnings);
    let lock = std::fs::File::create(store.dir().lock()).expect("the lock file");
    lock.lock().expect("the lock");
    // Dropping a journal is not part of loading it.
    group.bench_function(id, |b| {
        b.iter_with_large_drop(|| store.load().expect("the journal loads"))
    });
}

/// `sync_open/…`: one journal of 3N, three devices' logs of N, the same after
/// another device added 10 entries, and with a 10k-entry conflict copy.
fn open(c: &mut Criterion, fixtures: &[Fixture]) {
    let mut group = c.benchmark_group("sync_open");
    for fixture in fixtures {
        let n = fixture.per_device;
        configure(&mut group, n);
        let made = fixture.made();
        let one = BenchmarkId::new("one journal", 3 * n);
        bench_load(&mut group, one, &made.single, 3 * n);
        bench_load(
            &mut group,
            BenchmarkId::new("3 devices", n),
            &made.synced,
            3 * n,
        );

        let (_copy, synced, folder) = fixture.synced_copy();
        let other = folder
            .join("replicas")
            .join(OTHERS[0])
            .join("journal.jsonl");
        let mut added = std::fs::OpenOptions::new()
            .append(true)
            .open(&other)
            .expect("another device's log");
        for i in 0..10 {
            let line = Record::put(generate::one_entry(SEED + 1 + i)).to_line();
            std::io::Write::write_all(&mut added, &line).expect("append to another log");
        }
        let id = BenchmarkId::new("3 devices, 10 new", n);
        bench_load(&mut group, id, &synced, 3 * n + 10);

        if n < COPY_ENTRIES {
            continue;
        }
        let (_copy, synced, folder) = fixture.synced_copy();
        let device = folder.join("replicas").join(OTHERS[0]);
        let log = std::fs::read(device.join("journal.jsonl")).expect("another device's log");
        // The first 10k entries of the log, as an older copy the engine kept.
        let copy: Vec<u8> = log
            .split_inclusive(|&b| b == b'\n')
            .filter(|line| line.starts_with(b"{\"v\":1,\"put\""))
            .take(COPY_ENTRIES)
            .flatten()
            .copied()
            .collect();
        let name = "journal.sync-conflict-20260101-120000-ABCDEFG.jsonl";
        std::fs::write(device.join(name), copy).expect("write the conflict copy");
        let id = BenchmarkId::new("3 devices, 10k conflict copy", n);
        bench_load(&mut group, id, &synced, 3 * n);
    }
    group.finish();
}

/// `sync_append/N`: one entry appended, synced, to this device's log.
fn append(c: &mut Criterion, fixtures: &[Fixture]) {
    let mut group = c.benchmark_group("sync_append");
    for fixture in fixtures {
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(2));
        let (copy, synced, _) = fixture.synced_copy();
        let mut log = store(&synced)
            .open_append()
            .expect("the journal opens to append");
        let record = Record::put(generate::one_entry(SEED));
        group.bench_function(BenchmarkId::from_parameter(fixture.per_device), |b| {
            b.iter(|| log.append(black_box(&record)).expect("the entry is saved"))
        });
        drop(log);
        let journal = store(&synced).load().expect("the journal loads");
        assert!(journal.warnings.is_empty(), "{:?}", journal.warnings);
        assert_eq!(journal.len(), 3 * fixture.per_device + 1);
        drop(copy);
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    let fixtures: Vec<Fixture> = sizes().into_iter().map(Fixture::new).collect();
    open(c, &fixtures);
    append(c, &fixtures);
}

criterion_group!(sync_benches, benches);
criterion::criterion_main!(sync_benches);
