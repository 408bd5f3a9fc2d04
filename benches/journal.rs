//! Journal benchmarks on generated journals of 1k, 10k and 100k entries:
//!
//! - `open/N`: read `journal.jsonl` and index every entry (`Store::load`), as it is
//!   done every time but the first: from the snapshot (`journal.snapshot`, which the
//!   first load writes), checked against the log's bytes.
//! - `open_full/N`: the same without a snapshot (the lock held, so the load cannot
//!   write one): every record parsed, as the first time.
//! - `append/N`: append one entry with its sync (`AppendLog::append`), to a copy of
//!   the journal; the cost should not depend on N.
//! - `search/N`: count the entries matching `Search::new("lighthouse")` (1% do) in a
//!   built `SearchIndex`: what each search, and each keystroke of the TUI's, costs.
//! - `search_index/N`: building the `SearchIndex`, once per change of the journal.
//! - `export_json/N`: the JSON export of every entry.
//! - `progress/N`: the figures of the progress view and what is due.
//! - `unlock`: deriving the key from a passphrase and unwrapping the data key, with
//!   the parameters a new encrypted journal gets (Argon2id, 64 MiB, 3 passes).
//! - `encrypted_open/N` and `encrypted_append/N`: `open` and `append` on the same
//!   journals encrypted (every record sealed), the key already unlocked.
//!
//! Each journal is generated (seeded) the first time a selected benchmark needs it, in
//! a temporary directory under `TMPDIR`. Appends sync: set `TMPDIR` to a directory on
//! the disk to measure (a tmpfs makes syncs free).
//!
//! `cargo bench --bench journal` runs everything (a few minutes on two cores);
//! `cargo bench --bench journal -- 'open/1000$'` runs one (the filter is a regex, so
//! without the `$` it would run `open/10000` and `open/100000` too).

use std::cell::OnceCell;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use between::data_dir::DataDir;
use between::journal::export::{Format, Options, write};
use between::journal::query::{Search, SearchIndex};
use between::journal::record::Record;
use between::journal::store::AppendLog;
use between::journal::{Entry, Journal, Store};
use between::vault::{Header, Vault};
use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group,
    criterion_main,
};
use tempfile::TempDir;

#[path = "support/generate.rs"]
mod generate;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const SEED: u64 = 1;

/// A generated journal in its own data directory, made on first use.
struct Fixture {
    entries: usize,
    made: OnceCell<Made>,
    journal: OnceCell<Journal>,
    encrypted: OnceCell<(TempDir, Vault)>,
}

struct Made {
    dir: TempDir,
    bytes: u64,
}

impl Fixture {
    fn new(entries: usize) -> Self {
        Self {
            entries,
            made: OnceCell::new(),
            journal: OnceCell::new(),
            encrypted: OnceCell::new(),
        }
    }

    /// The same journal encrypted (compacted on the way, as `between encrypt` does).
    fn encrypted(&self) -> &(TempDir, Vault) {
        self.encrypted.get_or_init(|| {
            let dir = tempfile::tempdir().expect("a temporary directory");
            std::fs::copy(
                self.dir().join("journal.jsonl"),
                dir.path().join("journal.jsonl"),
            )
            .expect("copy the journal");
            let vault = Vault::generate();
            let header = Header::create(&vault, PASSPHRASE);
            store(dir.path(), None)
                .open()
                .expect("the journal opens")
                .rewrite_with(Some((header, vault.clone())), |_| Ok(()))
                .expect("the journal is encrypted");
            (dir, vault)
        })
    }

    fn made(&self) -> &Made {
        self.made.get_or_init(|| {
            let dir = tempfile::tempdir().expect("a temporary directory");
            let bytes = generate::generate(self.entries, SEED);
            std::fs::write(dir.path().join("journal.jsonl"), &bytes).expect("write the journal");
            Made {
                dir,
                bytes: bytes.len() as u64,
            }
        })
    }

    fn dir(&self) -> &Path {
        self.made().dir.path()
    }

    fn store(&self) -> Store {
        store(self.dir(), None)
    }

    fn encrypted_store(&self) -> Store {
        let (dir, vault) = self.encrypted();
        store(dir.path(), Some(vault.clone()))
    }

    /// The journal, loaded once and kept for the benches that read it.
    fn journal(&self) -> &Journal {
        self.journal.get_or_init(|| {
            let journal = self.store().load().expect("the journal loads");
            assert_eq!(journal.len(), self.entries, "live entries");
            assert!(journal.warnings.is_empty(), "{:?}", journal.warnings);
            assert!(journal.superseded() > 0, "the log has superseded records");
            journal
        })
    }
}

const PASSPHRASE: &str = "a long walk by the river";

fn store(dir: &Path, vault: Option<Vault>) -> Store {
    Store::with_vault(
        DataDir::resolve(Some(dir)).expect("an explicit data directory"),
        vault,
    )
}

/// Few samples and short times for the large journals, so the whole suite takes
/// minutes; flat sampling once an iteration takes long.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, entries: usize) {
    match entries {
        0..=1_000 => {
            group
                .sample_size(30)
                .sampling_mode(SamplingMode::Auto)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(3));
        }
        1_001..=10_000 => {
            group
                .sample_size(10)
                .sampling_mode(SamplingMode::Flat)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(4));
        }
        _ => {
            group
                .sample_size(10)
                .sampling_mode(SamplingMode::Flat)
                .warm_up_time(Duration::from_millis(500))
                .measurement_time(Duration::from_secs(8));
        }
    }
}

/// How an open benchmark finds the journal.
#[derive(Clone, Copy, PartialEq)]
enum Open {
    /// Plain, with its snapshot.
    Plain,
    /// Plain, without a snapshot.
    Full,
    /// Encrypted, with its (sealed) snapshot.
    Encrypted,
}

/// `open/N`, `open_full/N` or `encrypted_open/N`.
fn open(c: &mut Criterion, fixtures: &[Fixture], how: Open) {
    let name = match how {
        Open::Plain => "open",
        Open::Full => "open_full",
        Open::Encrypted => "encrypted_open",
    };
    let mut group = c.benchmark_group(name);
    for fixture in fixtures {
        configure(&mut group, fixture.entries);
        group.throughput(Throughput::Elements(fixture.entries as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(fixture.entries),
            fixture,
            |b, fixture| {
                let store = if how == Open::Encrypted {
                    fixture.encrypted_store()
                } else {
                    fixture.store()
                };
                let snapshot = store.dir().snapshot();
                // Held so that a load cannot write a snapshot while it is measured.
                let lock = std::fs::File::create(store.dir().lock()).expect("the lock file");
                if how == Open::Full {
                    let _ = std::fs::remove_file(&snapshot);
                    lock.lock().expect("the lock");
                } else {
                    store.load().expect("the journal loads");
                    assert!(snapshot.exists(), "the first load writes the snapshot");
                }
                // Dropping a journal is not part of loading it.
                b.iter_with_large_drop(|| store.load().expect("the journal loads"));
            },
        );
    }
    group.finish();
}

fn unlock(c: &mut Criterion) {
    let vault = Vault::generate();
    let header = Header::create(&vault, PASSPHRASE);
    let mut group = c.benchmark_group("unlock");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(4));
    group.bench_function("argon2id-64MiB-t3-p4", |b| {
        b.iter(|| header.unlock(black_box(PASSPHRASE)).expect("unlocks"))
    });
    group.finish();
}

/// `append/N` on copies of the plain journals, or `encrypted_append/N`.
fn append(c: &mut Criterion, fixtures: &[Fixture], encrypted: bool) {
    let mut group = c.benchmark_group(if encrypted {
        "encrypted_append"
    } else {
        "append"
    });
    for fixture in fixtures {
        // Each append syncs: a few hundred per size are enough.
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(2))
            .throughput(Throughput::Elements(1));
        // A copy of the journal, so the other benches read it as generated.
        let mut open: Option<(TempDir, AppendLog)> = None;
        group.bench_with_input(
            BenchmarkId::from_parameter(fixture.entries),
            fixture,
            |b, fixture| {
                let (_, log) = open.get_or_insert_with(|| {
                    let dir = tempfile::tempdir().expect("a temporary directory");
                    let (source, vault) = if encrypted {
                        let (dir, vault) = fixture.encrypted();
                        (dir.path(), Some(vault.clone()))
                    } else {
                        (fixture.dir(), None)
                    };
                    std::fs::copy(
                        source.join("journal.jsonl"),
                        dir.path().join("journal.jsonl"),
                    )
                    .expect("copy the journal");
                    let log = store(dir.path(), vault)
                        .open_append()
                        .expect("the journal opens to append");
                    (dir, log)
                });
                let record = Record::put(generate::one_entry(SEED));
                b.iter(|| log.append(black_box(&record)).expect("the entry is saved"));
            },
        );
        if let Some((dir, log)) = open.take() {
            drop(log);
            // The copy holds the generated records plus the appended ones, all intact.
            let vault = encrypted.then(|| fixture.encrypted().1.clone());
            let journal = store(dir.path(), vault).load().expect("the journal loads");
            assert!(journal.warnings.is_empty(), "{:?}", journal.warnings);
            assert_eq!(journal.len(), fixture.entries + 1);
        }
    }
    group.finish();
}

/// The progress figures (issue 6): everything the progress view shows (one pass:
/// measures, practice days and streaks, per-area counts, before/after, on this day),
/// and what is due for home.
fn progress(c: &mut Criterion, fixtures: &[Fixture]) {
    use between::practice::{due, progress::progress};
    let mut group = c.benchmark_group("progress");
    for fixture in fixtures {
        configure(&mut group, fixture.entries);
        let journal = fixture.journal();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        let catalog = between::pack::Catalog::builtin().unwrap();
        group.bench_with_input(
            BenchmarkId::from_parameter(fixture.entries),
            journal,
            |b, journal| {
                b.iter(|| {
                    (
                        progress(journal, &catalog, today, None, (None, None)),
                        due(journal, today).len(),
                    )
                })
            },
        );
    }
    group.finish();
}

fn search(c: &mut Criterion, fixtures: &[Fixture]) {
    let mut group = c.benchmark_group("search");
    for fixture in fixtures {
        configure(&mut group, fixture.entries);
        group.throughput(Throughput::Elements(fixture.entries as u64));
        let journal = fixture.journal();
        let index = SearchIndex::build(journal);
        let count = |index: &SearchIndex| {
            let search = Search::new(black_box(generate::NEEDLE));
            index
                .matches(&search)
                .into_iter()
                .filter(|hit| *hit)
                .count()
        };
        let found = count(&index);
        let expected = generate::needle_count(fixture.entries);
        assert_eq!(found, expected, "entries containing the needle");
        assert!(
            found * 200 >= fixture.entries && found * 200 <= fixture.entries * 3,
            "about 1% of entries match: {found} of {}",
            fixture.entries
        );
        group.bench_with_input(
            BenchmarkId::from_parameter(fixture.entries),
            &index,
            |b, index| b.iter(|| count(index)),
        );
    }
    group.finish();
    let mut group = c.benchmark_group("search_index");
    for fixture in fixtures {
        configure(&mut group, fixture.entries);
        let journal = fixture.journal();
        group.bench_with_input(
            BenchmarkId::from_parameter(fixture.entries),
            journal,
            |b, journal| b.iter(|| SearchIndex::build(journal)),
        );
    }
    group.finish();
}

fn export_json(c: &mut Criterion, fixtures: &[Fixture]) {
    let mut group = c.benchmark_group("export_json");
    for fixture in fixtures {
        configure(&mut group, fixture.entries);
        group.throughput(Throughput::Elements(fixture.entries as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(fixture.entries),
            fixture,
            |b, fixture| {
                let entries: Vec<&Entry> = fixture.journal().entries().collect();
                b.iter_with_large_drop(|| {
                    let mut out = Vec::new();
                    write(
                        black_box(&entries),
                        Format::Json,
                        Options::default(),
                        &mut out,
                    )
                    .unwrap();
                    out
                });
            },
        );
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    let fixtures: Vec<Fixture> = SIZES.iter().map(|&n| Fixture::new(n)).collect();
    open(c, &fixtures, Open::Plain);
    open(c, &fixtures, Open::Full);
    search(c, &fixtures);
    progress(c, &fixtures);
    export_json(c, &fixtures);
    append(c, &fixtures, false);
    unlock(c);
    open(c, &fixtures, Open::Encrypted);
    append(c, &fixtures, true);
    for fixture in &fixtures {
        if let Some(made) = fixture.made.get() {
            eprintln!(
                "journal of {} entries: {} bytes",
                fixture.entries, made.bytes
            );
        }
    }
}

criterion_group!(journal, benches);
criterion_main!(journal);
