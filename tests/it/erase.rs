//! Erasing: `journal delete --erase` and `journal edit --erase-old` leave no byte of the
//! text they erase in any file of the data directory, plain or encrypted, keep every
//! other entry, and a kill at any moment leaves either the old journal or the new one.

use crate::common;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use between::data_dir::DataDir;
use between::journal::log::Form;
use between::journal::record::Record;
use between::journal::store::verify;
use between::journal::{Entry, EntryId, Store};
use between::vault::{Header, Vault};
use common::{assert_nowhere, between, stderr, stdout};
use serde_json::Value;

const PASSPHRASE: &str = "a long walk by the river";

fn data(dir: &Path) -> DataDir {
    DataDir::resolve(Some(dir)).unwrap()
}

/// `between ARGS…` with the passphrase on standard input when `encrypted`.
fn run(dir: &Path, encrypted: bool, args: &[&str]) -> std::process::Output {
    let mut command = between(dir);
    if encrypted {
        command
            .args(["--passphrase-fd", "0"])
            .write_stdin(format!("{PASSPHRASE}\n"));
    }
    command.args(args).output().unwrap()
}

/// Like [`run`], and it must succeed.
fn ok(dir: &Path, encrypted: bool, args: &[&str]) -> String {
    let output = run(dir, encrypted, args);
    assert!(
        output.status.success(),
        "{args:?}: {}{}",
        stdout(&output),
        stderr(&output)
    );
    stdout(&output)
}

fn add(dir: &Path, encrypted: bool, text: &str) -> String {
    let said = ok(dir, encrypted, &["journal", "add", text]);
    said.split_whitespace().nth(2).unwrap().to_owned()
}

fn list(dir: &Path, encrypted: bool) -> Vec<Value> {
    let said = ok(dir, encrypted, &["journal", "list", "--json"]);
    serde_json::from_str::<Value>(&said)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn texts(entries: &[Value]) -> Vec<String> {
    entries
        .iter()
        .map(|e| {
            e["answers"][0]["value"]["text"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

fn verified(dir: &Path, encrypted: bool) {
    let said = ok(dir, encrypted, &["journal", "verify"]);
    assert!(said.contains("sound"), "{said}");
}

/// Edits entry `id` with `sed -i EXPR` as the editor (`extra` after the id).
fn sed(dir: &Path, id: &str, expr: &str, extra: &[&str]) -> std::process::Output {
    between(dir)
        .env("VISUAL", format!("sed -i {expr}"))
        .args(["journal", "edit", id])
        .args(extra)
        .output()
        .unwrap()
}

/// Appends `count` notes of filler straight to the plain log (one write rather than a
/// synced save each); returns their texts.
fn fillers(dir: &Path, count: usize) -> Vec<String> {
    let entries: Vec<Entry> = (0..count)
        .map(|i| Entry::note(format!("filler {i} {}", "so it goes. ".repeat(30))))
        .collect();
    let bytes: Vec<u8> = entries
        .iter()
        .flat_map(|entry| Record::put(entry.clone()).to_line())
        .collect();
    fs::create_dir_all(dir).unwrap();
    let mut log = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(data(dir).journal())
        .unwrap();
    log.write_all(&bytes).unwrap();
    entries
        .into_iter()
        .map(|e| e.first_text().unwrap().to_owned())
        .collect()
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn delete_erase_leaves_no_byte_of_a_plain_entry_in_any_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Large enough for a snapshot, which holds every entry's text too.
    let filler = fillers(root, 3000);
    let gone = add(root, false, "ERASECANARY first words");
    let kept = add(root, false, "kept words");
    // Two more revisions, each with the canary; and a kept edit of a broken edit.
    for expr in ["s/first/second/", "s/second/third/"] {
        let output = sed(root, &gone, expr, &[]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let broken = sed(root, &gone, "-e '/^=== /d' -e 's/$/ KEPTEDIT/'", &[]);
    assert_eq!(broken.status.code(), Some(65), "{}", stderr(&broken));
    let kept_edit = root.join(format!("drafts/edit-{}.txt", gone.to_ascii_lowercase()));
    assert!(
        fs::read_to_string(&kept_edit)
            .unwrap()
            .contains("ERASECANARY")
    );
    // A backup made before, outside the data directory: an import of it later must
    // not bring the entry back.
    let outside = tempfile::tempdir().unwrap();
    let backup = outside.path().join("backup.json");
    ok(
        root,
        false,
        &[
            "export",
            "--format",
            "json",
            "--out",
            backup.to_str().unwrap(),
        ],
    );
    list(root, false); // writes the snapshot
    let snapshot = data(root).snapshot();
    assert!(
        fs::read(&snapshot)
            .unwrap()
            .windows(11)
            .any(|w| w == b"ERASECANARY"),
        "the snapshot should hold the entry before the erase"
    );

    let said = ok(
        root,
        false,
        &["journal", "delete", &gone, "--yes", "--erase"],
    );
    assert!(said.contains(&format!("Deleted entry {gone}")), "{said}");
    assert!(said.contains("erased"), "{said}");
    assert_nowhere(root, "ERASECANARY");
    assert!(!kept_edit.exists());

    let left = texts(&list(root, false));
    assert_eq!(left.len(), filler.len() + 1);
    assert_eq!(left[0], "kept words");
    assert!(left[1..].iter().rev().eq(filler.iter()));
    verified(root, false);
    assert_eq!(mode(&data(root).journal()), 0o600);
    if snapshot.exists() {
        assert_eq!(mode(&snapshot), 0o600);
    }
    // One tombstone stays, so the backup does not bring the entry back.
    let imported = ok(root, false, &["import", backup.to_str().unwrap()]);
    assert!(imported.contains("1 you deleted here"), "{imported}");
    assert_nowhere(root, "ERASECANARY");
    assert!(
        list(root, false)
            .iter()
            .all(|e| e["id"].as_str() != Some(&gone))
    );
    assert!(list(root, false).iter().any(|e| e["id"] == kept.as_str()));
}

#[test]
fn delete_erase_asks_saying_what_erase_means() {
    let dir = tempfile::tempdir().unwrap();
    let id = add(dir.path(), false, "ASKCANARY words");
    let output = between(dir.path())
        .args(["journal", "delete", &id, "--erase"])
        .write_stdin("n\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let asked = stderr(&output);
    assert!(asked.contains("erase"), "{asked}");
    assert!(
        asked.contains("every revision")
            && asked.contains("snapshot and drafts")
            && asked.contains("Not touched: copies elsewhere (backups, synced copies"),
        "{asked}"
    );
    assert_eq!(list(dir.path(), false).len(), 1);
    let output = between(dir.path())
        .args(["journal", "delete", &id, "--erase"])
        .write_stdin("y\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_nowhere(dir.path(), "ASKCANARY");
}

#[test]
fn delete_erase_of_an_encrypted_entry_leaves_nothing_to_recover() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let gone = add(root, false, "SEALEDCANARY first words");
    add(root, false, "kept words");
    let output = sed(root, &gone, "s/first/second/", &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = between(root)
        .args(["--passphrase-fd", "0", "encrypt"])
        .write_stdin(format!("{PASSPHRASE}\n"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    add(root, true, "added while encrypted");

    let said = ok(
        root,
        true,
        &["journal", "delete", &gone, "--yes", "--erase"],
    );
    assert!(said.contains("erased"), "{said}");
    assert_nowhere(root, "SEALEDCANARY");
    let left = texts(&list(root, true));
    assert_eq!(left, ["added while encrypted", "kept words"]);
    verified(root, true);
    // A later save is numbered on from the rewritten records.
    add(root, true, "after the erase");
    verified(root, true);

    // With the passphrase, no cut of the log (its tombstone cut off, say) brings the
    // entry back: its records are gone, not only superseded.
    let journal = fs::read(data(root).journal()).unwrap();
    let ends: Vec<usize> = journal
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
        .collect();
    for end in &ends[..ends.len() - 1] {
        let copy = tempfile::tempdir().unwrap();
        fs::write(copy.path().join("journal.jsonl"), &journal[..*end]).unwrap();
        let shown = ok(copy.path(), true, &["journal", "list", "--json"]);
        assert!(!shown.contains("SEALEDCANARY"), "cut at {end}: {shown}");
    }

    // Decrypted, the plain journal has no trace of it either.
    ok(root, true, &["decrypt"]);
    assert_eq!(Store::new(data(root)).form().unwrap(), Form::Plain);
    assert_nowhere(root, "SEALEDCANARY");
    assert_eq!(list(root, false).len(), 3);
}

#[test]
fn edit_erase_old_keeps_only_the_newest_revision() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let id = add(root, false, "OLDCANARY words");
    let other = add(root, false, "other words");
    let output = sed(root, &other, "s/other/changed/", &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = sed(root, &id, "s/OLDCANARY/newer/", &["--erase-old"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("erased"), "{}", stdout(&output));
    assert_nowhere(root, "OLDCANARY");
    assert_eq!(texts(&list(root, false)), ["changed words", "newer words"]);
    verified(root, false);
    // Without a change, the older revisions are erased all the same.
    let again = add(root, false, "AGAINCANARY words");
    let output = sed(root, &again, "s/AGAINCANARY/later/", &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = sed(root, &again, "s/nothing-matches//", &["--erase-old"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("No changes"),
        "{}",
        stdout(&output)
    );
    assert_nowhere(root, "AGAINCANARY");
    assert_eq!(list(root, false).len(), 3);
}

/// Kills `journal delete --erase` at moments spread over its run, and after each
/// checks that the journal is the old one or the new one, whole.
fn killed_erases_leave_the_old_or_the_new_journal(encrypted: bool) {
    use rand::{RngExt, SeedableRng};
    let (count, rounds) = match (common::thorough(), encrypted) {
        (true, false) => (4_000, 12),
        (true, true) => (1_500, 6),
        (false, false) => (2_000, 6),
        (false, true) => (500, 4),
    };
    let seed: u64 = std::env::var("BETWEEN_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or_else(|| {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            now.unwrap_or_default().as_nanos() as u64
        });
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let filler = fillers(root, count);
    if encrypted {
        let output = between(root)
            .args(["--passphrase-fd", "0", "encrypt"])
            .write_stdin(format!("{PASSPHRASE}\n"))
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let erase = |id: &str| {
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin!("between"));
        command
            .env_remove("BETWEEN_HOME")
            .env("HOME", root)
            .arg("--data-dir")
            .arg(root)
            .args([
                "--passphrase-fd",
                "0",
                "journal",
                "delete",
                id,
                "--yes",
                "--erase",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let mut child = command.spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let _ = stdin.write_all(format!("{PASSPHRASE}\n").as_bytes());
        child
    };
    // A new copy of the journal is being written from the moment this file appears.
    let temp = root.join("journal.jsonl.compact");
    // Whether it appeared while the erase was running.
    let until_written = |child: &mut std::process::Child| loop {
        if temp.exists() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(50));
    };
    // How long a whole erase takes here, and its rewrite, so the kills can be spread
    // over all of it, and over the rewrite (after the unlock, for an encrypted one).
    let first = add(root, encrypted, "a first one to time");
    let started = Instant::now();
    let mut child = erase(&first);
    until_written(&mut child);
    let rewriting = Instant::now();
    assert!(child.wait().unwrap().success());
    let (whole, rewrite) = (started.elapsed(), rewriting.elapsed());
    // Kills that landed while the new copy was being written, before its rename.
    let (mut before, mut after, mut amid) = (0, 0, 0);
    let mut target: Option<(String, String)> = None;
    for round in 0..rounds {
        let (id, text) = target.take().unwrap_or_else(|| {
            let text = format!("KILLCANARY{round} words");
            (add(root, encrypted, &text), text)
        });
        // Spread from the start (of the erase, or of its rewrite) to a little after
        // its end, with some jitter; the last round well after it, so that a finished
        // erase after killed ones is checked too.
        let spread = (round / 2) as f64 / (rounds / 2 - 1).max(1) as f64;
        let at = if round + 1 == rounds {
            3.0
        } else {
            spread * 1.2 + rng.random_range(0.0..0.1)
        };
        let mut child = erase(&id);
        let mut writing = false;
        if round % 2 == 0 {
            writing = until_written(&mut child);
            std::thread::sleep(rewrite.mul_f64(at));
        } else {
            std::thread::sleep(whole.mul_f64(at));
        }
        let _ = child.kill(); // SIGKILL, wherever it is
        child.wait().unwrap();
        let context = format!("round {round}, seed {seed}");

        // The journal opens, whole and writable (a damaged one would warn that it
        // is read-only), and every line of it is sound.
        let listed = run(root, encrypted, &["journal", "list", "--json"]);
        assert!(listed.status.success(), "{context}: {}", stderr(&listed));
        assert!(
            !stderr(&listed).contains("read-only"),
            "{context}: {}",
            stderr(&listed)
        );
        let entries: Vec<Value> = serde_json::from_slice(&listed.stdout).unwrap();
        let shown = texts(&entries);
        verified(root, encrypted);
        let rest: Vec<&String> = shown.iter().filter(|t| **t != text).collect();
        assert!(rest.iter().rev().copied().eq(filler.iter()), "{context}");
        if shown.len() == filler.len() + 1 {
            assert_eq!(shown[0], text, "{context}");
            before += 1;
            amid += usize::from(writing);
            target = Some((id, text));
        } else {
            assert_eq!(shown.len(), filler.len(), "{context}");
            assert_nowhere(root, &text);
            after += 1;
        }
    }
    assert!(
        before > 0 && after > 0 && amid > 0,
        "the kills never landed on both sides, or amid the rewrite ({before} before, \
         {after} after, {amid} amid, seed {seed}, {whole:?} a whole erase)"
    );
}

#[test]
fn a_killed_erase_leaves_the_old_or_the_new_plain_journal() {
    killed_erases_leave_the_old_or_the_new_journal(false);
}

#[test]
fn a_killed_erase_leaves_the_old_or_the_new_encrypted_journal() {
    killed_erases_leave_the_old_or_the_new_journal(true);
}

/// The store's erase on a sealed journal: the records are renumbered from one and a
/// save after it, in the same writer or another, is numbered on from them.
#[test]
fn the_store_s_erase_keeps_the_sealed_numbering() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let store = Store::new(data(root));
    let mut writer = store.open().unwrap();
    let gone = Entry::note("STORECANARY one".into());
    let stays = Entry::note("stays".into());
    writer.save(&gone).unwrap();
    writer.save(&stays).unwrap();
    let mut revised = gone.next_revision();
    revised.answers[0].value.set_text("STORECANARY two".into());
    writer.save(&revised).unwrap();
    let vault = Vault::generate();
    let header = Header::with_kdf(&vault, PASSPHRASE, Header::test_kdf());
    writer
        .rewrite_with(Some((header, vault.clone())), |_| Ok(()))
        .unwrap();
    drop(writer);
    let store = Store::with_vault(data(root), Some(vault));
    let mut writer = store.open().unwrap();
    let mut edited = stays.next_revision();
    edited.answers[0].value.set_text("stays, edited".into());
    writer.save(&edited).unwrap();
    writer.erase_old_revisions(&stays.id).unwrap();
    // Header, the two entries' newest revisions.
    assert_eq!(
        fs::read(data(root).journal())
            .unwrap()
            .split(|b| *b == b'\n')
            .count(),
        4
    );
    writer.delete_erasing(&gone.id).unwrap();
    assert!(writer.journal().get(&gone.id).is_none());
    // Header, the entry left, the tombstone.
    assert_eq!(
        fs::read(data(root).journal())
            .unwrap()
            .split(|b| *b == b'\n')
            .count(),
        4
    );
    writer.save(&Entry::note("after".into())).unwrap();
    drop(writer);
    assert_eq!(verify(&store).unwrap(), vec![]);
    let journal = store.load().unwrap();
    assert_eq!(journal.read_only(), None);
    assert_eq!(journal.len(), 2);
    assert!(journal.get(&gone.id).is_none());
    assert_eq!(
        journal.get(&stays.id).unwrap().first_text(),
        Some("stays, edited")
    );
    let ids: Vec<EntryId> = journal.entries().map(|e| e.id.clone()).collect();
    assert_eq!(ids[0], stays.id);
}
