//! A cloned device: a data directory copied whole onto a second computer writes under
//! the same replica id. A copy of the device's log holding revisions the log lacks (a
//! sync engine's conflict copy, or the other side of a git merge conflict) makes each
//! machine take a new id by itself when it next opens the journal, losing nothing; and
//! a crash between the steps of that move loses nothing either.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::common::git::{Lab, run_between, synced};
use crate::common::sync::{
    add, copy_whole, list, log_of, ok_with, sealed_anywhere, setting, start, with,
};
use crate::common::{between, stderr};

/// What Syncthing names the losing side of a file changed on two devices at once.
const CONFLICT_COPY: &str = "journal.sync-conflict-20261201-101010-ABCDEFG.jsonl";

/// A synced journal on the laptop (`a`), and its data directory copied whole (`cp -a`)
/// onto a second machine (`b`) that uses the same synced folder.
struct Cloned {
    _root: tempfile::TempDir,
    a: PathBuf,
    b: PathBuf,
    folder: PathBuf,
    replica: String,
    /// The id of the entry written before the copy.
    first: String,
}

fn cloned() -> Cloned {
    cloned_with("written before the copy")
}

/// [`cloned`], the entry written before the copy saying `first`.
fn cloned_with(first: &str) -> Cloned {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let folder = root.path().join("Sync");
    let first = add(&a, first);
    start(&a, &folder, "laptop", false);
    copy_whole(&a, &b);
    let (_, replica) = setting(&a);
    assert_eq!(setting(&b).1, replica);
    Cloned {
        _root: root,
        a,
        b,
        folder,
        replica,
        first,
    }
}

/// Both machines write under the one id, and the engine keeps the second machine's
/// log and the laptop's as a conflict copy beside it, as Syncthing does.
fn both_write(clone: &Cloned) {
    both_write_keeping(clone, false);
}

/// [`both_write`], the engine keeping the laptop's log (`laptops_kept`) or the second
/// machine's, and the other as the conflict copy; the laptop's log.
fn both_write_keeping(clone: &Cloned, laptops_kept: bool) -> Vec<u8> {
    both_write_with(clone, laptops_kept, || {
        add(&clone.a, "written on the laptop after the copy");
    })
}

/// [`both_write_keeping`], the laptop doing `on_laptop`.
fn both_write_with(clone: &Cloned, laptops_kept: bool, on_laptop: impl FnOnce()) -> Vec<u8> {
    let log = log_of(&clone.a);
    let before = fs::read(&log).unwrap();
    on_laptop();
    let laptops = fs::read(&log).unwrap();
    fs::write(&log, &before).unwrap();
    add(&clone.b, "written on the second machine after the copy");
    let seconds = fs::read(&log).unwrap();
    as_the_engine_keeps(&log, &laptops, &seconds, laptops_kept);
    laptops
}

/// Puts the laptop's version of the log `log` and the second machine's where the engine
/// leaves them: the one kept (`laptops_kept`) at its path, the other as the conflict copy.
fn as_the_engine_keeps(log: &Path, laptops: &[u8], seconds: &[u8], laptops_kept: bool) {
    let (kept, copy) = match laptops_kept {
        true => (laptops, seconds),
        false => (seconds, laptops),
    };
    fs::write(log, kept).unwrap();
    fs::write(log.with_file_name(CONFLICT_COPY), copy).unwrap();
}

/// "Delete and erase now" of the entry `id` on the device of `data`.
fn erase(data: &Path, id: &str) {
    between(data)
        .args(["journal", "delete", id, "--yes", "--erase"])
        .assert()
        .success();
}

/// Fails unless `listed` (a `journal list`) shows each of `texts` once.
fn shows_each_once(listed: &str, texts: &[&str]) {
    for text in texts {
        assert_eq!(listed.matches(text).count(), 1, "{text:?} in:\n{listed}");
    }
}

/// Opens the journal to write on the device of `data` (`sync status`); what it said
/// on standard error.
fn open(data: &Path) -> String {
    let output = between(data).args(["sync", "status"]).assert().success();
    stderr(output.get_output())
}

/// The laptop was stopped while taking the new id `next`, right after writing its new
/// setting (step 1): done here by hand.
fn stopped_after_first_step(clone: &Cloned, next: &str) {
    let setting_next = serde_json::json!({"folder": clone.folder, "replica": next});
    fs::write(clone.a.join("sync.next.json"), setting_next.to_string()).unwrap();
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

const EVERY_TEXT: [&str; 3] = [
    "written before the copy",
    "written on the laptop after the copy",
    "written on the second machine after the copy",
];

#[test]
fn a_conflict_copy_of_its_own_log_makes_each_machine_take_a_new_id_losing_nothing() {
    let clone = cloned();
    both_write(&clone);
    let old = clone.folder.join("replicas").join(&clone.replica);
    let old_log = fs::read(old.join("journal.jsonl")).unwrap();

    let output = between(&clone.a)
        .args(["sync", "status"])
        .assert()
        .success();
    let said = stderr(output.get_output());
    assert!(said.contains("another computer was writing"), "{said}");
    assert!(said.contains("Nothing was lost"), "{said}");
    assert!(said.contains(CONFLICT_COPY), "{said}");
    assert!(
        !said.contains("written"),
        "journal text in the message: {said}"
    );
    let (_, a_now) = setting(&clone.a);
    assert_ne!(a_now, clone.replica);
    let shown = crate::common::stdout(output.get_output());
    let this = shown.lines().find(|line| line.contains("(this device)"));
    assert!(
        this.is_some_and(|line| line.contains(&a_now[20..])),
        "{shown}"
    );
    // The new log holds the old one's records, each marked as a copy of the old id's
    // revision, in a folder of its own, with its name.
    let new = clone.folder.join("replicas").join(&a_now);
    let new_log = fs::read_to_string(new.join("journal.jsonl")).unwrap();
    let old_log = String::from_utf8(old_log).unwrap();
    assert_eq!(new_log.lines().count(), old_log.lines().count());
    for (new, old) in new_log.lines().zip(old_log.lines()) {
        let (new, old): (serde_json::Value, serde_json::Value) = (
            serde_json::from_str(new).unwrap(),
            serde_json::from_str(old).unwrap(),
        );
        let put = &new["put"];
        assert_eq!(put["answers"], old["put"]["answers"]);
        assert_eq!(put["seen"][&clone.replica], put["revision"], "{new}");
    }
    assert_eq!(mode(&new), 0o700);
    assert_eq!(mode(&new.join("journal.jsonl")), 0o600);
    assert!(
        fs::read_to_string(new.join("device.json"))
            .unwrap()
            .contains("laptop")
    );
    assert!(!clone.a.join("sync.next.json").exists());

    // The second machine finds the same copy and moves too, to an id of its own.
    let said = open(&clone.b);
    assert!(said.contains("another computer was writing"), "{said}");
    let (_, b_now) = setting(&clone.b);
    assert_ne!(b_now, clone.replica);
    assert_ne!(b_now, a_now);
    // The old log (the second machine's version, which the engine kept on both) held
    // nothing but what the laptop's new log holds, record for record: it was removed.
    // The copy, the laptop's writes, is in no device's log, and stays, read with the
    // rest, as a device that no longer writes.
    assert!(!old.join("journal.jsonl").exists());
    assert!(old.join(CONFLICT_COPY).exists());

    // Both go on writing, each to its new log, and each shows everything.
    add(&clone.a, "the laptop with its new id");
    add(&clone.b, "the second machine with its new id");
    let (on_a, on_b) = (list(&clone.a), list(&clone.b));
    assert_eq!(on_a, on_b);
    for text in EVERY_TEXT.into_iter().chain([
        "the laptop with its new id",
        "the second machine with its new id",
    ]) {
        assert_eq!(on_a.matches(text).count(), 1, "{text:?} in:\n{on_a}");
    }
    // And neither moves again.
    for (data, id) in [(&clone.a, &a_now), (&clone.b, &b_now)] {
        let said = open(data);
        assert!(!said.contains("another computer"), "{said}");
        assert_eq!(&setting(data).1, id);
    }
}

#[test]
fn a_move_stopped_between_its_steps_is_finished_by_the_next_open_losing_nothing() {
    let clone = cloned();
    both_write(&clone);
    // The laptop was stopped after writing its new setting and its new log, before
    // `sync.json` was replaced: done here by hand.
    let next = "01JDZZZZZZZZZZZZZZZZZZZZZZ";
    stopped_after_first_step(&clone, next);
    let new = clone.folder.join("replicas").join(next);
    fs::create_dir_all(&new).unwrap();
    fs::copy(log_of(&clone.a), new.join("journal.jsonl")).unwrap();
    // The next write (`journal add`, which reads nothing) finishes the move first.
    let output = between(&clone.a)
        .args(["journal", "add"])
        .write_stdin("written after the stop")
        .assert()
        .success();
    let said = stderr(output.get_output());
    assert!(said.contains("was taking a new id"), "{said}");
    assert_eq!(
        setting(&clone.a).1,
        next,
        "the move was not finished with its id"
    );
    assert!(!clone.a.join("sync.next.json").exists());
    let devices = fs::read_dir(clone.folder.join("replicas")).unwrap().count();
    assert_eq!(devices, 2, "a second new id was taken");
    let new_log = fs::read_to_string(new.join("journal.jsonl")).unwrap();
    assert!(new_log.contains("written after the stop"));
    let on_a = list(&clone.a);
    for text in EVERY_TEXT.into_iter().chain(["written after the stop"]) {
        assert_eq!(on_a.matches(text).count(), 1, "{text:?} in:\n{on_a}");
    }
    let said = open(&clone.a);
    assert!(!said.contains("new id"), "{said}");
}

#[test]
fn a_move_stopped_after_its_first_step_is_finished_by_the_next_open() {
    let clone = cloned();
    both_write(&clone);
    let next = "01JDYYYYYYYYYYYYYYYYYYYYYY";
    stopped_after_first_step(&clone, next);

    let said = open(&clone.a);
    assert!(said.contains("was taking a new id"), "{said}");
    assert_eq!(setting(&clone.a).1, next);
    let on_a = list(&clone.a);
    for text in EVERY_TEXT {
        assert_eq!(on_a.matches(text).count(), 1, "{text:?} in:\n{on_a}");
    }
}

#[test]
fn two_machines_pushing_one_id_through_git_keep_both_sides_and_take_new_ids() {
    let lab = Lab::new();
    let laptop = lab.cloned("laptop");
    fs::remove_file(laptop.data.join("sync.json")).unwrap();
    run_between(
        &lab,
        &laptop,
        &["journal", "add"],
        "written before the copy",
    );
    let folder = laptop.clone.to_str().unwrap();
    run_between(
        &lab,
        &laptop,
        &["sync", "init", folder, "--name", "laptop"],
        "",
    );
    synced(&lab, &laptop);
    // The laptop's data directory, restored onto a second computer whose clone of the
    // repository is at its own place.
    let second = lab.cloned("second");
    fs::remove_dir_all(&second.data).unwrap();
    copy_whole(&laptop.data, &second.data);
    let (_, replica) = setting(&laptop.data);
    let moved = serde_json::json!({"folder": second.clone, "replica": replica});
    fs::write(second.data.join("sync.json"), moved.to_string()).unwrap();

    run_between(
        &lab,
        &laptop,
        &["journal", "add"],
        "written on the laptop after the copy",
    );
    run_between(
        &lab,
        &second,
        &["journal", "add"],
        "written on the second machine after the copy",
    );
    synced(&lab, &laptop);
    // The second push meets the laptop's version of the same log: both sides are kept,
    // and the second machine takes a new id and sends it in the same `sync now`.
    let said = synced(&lab, &second);
    assert!(said.contains("kept beside it"), "{said}");
    let (_, second_now) = setting(&second.data);
    assert_ne!(second_now, replica);
    assert_eq!(lab.git(&second.clone, &["status", "--porcelain"]), "");
    // The laptop pulls the copy, and moves too.
    synced(&lab, &laptop);
    let (_, laptop_now) = setting(&laptop.data);
    assert_ne!(laptop_now, replica);
    assert_ne!(laptop_now, second_now);
    synced(&lab, &second);
    let listed = |device| run_between(&lab, device, &["journal", "list"], "");
    let (on_laptop, on_second) = (listed(&laptop), listed(&second));
    assert_eq!(on_laptop, on_second);
    for text in EVERY_TEXT {
        assert_eq!(
            on_laptop.matches(text).count(),
            1,
            "{text:?} in:\n{on_laptop}"
        );
    }
    for device in [&laptop, &second] {
        assert_eq!(lab.git(&device.clone, &["status", "--porcelain"]), "");
    }

    // An entry erased on the second machine leaves every file of both work trees
    // (git's history keeps it, as docs/sync.md says), and both sides' commits of the
    // old folder meet without a conflict that stops.
    let id = on_laptop
        .lines()
        .find(|line| line.contains("written before the copy"))
        .and_then(|line| line.split_whitespace().next())
        .unwrap()
        .to_owned();
    run_between(
        &lab,
        &second,
        &["journal", "delete", &id, "--yes", "--erase"],
        "",
    );
    for device in [&second, &laptop, &second, &laptop] {
        synced(&lab, device);
    }
    for device in [&laptop, &second] {
        crate::common::assert_nowhere(&device.clone.join("replicas"), "written before the copy");
        assert_eq!(lab.git(&device.clone, &["status", "--porcelain"]), "");
    }
    let (on_laptop, on_second) = (listed(&laptop), listed(&second));
    assert_eq!(on_laptop, on_second);
    shows_each_once(&on_laptop, &EVERY_TEXT[1..]);
}

#[test]
fn an_encrypted_cloned_device_takes_a_new_id_its_log_sealed_anew_for_it() {
    const WORDS: &str = "a long walk by the river";
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let folder = root.path().join("Sync");
    let add = |data: &Path, text: &str| ok_with(data, WORDS, &["journal", "add", text]);
    between(&a)
        .args(["journal", "add", "heron-umbrella-softly before the copy"])
        .assert()
        .success();
    ok_with(&a, WORDS, &["encrypt"]);
    let init = ["sync", "init", folder.to_str().unwrap(), "--name", "laptop"];
    ok_with(&a, WORDS, &init);
    copy_whole(&a, &b);
    let (_, replica) = setting(&a);
    let log = log_of(&a);
    let before = fs::read(&log).unwrap();
    add(&a, "heron-umbrella-softly on the laptop");
    let laptops = fs::read(&log).unwrap();
    fs::write(&log, &before).unwrap();
    add(&b, "heron-umbrella-softly on the second machine");
    fs::write(log.with_file_name(CONFLICT_COPY), laptops).unwrap();

    for data in [&a, &b] {
        let output = with(data, &[WORDS], &["sync", "status"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let said = stderr(&output);
        assert!(said.contains("another computer was writing"), "{said}");
        // The new log is sealed for the new id: its header names it.
        let (_, now) = setting(data);
        assert_ne!(now, replica);
        let new_log = fs::read_to_string(log_of(data)).unwrap();
        let header = new_log.lines().next().unwrap();
        assert!(header.contains(&now), "{header}");
    }
    assert_ne!(setting(&a).1, setting(&b).1);
    let list = |data: &Path| ok_with(data, WORDS, &["journal", "list", "--limit", "100"]);
    let on_a = list(&a);
    assert_eq!(on_a, list(&b));
    for text in [
        "heron-umbrella-softly before the copy",
        "heron-umbrella-softly on the laptop",
        "heron-umbrella-softly on the second machine",
    ] {
        assert_eq!(on_a.matches(text).count(), 1, "{text:?} in:\n{on_a}");
    }
    crate::common::assert_nowhere(&folder, "heron-umbrella-softly");
}

#[test]
fn a_store_opened_before_the_move_writes_to_the_new_log_afterwards() {
    use between::data_dir::DataDir;
    use between::journal::{Store, entry::Entry};
    let clone = cloned();
    both_write(&clone);
    // The app on the laptop holds its store from before the move …
    let dir = between::journal::sync::attach(DataDir::resolve(Some(&clone.a)).unwrap()).unwrap();
    let store = Store::new(dir);
    // … while a command there takes the new id.
    open(&clone.a);
    let (_, now) = setting(&clone.a);
    assert_ne!(now, clone.replica);
    let mut writer = store.open().unwrap();
    writer
        .save(&Entry::note("saved by the app after the move".into()))
        .unwrap();
    drop(writer);
    let new_log = fs::read_to_string(log_of(&clone.a)).unwrap();
    assert!(new_log.contains("saved by the app after the move"));
    let old_log = clone
        .folder
        .join("replicas")
        .join(&clone.replica)
        .join("journal.jsonl");
    assert!(
        !fs::read_to_string(old_log)
            .unwrap_or_default()
            .contains("saved by the app")
    );
    assert_eq!(setting(&clone.a).1, now, "the app took yet another id");
}

/// A word that is in one entry only, erased later.
const CANARY: &str = "marigold-lantern";

#[test]
fn an_entry_erased_after_a_clone_leaves_no_trace_in_any_file_whichever_machine_erases_it() {
    for erasing_on_the_laptop in [true, false] {
        let clone = cloned_with("marigold-lantern written before the copy");
        both_write(&clone);
        // The laptop moves to a new id first; the second machine is still writing as the
        // old one and adds an entry to the old log, which is then its alone.
        open(&clone.a);
        add(&clone.b, "second, still as the old id");
        open(&clone.b);
        let (eraser, other) = match erasing_on_the_laptop {
            true => (&clone.a, &clone.b),
            false => (&clone.b, &clone.a),
        };
        erase(eraser, &clone.first);
        open(other);
        crate::common::assert_nowhere(&clone.folder, CANARY);
        let on_a = list(&clone.a);
        assert_eq!(on_a, list(&clone.b));
        assert!(!on_a.contains(CANARY), "{on_a}");
        shows_each_once(
            &on_a,
            &[EVERY_TEXT[1], EVERY_TEXT[2], "second, still as the old id"],
        );
    }
}

#[test]
fn the_other_machine_appending_to_the_old_log_meanwhile_loses_nothing_to_its_rewrite() {
    let clone = cloned_with("marigold-lantern written before the copy");
    let old = clone.folder.join("replicas").join(&clone.replica);
    let laptops = both_write_keeping(&clone, true);
    // The laptop moves; the old log, its own version, is all in its new log: removed.
    open(&clone.a);
    assert!(!old.join("journal.jsonl").exists());
    // The second machine, not yet told, had appended to the old log as the engine gave
    // it (the laptop's version), and the engine brought that back over the removal.
    fs::write(old.join("journal.jsonl"), &laptops).unwrap();
    add(&clone.b, "second, still as the old id");
    let seconds = fs::read(old.join("journal.jsonl")).unwrap();
    // The laptop erases: the old log is rewritten without the entry, and keeps the
    // second machine's.
    erase(&clone.a, &clone.first);
    let rewritten = fs::read_to_string(old.join("journal.jsonl")).unwrap();
    assert!(!rewritten.contains(CANARY), "{rewritten}");
    assert!(rewritten.contains("second, still as the old id"));
    // Meanwhile the second machine appended once more to its version; the engine keeps
    // that as the log and the laptop's rewrite as a conflict copy.
    fs::write(old.join("journal.jsonl"), &seconds).unwrap();
    add(&clone.b, "second, once more");
    let second_copy = "journal.sync-conflict-20261201-121212-HIJKLMN.jsonl";
    fs::write(old.join(second_copy), rewritten).unwrap();

    open(&clone.b);
    open(&clone.a);
    crate::common::assert_nowhere(&clone.folder, CANARY);
    let on_a = list(&clone.a);
    assert_eq!(on_a, list(&clone.b));
    shows_each_once(
        &on_a,
        &[
            EVERY_TEXT[1],
            EVERY_TEXT[2],
            "second, still as the old id",
            "second, once more",
        ],
    );
}

#[test]
fn an_entry_erased_after_an_encrypted_clone_leaves_no_record_of_it_in_any_file() {
    erased_after_an_encrypted_clone("a long walk by the river", None);
}

#[test]
fn an_entry_erased_after_an_encrypted_clone_and_a_new_passphrase_leaves_no_record_of_it() {
    erased_after_an_encrypted_clone("a long walk by the river", Some("a new key for both"));
}

/// An entry written before an encrypted journal's device was cloned, erased once both
/// machines took new ids (after `passwd` from `WORDS` to `new_words`, if given, which
/// gives the journal a new key while the old folder's logs are still sealed with the
/// old one): no record of it is left in any file.
fn erased_after_an_encrypted_clone(words: &str, new_words: Option<&str>) {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let folder = root.path().join("Sync");
    let add = |data: &Path, text: &str| ok_with(data, words, &["journal", "add", text]);
    let id = add(&a, "marigold-lantern before the copy");
    let id = id.split_whitespace().find(|word| word.len() == 26).unwrap();
    ok_with(&a, words, &["encrypt"]);
    let init = ["sync", "init", folder.to_str().unwrap(), "--name", "laptop"];
    ok_with(&a, words, &init);
    copy_whole(&a, &b);
    let log = log_of(&a);
    let before = fs::read(&log).unwrap();
    add(&a, "heron-umbrella, laptop");
    let laptops = fs::read(&log).unwrap();
    fs::write(&log, &before).unwrap();
    add(&b, "heron-umbrella, second");
    fs::write(log.with_file_name(CONFLICT_COPY), laptops).unwrap();
    ok_with(&a, words, &["sync", "status"]);
    add(&b, "heron-umbrella as the old id");
    ok_with(&b, words, &["sync", "status"]);
    assert!(!sealed_anywhere(&folder, words, CANARY).is_empty());
    let words: &str = match new_words {
        Some(new) => {
            let changed = with(&a, &[words, new, new], &["passwd"]);
            assert!(changed.status.success(), "{}", stderr(&changed));
            new
        }
        None => words,
    };

    ok_with(&a, words, &["journal", "delete", id, "--yes", "--erase"]);
    ok_with(&b, words, &["sync", "status"]);
    let left = sealed_anywhere(&folder, words, CANARY);
    assert!(left.is_empty(), "the erased entry is still in {left:?}");
    let list = |data: &Path| ok_with(data, words, &["journal", "list", "--limit", "100"]);
    let on_a = list(&a);
    assert_eq!(on_a, list(&b));
    shows_each_once(
        &on_a,
        &[
            "heron-umbrella, laptop",
            "heron-umbrella, second",
            "heron-umbrella as the old id",
        ],
    );
    crate::common::assert_nowhere(&folder, "heron-umbrella");
}

#[test]
fn an_entry_changed_on_one_machine_after_the_copy_is_no_conflict_once_both_moved() {
    for laptops_kept in [true, false] {
        let clone = cloned();
        let editor = clone.a.join("../editor.sh");
        fs::write(
            &editor,
            "#!/bin/sh\nsed -i 's/written before/changed after/' \"$1\"\n",
        )
        .unwrap();
        fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();
        both_write_with(&clone, laptops_kept, || {
            between(&clone.a)
                .args(["journal", "edit", &clone.first])
                .env("EDITOR", &editor)
                .env("VISUAL", &editor)
                .assert()
                .success();
        });
        open(&clone.a);
        open(&clone.b);
        for data in [&clone.a, &clone.b] {
            let shown = crate::common::sync::show(data, &clone.first);
            assert!(shown.contains("changed after the copy"), "{shown}");
            assert!(!shown.contains("two devices"), "{shown}");
            assert!(!shown.contains("written before"), "{shown}");
        }
    }
}

/// Changes the text `from` of entry `id` to `to` on the device of `data`, in its editor.
fn edit(data: &Path, id: &str, from: &str, to: &str) {
    let editor = data.join("../edit-text.sh");
    fs::write(&editor, "#!/bin/sh\nsed -i \"s/$FROM/$TO/\" \"$1\"\n").unwrap();
    fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();
    between(data)
        .args(["journal", "edit", id])
        .env("EDITOR", &editor)
        .env("VISUAL", &editor)
        .env("FROM", from)
        .env("TO", to)
        .assert()
        .success();
}

const ONCE: &str = "changed once on the laptop";
const TWICE: &str = "changed twice on the second machine";

/// A clone whose laptop changed the entry written before the copy once (to [`ONCE`])
/// and whose second machine changed it twice (to [`TWICE`]) and then did `then`, under
/// the one id; the engine keeping the laptop's log (`laptops_kept`) or the other's.
fn once_and_twice(laptops_kept: bool, then: impl FnOnce(&Cloned)) -> Cloned {
    let clone = cloned();
    let log = log_of(&clone.a);
    let before = fs::read(&log).unwrap();
    edit(&clone.a, &clone.first, "written before the copy", ONCE);
    let laptops = fs::read(&log).unwrap();
    fs::write(&log, &before).unwrap();
    edit(
        &clone.b,
        &clone.first,
        "written before the copy",
        "changed there",
    );
    edit(&clone.b, &clone.first, "changed there", TWICE);
    then(&clone);
    let seconds = fs::read(&log).unwrap();
    as_the_engine_keeps(&log, &laptops, &seconds, laptops_kept);
    clone
}

/// Opens [`once_and_twice`]'s two machines in turn, the one first that finds the other's
/// log where its own was (and its own as the copy beside it); what each then shows of
/// the entry, which must hold both changes.
fn both_opened(clone: &Cloned, laptops_kept: bool) -> Vec<String> {
    let (first, second) = match laptops_kept {
        true => (&clone.b, &clone.a),
        false => (&clone.a, &clone.b),
    };
    open(first);
    open(second);
    [&clone.a, &clone.b]
        .into_iter()
        .map(|data| {
            let shown = crate::common::sync::show(data, &clone.first);
            assert!(shown.contains(ONCE), "kept {laptops_kept}: {shown}");
            assert!(shown.contains(TWICE), "kept {laptops_kept}: {shown}");
            shown
        })
        .collect()
}

/// Under the one id, the laptop changes the entry once and the second machine twice:
/// the second machine's revision has the higher number, yet it was not made over the
/// laptop's, so each machine shows both, as a conflict, whichever the engine kept; and
/// the copy holding the laptop's change is not taken for one that holds nothing new.
#[test]
fn an_entry_changed_once_on_one_machine_and_twice_on_the_other_shows_both() {
    for laptops_kept in [true, false] {
        let clone = once_and_twice(laptops_kept, |_| {});
        for shown in both_opened(&clone, laptops_kept) {
            assert!(shown.contains("Changed on two devices"), "{shown}");
        }
    }
}

/// As above, the machine that changed the entry twice then erasing its older text
/// (`--erase-old`): its erase-old names the number of the other machine's change, yet
/// that change was not one it made over, so the copy holding it is still news.
#[test]
fn erase_old_on_the_machine_that_changed_twice_keeps_the_others_change() {
    for laptops_kept in [true, false] {
        let clone = once_and_twice(laptops_kept, |clone| {
            let editor = clone.b.join("../unchanged.sh");
            fs::write(&editor, "#!/bin/sh\ntrue\n").unwrap();
            fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();
            between(&clone.b)
                .args(["journal", "edit", &clone.first, "--erase-old"])
                .env("EDITOR", &editor)
                .env("VISUAL", &editor)
                .assert()
                .success();
        });
        both_opened(&clone, laptops_kept);
    }
}
