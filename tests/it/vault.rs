//! Encryption at rest, through the binary and the store: no journal text left in any
//! file, a wrong passphrase changes nothing, an interruption at any step of encrypt,
//! decrypt or passwd loses nothing, and tampering is caught.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use between::data_dir::DataDir;
use between::journal::drafts::Drafts;
use between::journal::log::Form;
use between::journal::store::{CompactStep, verify};
use between::journal::{Entry, EntryId, Store, StoreError};
use between::vault::{Header, Vault};
use common::{assert_nowhere, between, files, forms_of, stderr, stdout};

const PASSPHRASE: &str = "a long walk by the river";
const CANARY: &str = "zebra-lantern-quietly";

fn data(dir: &Path) -> DataDir {
    DataDir::resolve(Some(dir)).unwrap()
}

/// Runs `between ARGS…` with `input` on standard input and `--passphrase-fd 0`.
fn with_passphrase(dir: &Path, input: &str, args: &[&str]) -> std::process::Output {
    between(dir)
        .args(["--passphrase-fd", "0"])
        .args(args)
        .write_stdin(input)
        .output()
        .unwrap()
}

fn encrypt(dir: &Path) {
    let output = with_passphrase(dir, &format!("{PASSPHRASE}\n"), &["encrypt"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

/// An encrypted journal with one note, made through the binary.
fn encrypted_hello(dir: &Path) {
    between(dir)
        .args(["journal", "add", "hello"])
        .assert()
        .success();
    encrypt(dir);
}

/// Bytes and modification time of every file, to prove nothing changed.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    files(dir)
        .into_iter()
        .map(|(path, bytes)| {
            let modified = fs::metadata(&path).unwrap().modified().unwrap();
            (path, (bytes, modified))
        })
        .collect()
}

#[test]
fn the_canary_check_finds_every_form() {
    // The check itself must be able to fail.
    let dir = tempfile::tempdir().unwrap();
    for (name, form) in ["plain", "le", "be", "b0", "b1", "b2"]
        .iter()
        .zip(forms_of(CANARY))
    {
        let path = dir.path().join(name);
        let mut bytes = b"xyz".to_vec();
        bytes.extend_from_slice(&form);
        fs::write(&path, &bytes).unwrap();
        let found = std::panic::catch_unwind(|| assert_nowhere(dir.path(), CANARY));
        assert!(found.is_err(), "{name} was not found");
        fs::remove_file(&path).unwrap();
    }
    for shift in 0..3 {
        let encoded = BASE64.encode([vec![7; shift], CANARY.as_bytes().to_vec(), vec![9]].concat());
        fs::write(dir.path().join("b"), encoded).unwrap();
        assert!(std::panic::catch_unwind(|| assert_nowhere(dir.path(), CANARY)).is_err());
    }
}

#[test]
fn after_encrypt_no_file_holds_journal_text_and_decrypt_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let data = data(root);
    // A note, a plan, a draft, a torn tail (to the quarantine) and a report.
    let add = between(root)
        .args(["journal", "add", &format!("note {CANARY}")])
        .output()
        .unwrap();
    assert!(add.status.success());
    let plan = between(root)
        .args(["plan", "add", &format!("plan {CANARY}"), "--per-week", "2"])
        .output()
        .unwrap();
    assert!(plan.status.success(), "{}", stderr(&plan));
    Drafts::new(&data)
        .save("patterns--map-your-cycle", &format!("draft {CANARY}"))
        .unwrap();
    let mut journal = fs::OpenOptions::new()
        .append(true)
        .open(data.journal())
        .unwrap();
    journal
        .write_all(format!("{{\"v\":1,\"put\":{{\"torn {CANARY}").as_bytes())
        .unwrap();
    drop(journal);
    fs::create_dir_all(data.reports()).unwrap();
    fs::write(data.reports().join("r.md"), format!("report {CANARY}")).unwrap();

    let output = with_passphrase(root, &format!("{PASSPHRASE}\n"), &["encrypt"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("2 entries"), "{}", stdout(&output));
    // Whether it is on shows without the passphrase.
    let paths = between(root).args(["paths", "--json"]).output().unwrap();
    assert!(
        stdout(&paths).contains("\"encrypted\": true"),
        "{}",
        stdout(&paths)
    );
    assert_nowhere(root, CANARY);
    assert!(data.quarantine().read_dir().unwrap().count() == 1);

    // More work while encrypted: a note (text after the passphrase on stdin), a plan.
    let add = with_passphrase(
        root,
        &format!("{PASSPHRASE}\nlater {CANARY}\n"),
        &["journal", "add"],
    );
    assert!(add.status.success(), "{}", stderr(&add));
    let plan = with_passphrase(
        root,
        &format!("{PASSPHRASE}\n"),
        &[
            "plan",
            "add",
            &format!("second plan {CANARY}"),
            "--per-week",
            "1",
        ],
    );
    assert!(plan.status.success(), "{}", stderr(&plan));
    assert_nowhere(root, CANARY);

    // The passphrase reads everything.
    let list = with_passphrase(
        root,
        &format!("{PASSPHRASE}\n"),
        &["journal", "search", CANARY],
    );
    assert!(list.status.success(), "{}", stderr(&list));
    for text in ["note", "later", "plan", "second plan"] {
        assert!(
            stdout(&list).contains(&format!("{text} {CANARY}")),
            "{text}: {}",
            stdout(&list)
        );
    }
    assert!(
        with_passphrase(root, &format!("{PASSPHRASE}\n"), &["journal", "verify"])
            .status
            .success()
    );

    // Decrypt: the journal, the draft and the report are plain again.
    let output = with_passphrase(root, &format!("{PASSPHRASE}\n"), &["decrypt"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(Store::new(data.clone()).form().unwrap(), Form::Plain);
    assert_eq!(Store::new(data.clone()).load().unwrap().len(), 4);
    let draft: String = Drafts::new(&data)
        .load("patterns--map-your-cycle")
        .unwrap()
        .unwrap();
    assert_eq!(draft, format!("draft {CANARY}"));
    assert_eq!(
        fs::read_to_string(data.reports().join("r.md")).unwrap(),
        format!("report {CANARY}")
    );
}

#[test]
fn a_wrong_passphrase_changes_no_file_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    encrypted_hello(root);
    let before = snapshot(root);
    std::thread::sleep(Duration::from_millis(20));
    for args in [
        &["journal", "list"][..],
        &["journal", "add", "more"],
        &["journal", "compact"],
        &["decrypt"],
        &["passwd"],
        &["encrypt"],
        &["export", "--format", "json"],
    ] {
        let output = with_passphrase(root, "not the passphrase\nnew passphrase words\n", args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("that passphrase does not open this journal"),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(stdout(&output).is_empty(), "{args:?}");
    }
    assert!(before == snapshot(root), "a file changed");

    // No terminal and no descriptor: a clear message, exit 2, nothing changed.
    let output = between(root).args(["journal", "list"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--passphrase-fd"),
        "{}",
        stderr(&output)
    );
    // `due` sits in shell start-up files: it stays silent rather than ask.
    let due = between(root).arg("due").output().unwrap();
    assert!(due.status.success() && due.stdout.is_empty() && due.stderr.is_empty());
    assert!(before == snapshot(root), "a file changed");
}

#[test]
fn decrypt_stops_when_a_sealed_file_would_be_left_without_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    encrypted_hello(root);
    let stray = data(root).drafts().join("old.json");
    fs::create_dir_all(data(root).drafts()).unwrap();
    fs::write(&stray, Vault::generate().seal_file("drafts/old.json", b"x")).unwrap();
    let before = snapshot(root);
    let output = with_passphrase(root, &format!("{PASSPHRASE}\n"), &["decrypt"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("old.json"), "{}", stderr(&output));
    assert!(before == snapshot(root), "nothing changed");
    fs::remove_file(&stray).unwrap();
    let output = with_passphrase(root, &format!("{PASSPHRASE}\n"), &["decrypt"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn a_damaged_header_is_named_and_never_taken_for_a_plain_journal() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    encrypted_hello(root);
    let path = data(root).journal();
    let mut changed = lines(&path);
    changed[0].truncate(60); // no longer JSON
    changed[0].push(b'\n');
    fs::write(&path, changed.concat()).unwrap();
    assert!(matches!(
        Store::new(data(root)).form().unwrap(),
        Form::BadHeader(_)
    ));
    let output = with_passphrase(root, &format!("{PASSPHRASE}\n"), &["journal", "list"]);
    assert_eq!(output.status.code(), Some(65), "{}", stderr(&output));
    assert!(stderr(&output).contains("encryption header (line 1) is damaged"));
    // A plain app writes no plain draft next to it.
    let draft = Drafts::new(&data(root)).save("patterns--map-your-cycle", &"text".to_owned());
    assert!(draft.is_err());
    // A descriptor must be a number of 0 or more.
    let output = between(root)
        .args(["--passphrase-fd", "-1", "journal", "list"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn passwd_changes_the_passphrase_and_keeps_every_entry() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for i in 0..3 {
        between(root)
            .args(["journal", "add", &format!("n{i}")])
            .assert()
            .success();
    }
    encrypt(root);
    let output = with_passphrase(root, &format!("{PASSPHRASE}\nshort\n"), &["passwd"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("at least 8 characters"));
    let output = with_passphrase(
        root,
        &format!("{PASSPHRASE}\nan entirely new one\n"),
        &["passwd"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let old = with_passphrase(root, &format!("{PASSPHRASE}\n"), &["journal", "list"]);
    assert_eq!(old.status.code(), Some(2));
    let new = with_passphrase(root, "an entirely new one\n", &["journal", "list"]);
    assert!(new.status.success());
    assert_eq!(stdout(&new).lines().count(), 3);
}

/// A store of `root` with `n` notes; returns the entries.
fn notes(root: &Path, n: usize) -> Vec<Entry> {
    let mut writer = Store::new(data(root)).open().unwrap();
    (0..n)
        .map(|i| {
            let entry = Entry::note(format!("note {i}"));
            writer.save(&entry).unwrap();
            entry
        })
        .collect()
}

/// The ids in the journal at `root`, opened with whichever of `passphrases` works.
fn ids_with_any(root: &Path, passphrases: &[&str]) -> Vec<EntryId> {
    let store = match Store::new(data(root)).form().unwrap() {
        Form::Plain => Store::new(data(root)),
        Form::Encrypted(header) => {
            let vault = passphrases
                .iter()
                .find_map(|words| header.unlock(words).ok())
                .expect("one of the passphrases opens the journal");
            Store::with_vault(data(root), Some(vault))
        }
        Form::BadHeader(message) => panic!("{message}"),
    };
    let journal = store.load().unwrap();
    assert_eq!(journal.read_only(), None);
    journal.entries().map(|e| e.id.clone()).collect()
}

const STEPS: [CompactStep; 5] = [
    CompactStep::Written,
    CompactStep::Synced,
    CompactStep::Verified,
    CompactStep::Renamed,
    CompactStep::DirSynced,
];

fn fail_at(step: CompactStep) -> impl FnMut(CompactStep) -> std::io::Result<()> {
    move |now| {
        if now == step {
            Err(std::io::Error::other("injected"))
        } else {
            Ok(())
        }
    }
}

#[test]
fn an_interruption_at_any_step_of_encrypt_decrypt_or_passwd_loses_nothing() {
    for step in STEPS {
        // Encrypt.
        let dir = tempfile::tempdir().unwrap();
        let written: Vec<EntryId> = notes(dir.path(), 20).into_iter().map(|e| e.id).collect();
        let mut writer = Store::new(data(dir.path())).open().unwrap();
        let vault = Vault::generate();
        let header = Header::with_kdf(&vault, PASSPHRASE, Header::test_kdf());
        let _ = writer.rewrite_with(Some((header.clone(), vault.clone())), fail_at(step));
        drop(writer);
        assert_eq!(
            ids_with_any(dir.path(), &[PASSPHRASE]),
            written,
            "encrypt, {step:?}"
        );

        // Encrypted for sure now; then passwd.
        let mut writer = Store::with_vault(data(dir.path()), Some(vault.clone()))
            .open()
            .unwrap();
        writer
            .rewrite_with(Some((header.clone(), vault.clone())), |_| Ok(()))
            .unwrap();
        let new = Header::with_kdf(&vault, "the new passphrase", Header::test_kdf());
        let _ = writer.rewrite_with(Some((new, vault.clone())), fail_at(step));
        drop(writer);
        assert_eq!(
            ids_with_any(dir.path(), &[PASSPHRASE, "the new passphrase"]),
            written,
            "passwd, {step:?}"
        );

        // Decrypt, from whichever passphrase is in force.
        let mut writer = Store::with_vault(data(dir.path()), Some(vault.clone()))
            .open()
            .unwrap();
        let _ = writer.rewrite_with(None, fail_at(step));
        drop(writer);
        assert_eq!(
            ids_with_any(dir.path(), &[PASSPHRASE, "the new passphrase"]),
            written,
            "decrypt, {step:?}"
        );
    }
}

/// Starts `between --passphrase-fd 0 COMMAND` on `root` with the passphrase given.
fn spawn_with_passphrase(root: &Path, command: &str) -> std::process::Child {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("between"))
        .arg("--data-dir")
        .arg(root)
        .args(["--passphrase-fd", "0", command])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSPHRASE}\n").as_bytes())
        .unwrap();
    child
}

#[test]
fn killing_encrypt_and_decrypt_at_any_moment_leaves_a_journal_that_opens() {
    let dir = tempfile::tempdir().unwrap();
    let written: Vec<EntryId> = notes(dir.path(), 3000).into_iter().map(|e| e.id).collect();
    // How long a whole run takes here, so the kills can be spread over all of it.
    let started = std::time::Instant::now();
    assert!(
        spawn_with_passphrase(dir.path(), "encrypt")
            .wait()
            .unwrap()
            .success()
    );
    let whole = started.elapsed();
    assert!(
        spawn_with_passphrase(dir.path(), "decrypt")
            .wait()
            .unwrap()
            .success()
    );
    let rounds = if common::thorough() { 12 } else { 6 };
    let (mut plain, mut sealed) = (0, 0);
    for round in 0..rounds {
        let command = match Store::new(data(dir.path())).form().unwrap() {
            Form::Plain => "encrypt",
            _ => "decrypt",
        };
        let mut child = spawn_with_passphrase(dir.path(), command);
        std::thread::sleep(whole * (round + 1) * 3 / (rounds * 2));
        let _ = child.kill(); // SIGKILL, wherever it is
        child.wait().unwrap();
        assert_eq!(
            ids_with_any(dir.path(), &[PASSPHRASE]),
            written,
            "round {round}"
        );
        match Store::new(data(dir.path())).form().unwrap() {
            Form::Plain => plain += 1,
            _ => sealed += 1,
        }
    }
    assert!(
        plain > 0 && sealed > 0,
        "the kills never landed on both sides"
    );
}

/// An encrypted journal of three notes at `root`, and its key.
fn encrypted(root: &Path) -> Vault {
    notes(root, 3);
    let mut writer = Store::new(data(root)).open().unwrap();
    let vault = Vault::generate();
    let header = Header::with_kdf(&vault, PASSPHRASE, Header::test_kdf());
    writer
        .rewrite_with(Some((header, vault.clone())), |_| Ok(()))
        .unwrap();
    vault
}

fn lines(path: &Path) -> Vec<Vec<u8>> {
    fs::read(path)
        .unwrap()
        .split_inclusive(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

/// Loads the tampered journal: read-only, the problem named, nothing changed.
fn assert_caught(root: &Path, vault: &Vault, words: &str) {
    let store = Store::with_vault(data(root), Some(vault.clone()));
    let before = snapshot(root);
    let journal = store.load().unwrap();
    let reason = journal
        .read_only()
        .expect("tampering makes the journal read-only");
    assert!(reason.contains("damaged lines"), "{reason}");
    let problems = verify(&store).unwrap();
    assert!(
        problems.iter().any(|p| p.message.contains(words)),
        "{problems:?}"
    );
    let error = store.open().unwrap().save(&Entry::note("x".into()));
    assert!(matches!(error, Err(StoreError::ReadOnly { .. })));
    assert!(before == snapshot(root));
}

#[test]
fn a_flipped_bit_swapped_records_and_a_record_from_another_journal_are_caught() {
    // Every bit of a sealed record, flipped.
    let dir = tempfile::tempdir().unwrap();
    let vault = encrypted(dir.path());
    let path = data(dir.path()).journal();
    let original = lines(&path);
    let record = &original[2];
    for byte in (0..record.len() - 1).step_by(7) {
        for bit in 0..8 {
            let mut changed = original.clone();
            changed[2][byte] ^= 1 << bit;
            fs::write(&path, changed.concat()).unwrap();
            let journal = Store::with_vault(data(dir.path()), Some(vault.clone()))
                .load()
                .unwrap();
            assert!(journal.read_only().is_some(), "bit {bit} of byte {byte}");
        }
    }

    // One damaged record is one problem, not one for each record after it.
    let mut damaged = original.clone();
    damaged[1][40] ^= 1;
    fs::write(&path, damaged.concat()).unwrap();
    let store = Store::with_vault(data(dir.path()), Some(vault.clone()));
    assert_eq!(
        verify(&store).unwrap().len(),
        1,
        "{:?}",
        verify(&store).unwrap()
    );

    // Two records swapped.
    let mut swapped = original.clone();
    swapped.swap(1, 2);
    fs::write(&path, swapped.concat()).unwrap();
    assert_caught(dir.path(), &vault, "stands where record 1 belongs");

    // A record taken out.
    let mut removed = original.clone();
    removed.remove(2);
    fs::write(&path, removed.concat()).unwrap();
    assert_caught(dir.path(), &vault, "stands where record 2 belongs");

    // A record of another journal, at the same place.
    let other = tempfile::tempdir().unwrap();
    encrypted(other.path());
    let mut spliced = original.clone();
    spliced[2] = lines(&data(other.path()).journal())[2].clone();
    fs::write(&path, spliced.concat()).unwrap();
    assert_caught(dir.path(), &vault, "does not open with this journal's key");

    // A record of an older copy of this journal (before a compaction), at its place:
    // it would bring back a deleted entry.
    fs::write(&path, original.concat()).unwrap();
    let mut writer = Store::with_vault(data(dir.path()), Some(vault.clone()))
        .open()
        .unwrap();
    let first = writer.journal().entries().next().unwrap().id.clone();
    writer.delete(&first).unwrap();
    writer.compact().unwrap();
    drop(writer);
    let mut rolled_back = lines(&path);
    rolled_back[1] = original[1].clone();
    fs::write(&path, rolled_back.concat()).unwrap();
    assert_caught(dir.path(), &vault, "an older copy");
    fs::write(&path, original.concat()).unwrap();

    // A plain record slipped in.
    let mut plain = original.clone();
    plain.insert(
        2,
        between::journal::record::Record::put(Entry::note("slipped".into())).to_line(),
    );
    fs::write(&path, plain.concat()).unwrap();
    assert_caught(dir.path(), &vault, "a plain record in an encrypted journal");
}

#[test]
fn a_header_asking_absurd_costs_is_refused_before_deriving() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    encrypted_hello(root);
    let path = data(root).journal();
    let original = lines(&path);
    let Form::Encrypted(header) = Store::new(data(root)).form().unwrap() else {
        panic!("encrypted");
    };
    for (memory_kib, passes, words) in [
        (4 * 1024 * 1024, 3, "4096 MiB of memory"),
        (64 * 1024, 1_000_000, "1000000 passes"),
    ] {
        let mut absurd = header.clone();
        absurd.kdf.memory_kib = memory_kib;
        absurd.kdf.passes = passes;
        let mut changed = original.clone();
        changed[0] = between::journal::record::header_line(&absurd);
        fs::write(&path, changed.concat()).unwrap();
        let before = snapshot(root);
        let output = with_passphrase(root, &format!("{PASSPHRASE}\n"), &["journal", "list"]);
        assert_eq!(output.status.code(), Some(65), "{}", stderr(&output));
        assert!(stderr(&output).contains(words), "{}", stderr(&output));
        assert!(before == snapshot(root));
    }
}

#[test]
fn appends_and_compaction_keep_the_sealed_numbering() {
    let dir = tempfile::tempdir().unwrap();
    let vault = encrypted(dir.path());
    let store = Store::with_vault(data(dir.path()), Some(vault.clone()));
    // `journal add`'s path: append without reading, numbered after the last record.
    let mut log = store.open_append().unwrap();
    log.append(&between::journal::record::Record::put(Entry::note(
        "appended".into(),
    )))
    .unwrap();
    drop(log);
    let mut writer = store.open().unwrap();
    let first = writer.journal().entries().next().unwrap().id.clone();
    writer.delete(&first).unwrap();
    writer.compact().unwrap();
    // Saved and deleted after the compaction, in the same writer: numbered after the
    // kept tombstone too, so neither reads as damage.
    writer
        .save(&Entry::note("after the compaction".into()))
        .unwrap();
    let second = writer.journal().entries().next().unwrap().id.clone();
    writer.delete(&second).unwrap();
    drop(writer);
    assert_eq!(verify(&store).unwrap(), vec![]);
    let journal = store.load().unwrap();
    assert_eq!(journal.read_only(), None);
    assert_eq!(journal.len(), 3);
    assert!(journal.get(&second).is_none());
    for words in ["appended", "after the compaction"] {
        assert!(
            journal
                .entries()
                .any(|e| e.answers[0].value.text() == Some(words)),
            "{words}"
        );
    }
    // Without the key, nothing opens.
    assert!(matches!(
        Store::new(data(dir.path())).load(),
        Err(StoreError::Encrypted)
    ));
    assert!(matches!(
        Store::with_vault(data(dir.path()), Some(Vault::generate())).load(),
        Err(StoreError::OtherKey)
    ));
}

#[test]
fn the_snapshot_of_a_large_journal_is_sealed_and_the_plain_one_goes_first() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut writer = Store::new(data(root)).open().unwrap();
    for i in 0..1400 {
        let text = format!("{i} {CANARY} {}", "by the water ".repeat(60));
        writer.save(&Entry::note(text)).unwrap();
    }
    drop(writer);
    let plain = Store::new(data(root)).load().unwrap();
    let snapshot = data(root).snapshot();
    assert!(
        fs::read(&snapshot)
            .unwrap()
            .windows(CANARY.len())
            .any(|w| w == CANARY.as_bytes()),
        "a plain journal has a plain snapshot"
    );

    let mut writer = Store::new(data(root)).open().unwrap();
    let vault = Vault::generate();
    let header = Header::with_kdf(&vault, PASSPHRASE, Header::test_kdf());
    writer
        .rewrite_with(Some((header, vault.clone())), |_| Ok(()))
        .unwrap();
    drop(writer);
    assert!(snapshot.exists(), "the encrypted journal has its snapshot");
    assert_nowhere(root, CANARY);
    let store = Store::with_vault(data(root), Some(vault.clone()));
    let opened = store.load().unwrap();
    assert!(opened.entries().eq(plain.entries()));
    // A plain snapshot planted beside the encrypted journal, checksums right, counts
    // for nothing: without the key nobody can make one that is used.
    let sealed = fs::read(&snapshot).unwrap();
    let log = fs::read(data(root).journal()).unwrap();
    let planted = [Entry::note("planted".into())];
    fs::write(
        &snapshot,
        between::journal::snapshot::encode(
            log.len() as u64,
            crc32fast::hash(&log),
            log.iter().filter(|b| **b == b'\n').count(),
            plain.len(),
            plain.len() as u64,
            planted.iter(),
            &Default::default(),
        ),
    )
    .unwrap();
    assert!(store.load().unwrap().entries().eq(plain.entries()));
    fs::write(&snapshot, sealed).unwrap();
    // Appended after it, and opened again from it.
    let mut log = store.open_append().unwrap();
    log.append(&between::journal::record::Record::put(Entry::note(
        "later".into(),
    )))
    .unwrap();
    drop(log);
    assert_eq!(store.load().unwrap().len(), plain.len() + 1);
    assert_eq!(verify(&store).unwrap(), vec![]);
    assert_nowhere(root, CANARY);
}

#[test]
fn a_lost_middle_line_hides_no_later_record_and_decrypt_can_salvage_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for i in 1..=10 {
        between(root)
            .args(["journal", "add", &format!("note {i} {CANARY}")])
            .assert()
            .success();
    }
    encrypt(root);
    let path = data(root).journal();
    let mut damaged = lines(&path);
    assert_eq!(damaged.len(), 11, "the header and ten records");
    damaged.remove(4); // line 5: the fourth note, lost
    fs::write(&path, damaged.concat()).unwrap();
    let passphrase = format!("{PASSPHRASE}\n");

    // Every record that opens is shown; the gap is reported once, at its place.
    let list = with_passphrase(root, &passphrase, &["journal", "list"]);
    assert!(list.status.success(), "{}", stderr(&list));
    let shown = stdout(&list);
    assert_eq!(shown.lines().count(), 9, "{shown}");
    assert!(!shown.contains("note 4 "), "{shown}");
    assert!(
        stderr(&list).contains("read-only") && stderr(&list).contains("line 5"),
        "{}",
        stderr(&list)
    );
    let store = Store::with_vault(
        data(root),
        Some(match Store::new(data(root)).form().unwrap() {
            Form::Encrypted(header) => header.unlock(PASSPHRASE).unwrap(),
            other => panic!("{other:?}"),
        }),
    );
    let problems = verify(&store).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, 5, "{problems:?}");
    assert!(
        problems[0]
            .message
            .contains("record 5 stands where record 4 belongs"),
        "{problems:?}"
    );
    // Still read-only: nothing is written over damage.
    assert!(store.load().unwrap().read_only().is_some());
    let refused = store.open().unwrap().save(&Entry::note("more".into()));
    assert!(
        matches!(refused, Err(StoreError::ReadOnly { .. })),
        "{refused:?}"
    );
    let export = with_passphrase(root, &passphrase, &["export", "--format", "json"]);
    assert!(export.status.success(), "{}", stderr(&export));
    let exported: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(exported["entries"].as_array().unwrap().len(), 9);

    // Decrypt refuses, changing nothing, and says how to save what is intact.
    let before = snapshot(root);
    let refused = with_passphrase(root, &passphrase, &["decrypt"]);
    assert_eq!(refused.status.code(), Some(65), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("--salvage"),
        "{}",
        stderr(&refused)
    );
    assert!(before == snapshot(root), "a refused decrypt changed a file");
    assert_nowhere(root, CANARY);

    // --salvage writes the nine as a plain journal and keeps the damaged one aside,
    // still sealed.
    let salvaged = with_passphrase(root, &passphrase, &["decrypt", "--salvage"]);
    assert!(salvaged.status.success(), "{}", stderr(&salvaged));
    assert_eq!(Store::new(data(root)).form().unwrap(), Form::Plain);
    let journal = Store::new(data(root)).load().unwrap();
    assert_eq!(journal.len(), 9);
    assert_eq!(journal.read_only(), None);
    assert!(verify(&Store::new(data(root))).unwrap().is_empty());
    let kept: Vec<PathBuf> = fs::read_dir(data(root).quarantine())
        .unwrap()
        .map(|item| item.unwrap().path())
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(fs::read(&kept[0]).unwrap(), damaged.concat());
    assert!(
        stdout(&salvaged).contains(&kept[0].file_name().unwrap().to_string_lossy().to_string()),
        "{}",
        stdout(&salvaged)
    );
}

#[test]
fn records_swapped_or_replayed_after_a_gap_are_never_applied_out_of_order() {
    // Record 2 deletes what record 1 wrote; swapped, applying record 1 after record 2
    // would bring the deleted entry back.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let vault = encrypted(root); // records 1-3: three notes
    let store = Store::with_vault(data(root), Some(vault.clone()));
    let mut writer = store.open().unwrap();
    let gone = writer.journal().entries().next().unwrap().id.clone();
    writer.delete(&gone).unwrap(); // record 4
    writer.save(&Entry::note("kept".into())).unwrap(); // record 5
    drop(writer);
    let path = data(root).journal();
    let original = lines(&path);
    assert_eq!(original.len(), 6);

    // The tombstone swapped before the first note: the note is not applied after it.
    let mut swapped = original.clone();
    swapped.swap(1, 4);
    fs::write(&path, swapped.concat()).unwrap();
    let journal = store.load().unwrap();
    assert!(journal.read_only().is_some());
    assert!(journal.get(&gone).is_none(), "a deleted entry came back");
    assert!(journal.entries().any(|e| e.first_text() == Some("kept")));

    // A record copied again after its place: applied once, caught the second time.
    let mut replayed = original.clone();
    replayed.push(original[1].clone());
    fs::write(&path, replayed.concat()).unwrap();
    let journal = store.load().unwrap();
    assert!(
        journal.get(&gone).is_none(),
        "a replayed record brought it back"
    );
    let problems = verify(&store).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .message
            .contains("stands where record 6 belongs")
    );

    // A line of garbage slipped in hides nothing after it.
    let mut inserted = original.clone();
    inserted.insert(2, b"{\"v\":2,\"n\":9,\"sealed\":\"AAAA\"}\n".to_vec());
    fs::write(&path, inserted.concat()).unwrap();
    let journal = store.load().unwrap();
    assert_eq!(journal.len(), 3, "every real record is there");
    assert_eq!(verify(&store).unwrap().len(), 1);
}

/// Writes a plain journal of `count` notes holding `text` at `root` straight into
/// the log (one write, rather than a synced save each), and returns their ids.
fn plain_journal(root: &Path, count: usize, text: &str) -> Vec<EntryId> {
    let entries: Vec<Entry> = (0..count)
        .map(|i| Entry::note(format!("{i} {text}")))
        .collect();
    let log: Vec<u8> = entries
        .iter()
        .flat_map(|entry| between::journal::record::Record::put(entry.clone()).to_line())
        .collect();
    fs::create_dir_all(root).unwrap();
    fs::write(data(root).journal(), log).unwrap();
    entries.into_iter().map(|e| e.id).collect()
}

#[test]
fn a_killed_decrypt_leaves_no_plaintext_after_the_next_command() {
    use rand::{RngExt, SeedableRng};
    let (count, rounds) = if common::thorough() {
        (3_000, 8)
    } else {
        (500, 4)
    };
    let seed: u64 = std::env::var("BETWEEN_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or_else(|| {
            let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH);
            now.unwrap_or_default().as_nanos() as u64
        });
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let written = plain_journal(root, count, CANARY);
    let draft_text = format!("draft {CANARY}");
    Drafts::new(&data(root))
        .save("patterns--map-your-cycle", &draft_text)
        .unwrap();
    fs::create_dir_all(data(root).reports()).unwrap();
    fs::write(
        data(root).reports().join("r.md"),
        format!("report {CANARY}"),
    )
    .unwrap();
    encrypt(root);
    assert_nowhere(root, CANARY);
    // How long a whole decrypt takes here, so the kills can be spread over all of it.
    let started = std::time::Instant::now();
    assert!(
        spawn_with_passphrase(root, "decrypt")
            .wait()
            .unwrap()
            .success()
    );
    let whole = started.elapsed();

    let plain_copy = data(root).root().join("journal.jsonl.compact");
    // The key of the journal as last encrypted: unlocking takes a while.
    let mut unlocked: Option<(Header, Vault)> = None;
    for round in 0..rounds {
        if Store::new(data(root)).form().unwrap() == Form::Plain {
            encrypt(root);
            assert_nowhere(root, CANARY);
        }
        let signal = [libc::SIGKILL, libc::SIGKILL, libc::SIGTERM, libc::SIGHUP][round % 4];
        let mut child = spawn_with_passphrase(root, "decrypt");
        if round % 2 == 0 {
            // The moment a plain copy of the journal has been written.
            let written = || fs::metadata(&plain_copy).is_ok_and(|meta| meta.len() > 0);
            while !written() && child.try_wait().unwrap().is_none() {
                std::hint::spin_loop();
            }
        } else {
            std::thread::sleep(whole.mul_f64(rng.random_range(0.0..1.2)));
        }
        // SAFETY: a plain system call on our own child's pid.
        unsafe { libc::kill(child.id() as i32, signal) };
        child.wait().unwrap();
        let context = format!("round {round}, signal {signal}, seed {seed}");

        // The next command, with or without the passphrase, leaves no plaintext
        // beside a journal that is still encrypted.
        let next = if round % 3 != 1 {
            between(root).arg("paths").output().unwrap()
        } else {
            with_passphrase(
                root,
                &format!("{PASSPHRASE}\n"),
                &["journal", "list", "--limit", "1"],
            )
        };
        assert!(next.status.success(), "{context}: {}", stderr(&next));
        match Store::new(data(root)).form().unwrap() {
            Form::Encrypted(_) => assert_nowhere(root, CANARY),
            Form::Plain => {}
            Form::BadHeader(message) => panic!("{context}: {message}"),
        }
        // And nothing is lost, whichever side of the switch the kill landed.
        let vault = match Store::new(data(root)).form().unwrap() {
            Form::Encrypted(header) => Some(match &unlocked {
                Some((known, vault)) if *known == header => vault.clone(),
                _ => {
                    let vault = header.unlock(PASSPHRASE).unwrap();
                    unlocked = Some((header, vault.clone()));
                    vault
                }
            }),
            _ => None,
        };
        let journal = Store::with_vault(data(root), vault.clone()).load().unwrap();
        assert_eq!(journal.read_only(), None, "{context}");
        let ids: Vec<EntryId> = journal.entries().map(|e| e.id.clone()).collect();
        assert_eq!(ids, written, "{context}");
        let draft: Option<String> = Drafts::with_vault(&data(root), vault)
            .load("patterns--map-your-cycle")
            .unwrap();
        assert_eq!(draft.as_deref(), Some(draft_text.as_str()), "{context}");
    }
}

/// `between ARGS…` at `root` as a plain process, with the passphrase on standard
/// input (`--passphrase-fd 0`), the editor `editor` and its private folder under
/// `runtime` (`XDG_RUNTIME_DIR`), under umask 000 and in a process group of its own.
fn editing(root: &Path, runtime: &Path, editor: &str, args: &[&str]) -> std::process::Command {
    use std::os::unix::process::CommandExt;
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin!("between"));
    command
        .env_remove("BETWEEN_HOME")
        .env("HOME", root)
        .env("XDG_RUNTIME_DIR", runtime)
        .env("VISUAL", editor)
        .arg("--data-dir")
        .arg(root)
        .args(["--passphrase-fd", "0"])
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    // SAFETY: umask and setpgid are async-signal-safe and cannot fail here.
    unsafe {
        command.pre_exec(|| {
            libc::umask(0);
            libc::setpgid(0, 0);
            Ok(())
        });
    }
    command
}

/// Runs `command` with the passphrase given, to its end.
fn run_with_passphrase(mut command: std::process::Command) -> std::process::Output {
    let mut child = command.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSPHRASE}\n").as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The id of the only entry at `root`.
fn only_id(root: &Path) -> String {
    let list = with_passphrase(
        root,
        &format!("{PASSPHRASE}\n"),
        &["journal", "list", "--json"],
    );
    let entries: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    entries[0]["id"].as_str().unwrap().to_owned()
}

/// What is left in the editor's folders under `runtime`.
fn editor_folders(runtime: &Path) -> Vec<PathBuf> {
    fs::read_dir(runtime)
        .unwrap()
        .map(|item| item.unwrap().path())
        .filter(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("between-")
        })
        .collect()
}

#[test]
fn a_failed_editor_s_text_is_sealed_in_drafts_and_its_folder_is_private_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let runtime = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    encrypted_hello(root);
    let id = only_id(root);
    let mode = outside.path().join("mode");
    // The editor notes its folder's mode, adds the canary and fails.
    let editor = format!(
        "sh -c 'stat -c %a \"$(dirname \"$1\")\" > {}; echo {CANARY} >> \"$1\"; exit 1' editor",
        mode.display()
    );
    let failed = run_with_passphrase(editing(
        root,
        runtime.path(),
        &editor,
        &["journal", "edit", &id],
    ));
    assert_eq!(failed.status.code(), Some(65), "{}", stderr(&failed));
    assert_eq!(
        fs::read_to_string(&mode).unwrap().trim(),
        "700",
        "under umask 000"
    );
    // Kept sealed in drafts/, nowhere plain, and the message says where.
    let kept = data(root)
        .drafts()
        .join(format!("edit-{}.txt", id.to_ascii_lowercase()));
    assert!(
        stderr(&failed).contains(&kept.display().to_string()),
        "{}",
        stderr(&failed)
    );
    assert!(between::journal::sealed_files::is_sealed(
        &fs::read(&kept).unwrap()
    ));
    assert_eq!(editor_folders(runtime.path()), Vec::<PathBuf>::new());
    assert_nowhere(root, CANARY);
    assert_nowhere(runtime.path(), CANARY);
    // The next edit goes on from it.
    let resumed = run_with_passphrase(editing(
        root,
        runtime.path(),
        &format!("grep -q {CANARY}"),
        &["journal", "edit", &id],
    ));
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    assert!(
        stdout(&resumed).contains("Saved revision 2"),
        "{}",
        stdout(&resumed)
    );
    assert!(!kept.exists());
    assert_nowhere(root, CANARY);
}

/// Waits until `path` exists.
fn wait_for(path: &Path) {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !path.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "{} never came",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn an_edit_left_open_when_between_is_stopped_is_sealed_into_drafts_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let runtime = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    encrypted_hello(root);
    let id = only_id(root);
    let kept = data(root)
        .drafts()
        .join(format!("edit-{}.txt", id.to_ascii_lowercase()));
    let unlock = || with_passphrase_in(root, runtime.path(), &["journal", "list"]);
    for (round, signal) in [libc::SIGKILL, libc::SIGHUP, libc::SIGTERM]
        .into_iter()
        .enumerate()
    {
        // The editor saves the canary, says so, and stays open.
        let ready = outside.path().join(format!("ready-{round}"));
        let editor = format!(
            "sh -c 'echo {CANARY} {round} >> \"$1\"; touch {}; exec sleep 30' editor",
            ready.display()
        );
        let mut command = editing(root, runtime.path(), &editor, &["journal", "edit", &id]);
        let mut child = command.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{PASSPHRASE}\n").as_bytes())
            .unwrap();
        wait_for(&ready);
        assert_eq!(editor_folders(runtime.path()).len(), 1);
        // The whole group, as when the terminal closes: between and the editor.
        // SAFETY: a plain system call on our child's process group.
        unsafe { libc::kill(-(child.id() as i32), signal) };
        child.wait().unwrap();
        if signal != libc::SIGKILL {
            // Asked to stop, between seals the text before it goes.
            assert_eq!(
                editor_folders(runtime.path()),
                Vec::<PathBuf>::new(),
                "signal {signal}"
            );
            assert!(between::journal::sealed_files::is_sealed(
                &fs::read(&kept).unwrap()
            ));
        }
        // Nothing plain outlives the next unlock; the text is kept, sealed.
        let next = unlock();
        assert!(next.status.success(), "{}", stderr(&next));
        assert_eq!(
            editor_folders(runtime.path()),
            Vec::<PathBuf>::new(),
            "signal {signal}"
        );
        assert_nowhere(runtime.path(), CANARY);
        assert_nowhere(root, CANARY);
        assert!(between::journal::sealed_files::is_sealed(
            &fs::read(&kept).unwrap()
        ));
    }
    // The edit goes on from what the editor last saved.
    let resumed = run_with_passphrase(editing(
        root,
        runtime.path(),
        &format!("grep -q '{CANARY} 2'"),
        &["journal", "edit", &id],
    ));
    assert!(resumed.status.success(), "{}", stderr(&resumed));

    // While the editor of a killed between is still open, its folder is left alone.
    let ready = outside.path().join("ready-open");
    let editor = format!(
        "sh -c 'echo {CANARY} >> \"$1\"; touch {}; exec sleep 30' editor",
        ready.display()
    );
    let mut child = editing(root, runtime.path(), &editor, &["journal", "edit", &id])
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSPHRASE}\n").as_bytes())
        .unwrap();
    wait_for(&ready);
    child.kill().unwrap(); // between only
    child.wait().unwrap();
    assert!(unlock().status.success());
    assert_eq!(
        editor_folders(runtime.path()).len(),
        1,
        "the editor is still open"
    );
    // SAFETY: a plain system call on our child's process group (the editor).
    unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
    std::thread::sleep(Duration::from_millis(50));
    assert!(unlock().status.success());
    assert_eq!(editor_folders(runtime.path()), Vec::<PathBuf>::new());
    assert_nowhere(runtime.path(), CANARY);
    assert_nowhere(root, CANARY);
}

/// Runs `between ARGS…` with the passphrase and the editor's folder under `runtime`.
fn with_passphrase_in(root: &Path, runtime: &Path, args: &[&str]) -> std::process::Output {
    between(root)
        .env("XDG_RUNTIME_DIR", runtime)
        .args(["--passphrase-fd", "0"])
        .args(args)
        .write_stdin(format!("{PASSPHRASE}\n"))
        .output()
        .unwrap()
}

#[test]
fn an_encrypt_without_room_says_so_and_changes_nothing() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    plain_journal(root, 20, CANARY);
    Drafts::new(&data(root))
        .save("patterns--map-your-cycle", &format!("draft {CANARY}"))
        .unwrap();
    let before = snapshot(root);
    let limit = fs::metadata(data(root).journal()).unwrap().len() + 100;
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin!("between"));
    command
        .arg("--data-dir")
        .arg(root)
        .args(["--passphrase-fd", "0", "encrypt"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(move || {
            let rlimit = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &rlimit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let output = run_with_passphrase(command);
    assert_eq!(output.status.code(), Some(1), "killed: {:?}", output.status);
    let said = stderr(&output);
    assert!(said.contains("could not be encrypted"), "{said}");
    assert!(!said.contains("entry was not saved"), "{said}");
    // Nothing changed: no unfinished copy, no twin, the journal plain as it was.
    let after = snapshot(root);
    let lock = data(root).lock();
    let changed: Vec<&PathBuf> = after
        .keys()
        .chain(before.keys())
        .filter(|path| {
            **path != lock && before.get(*path).map(|b| &b.0) != after.get(*path).map(|a| &a.0)
        })
        .collect();
    assert!(changed.is_empty(), "{changed:?}");
}
