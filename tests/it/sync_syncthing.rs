//! Two real Syncthing instances carry the synced folder between two "devices" on this
//! machine: the ground the journal's sync stands on (issue 19).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use between::data_dir::DataDir;

use crate::common::sync::{copy_whole, setting};
use crate::common::syncthing::SyncthingPair;
use crate::common::{between, stderr, stdout};

const DEADLINE: Duration = Duration::from_secs(40);

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_default()
}

#[test]
fn syncthing_carries_files_both_ways() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    fs::create_dir_all(&a).unwrap();
    fs::create_dir_all(&b).unwrap();
    let started = Instant::now();
    let pair = SyncthingPair::start(&a, &b).unwrap();
    eprintln!("pair started in {:?}", started.elapsed());

    let sent = Instant::now();
    fs::create_dir_all(a.join("replicas/one")).unwrap();
    fs::write(a.join("replicas/one/log.txt"), "first line\n").unwrap();
    fs::write(a.join("second.txt"), "second file\n").unwrap();
    pair.wait_until(
        || {
            read(&b.join("replicas/one/log.txt")) == "first line\n"
                && read(&b.join("second.txt")) == "second file\n"
        },
        DEADLINE,
        "the two files written in a, arrived in b",
    );
    eprintln!("a -> b in {:?}", sent.elapsed());
    pair.wait_converged(DEADLINE);

    let sent = Instant::now();
    let mut log = fs::OpenOptions::new()
        .append(true)
        .open(b.join("replicas/one/log.txt"))
        .unwrap();
    std::io::Write::write_all(&mut log, b"appended in b\n").unwrap();
    drop(log);
    pair.wait_until(
        || read(&a.join("replicas/one/log.txt")) == "first line\nappended in b\n",
        DEADLINE,
        "the line appended in b, arrived in a",
    );
    eprintln!("b -> a in {:?}", sent.elapsed());
    pair.wait_converged(DEADLINE);
    eprintln!("whole test in {:?}", started.elapsed());
}

/// `between ARGS` on the device of `data`, with `passphrase` (if any) on standard
/// input and `input` after it; its standard output, once it succeeded.
fn run(data: &Path, passphrase: Option<&str>, args: &[&str], input: &str) -> String {
    let mut command = between(data);
    let stdin = match passphrase {
        Some(words) => {
            command.args(["--passphrase-fd", "0"]);
            format!("{words}\n{input}")
        }
        None => input.to_owned(),
    };
    stdout(
        command
            .args(args)
            .write_stdin(stdin)
            .assert()
            .success()
            .get_output(),
    )
}

/// Two machines on this one: each a data directory and its copy of the synced folder,
/// which a real Syncthing pair keeps in step.
struct Machines {
    _root: tempfile::TempDir,
    pair: SyncthingPair,
    laptop: PathBuf,
    laptop_folder: PathBuf,
    other: PathBuf,
    other_folder: PathBuf,
}

impl Machines {
    /// The laptop and a second machine called `other`, with Syncthing running.
    fn start(other: &str) -> Self {
        let root = tempfile::tempdir().unwrap();
        let laptop_folder = root.path().join("sync-a");
        let other_folder = root.path().join("sync-b");
        fs::create_dir_all(&laptop_folder).unwrap();
        fs::create_dir_all(&other_folder).unwrap();
        let pair = SyncthingPair::start(&laptop_folder, &other_folder).unwrap();
        Machines {
            laptop: root.path().join("laptop"),
            other: root.path().join(other),
            _root: root,
            pair,
            laptop_folder,
            other_folder,
        }
    }
}

/// `journal list` (every entry) on the device of `data`.
fn listed(data: &Path, passphrase: Option<&str>) -> String {
    run(
        data,
        passphrase,
        &["journal", "list", "--limit", "1000"],
        "",
    )
}

/// `sync VERB FOLDER --name NAME` (`init` or `join`) on the device of `data`.
fn sync_start(data: &Path, passphrase: Option<&str>, verb: &str, folder: &Path, name: &str) {
    let folder = folder.to_str().unwrap();
    run(
        data,
        passphrase,
        &["sync", verb, folder, "--name", name],
        "",
    );
}

#[test]
fn two_devices_journals_converge_through_syncthing() {
    converge_through_syncthing(None);
}

#[test]
fn two_devices_encrypted_journals_converge_through_syncthing_and_no_synced_file_holds_text() {
    converge_through_syncthing(Some("a long walk by the river"));
}

/// Two devices start and join a journal in folders a real Syncthing pair keeps in
/// step, both write while it carries the files, and both end with the same entries;
/// with a passphrase, the laptop's journal is encrypted before it is synced and no
/// file in either folder holds a word of it.
fn converge_through_syncthing(passphrase: Option<&str>) {
    let machines = Machines::start("desktop");
    let pair = &machines.pair;
    let (laptop, desktop) = (machines.laptop.clone(), machines.other.clone());
    let (laptop_folder, desktop_folder) = (
        machines.laptop_folder.clone(),
        machines.other_folder.clone(),
    );
    let listed = |data: &Path| listed(data, passphrase);
    // The text goes on standard input after the passphrase (one line, as typed).
    let add = |data: &Path, text: &str| run(data, passphrase, &["journal", "add"], text);
    // Plain until `encrypt`: its standard input is the text alone (with the passphrase
    // before it, the passphrase would be the entry's first line).
    run(
        &laptop,
        None,
        &["journal", "add"],
        "laptop 0, before syncing",
    );
    if passphrase.is_some() {
        run(&laptop, passphrase, &["encrypt"], "");
    }
    sync_start(&laptop, passphrase, "init", &laptop_folder, "laptop");
    pair.wait_until(
        || {
            desktop_folder.join("between-sync.json").exists()
                && listed_in(&desktop_folder) == 1
                && (passphrase.is_none() || desktop_folder.join("vault.json").exists())
        },
        DEADLINE,
        "the laptop's journal, arrived on the desktop",
    );
    run(
        &desktop,
        None,
        &["journal", "add"],
        "desktop 0, before joining",
    );
    sync_start(&desktop, passphrase, "join", &desktop_folder, "desktop");
    // Both write while Syncthing carries the files.
    for i in 1..=5 {
        add(&laptop, &format!("laptop {i}"));
        add(&desktop, &format!("desktop {i}"));
    }
    let expected = 12;
    pair.wait_until(
        || {
            let (a, b) = (listed(&laptop), listed(&desktop));
            a == b && a.lines().count() == expected
        },
        DEADLINE,
        "both devices showing the same 12 entries",
    );
    pair.wait_converged(DEADLINE);
    let on_laptop = listed(&laptop);
    assert_eq!(on_laptop, listed(&desktop));
    for i in 0..=5 {
        assert!(on_laptop.contains(&format!("laptop {i}")), "{on_laptop}");
        assert!(on_laptop.contains(&format!("desktop {i}")), "{on_laptop}");
    }
    // Each device wrote only its own file: no conflict copy anywhere.
    for folder in [&laptop_folder, &desktop_folder] {
        let copies: Vec<_> = walk(folder)
            .into_iter()
            .filter(|path| path.to_string_lossy().contains("conflict"))
            .collect();
        assert!(copies.is_empty(), "{copies:?}");
    }
    if passphrase.is_some() {
        for folder in [&laptop_folder, &desktop_folder] {
            for text in [
                "laptop 0, before syncing",
                "desktop 0, before joining",
                "laptop 5",
            ] {
                crate::common::assert_nowhere(folder, text);
            }
        }
    }
}

/// How many replica logs a synced folder has.
fn listed_in(folder: &Path) -> usize {
    fs::read_dir(folder.join("replicas"))
        .map(|dirs| {
            dirs.filter_map(Result::ok)
                .filter(|dir| dir.path().join("journal.jsonl").exists())
                .count()
        })
        .unwrap_or(0)
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn a_cloned_device_under_syncthing_takes_a_new_id_and_both_machines_lose_nothing() {
    cloned_under_syncthing(None);
}

#[test]
fn a_cloned_device_of_an_encrypted_journal_under_syncthing_loses_nothing_and_leaks_no_text() {
    cloned_under_syncthing(Some("words"));
}

/// A laptop's data directory copied whole onto a second machine (the same replica id),
/// each with its own Syncthing on the one synced folder. Both write while Syncthing has
/// the folder paused on both, so, once it goes on, it meets one log changed on two devices at once
/// and keeps the older change as a `*.sync-conflict-*` copy beside the log. Each
/// machine then opens its journal, takes a new id, writes again, and once Syncthing is
/// done both show the same journal with everything either wrote. With a passphrase
/// ("words", that of `common::tui::encrypted`, whose small key derivation keeps the
/// many commands quick) the laptop's journal is encrypted before it is synced, and no
/// file in either folder holds a word of it.
fn cloned_under_syncthing(passphrase: Option<&str>) {
    let machines = Machines::start("second");
    let pair = &machines.pair;
    let (laptop, second) = (machines.laptop.clone(), machines.other.clone());
    let (laptop_folder, second_folder) = (
        machines.laptop_folder.clone(),
        machines.other_folder.clone(),
    );
    let add = |data: &Path, text: &str| run(data, passphrase, &["journal", "add"], text);
    let listed = |data: &Path| listed(data, passphrase);
    if passphrase.is_some() {
        crate::common::tui::encrypted(&DataDir::resolve(Some(&laptop)).unwrap());
    }
    add(&laptop, "written before the copy");
    sync_start(&laptop, passphrase, "init", &laptop_folder, "laptop");
    let (_, cloned) = setting(&laptop);
    let log = format!("replicas/{cloned}/journal.jsonl");
    pair.wait_until(
        || {
            fs::read(second_folder.join(&log)).ok() == fs::read(laptop_folder.join(&log)).ok()
                && second_folder.join("between-sync.json").exists()
                && (passphrase.is_none() || second_folder.join("vault.json").exists())
        },
        DEADLINE,
        "the laptop's journal, arrived on the second machine",
    );
    pair.wait_converged(DEADLINE);
    // The laptop's data directory restored onto the second machine, whose synced
    // folder is at another path here (on two computers it would be the same path).
    copy_whole(&laptop, &second);
    point_at(&second, &second_folder);
    assert_eq!(setting(&second).1, cloned);

    // Both write the one log while apart: a change on two devices at once.
    pair.pause(DEADLINE);
    add(&laptop, "the laptop, after the copy");
    add(&second, "the second machine, after the copy");
    pair.resume(DEADLINE);
    pair.wait_indexed(&log, DEADLINE);
    let old = |folder: &Path| folder.join("replicas").join(&cloned);
    pair.wait_until(
        || {
            let copies = conflict_copies(&old(&laptop_folder));
            !copies.is_empty()
                && copies == conflict_copies(&old(&second_folder))
                && fs::read(laptop_folder.join(&log)).ok()
                    == fs::read(second_folder.join(&log)).ok()
        },
        DEADLINE,
        "Syncthing's conflict copy of the cloned log, in both folders",
    );
    pair.wait_converged(DEADLINE);

    // Each machine opens its journal and takes an id of its own.
    for data in [&laptop, &second] {
        let output =
            crate::common::sync::with(data, &passphrase_lines(passphrase), &["sync", "status"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let said = stderr(&output);
        assert!(said.contains("another computer was writing"), "{said}");
        assert!(!said.contains("after the copy"), "journal text in: {said}");
    }
    let (a_now, b_now) = (setting(&laptop).1, setting(&second).1);
    assert!(a_now != cloned && b_now != cloned && a_now != b_now);
    add(&laptop, "the laptop, with its new id");
    add(&second, "the second machine, with its new id");

    let texts = [
        "written before the copy",
        "the laptop, after the copy",
        "the second machine, after the copy",
        "the laptop, with its new id",
        "the second machine, with its new id",
    ];
    pair.wait_until(
        || {
            let (a, b) = (listed(&laptop), listed(&second));
            a == b && a.lines().count() == texts.len()
        },
        DEADLINE,
        "both machines showing the same 5 entries",
    );
    pair.wait_converged(DEADLINE);
    let on_laptop = listed(&laptop);
    assert_eq!(on_laptop, listed(&second));
    for text in texts {
        assert_eq!(
            on_laptop.matches(text).count(),
            1,
            "{text:?} in:\n{on_laptop}"
        );
    }
    for folder in [&laptop_folder, &second_folder] {
        // The only conflict copies are of the cloned log, beside it, where they are
        // read with the rest (nothing either machine wrote is only in an unread file).
        let elsewhere: Vec<_> = walk(folder)
            .into_iter()
            .filter(|path| path.to_string_lossy().contains("sync-conflict"))
            .filter(|path| path.parent() != Some(old(folder).as_path()))
            .collect();
        assert!(elsewhere.is_empty(), "{elsewhere:?}");
        if passphrase.is_some() {
            for text in texts {
                crate::common::assert_nowhere(folder, text);
            }
        }
    }
    for data in [&laptop, &second] {
        let output =
            crate::common::sync::with(data, &passphrase_lines(passphrase), &["journal", "list"]);
        assert!(
            stderr(&output).trim().is_empty(),
            "a warning: {}",
            stderr(&output)
        );
    }
}

/// The passphrase lines `common::sync::with` takes.
fn passphrase_lines(passphrase: Option<&str>) -> Vec<&str> {
    passphrase.into_iter().collect()
}

/// Makes the data directory `data` use the synced folder `folder` (its `sync.json`
/// rewritten, replica id and all else kept).
fn point_at(data: &Path, folder: &Path) {
    let path = data.join("sync.json");
    let mut config: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    config["folder"] = fs::canonicalize(folder).unwrap().to_str().unwrap().into();
    fs::write(&path, serde_json::to_vec_pretty(&config).unwrap()).unwrap();
}

/// The names of Syncthing's conflict copies of a log in the device folder `dir`
/// (`journal.sync-conflict-<date>-<time>-<device>.jsonl`), sorted.
fn conflict_copies(dir: &Path) -> Vec<String> {
    let mut copies: Vec<_> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.starts_with("journal.sync-conflict-") && name.ends_with(".jsonl"))
        .collect();
    copies.sort();
    copies
}
