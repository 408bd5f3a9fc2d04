//! The model of a synced journal: several devices, each with its own copy of the synced
//! folder, doing random things (add, edit, delete, erase, compact) while their files
//! reach the others in random order: whole, with a half-written last line, as a sync
//! engine's conflict copy of an older version, or duplicated. After every step the
//! device's journal must be what the model says it knows; at the end, with every file
//! delivered, every device shows the same journal, the model's, no entry the model keeps
//! is missing, every conflict is reported with each version's text, and no erased text
//! is left in any file of any folder. The same runs on a journal encrypted on every
//! device (set up as `encrypt`, `sync init` and `sync join` do), where at the end no
//! file of any folder or data directory holds the text of any entry.
//!
//! The model is written independently of the store: a revision remembers every revision
//! it was made over (its ancestors, as a set), where the store keeps a version vector.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use between::data_dir::DataDir;
use between::journal::entry::AnswerValue;
use between::journal::sync::{ReplicaId, SyncFolder, vault_file};
use between::journal::{Entry, EntryId, Journal, Store};
use between::vault::Vault;
use proptest::prelude::*;

const DEVICES: usize = 3;

#[derive(Debug, Clone)]
enum Op {
    Add,
    Edit(usize),
    Delete(usize),
    Erase(usize),
    Compact,
    /// This device's folder reaches device `to`: whole, or with its log's last line
    /// half written.
    Deliver {
        to: usize,
        torn: bool,
    },
    /// A sync engine's conflict copy of an older version of this device's log appears
    /// in its folder.
    OldCopy(usize),
    /// The log is duplicated in its folder ("journal (1).jsonl").
    Duplicate,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => Just(Op::Add),
        3 => any::<usize>().prop_map(Op::Edit),
        1 => any::<usize>().prop_map(Op::Delete),
        1 => any::<usize>().prop_map(Op::Erase),
        1 => Just(Op::Compact),
        5 => (0..DEVICES, any::<bool>()).prop_map(|(to, torn)| Op::Deliver { to, torn }),
        1 => any::<usize>().prop_map(Op::OldCopy),
        1 => Just(Op::Duplicate),
    ]
}

/// A revision (or deletion) in the model.
#[derive(Debug, Clone)]
struct Rev {
    entry: usize,
    device: usize,
    number: u32,
    /// The text; `None` for a deletion.
    text: Option<String>,
    ancestors: BTreeSet<usize>,
}

/// What a device put in its log, in order.
#[derive(Debug, Clone, Copy)]
enum Made {
    Rev(usize),
    Erase(usize),
}

/// What a device shows of one entry: its text, the other versions' texts, and how
/// many deletions were made independently of it.
type Shown = BTreeMap<EntryId, (String, BTreeSet<String>, usize)>;

struct Model {
    revs: Vec<Rev>,
    ids: Vec<EntryId>,
    made: Vec<Vec<Made>>,
    /// `known[t][s]`: how many of what `s` made device `t` has read.
    known: Vec<Vec<usize>>,
    replicas: Vec<ReplicaId>,
    texts: usize,
}

impl Model {
    fn new(replicas: Vec<ReplicaId>) -> Self {
        Self {
            revs: Vec::new(),
            ids: Vec::new(),
            made: vec![Vec::new(); DEVICES],
            known: vec![vec![0; DEVICES]; DEVICES],
            replicas,
            texts: 0,
        }
    }

    fn text(&mut self) -> String {
        self.texts += 1;
        format!("canary-{}", self.texts)
    }

    /// What device `t` has read: revisions, and erased entries.
    fn knowledge(&self, t: usize) -> (BTreeSet<usize>, BTreeSet<usize>) {
        let mut revs = BTreeSet::new();
        let mut erased = BTreeSet::new();
        for s in 0..DEVICES {
            let count = if s == t {
                self.made[s].len()
            } else {
                self.known[t][s]
            };
            for made in &self.made[s][..count] {
                match *made {
                    Made::Rev(r) => {
                        revs.insert(r);
                    }
                    Made::Erase(e) => {
                        erased.insert(e);
                    }
                }
            }
        }
        (revs, erased)
    }

    /// The heads of each entry `t` knows of (erased entries left out).
    fn heads(&self, t: usize) -> BTreeMap<usize, Vec<usize>> {
        let (revs, erased) = self.knowledge(t);
        let mut by_entry: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &r in &revs {
            by_entry.entry(self.revs[r].entry).or_default().push(r);
        }
        by_entry
            .into_iter()
            .filter(|(entry, _)| !erased.contains(entry))
            .map(|(entry, candidates)| {
                let heads = candidates
                    .iter()
                    .copied()
                    .filter(|&r| {
                        !candidates
                            .iter()
                            .any(|&other| self.revs[other].ancestors.contains(&r))
                    })
                    .collect();
                (entry, heads)
            })
            .collect()
    }

    /// What device `t` must show.
    fn shown(&self, t: usize) -> Shown {
        let mut shown = Shown::new();
        for (entry, heads) in self.heads(t) {
            let mut puts: Vec<&Rev> = heads
                .iter()
                .map(|&r| &self.revs[r])
                .filter(|rev| rev.text.is_some())
                .collect();
            let deletions = heads.len() - puts.len();
            puts.sort_by(|a, b| {
                (a.number, self.replicas[a.device].as_str())
                    .cmp(&(b.number, self.replicas[b.device].as_str()))
            });
            let Some(winner) = puts.pop() else { continue };
            let others = puts.iter().filter_map(|rev| rev.text.clone()).collect();
            shown.insert(
                self.ids[entry].clone(),
                (winner.text.clone().unwrap(), others, deletions),
            );
        }
        shown
    }

    /// Device `d` makes a new revision (or deletion) of `entry` over what it shows.
    fn revise(&mut self, d: usize, entry: usize, text: Option<String>) {
        let heads = self.heads(d).remove(&entry).unwrap_or_default();
        let mut ancestors = BTreeSet::new();
        for &h in &heads {
            ancestors.insert(h);
            ancestors.extend(self.revs[h].ancestors.iter().copied());
        }
        let number = heads
            .iter()
            .map(|&h| self.revs[h].number)
            .max()
            .unwrap_or(0)
            + 1;
        self.revs.push(Rev {
            entry,
            device: d,
            number,
            text,
            ancestors,
        });
        self.made[d].push(Made::Rev(self.revs.len() - 1));
    }

    /// A writer opened on `d` rewrites its log without the entries it knows were
    /// erased elsewhere (an erasure travels), which its log then records as erased.
    fn opened(&mut self, d: usize) {
        let (_, erased) = self.knowledge(d);
        let mine: BTreeSet<usize> = self.made[d]
            .iter()
            .filter_map(|made| match *made {
                Made::Rev(r) => Some(self.revs[r].entry),
                Made::Erase(_) => None,
            })
            .collect();
        let erased_by_me: BTreeSet<usize> = self.made[d]
            .iter()
            .filter_map(|made| match *made {
                Made::Erase(e) => Some(e),
                Made::Rev(_) => None,
            })
            .collect();
        for entry in erased.intersection(&mine) {
            if !erased_by_me.contains(entry) {
                self.made[d].push(Made::Erase(*entry));
            }
        }
    }
}

/// One device: its data directory and its copy of the synced folder.
struct Device {
    dir: DataDir,
    folder: SyncFolder,
    replica: ReplicaId,
    /// The journal's key, when it is encrypted.
    vault: Option<Vault>,
    /// Its log's bytes after each step, for old conflict copies.
    versions: Vec<Vec<u8>>,
    /// Its log's bytes right after its last save, whose record is then the last line.
    saved: Vec<u8>,
    copies: usize,
}

impl Device {
    fn store(&self) -> Store {
        Store::with_vault(self.dir.clone(), self.vault.clone())
    }

    fn log(&self) -> PathBuf {
        self.folder.log(&self.replica)
    }
}

fn shown_by(journal: &Journal) -> Shown {
    journal
        .entries()
        .map(|entry| {
            let (others, deletions) = match journal.conflict(&entry.id) {
                Some(conflict) => (
                    conflict.others.iter().map(text_of).collect(),
                    conflict.deleted.len(),
                ),
                None => (BTreeSet::new(), 0),
            };
            (entry.id.clone(), (text_of(entry), others, deletions))
        })
        .collect()
}

fn text_of(entry: &Entry) -> String {
    match &entry.answers[0].value {
        AnswerValue::Text { text } => text.clone(),
        other => panic!("a note has a text answer, not {other:?}"),
    }
}

/// Copies `from`'s folder of its own log into `to`'s copy of the synced folder, as a
/// sync engine does: every log file, and no file `from` no longer has. Torn: only the
/// log, with its last line half written.
fn deliver(from: &Device, to: &Device, torn: bool) {
    let source = from.folder.replica_dir(&from.replica);
    let target = to.folder.replica_dir(&from.replica);
    fs::create_dir_all(&target).unwrap();
    if torn {
        let bytes = fs::read(from.log()).unwrap();
        let body = &bytes[..bytes.len() - 1];
        let start = body
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |at| at + 1);
        let cut = start + (bytes.len() - start) / 2;
        fs::write(target.join("journal.jsonl"), &bytes[..cut]).unwrap();
        return;
    }
    let names = |dir: &Path| -> BTreeSet<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|item| item.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let have = names(&source);
    for gone in names(&target).difference(&have) {
        fs::remove_file(target.join(gone)).unwrap();
    }
    for name in have {
        fs::copy(source.join(&name), target.join(&name)).unwrap();
    }
}

/// The passphrase of the encrypted variant (see `common::tui::encrypted`).
const PASSPHRASE: &str = "words";

/// The devices, started as `sync init` (device 0) and `sync join` (the others) start
/// them, each on its own copy of the folder, into which the engine has brought the
/// marker (and, encrypted, `vault.json`) first. Encrypted: device 0's journal is
/// encrypted before `init`, and each other device unlocks the key in `vault.json` with
/// the passphrase as it joins.
fn devices(root: &Path, encrypted: bool) -> Vec<Device> {
    let mut devices: Vec<Device> = Vec::new();
    for d in 0..DEVICES {
        let data = DataDir::resolve(Some(&root.join(format!("data-{d}")))).unwrap();
        let folder = SyncFolder::new(root.join(format!("folder-{d}")));
        let vault = match devices.first() {
            None if encrypted => Some(crate::common::tui::encrypted(&data)),
            None => None,
            Some(first) => {
                fs::create_dir_all(folder.root()).unwrap();
                for name in ["between-sync.json", "vault.json"] {
                    let from = first.folder.root().join(name);
                    if from.exists() {
                        fs::copy(from, folder.root().join(name)).unwrap();
                    }
                }
                vault_file::load(&folder)
                    .unwrap()
                    .map(|shared| shared.unlock(PASSPHRASE).unwrap())
            }
        };
        assert_eq!(vault.is_some(), encrypted, "device {d} has the key");
        let config = Store::with_vault(data.clone(), vault.clone())
            .start_sync(folder.root(), &format!("device {d}"), d > 0)
            .unwrap();
        devices.push(Device {
            dir: between::journal::sync::attach(data).unwrap(),
            folder,
            replica: config.replica,
            vault,
            versions: Vec::new(),
            saved: Vec::new(),
            copies: 0,
        });
    }
    devices
}

fn run(steps: &[(usize, Op)], encrypted: bool) -> Result<(), TestCaseError> {
    let root = tempfile::tempdir().unwrap();
    let mut devices = devices(root.path(), encrypted);
    let mut model = Model::new(devices.iter().map(|d| d.replica.clone()).collect());
    for (step, (d, op)) in steps.iter().enumerate() {
        let d = *d;
        let mut writer = devices[d].store().open().unwrap();
        model.opened(d);
        prop_assert_eq!(
            shown_by(writer.journal()),
            model.shown(d),
            "device {} before step {} ({:?})",
            d,
            step,
            op
        );
        let view: Vec<usize> = {
            let shown = model.shown(d);
            (0..model.ids.len())
                .filter(|&e| shown.contains_key(&model.ids[e]))
                .collect()
        };
        let pick = |i: usize| (!view.is_empty()).then(|| view[i % view.len()]);
        let mut saved = false;
        match op {
            Op::Add => {
                let text = model.text();
                let entry = Entry::note(text.clone());
                model.ids.push(entry.id.clone());
                model.revise(d, model.ids.len() - 1, Some(text));
                writer.save(&entry).unwrap();
                saved = true;
            }
            Op::Edit(i) => {
                if let Some(e) = pick(*i) {
                    let text = model.text();
                    let mut entry = writer.journal().get(&model.ids[e]).unwrap().clone();
                    entry.answers[0].value.set_text(text.clone());
                    entry.revision += 1;
                    model.revise(d, e, Some(text));
                    writer.save(&entry).unwrap();
                    saved = true;
                }
            }
            Op::Delete(i) => {
                if let Some(e) = pick(*i) {
                    model.revise(d, e, None);
                    writer.delete(&model.ids[e]).unwrap();
                    saved = true;
                }
            }
            Op::Erase(i) => {
                if let Some(e) = pick(*i) {
                    model.made[d].push(Made::Erase(e));
                    writer.delete_erasing(&model.ids[e]).unwrap();
                }
            }
            Op::Compact => {
                writer.compact().unwrap();
            }
            Op::Deliver { to, torn } => {
                let to = *to;
                if to != d && devices[d].log().exists() {
                    drop(writer);
                    let last_is_a_save = matches!(model.made[d].last(), Some(Made::Rev(_)));
                    // Half a line is the last save's only while its record is the last line.
                    let torn = *torn
                        && last_is_a_save
                        && fs::read(devices[d].log()).ok().as_ref() == Some(&devices[d].saved)
                        && model.known[to][d] < model.made[d].len();
                    deliver(&devices[d], &devices[to], torn);
                    model.known[to][d] = model.made[d].len() - usize::from(torn);
                    continue;
                }
            }
            Op::OldCopy(i) => {
                if !devices[d].versions.is_empty() {
                    let device = &mut devices[d];
                    let old = device.versions[i % device.versions.len()].clone();
                    device.copies += 1;
                    let name = format!(
                        "journal.sync-conflict-20261201-0000{:02}-ABCDEFG.jsonl",
                        device.copies
                    );
                    fs::write(device.folder.replica_dir(&device.replica).join(name), old).unwrap();
                }
            }
            Op::Duplicate => {
                if devices[d].log().exists() {
                    let device = &devices[d];
                    fs::copy(
                        device.log(),
                        device
                            .folder
                            .replica_dir(&device.replica)
                            .join("journal (1).jsonl"),
                    )
                    .unwrap();
                }
            }
        }
        drop(writer);
        if let Ok(bytes) = fs::read(devices[d].log()) {
            if saved {
                devices[d].saved = bytes.clone();
            }
            devices[d].versions.push(bytes);
        }
    }
    // Every file reaches every device; each opens (erasures travel, spare copies of
    // its own log go), and every file travels again.
    for _ in 0..2 {
        for s in 0..DEVICES {
            for t in 0..DEVICES {
                if s != t && devices[s].log().exists() {
                    deliver(&devices[s], &devices[t], false);
                    model.known[t][s] = model.made[s].len();
                }
            }
        }
        for (d, device) in devices.iter().enumerate() {
            drop(device.store().open().unwrap());
            model.opened(d);
        }
    }
    for s in 0..DEVICES {
        for t in 0..DEVICES {
            if s != t && devices[s].log().exists() {
                deliver(&devices[s], &devices[t], false);
                model.known[t][s] = model.made[s].len();
            }
        }
    }
    let expected = model.shown(0);
    for (d, device) in devices.iter().enumerate() {
        prop_assert_eq!(model.shown(d), expected.clone(), "the model converges");
        let journal = device.store().load().unwrap();
        prop_assert_eq!(
            shown_by(&journal),
            expected.clone(),
            "device {} at the end",
            d
        );
        prop_assert!(
            journal.warnings.is_empty(),
            "device {} warns: {:?}",
            d,
            journal.warnings
        );
    }
    // No text of an erased entry is left in any log of any folder.
    let erased: BTreeSet<usize> = model
        .made
        .iter()
        .flatten()
        .filter_map(|made| match *made {
            Made::Erase(e) => Some(e),
            Made::Rev(_) => None,
        })
        .collect();
    let erased_texts: Vec<&String> = model
        .revs
        .iter()
        .filter(|rev| erased.contains(&rev.entry))
        .filter_map(|rev| rev.text.as_ref())
        .collect();
    for device in &devices {
        for replica in device.folder.devices().unwrap() {
            for log in device.folder.logs_of(&replica).unwrap() {
                let bytes = String::from_utf8(fs::read(&log.path).unwrap()).unwrap();
                for text in &erased_texts {
                    let quoted = format!("\"{text}\"");
                    prop_assert!(
                        !bytes.contains(&quoted),
                        "{} still holds the erased {}",
                        log.path.display(),
                        text
                    );
                }
            }
        }
    }
    if encrypted {
        // Encrypted: no text of any entry in any file, synced or kept on a device.
        for rev in &model.revs {
            if let Some(text) = &rev.text {
                crate::common::assert_nowhere(root.path(), text);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if crate::common::thorough() { 96 } else { 16 }))]

    #[test]
    fn every_device_converges_to_the_model(
        steps in proptest::collection::vec((0..DEVICES, op()), 1..36)
    ) {
        run(&steps, false)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if crate::common::thorough() { 32 } else { 6 }))]

    /// The same model on a journal encrypted on every device.
    #[test]
    fn every_device_of_an_encrypted_journal_converges_to_the_model(
        steps in proptest::collection::vec((0..DEVICES, op()), 1..36)
    ) {
        run(&steps, true)?;
    }
}
