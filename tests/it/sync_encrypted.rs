//! An encrypted journal on several devices: one passphrase for all of them (the synced
//! folder's `vault.json`), `passwd` on one device for all, no journal text in any synced
//! file, and a log moved into another device's folder, or planted there plain, is not
//! read.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::sync::{copy_whole, log_of, ok_with, with};
use crate::common::{assert_nowhere, between, stderr, stdout};

const PASSPHRASE: &str = "a long walk by the river";
const LAPTOP_CANARY: &str = "heron-umbrella-softly";
const DESKTOP_CANARY: &str = "walnut-compass-gently";

/// [`with`] the journal's passphrase, which must succeed; its standard output.
fn ok(data: &Path, args: &[&str]) -> String {
    ok_with(data, PASSPHRASE, args)
}

/// The one id in what `journal add` said.
fn id_in(said: &str) -> String {
    said.split_whitespace()
        .find(|word| word.len() == 26)
        .unwrap_or_else(|| panic!("no id in {said:?}"))
        .to_owned()
}

/// Two devices of one encrypted synced journal: the laptop encrypted its journal and
/// started it, the desktop had a plain journal and joined.
struct Two {
    _root: tempfile::TempDir,
    laptop: PathBuf,
    desktop: PathBuf,
    folder: PathBuf,
}

fn two() -> Two {
    let root = tempfile::tempdir().unwrap();
    let laptop = root.path().join("laptop");
    let desktop = root.path().join("desktop");
    let folder = root.path().join("Sync").join("between");
    between(&laptop)
        .args(["journal", "add", &format!("before syncing {LAPTOP_CANARY}")])
        .assert()
        .success();
    ok(&laptop, &["encrypt"]);
    let said = ok(
        &laptop,
        &["sync", "init", folder.to_str().unwrap(), "--name", "laptop"],
    );
    assert!(said.contains("Your journal (1 entry) is now in"), "{said}");
    between(&desktop)
        .args([
            "journal",
            "add",
            &format!("before joining {DESKTOP_CANARY}"),
        ])
        .assert()
        .success();
    // A draft and a report the desktop kept plain, sealed as it joins.
    for (folder, name) in [("drafts", "note.json"), ("reports", "week.md")] {
        fs::create_dir_all(desktop.join(folder)).unwrap();
        fs::write(desktop.join(folder).join(name), DESKTOP_CANARY).unwrap();
    }
    let said = ok(
        &desktop,
        &[
            "sync",
            "join",
            folder.to_str().unwrap(),
            "--name",
            "desktop",
        ],
    );
    assert!(said.contains("2 entries from every device"), "{said}");
    Two {
        _root: root,
        laptop,
        desktop,
        folder,
    }
}

/// Runs `between ARGS` on the device of `data` with the passphrase; it must fail,
/// saying `words`.
fn refused(data: &Path, args: &[&str], words: &str) {
    let output = with(data, &[PASSPHRASE], args);
    assert!(!output.status.success(), "between {args:?} succeeded");
    assert!(stderr(&output).contains(words), "{}", stderr(&output));
}

/// How many notes a `journal list` shows.
fn notes_in(listed: &str) -> usize {
    listed
        .lines()
        .filter(|line| line.contains(" note "))
        .count()
}

/// The header (first line) of the log at `path`.
fn header_of(path: &Path) -> serde_json::Value {
    let bytes = fs::read(path).unwrap();
    let line = bytes.split(|b| *b == b'\n').next().unwrap();
    serde_json::from_slice::<serde_json::Value>(line).unwrap()["vault"].clone()
}

#[test]
fn both_devices_read_every_entry_with_one_passphrase_and_no_synced_file_holds_text() {
    let two = two();
    let from_laptop = id_in(&ok(
        &two.laptop,
        &["journal", "add", &format!("after syncing {LAPTOP_CANARY}")],
    ));
    let from_desktop = id_in(&ok(
        &two.desktop,
        &["journal", "add", &format!("after joining {DESKTOP_CANARY}")],
    ));
    for device in [&two.laptop, &two.desktop] {
        let listed = ok(device, &["journal", "list", "--limit", "10"]);
        assert_eq!(notes_in(&listed), 4, "{listed}");
        for id in [&from_laptop, &from_desktop] {
            let shown = ok(device, &["journal", "show", id]);
            assert!(
                shown.contains(LAPTOP_CANARY) || shown.contains(DESKTOP_CANARY),
                "{shown}"
            );
        }
    }
    // The key is wrapped once, in the folder; each log's header names its device and
    // holds no key.
    assert!(two.folder.join("vault.json").is_file());
    for device in [&two.laptop, &two.desktop] {
        let log = log_of(device);
        let header = header_of(&log);
        let replica = log.parent().unwrap().file_name().unwrap().to_str().unwrap();
        assert_eq!(header["replica"], replica, "{header}");
        assert_eq!(header["key"], "", "{header}");
    }
    for canary in [LAPTOP_CANARY, DESKTOP_CANARY] {
        assert_nowhere(&two.folder, canary);
        // Nor in either data directory: the desktop's plain journal became the stub,
        // and its draft and report were sealed as it joined. (A journal this small has
        // no snapshot; a plain one of a large journal is removed at the join.)
        assert_nowhere(&two.laptop, canary);
        assert_nowhere(&two.desktop, canary);
    }
    // Without the passphrase, nothing.
    let wrong = with(&two.desktop, &["not the passphrase"], &["journal", "list"]);
    assert_eq!(wrong.status.code(), Some(2), "{}", stderr(&wrong));
    assert!(stderr(&wrong).contains("passphrase does not open"));
}

const NEW_PASSPHRASE: &str = "a new passphrase for both";

/// `passwd` on the device of `data`, from the journal's passphrase to
/// [`NEW_PASSPHRASE`]; what it printed.
fn change_passphrase(data: &Path) -> String {
    let changed = with(
        data,
        &[PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE],
        &["passwd"],
    );
    assert!(changed.status.success(), "{}", stderr(&changed));
    stdout(&changed)
}

/// [`ok_with`] the new passphrase.
fn ok_new(data: &Path, args: &[&str]) -> String {
    ok_with(data, NEW_PASSPHRASE, args)
}

/// How many records of the log at `path` open with `vault`, this journal's key or one
/// it replaced, whatever journal id the log's header names: for the old key of a log
/// sealed anew since, none may.
fn records_opened_with(path: &Path, vault: &between::vault::Vault) -> usize {
    let file = fs::File::open(path).unwrap();
    let between::journal::log::Form::Encrypted(mut header) =
        between::journal::log::form(&file).unwrap()
    else {
        panic!("{} is not sealed", path.display());
    };
    // The header made to name the key's journal, so every record is tried with it.
    header.journal = header_of_key(vault);
    let key = between::vault::RecordKey::new(vault, &header).unwrap();
    let mut opened = 0;
    between::journal::log::scan(&fs::read(path).unwrap(), Some(&key), |_| opened += 1);
    opened
}

/// The journal id (hex) of `vault`, as a header names it.
fn header_of_key(vault: &between::vault::Vault) -> String {
    vault
        .journal_id()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The journal id `vault.json` in the synced folder `folder` names now.
fn key_file_id(folder: &Path) -> serde_json::Value {
    let bytes = fs::read(folder.join("vault.json")).unwrap();
    serde_json::from_slice::<serde_json::Value>(&bytes).unwrap()["journal"].clone()
}

/// The key an old copy of `vault.json` (its bytes) gives with `words`.
fn key_in(vault_json: &[u8], words: &str) -> between::vault::Vault {
    serde_json::from_slice::<between::vault::Header>(vault_json)
        .unwrap()
        .unlock(words)
        .unwrap()
}

#[test]
fn passwd_gives_the_synced_journal_a_new_key_that_the_old_passphrase_does_not_open() {
    let two = two();
    let old_vault_json = fs::read(two.folder.join("vault.json")).unwrap();
    let desktop_log = fs::read(log_of(&two.desktop)).unwrap();
    let said = change_passphrase(&two.laptop);
    assert!(said.contains("for every device"), "{said}");
    assert!(said.contains("new key"), "{said}");
    assert!(
        said.contains("opens nothing written") && said.contains("older vault.json"),
        "{said}"
    );
    // The laptop's log is sealed anew at once; the desktop's is the desktop's to seal.
    let new_id = key_file_id(&two.folder);
    assert_eq!(header_of(&log_of(&two.laptop))["journal"], new_id);
    assert_eq!(fs::read(log_of(&two.desktop)).unwrap(), desktop_log);
    // Both devices read everything with the new passphrase before the desktop writes,
    // and the old one opens nothing.
    for device in [&two.laptop, &two.desktop] {
        assert_eq!(notes_in(&ok_new(device, &["journal", "list"])), 2);
        let old = with(device, &[PASSPHRASE], &["journal", "list"]);
        assert_eq!(old.status.code(), Some(2), "{}", stderr(&old));
    }
    // The desktop is told why the new passphrase is asked, until it has sealed its log.
    let told = |device: &Path| {
        let output = with(device, &[NEW_PASSPHRASE], &["journal", "list"]);
        stderr(&output).contains("changed on another device")
    };
    assert!(told(&two.desktop));
    assert!(!told(&two.laptop));
    // The desktop's first write seals its log anew, and nothing is lost.
    let after_change = |device: &Path, canary: &str| {
        let text = format!("after the change {canary}");
        id_in(&ok_new(device, &["journal", "add", &text]))
    };
    let from_desktop = after_change(&two.desktop, DESKTOP_CANARY);
    assert_eq!(header_of(&log_of(&two.desktop))["journal"], new_id);
    assert!(!told(&two.desktop));
    let from_laptop = after_change(&two.laptop, LAPTOP_CANARY);
    for device in [&two.laptop, &two.desktop] {
        assert_eq!(notes_in(&ok_new(device, &["journal", "list"])), 4);
        for id in [&from_laptop, &from_desktop] {
            let shown = ok_new(device, &["journal", "show", id]);
            assert!(shown.contains("after the change"), "{shown}");
        }
    }
    // The old vault.json with the old passphrase opens no record of either log now,
    // while the new key opens them all.
    let old_key = key_in(&old_vault_json, PASSPHRASE);
    let new_key = key_in(
        &fs::read(two.folder.join("vault.json")).unwrap(),
        NEW_PASSPHRASE,
    );
    for device in [&two.laptop, &two.desktop] {
        assert_eq!(records_opened_with(&log_of(device), &old_key), 0);
        assert_eq!(records_opened_with(&log_of(device), &new_key), 2);
    }
    for canary in [LAPTOP_CANARY, DESKTOP_CANARY] {
        assert_nowhere(&two.folder, canary);
        assert_nowhere(&two.laptop, canary);
        assert_nowhere(&two.desktop, canary);
    }
}

#[test]
fn a_passwd_stopped_before_its_own_log_was_sealed_anew_loses_nothing() {
    let two = two();
    let laptop_log = fs::read(log_of(&two.laptop)).unwrap();
    let laptop_setting = fs::read(two.laptop.join("sync.json")).unwrap();
    change_passphrase(&two.laptop);
    // Stopped after vault.json was written: the log and sync.json as they were.
    fs::write(log_of(&two.laptop), &laptop_log).unwrap();
    fs::write(two.laptop.join("sync.json"), &laptop_setting).unwrap();
    for device in [&two.laptop, &two.desktop] {
        assert_eq!(notes_in(&ok_new(device, &["journal", "list"])), 2);
    }
    // Its next write seals the log anew, as on any other device.
    ok_new(&two.laptop, &["journal", "add", "after the stop"]);
    let new_id = key_file_id(&two.folder);
    assert_eq!(header_of(&log_of(&two.laptop))["journal"], new_id);
    for device in [&two.laptop, &two.desktop] {
        assert_eq!(notes_in(&ok_new(device, &["journal", "list"])), 3);
    }
    // A second change carries both old keys: a log still sealed with the first opens.
    let again = with(
        &two.laptop,
        &[NEW_PASSPHRASE, PASSPHRASE, PASSPHRASE],
        &["passwd"],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    for device in [&two.laptop, &two.desktop] {
        assert_eq!(notes_in(&ok(device, &["journal", "list"])), 3);
    }
}

#[test]
fn a_log_moved_into_another_devices_folder_or_planted_plain_is_not_read() {
    let two = two();
    // The desktop's log copied over the laptop's: its records name the desktop.
    let laptop_log = log_of(&two.laptop);
    let desktop_log = log_of(&two.desktop);
    fs::copy(&desktop_log, laptop_log.with_file_name("journal (1).jsonl")).unwrap();
    // A plain log planted in a folder of its own, as if a device had written it.
    let elsewhere = tempfile::tempdir().unwrap();
    between(elsewhere.path())
        .args(["journal", "add", "planted words"])
        .assert()
        .success();
    let planted = two
        .folder
        .join("replicas")
        .join("01JZZZZZZZZZZZZZZZZZZZZZZZ");
    fs::create_dir_all(&planted).unwrap();
    fs::copy(
        elsewhere.path().join("journal.jsonl"),
        planted.join("journal.jsonl"),
    )
    .unwrap();
    let output = with(&two.desktop, &[PASSPHRASE], &["journal", "list"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(said.contains("sealed for another device"), "{said}");
    assert!(said.contains("not encrypted"), "{said}");
    // Each entry once, and nothing of the planted log.
    assert_eq!(notes_in(&stdout(&output)), 2, "{}", stdout(&output));
    assert!(!stdout(&output).contains("planted"));
}

#[test]
fn a_synced_journal_is_not_decrypted_and_a_mismatched_join_is_refused() {
    let two = two();
    let folder = two.folder.to_str().unwrap();
    let output = with(&two.laptop, &[PASSPHRASE], &["decrypt"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("on every device or on none"));
    // `encrypt` again only says so.
    let said = ok(&two.laptop, &["encrypt"]);
    assert!(said.contains("is encrypted"), "{said}");
    // A device with an encrypted journal of its own joins an encrypted one.
    let root = tempfile::tempdir().unwrap();
    let third = root.path().join("third");
    between(&third)
        .args(["journal", "add", "the third device"])
        .assert()
        .success();
    ok(&third, &["encrypt"]);
    let output = with(&third, &[PASSPHRASE], &["sync", "join", folder]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("both encrypted"));
    assert!(!third.join("sync.json").exists());
    // … and a plain synced journal.
    let plain_folder = root.path().join("plain");
    let fourth = root.path().join("fourth");
    between(&fourth)
        .args(["sync", "init"])
        .arg(&plain_folder)
        .assert()
        .success();
    refused(
        &third,
        &["sync", "join", plain_folder.to_str().unwrap()],
        "run `between decrypt` here first",
    );
    assert!(!third.join("sync.json").exists());
    // The third device's journal is as it was.
    assert_eq!(notes_in(&ok(&third, &["journal", "list"])), 1);
}

#[test]
fn a_note_from_the_inbox_is_sealed_and_its_plain_file_removed() {
    let two = two();
    let inbox = two.folder.join("inbox");
    fs::create_dir_all(&inbox).unwrap();
    fs::write(
        inbox.join("bus.md"),
        format!("# On the bus\n{LAPTOP_CANARY} again\n"),
    )
    .unwrap();
    ok(&two.desktop, &["sync", "status"]);
    let listed = ok(&two.laptop, &["journal", "list", "--limit", "10"]);
    assert!(listed.contains("On the bus"), "{listed}");
    assert!(!inbox.join("bus.md").exists());
    assert!(!inbox.join("done").join("bus.md").exists());
    assert_nowhere(&two.folder, LAPTOP_CANARY);
}

#[test]
fn a_device_whose_folder_was_removed_starts_its_log_sealed_again() {
    let two = two();
    let desktop_log = log_of(&two.desktop);
    fs::remove_dir_all(desktop_log.parent().unwrap()).unwrap();
    let id = id_in(&ok(
        &two.desktop,
        &["journal", "add", &format!("written again {DESKTOP_CANARY}")],
    ));
    assert_eq!(header_of(&desktop_log)["key"], "");
    assert!(ok(&two.laptop, &["journal", "show", &id]).contains("written again"));
    assert_nowhere(&two.folder, DESKTOP_CANARY);
}

#[test]
fn an_erased_entry_leaves_both_sealed_logs_and_a_compacted_log_stays_bound_to_its_device() {
    let two = two();
    let secret = "a sentence to erase";
    let id = id_in(&ok(&two.desktop, &["journal", "add", secret]));
    // The laptop has read it (its snapshot of the desktop's log holds it), then erases.
    assert!(ok(&two.laptop, &["journal", "show", &id]).contains(secret));
    let erased = with(
        &two.laptop,
        &[PASSPHRASE],
        &["journal", "delete", &id, "--yes", "--erase"],
    );
    assert!(erased.status.success(), "{}", stderr(&erased));
    // The desktop honours it the next time it opens to write, rewriting its own log,
    // which keeps its device in its header.
    let desktop_log = log_of(&two.desktop);
    let before = header_of(&desktop_log);
    ok(&two.desktop, &["sync", "status"]);
    let after = header_of(&desktop_log);
    assert_ne!(
        before["log"], after["log"],
        "the desktop's log was not rewritten"
    );
    assert_eq!(after["replica"], before["replica"]);
    assert_eq!(after["key"], "");
    for device in [&two.laptop, &two.desktop] {
        let shown = with(device, &[PASSPHRASE], &["journal", "show", &id]);
        assert!(!shown.status.success(), "{}", stdout(&shown));
    }
    // Still readable by both after the rewrite.
    let listed = ok(&two.laptop, &["journal", "list", "--limit", "10"]);
    assert_eq!(notes_in(&listed), 2, "{listed}");
    ok(&two.desktop, &["journal", "compact"]);
    assert_eq!(header_of(&desktop_log)["replica"], before["replica"]);
    let listed = ok(&two.laptop, &["journal", "list", "--limit", "10"]);
    assert_eq!(notes_in(&listed), 2, "{listed}");
}

#[test]
fn a_device_never_writes_plain_while_the_key_file_is_missing() {
    let root = tempfile::tempdir().unwrap();
    let laptop = root.path().join("laptop");
    let folder = root.path().join("Sync");
    between(&laptop)
        .args(["journal", "add", "the laptop's first"])
        .assert()
        .success();
    ok(&laptop, &["encrypt"]);
    ok(&laptop, &["sync", "init", folder.to_str().unwrap()]);
    // The engine has brought the logs but not vault.json yet: joining waits.
    let key_file = folder.join("vault.json");
    let kept = fs::read(&key_file).unwrap();
    fs::remove_file(&key_file).unwrap();
    let desktop = root.path().join("desktop");
    between(&desktop)
        .args([
            "journal",
            "add",
            &format!("plain until joined {DESKTOP_CANARY}"),
        ])
        .assert()
        .success();
    refused(
        &desktop,
        &["sync", "join", folder.to_str().unwrap()],
        "vault.json is missing",
    );
    assert!(!desktop.join("sync.json").exists());
    assert_nowhere(&folder, DESKTOP_CANARY);
    // A device of the journal whose key file and own folder are gone refuses to write.
    fs::remove_dir_all(log_of(&laptop).parent().unwrap()).unwrap();
    refused(
        &laptop,
        &["journal", "add", LAPTOP_CANARY],
        "vault.json is missing",
    );
    assert_nowhere(&folder, LAPTOP_CANARY);
    let output = with(&laptop, &[PASSPHRASE, "another passphrase"], &["passwd"]);
    assert!(
        stderr(&output).contains("vault.json is missing"),
        "{}",
        stderr(&output)
    );
    // Back, and all is well.
    fs::write(&key_file, kept).unwrap();
    ok(&laptop, &["journal", "add", "after the key came back"]);
    ok(&desktop, &["sync", "join", folder.to_str().unwrap()]);
    assert_eq!(notes_in(&ok(&desktop, &["journal", "list"])), 2);
}

#[test]
fn a_stopped_sync_init_of_an_encrypted_journal_is_finished_by_joining_and_loses_nothing() {
    let root = tempfile::tempdir().unwrap();
    let laptop = root.path().join("laptop");
    let folder = root.path().join("Sync");
    between(&laptop)
        .args([
            "journal",
            "add",
            &format!("the laptop's own {LAPTOP_CANARY}"),
        ])
        .assert()
        .success();
    ok(&laptop, &["encrypt"]);
    let before = root.path().join("before");
    copy_whole(&laptop, &before);
    ok(&laptop, &["sync", "init", folder.to_str().unwrap()]);
    // Stopped before sync.json: the data directory is as it was, the folder written.
    fs::remove_dir_all(&laptop).unwrap();
    copy_whole(&before, &laptop);
    let again = with(
        &laptop,
        &[PASSPHRASE],
        &["sync", "init", folder.to_str().unwrap()],
    );
    assert!(stderr(&again).contains("sync join"), "{}", stderr(&again));
    ok(&laptop, &["sync", "join", folder.to_str().unwrap()]);
    let listed = ok(&laptop, &["journal", "list"]);
    assert_eq!(notes_in(&listed), 1, "{listed}");
    assert!(listed.contains("the laptop's own"));
    assert_nowhere(&folder, LAPTOP_CANARY);
}

#[test]
fn a_journal_left_behind_by_a_stopped_move_becomes_the_stub_only_when_it_holds_nothing_new() {
    let two = two();
    // Stopped after sync.json, before the one-line file: the journal as it was.
    let local = two.laptop.join("journal.jsonl");
    let stub = fs::read(&local).unwrap();
    let other = tempfile::tempdir().unwrap();
    between(other.path())
        .args(["journal", "add", "something the log never had"])
        .assert()
        .success();
    let unknown = fs::read(other.path().join("journal.jsonl")).unwrap();
    fs::write(&local, &unknown).unwrap();
    ok(&two.laptop, &["sync", "status"]);
    assert_eq!(
        fs::read(&local).unwrap(),
        unknown,
        "a journal holding more was replaced"
    );
    // A copy of what the laptop's log holds (sealed, as the journal was): it goes.
    fs::copy(log_of(&two.laptop), &local).unwrap();
    ok(&two.laptop, &["sync", "status"]);
    assert_eq!(fs::read(&local).unwrap(), stub);
}

#[test]
fn a_change_in_the_app_is_not_refused_for_a_newline_that_opening_the_log_added() {
    use between::tui::app::{Effect, Msg};
    let two = two();
    // A crash after a record, before its newline: the app opens the log like that.
    let log = log_of(&two.desktop);
    let bytes = fs::read(&log).unwrap();
    fs::write(&log, &bytes[..bytes.len() - 1]).unwrap();
    let dir = between::journal::sync::attach(
        between::data_dir::DataDir::resolve(Some(&two.desktop)).unwrap(),
    )
    .unwrap();
    let between::journal::log::Form::Encrypted(header) =
        between::journal::Store::new(dir.clone()).form().unwrap()
    else {
        panic!("not encrypted");
    };
    let vault = header.unlock(PASSPHRASE).unwrap();
    let journal = between::journal::Store::with_vault(dir.clone(), Some(vault.clone()))
        .load()
        .unwrap();
    let files = between::tui::effects::Files::new(
        &dir,
        Some(vault),
        &between::environment::Environment::empty(),
    );
    let entry = journal.entries().next().unwrap();
    let mut revised = entry.next_revision();
    revised.discuss = true;
    let messages = files.perform(Effect::Save(revised.clone()));
    assert!(
        matches!(messages.as_slice(), [Msg::Saved(saved)] if saved.id == revised.id),
        "{messages:?}"
    );
    let reread = between::journal::Store::with_vault(dir, Some(header.unlock(PASSPHRASE).unwrap()))
        .load()
        .unwrap();
    assert!(reread.get(&revised.id).unwrap().discuss);
}

#[test]
fn a_synced_plain_journal_is_encrypted_from_one_device_and_each_device_seals_its_own() {
    use crate::common::sync::{add, two as plain_two};
    let two = plain_two();
    let (laptop, desktop) = (&two.a, &two.b);
    add(laptop, &format!("on the laptop {LAPTOP_CANARY}"));
    add(desktop, &format!("on the desktop {DESKTOP_CANARY}"));
    let before = with(desktop, &[], &["journal", "list"]);
    assert_eq!(notes_in(&stdout(&before)), 4);

    // The laptop turns encryption on, for every device.
    let output = with(laptop, &[PASSPHRASE, PASSPHRASE], &["encrypt"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains("The synced journal is encrypted"), "{said}");
    assert!(said.contains("Not sealed yet: desktop."), "{said}");
    assert!(two.folder.join("vault.json").is_file());
    assert_eq!(header_of(&log_of(laptop))["key"], "");
    assert_nowhere(log_of(laptop).parent().unwrap(), LAPTOP_CANARY);
    // The laptop shows its own entries; the desktop's plain log waits, named.
    let listed = with(laptop, &[PASSPHRASE], &["journal", "list"]);
    assert_eq!(notes_in(&stdout(&listed)), 2, "{}", stdout(&listed));
    assert!(
        stderr(&listed).contains("has not run between since"),
        "{}",
        stderr(&listed)
    );

    // The desktop asks for the passphrase, and still shows everything.
    let listed = with(desktop, &[], &["journal", "list"]);
    assert!(!listed.status.success(), "no passphrase, nothing read");
    assert!(
        stderr(&listed).contains("was encrypted on another device"),
        "{}",
        stderr(&listed)
    );
    assert_eq!(notes_in(&ok(desktop, &["journal", "list"])), 4);
    // Its first save seals its log, what it wrote meanwhile included.
    ok(desktop, &["journal", "add", "sealed from the start"]);
    assert_eq!(header_of(&log_of(desktop))["key"], "");
    for device in [laptop, desktop] {
        let listed = with(device, &[PASSPHRASE], &["journal", "list"]);
        assert_eq!(notes_in(&stdout(&listed)), 5, "{}", stdout(&listed));
        assert!(stderr(&listed).is_empty(), "{}", stderr(&listed));
    }
    for canary in [LAPTOP_CANARY, DESKTOP_CANARY] {
        assert_nowhere(&two.folder, canary);
        assert_nowhere(laptop, canary);
        assert_nowhere(desktop, canary);
    }
    // `passwd` on the desktop changes it for both.
    let output = with(
        desktop,
        &[
            PASSPHRASE,
            "a new one, long enough",
            "a new one, long enough",
        ],
        &["passwd"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        notes_in(&ok_with(
            laptop,
            "a new one, long enough",
            &["journal", "list"]
        )),
        5
    );
}
