//! Two real Syncthing instances carry the synced folder between two "devices" on this
//! machine: the ground the journal's sync stands on (issue 19).

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::syncthing::SyncthingPair;
use crate::common::{between, stdout};

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

/// `journal list` on the device of `data`, every entry.
fn listed(data: &Path) -> String {
    stdout(
        between(data)
            .args(["journal", "list", "--limit", "1000"])
            .assert()
            .success()
            .get_output(),
    )
}

fn add(data: &Path, text: &str) {
    between(data)
        .args(["journal", "add"])
        .write_stdin(text)
        .assert()
        .success();
}

#[test]
fn two_devices_journals_converge_through_syncthing() {
    let root = tempfile::tempdir().unwrap();
    let (laptop_folder, desktop_folder) = (root.path().join("sync-a"), root.path().join("sync-b"));
    let (laptop, desktop) = (root.path().join("laptop"), root.path().join("desktop"));
    fs::create_dir_all(&laptop_folder).unwrap();
    fs::create_dir_all(&desktop_folder).unwrap();
    let pair = SyncthingPair::start(&laptop_folder, &desktop_folder).unwrap();
    add(&laptop, "laptop 0, before syncing");
    between(&laptop)
        .args(["sync", "init"])
        .arg(&laptop_folder)
        .args(["--name", "laptop"])
        .assert()
        .success();
    pair.wait_until(
        || desktop_folder.join("between-sync.json").exists() && listed_in(&desktop_folder) == 1,
        DEADLINE,
        "the laptop's journal, arrived on the desktop",
    );
    add(&desktop, "desktop 0, before joining");
    between(&desktop)
        .args(["sync", "join"])
        .arg(&desktop_folder)
        .args(["--name", "desktop"])
        .assert()
        .success();
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
