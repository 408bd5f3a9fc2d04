//! `journal edit --erase-old` in a synced journal travels to every device: each one
//! rewrites its own log without its revisions of the entry that the kept one
//! supersedes (plain and encrypted), a revision made concurrently is kept, and a
//! journal on one device writes exactly what it wrote before. And a device's log
//! replaced by an older copy of itself is noticed by the device reading it.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::sync::{Two, add, list, log_of, sealed_anywhere, show, status, two};
use crate::common::{assert_nowhere, between, stderr, stdout};

const PASSPHRASE: &str = "a long walk by the river";

/// An editor for `journal edit` replacing `from` by `to`, beside the data directory.
fn editor(data: &Path, from: &str, to: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = data
        .join("..")
        .join(format!("editor-{}.sh", to.replace(' ', "-")));
    fs::write(
        &path,
        format!("#!/bin/sh\nsed -i 's/{from}/{to}/' \"$1\"\n"),
    )
    .unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// `journal edit ID [ARGS…]` on the device of `data`, replacing `from` by `to` (with
/// the passphrase when `sealed`); what it printed.
fn edit(data: &Path, id: &str, from: &str, to: &str, args: &[&str], sealed: bool) -> String {
    let editor = editor(data, from, to);
    let mut command = between(data);
    if sealed {
        command
            .args(["--passphrase-fd", "0"])
            .write_stdin(format!("{PASSPHRASE}\n"));
    }
    let out = command
        .args(["journal", "edit", id])
        .args(args)
        .env("EDITOR", &editor)
        .env("VISUAL", &editor)
        .assert()
        .success();
    stdout(out.get_output())
}

/// `between ARGS…` on the device of `data`, with the passphrase when `sealed`; its
/// standard output.
fn run(data: &Path, args: &[&str], sealed: bool) -> String {
    let mut command = between(data);
    if sealed {
        command
            .args(["--passphrase-fd", "0"])
            .write_stdin(format!("{PASSPHRASE}\n"));
    }
    stdout(command.args(args).assert().success().get_output())
}

/// The id in what `journal add` said.
fn id_in(said: &str) -> String {
    said.split_whitespace()
        .find(|word| word.len() == 26)
        .unwrap_or_else(|| panic!("no id in {said:?}"))
        .to_owned()
}

/// Two devices of one encrypted synced journal: the laptop encrypted its journal
/// and started it, the desktop joined.
fn two_sealed() -> Two {
    let root = tempfile::tempdir().unwrap();
    let a = root.path().join("a");
    let b = root.path().join("b");
    let folder = root.path().join("Sync").join("between");
    run(
        &a,
        &["journal", "add", "written on the laptop before"],
        false,
    );
    run(&a, &["encrypt"], true);
    let init = ["sync", "init", folder.to_str().unwrap(), "--name", "laptop"];
    run(&a, &init, true);
    run(
        &b,
        &["journal", "add", "written on the desktop before"],
        false,
    );
    let join = [
        "sync",
        "join",
        folder.to_str().unwrap(),
        "--name",
        "desktop",
    ];
    run(&b, &join, true);
    Two {
        _root: root,
        a,
        b,
        folder,
    }
}

/// An entry written on the laptop, changed on the desktop, then changed on the laptop
/// with `--erase-old`; once the desktop opens its journal to write, neither earlier
/// text is in any file of the synced folder, and both show the newest and every other
/// entry.
fn erase_old_travels(two: &Two, sealed: bool) {
    let id = id_in(&run(
        &two.a,
        &["journal", "add", "first canary-alpha words"],
        sealed,
    ));
    edit(&two.b, &id, "canary-alpha", "canary-beta", &[], sealed);
    let said = edit(
        &two.a,
        &id,
        "first canary-beta words",
        "the newest words",
        &["--erase-old"],
        sealed,
    );
    assert!(said.contains("other devices"), "{said}");
    let present = |word: &str| match sealed {
        true => !sealed_anywhere(&two.folder, PASSPHRASE, word).is_empty(),
        false => fs::read_to_string(log_of(&two.b)).unwrap().contains(word),
    };
    assert!(present("canary-beta"), "the desktop has not written yet");
    let b_log = log_of(&two.b);
    let unrewritten = fs::read(&b_log).unwrap();
    // The desktop honours it the next time it opens its journal to write.
    run(&two.b, &["sync", "status"], sealed);
    // An engine's copy of its log from before then holds nothing new: it goes, and
    // the desktop keeps its id.
    let copy = b_log.with_file_name("journal.sync-conflict-20261202-101010-ABCDEFG.jsonl");
    fs::write(&copy, unrewritten).unwrap();
    let said = run(&two.b, &["sync", "status"], sealed);
    assert!(!copy.exists(), "{said}");
    assert_eq!(log_of(&two.b), b_log, "{said}");
    for canary in ["canary-alpha", "canary-beta"] {
        assert_nowhere(&two.folder, canary);
        if sealed {
            let left = sealed_anywhere(&two.folder, PASSPHRASE, canary);
            assert!(left.is_empty(), "{canary} is still in {left:?}");
        }
    }
    let listed = |data: &Path| run(data, &["journal", "list", "--limit", "100"], sealed);
    let on_a = listed(&two.a);
    assert_eq!(on_a, listed(&two.b));
    for words in [
        "the newest words",
        "written on the laptop before",
        "written on the desktop before",
    ] {
        assert!(on_a.contains(words), "{words} is missing: {on_a}");
    }
    for data in [&two.a, &two.b] {
        let shown = run(data, &["journal", "show", &id], sealed);
        assert!(shown.contains("the newest words"), "{shown}");
        assert!(!shown.contains("two devices"), "{shown}");
    }
    // Nothing more to do: a second open rewrites nothing.
    let before = fs::read(log_of(&two.b)).unwrap();
    run(&two.b, &["sync", "status"], sealed);
    assert_eq!(before, fs::read(log_of(&two.b)).unwrap());
}

#[test]
fn erase_old_on_one_device_leaves_no_earlier_text_in_any_file_once_the_other_writes() {
    erase_old_travels(&two(), false);
}

#[test]
fn erase_old_in_an_encrypted_journal_leaves_no_earlier_text_in_any_sealed_log() {
    erase_old_travels(&two_sealed(), true);
}

#[test]
fn a_revision_made_on_another_device_at_the_same_time_as_erase_old_is_kept() {
    let two = two();
    let id = add(&two.a, "the first words");
    // The desktop changes it; its log with that change reaches the laptop only after
    // the laptop's --erase-old.
    let b_log = log_of(&two.b);
    let before = fs::read(&b_log).unwrap();
    edit(
        &two.b,
        &id,
        "the first words",
        "desktop canary-gamma",
        &[],
        false,
    );
    let after = fs::read(&b_log).unwrap();
    fs::write(&b_log, &before).unwrap();
    edit(
        &two.a,
        &id,
        "the first words",
        "laptop newest",
        &["--erase-old"],
        false,
    );
    fs::write(&b_log, &after).unwrap();
    status(&two.b);
    assert!(fs::read_to_string(&b_log).unwrap().contains("canary-gamma"));
    assert_nowhere(&two.folder, "the first words");
    for data in [&two.a, &two.b] {
        let shown = show(data, &id);
        assert!(shown.contains("Changed on two devices at once"), "{shown}");
        assert!(shown.contains("canary-gamma"), "{shown}");
        assert!(shown.contains("laptop newest"), "{shown}");
    }
}

#[test]
fn erase_old_on_a_device_of_its_own_writes_the_same_records_as_before() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("alone");
    let id = id_in(&run(&data, &["journal", "add", "old canary-delta"], false));
    let said = edit(
        &data,
        &id,
        "old canary-delta",
        "new words",
        &["--erase-old"],
        false,
    );
    assert!(!said.contains("other devices"), "{said}");
    let log = fs::read_to_string(data.join("journal.jsonl")).unwrap();
    assert!(!log.contains("canary-delta"), "{log}");
    assert_eq!(log.lines().count(), 1, "{log}");
    assert!(log.starts_with("{\"v\":1,\"put\":"), "{log}");
}

/// `between ARGS…` on the device of `data`, which must succeed: what it printed, and
/// what it warned.
fn said_and_warned(data: &Path, args: &[&str]) -> (String, String) {
    let out = between(data).args(args).assert().success();
    (stdout(out.get_output()), stderr(out.get_output()))
}

#[test]
fn a_log_put_back_to_an_older_copy_of_itself_is_noticed_and_a_compaction_is_not() {
    let two = two();
    let b_log = log_of(&two.b);
    let older = fs::read(&b_log).unwrap();
    let later = add(&two.b, "a later entry on the desktop");
    assert!(list(&two.a).contains("a later entry on the desktop"));
    // The desktop's log goes back to what it was (an engine's version, a backup).
    let newer = fs::read(&b_log).unwrap();
    fs::write(&b_log, &older).unwrap();
    let (_, warned) = said_and_warned(&two.a, &["journal", "list"]);
    assert!(
        warned.contains("the log of desktop") && warned.contains("older than the one read before"),
        "{warned}"
    );
    assert!(warned.contains("may be missing"), "{warned}");
    // Said again while it is so, and in `sync status`.
    for args in [&["journal", "list"][..], &["sync", "status"]] {
        let (_, warned) = said_and_warned(&two.a, args);
        assert!(
            warned.contains("older than the one read before"),
            "{warned}"
        );
    }
    // The newer copy put back: nothing more to say, the entry is there again.
    fs::write(&b_log, &newer).unwrap();
    let (listed, warned) = said_and_warned(&two.a, &["journal", "list"]);
    assert!(warned.is_empty(), "{warned}");
    assert!(listed.contains("a later entry on the desktop"));
    // A rewrite by between itself (a compaction, an erasure) is no rollback.
    edit(
        &two.b,
        &later,
        "a later entry",
        "a changed entry",
        &[],
        false,
    );
    assert!(list(&two.a).contains("a changed entry"));
    run(&two.b, &["journal", "compact"], false);
    between(&two.b)
        .args(["journal", "delete", &later, "--yes", "--erase"])
        .assert()
        .success();
    status(&two.b);
    let (_, warned) = said_and_warned(&two.a, &["journal", "list"]);
    assert!(warned.is_empty(), "{warned}");
    // Put back again, then written on: what the device writes after it is its log.
    let older = fs::read(&b_log).unwrap();
    add(&two.b, "one more on the desktop");
    assert!(list(&two.a).contains("one more on the desktop"));
    fs::write(&b_log, &older).unwrap();
    let (_, warned) = said_and_warned(&two.a, &["journal", "list"]);
    assert!(warned.contains("the log of desktop is older"), "{warned}");
    add(&two.b, "written after it was put back");
    let (listed, warned) = said_and_warned(&two.a, &["journal", "list"]);
    assert!(warned.is_empty(), "{warned}");
    assert!(listed.contains("written after it was put back"));
}

/// The same on the device whose log it is: its own log put back to an older copy (a
/// backup of the synced folder restored, a sync engine's "revert") is said there too,
/// naming this device, until it writes again; its own compaction is no rollback.
#[test]
fn this_devices_own_log_put_back_is_noticed_on_it_too() {
    let two = two();
    let a_log = log_of(&two.a);
    let older = fs::read(&a_log).unwrap();
    let later = add(&two.a, "a later entry on the laptop");
    assert!(list(&two.a).contains("a later entry on the laptop"));
    let (_, warned) = said_and_warned(&two.a, &["journal", "list"]);
    assert!(warned.is_empty(), "{warned}");
    let newer = fs::read(&a_log).unwrap();
    fs::write(&a_log, &older).unwrap();
    let (listed, warned) = said_and_warned(&two.a, &["journal", "list"]);
    assert!(!listed.contains("a later entry on the laptop"), "{listed}");
    assert!(
        warned.contains("the log of this device (laptop) is older than the one read before"),
        "{warned}"
    );
    assert!(warned.contains("1 entry"), "{warned}");
    // It says how to keep what was written here meanwhile, were the newer copy put back.
    assert!(warned.contains("`between import FILE`"), "{warned}");
    // The newer copy put back: nothing to say, and the entry is there again.
    fs::write(&a_log, &newer).unwrap();
    let (listed, warned) = said_and_warned(&two.a, &["journal", "list"]);
    assert!(warned.is_empty(), "{warned}");
    assert!(listed.contains("a later entry on the laptop"), "{listed}");
    // Its own compaction and erasure are no rollback.
    run(&two.a, &["journal", "compact"], false);
    let (_, warned) = said_and_warned(&two.a, &["journal", "list"]);
    assert!(warned.is_empty(), "{warned}");
    // Put back again, then rewritten by this device (an erasure here; a compaction, or
    // an open that finds too many old records, the same): it wrote again, and the
    // notice ends there.
    let older = fs::read(&a_log).unwrap();
    add(&two.a, "one more on the laptop");
    assert!(list(&two.a).contains("one more on the laptop"));
    fs::write(&a_log, &older).unwrap();
    let (_, warned) = said_and_warned(&two.a, &["journal", "list"]);
    assert!(
        warned.contains("the log of this device (laptop) is older"),
        "{warned}"
    );
    between(&two.a)
        .args(["journal", "delete", &later, "--yes", "--erase"])
        .assert()
        .success();
    let (listed, warned) = said_and_warned(&two.a, &["journal", "list"]);
    assert!(warned.is_empty(), "{warned}");
    assert!(!listed.contains("one more on the laptop"), "{listed}");
    assert!(!listed.contains("a later entry on the laptop"), "{listed}");
}

/// A changed byte anywhere in this device's mark of another device's log (what it
/// read of it before, a local file) makes it no mark: no alarm, the mark is made anew
/// on that read, and a log put back afterwards is still noticed.
#[test]
fn a_changed_byte_in_the_mark_of_another_log_raises_no_alarm_and_is_mended() {
    let two = two();
    let b_log = log_of(&two.b);
    let replica = b_log.parent().unwrap().file_name().unwrap().to_owned();
    let mark = two
        .a
        .join("sync")
        .join(format!("{}.read", replica.to_string_lossy()));
    let older = fs::read(&b_log).unwrap();
    add(&two.b, "a later entry on the desktop");
    assert!(list(&two.a).contains("a later entry on the desktop"));
    let good = fs::read(&mark).unwrap();
    // In the bytes read, the tail's checksum, the state noticed, an entry's level.
    for at in [16, 24, 30, good.len() - 10] {
        let mut changed = good.clone();
        changed[at] ^= 0x10;
        fs::write(&mark, &changed).unwrap();
        let (listed, warned) = said_and_warned(&two.a, &["journal", "list"]);
        assert!(warned.is_empty(), "byte {at}: {warned}");
        assert!(listed.contains("a later entry on the desktop"));
        assert_eq!(fs::read(&mark).unwrap(), good, "byte {at}: not made anew");
    }
    fs::write(&b_log, &older).unwrap();
    let (_, warned) = said_and_warned(&two.a, &["journal", "list"]);
    assert!(warned.contains("the log of desktop is older"), "{warned}");
}
