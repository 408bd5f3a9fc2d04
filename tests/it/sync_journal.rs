//! A synced journal through the command line: `sync init`, `sync join`, `sync status`,
//! and what a device shows of the others' logs (their entries, an entry changed on two
//! devices at once, a log still arriving, a damaged one).

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::sync::{Two, add, list, log_of, show, status, two};
use crate::common::{between, stderr, stdout};

/// Replaces `from` by `to` in the entry `id`'s text on the device of `data`, with
/// `journal edit` and an editor that does it.
fn edit_words(data: &Path, id: &str, from: &str, to: &str) {
    let editor = script(
        &data
            .join("..")
            .join(format!("editor-{}", to.replace(' ', "-"))),
        &format!("sed -i 's/{from}/{to}/' \"$1\""),
    );
    between(data)
        .args(["journal", "edit", id])
        .env("EDITOR", &editor)
        .env("VISUAL", &editor)
        .assert()
        .success();
}

/// The laptop and the desktop each change "the first words" of `id` without having
/// seen the other's change: on the desktop, the laptop's log is still the one from
/// before its edit (the new one is on its way), and then it arrives.
fn two_versions(two: &Two, id: &str) {
    let a_log = log_of(&two.a);
    let before = fs::read(&a_log).unwrap();
    edit_words(&two.a, id, "the first words", "laptop words");
    let after = fs::read(&a_log).unwrap();
    fs::write(&a_log, &before).unwrap();
    edit_words(&two.b, id, "the first words", "desktop words");
    fs::write(&a_log, &after).unwrap();
}

/// The app of the device of `data` on its journal list, the journal loaded; and the
/// device's data directory.
fn app_on(data: &Path) -> (between::data_dir::DataDir, between::tui::app::State) {
    use crossterm::event::KeyCode;
    let dir =
        between::journal::sync::attach(between::data_dir::DataDir::resolve(Some(data)).unwrap())
            .unwrap();
    let journal = between::journal::Store::new(dir.clone()).load().unwrap();
    let mut state = crate::common::tui::state_of(
        between::pack::Catalog::builtin().unwrap(),
        journal,
        Vec::new(),
        false,
    );
    between::tui::app::update(&mut state, crate::common::tui::key(KeyCode::Char('J')));
    (dir, state)
}

/// An executable shell script at `path` running `body`: an editor for `journal edit`.
fn script(path: &Path, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
    path.to_path_buf()
}

#[test]
fn both_devices_show_every_entry_and_their_own_go_to_their_own_log() {
    let two = two();
    let id = add(&two.b, "added on the desktop after joining");
    for data in [&two.a, &two.b] {
        let listed = list(data);
        for text in [
            "written on the laptop before syncing",
            "written on the desktop before joining",
            "added on the desktop after joining",
        ] {
            assert!(
                listed.contains(text),
                "{} misses {text:?}:\n{listed}",
                data.display()
            );
        }
    }
    let a_log = fs::read_to_string(log_of(&two.a)).unwrap();
    let b_log = fs::read_to_string(log_of(&two.b)).unwrap();
    assert!(!a_log.contains(&id) && b_log.contains(&id));
    assert!(a_log.contains("laptop before") && !a_log.contains("desktop"));
    // The data directories keep only what is never synced, and an older between that
    // looks at journal.jsonl there finds a newer format and writes nothing.
    let stub = fs::read_to_string(two.a.join("journal.jsonl")).unwrap();
    assert!(stub.starts_with("{\"v\":99,") && !stub.contains("laptop"));
    let status = status(&two.a);
    assert!(status.contains("laptop (this device): 1 entry"), "{status}");
    assert!(status.contains("desktop: 2 entries"), "{status}");
    assert!(status.contains("3 entries in all."), "{status}");
    assert!(two.folder.join("between-sync.json").exists());
}

#[test]
fn init_and_join_refuse_what_would_go_wrong() {
    let two = two();
    let again = between(&two.a)
        .args(["sync", "init"])
        .arg(&two.folder)
        .assert()
        .failure();
    assert!(stderr(again.get_output()).contains("synced already"));
    let fresh = tempfile::tempdir().unwrap();
    let other = fresh.path().join("c");
    let taken = between(&other)
        .args(["sync", "init"])
        .arg(&two.folder)
        .assert()
        .failure();
    assert!(stderr(taken.get_output()).contains("sync join"));
    let nothing = between(&other)
        .args(["sync", "join"])
        .arg(fresh.path().join("empty"))
        .assert()
        .failure();
    assert!(stderr(nothing.get_output()).contains("holds no synced between journal"));
    let inside = between(&other)
        .args(["sync", "init"])
        .arg(other.join("inside"))
        .assert()
        .failure();
    assert!(stderr(inside.get_output()).contains("must be apart"));
    // Nothing was changed by the refusals.
    assert!(!other.join("sync.json").exists());
}

#[test]
fn an_entry_changed_on_two_devices_at_once_shows_both_texts_until_an_edit_settles_it() {
    let two = two();
    let id = add(&two.a, "the first words");
    two_versions(&two, &id);
    for data in [&two.a, &two.b] {
        let shown = show(data, &id);
        assert!(shown.contains("Changed on two devices at once"), "{shown}");
        assert!(
            shown.contains("laptop words") && shown.contains("desktop words"),
            "{shown}"
        );
    }
    let status = status(&two.a);
    assert!(
        status.contains("1 entry was changed on two devices at once"),
        "{status}"
    );
    // Both devices show the same version first.
    let first = |data: &Path| {
        let shown = show(data, &id);
        shown.lines().nth(4).unwrap_or_default().to_owned()
    };
    assert_eq!(first(&two.a), first(&two.b));
    // An edit on either device supersedes both.
    let editor = script(
        &two.a.join("..").join("editor-settle"),
        "sed -i -e 's/laptop words/settled/' -e 's/desktop words/settled/' \"$1\"",
    );
    between(&two.b)
        .args(["journal", "edit", &id])
        .env("EDITOR", &editor)
        .env("VISUAL", &editor)
        .assert()
        .success();
    for data in [&two.a, &two.b] {
        let shown = show(data, &id);
        assert!(!shown.contains("Changed on two devices"), "{shown}");
        assert!(shown.contains("settled"), "{shown}");
    }
}

#[test]
fn a_log_still_arriving_is_read_to_its_last_whole_line_without_a_word() {
    let two = two();
    let b_log = log_of(&two.b);
    let whole = fs::read(&b_log).unwrap();
    let mut arriving = whole.clone();
    arriving.extend_from_slice(br#"{"v":1,"put":{"id":"01M8T0000000000000000000AA","revisi"#);
    fs::write(&b_log, &arriving).unwrap();
    let out = between(&two.a).args(["journal", "list"]).assert().success();
    assert_eq!(
        stderr(out.get_output()),
        "",
        "no warning for a line on its way"
    );
    assert!(stdout(out.get_output()).contains("written on the desktop before joining"));
    // The reader left it alone; the device's own log is untouched too.
    assert_eq!(fs::read(&b_log).unwrap(), arriving);
    assert!(!two.a.join("quarantine").exists());
}

#[test]
fn a_damaged_log_of_another_device_is_read_as_far_as_it_can_be_and_stops_nothing() {
    let two = two();
    add(&two.b, "a later entry on the desktop");
    let b_log = log_of(&two.b);
    let text = fs::read_to_string(&b_log).unwrap();
    let damaged = text.replacen("written on the desktop", "written on the deskt0p", 1);
    fs::write(&b_log, damaged).unwrap();
    let out = between(&two.a).args(["journal", "list"]).assert().success();
    let warned = stderr(out.get_output());
    assert!(warned.contains("is damaged"), "{warned}");
    // Named as the device named itself.
    assert!(warned.contains("the log of desktop, device "), "{warned}");
    assert!(warned.contains("changes nothing in it"), "{warned}");
    assert!(stdout(out.get_output()).contains("a later entry on the desktop"));
    // This device still writes.
    add(&two.a, "still writing on the laptop");
    assert!(list(&two.a).contains("still writing on the laptop"));
    let status = status(&two.a);
    assert!(status.contains("damaged:"), "{status}");
}

#[test]
fn an_erased_entry_leaves_every_device_s_log_when_that_device_next_writes() {
    let two = two();
    let id = add(&two.b, "a secret written on the desktop");
    between(&two.a)
        .args(["journal", "delete", &id, "--yes", "--erase"])
        .assert()
        .success();
    assert!(!list(&two.a).contains("a secret"));
    assert!(
        !list(&two.b).contains("a secret"),
        "hidden on the desktop at once"
    );
    // The desktop's own log loses it the next time the desktop writes.
    add(&two.b, "the next thing on the desktop");
    between(&two.b)
        .args(["journal", "compact"])
        .assert()
        .success();
    for replica in fs::read_dir(two.folder.join("replicas")).unwrap() {
        for file in fs::read_dir(replica.unwrap().path()).unwrap() {
            let bytes = fs::read_to_string(file.unwrap().path()).unwrap();
            assert!(!bytes.contains("a secret"), "{bytes}");
        }
    }
}

#[test]
fn the_app_marks_an_entry_changed_on_two_devices_and_shows_both_texts() {
    use between::tui::app::{Screen, update};
    use crossterm::event::KeyCode;

    use crate::common::tui::{key, screen_text};
    let two = two();
    let id = add(&two.a, "the first words");
    two_versions(&two, &id);

    let (dir_b, mut state) = app_on(&two.b);
    assert_eq!(state.screen, Screen::Journal);
    for (width, height, mark) in [(80, 24, "two versions: #t"), (60, 20, "×2 #t")] {
        let list = screen_text(&state, width, height, &between::tui::theme::Theme::color());
        assert!(list.contains(mark), "{list}");
    }
    // The newest entry is the one changed on both; Enter reads it.
    update(&mut state, key(KeyCode::Enter));
    assert!(matches!(state.screen, Screen::Entry { .. }));
    let mut seen = String::new();
    for _ in 0..6 {
        seen.push_str(&screen_text(
            &state,
            80,
            24,
            &between::tui::theme::Theme::color(),
        ));
        update(&mut state, key(KeyCode::PageDown));
    }
    assert!(seen.contains("Changed on two devices at once"), "{seen}");
    assert!(
        seen.contains("laptop words") && seen.contains("desktop words"),
        "{seen}"
    );
    // A change made in the app (marking it to discuss) is made over both versions,
    // and saved by an append alone: the conflict is settled here and on the laptop.
    let files = between::tui::effects::Files::new(
        &dir_b,
        None,
        &between::environment::Environment::empty(),
    );
    let effects = update(&mut state, key(KeyCode::Char('d')));
    let Some(between::tui::app::Effect::Save(saved)) = effects.first() else {
        panic!("no save in {effects:?}");
    };
    let entry_id = between::journal::EntryId::parse(&id).unwrap();
    let other = &state.journal.conflict(&entry_id).unwrap().others[0];
    let shown = state.journal.get(&entry_id).unwrap();
    assert!(saved.revision > shown.revision.max(other.revision));
    let devices = [shown, other].map(|entry| entry.replica.clone().unwrap());
    let own = state.journal.merged().unwrap().own.clone().unwrap();
    for device in devices.iter().filter(|device| **device != own) {
        assert!(saved.seen.of(device).is_some(), "{:?}", saved.seen);
    }
    for msg in files.perform(effects[0].clone()) {
        update(&mut state, msg);
    }
    assert!(state.journal.conflict(&entry_id).is_none());
    assert!(state.journal.get(&entry_id).unwrap().discuss);
    for data in [&two.a, &two.b] {
        let shown = show(data, &id);
        assert!(!shown.contains("Changed on two devices"), "{shown}");
    }
}

#[test]
fn deleting_in_the_app_an_entry_changed_on_two_devices_is_one_append_over_both_versions() {
    use between::tui::app::{Effect, Msg, update};
    use crossterm::event::KeyCode;

    use crate::common::tui::key;
    let two = two();
    add(&two.a, "the words that stay");
    let id = add(&two.a, "the first words");
    two_versions(&two, &id);
    let (dir, mut state) = app_on(&two.b);
    let files =
        between::tui::effects::Files::new(&dir, None, &between::environment::Environment::empty());
    // The newest entry is the one changed on both; Enter reads it, `x` deletes it.
    update(&mut state, key(KeyCode::Enter));
    update(&mut state, key(KeyCode::Char('x')));
    let effects = update(&mut state, key(KeyCode::Char('y')));
    let [Effect::DeleteOver(tombstone)] = effects.as_slice() else {
        panic!("no deletion in {effects:?}");
    };
    // Made over both versions the app shows, as a save is.
    let entry_id = between::journal::EntryId::parse(&id).unwrap();
    assert_eq!(tombstone.id, entry_id);
    let other = &state.journal.conflict(&entry_id).unwrap().others[0];
    let shown = state.journal.get(&entry_id).unwrap();
    assert!(tombstone.revision > Some(shown.revision.max(other.revision)));
    let own = state.journal.merged().unwrap().own.clone().unwrap();
    for device in [shown, other].map(|entry| entry.replica.clone().unwrap()) {
        if device != own {
            assert!(tombstone.seen.of(&device).is_some(), "{:?}", tombstone.seen);
        }
    }
    // Written by one append to this device's log, the journal not read again.
    let log = log_of(&two.b);
    let before = fs::read(&log).unwrap();
    let said = files.perform(effects[0].clone());
    // The app is told of the deletion written, to keep it as written (not one made
    // again, at another moment, which no log holds).
    assert!(
        matches!(said.as_slice(), [Msg::Deleted(deleted)] if **deleted == **tombstone),
        "{said:?}"
    );
    let after = fs::read(&log).unwrap();
    assert!(after.starts_with(&before));
    assert_eq!(
        after[before.len()..]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
        1
    );
    for msg in said {
        update(&mut state, msg);
    }
    assert!(state.journal.get(&entry_id).is_none());
    assert!(state.journal.conflict(&entry_id).is_none());
    // Gone on both devices, with no conflict left; the other entry stays.
    for data in [&two.a, &two.b] {
        let listed = list(data);
        assert!(!listed.contains("laptop words"), "{listed}");
        assert!(!listed.contains("desktop words"), "{listed}");
        assert!(listed.contains("the words that stay"), "{listed}");
        let status = status(data);
        assert!(!status.contains("changed on two devices"), "{status}");
    }
}

#[test]
fn a_note_dropped_in_the_inbox_joins_the_journal_once_even_when_two_devices_take_it_in() {
    let two = two();
    let inbox = two.folder.join("inbox");
    fs::create_dir_all(&inbox).unwrap();
    let note = "area: triggers\ntags: calm, sunday\n# On the bus\nWritten on the phone.\n";
    fs::write(inbox.join("bus.md"), note).unwrap();
    let kept = fs::read(inbox.join("bus.md")).unwrap();
    let mtime = fs::metadata(inbox.join("bus.md"))
        .unwrap()
        .modified()
        .unwrap();
    // Both devices take it in before either has the other's log: the laptop's log is
    // away while the desktop opens, and the file is still in the desktop's inbox.
    let a_log = log_of(&two.a);
    between(&two.a).args(["sync", "status"]).assert().success();
    assert!(!inbox.join("bus.md").exists());
    assert!(inbox.join("done").join("bus.md").exists());
    let away = a_log.with_extension("away");
    fs::rename(&a_log, &away).unwrap();
    fs::write(inbox.join("bus.md"), &kept).unwrap();
    fs::File::options()
        .write(true)
        .open(inbox.join("bus.md"))
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    between(&two.b).args(["sync", "status"]).assert().success();
    fs::rename(&away, &a_log).unwrap();
    assert!(
        fs::read_to_string(&a_log)
            .unwrap()
            .contains("Written on the phone")
    );
    assert!(
        fs::read_to_string(log_of(&two.b))
            .unwrap()
            .contains("Written on the phone")
    );
    for data in [&two.a, &two.b] {
        let listed = list(data);
        assert_eq!(listed.matches("On the bus").count(), 1, "{listed}");
        assert!(
            listed.contains("triggers") && listed.contains("#calm"),
            "{listed}"
        );
        assert!(!listed.contains("two devices"), "{listed}");
    }
    assert!(inbox.join("done").join("bus (2).md").exists());
}

#[test]
fn a_change_in_the_app_is_saved_while_another_device_writes_and_what_it_wrote_shows() {
    use between::tui::app::{Effect, Msg, update};
    use crossterm::event::KeyCode;

    use crate::common::tui::{key, screen_text, state_of};
    let two = two();
    let id = add(&two.a, "the first words");
    let dir =
        between::journal::sync::attach(between::data_dir::DataDir::resolve(Some(&two.b)).unwrap())
            .unwrap();
    let journal = between::journal::Store::new(dir.clone()).load().unwrap();
    let mut state = state_of(
        between::pack::Catalog::builtin().unwrap(),
        journal,
        Vec::new(),
        false,
    );
    let files =
        between::tui::effects::Files::new(&dir, None, &between::environment::Environment::empty());
    assert!(files.look_again().is_none(), "nothing was written yet");
    update(&mut state, key(KeyCode::Char('J')));
    // The newest entry, "the first words", is selected; meanwhile the laptop writes.
    let arrived = add(&two.a, "written on the laptop meanwhile");
    // Marking the entry to discuss is saved (the laptop's note is in another file),
    // and the laptop's note shows at once, the list staying on the entry.
    let effects = update(&mut state, key(KeyCode::Char('d')));
    assert!(
        matches!(effects.as_slice(), [Effect::Save(_)]),
        "{effects:?}"
    );
    let messages = files.perform(effects[0].clone());
    assert!(
        matches!(
            messages.as_slice(),
            [Msg::Saved(_), Msg::Reloaded { refused: None, .. }]
        ),
        "{messages:?}"
    );
    for msg in messages {
        update(&mut state, msg);
    }
    let entry_id = between::journal::EntryId::parse(&id).unwrap();
    assert!(state.journal.get(&entry_id).unwrap().discuss);
    let arrived = between::journal::EntryId::parse(&arrived).unwrap();
    assert!(state.journal.get(&arrived).is_some());
    let list = screen_text(&state, 80, 24, &between::tui::theme::Theme::color());
    let selected = list.lines().find(|line| line.contains('▶')).unwrap();
    assert!(selected.contains("the first words"), "{list}");
    assert!(list.contains("4 of 4 entries"), "{list}");
    // Another note from the laptop while the app only shows: found by looking again.
    let later = add(&two.a, "and one more from the laptop");
    let Some(Msg::Reloaded {
        journal,
        refused: None,
    }) = files.look_again()
    else {
        panic!("the laptop's note was not found");
    };
    let later = between::journal::EntryId::parse(&later).unwrap();
    assert!(journal.get(&later).is_some());
    assert!(files.look_again().is_none(), "found once");
    // On the laptop, the desktop's change is in.
    assert!(show(&two.a, &id).contains("the first words"));
    assert!(
        stdout(
            between(&two.a)
                .args(["journal", "list", "--json"])
                .assert()
                .success()
                .get_output()
        )
        .contains("\"discuss\": true")
    );
}

/// `sync init` of `folder` on the device of `data`, calling it `name`, stopped after
/// its log was written, before the folder's marker and `sync.json` (the marker's place
/// is taken, so writing it fails); its place is free again after.
fn init_stopped_half_way(data: &Path, folder: &Path, name: &str) {
    let marker = folder.join("between-sync.json");
    fs::create_dir_all(&marker).unwrap();
    between(data)
        .args(["sync", "init"])
        .arg(folder)
        .args(["--name", name])
        .assert()
        .failure();
    fs::remove_dir(&marker).unwrap();
}

#[test]
fn a_sync_init_stopped_half_way_is_finished_under_the_id_it_was_taking() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let devices = |folder: &Path| fs::read_dir(folder.join("replicas")).unwrap().count();
    let folder = root.path().join("Sync");
    add(&a, "written on the laptop before syncing");
    init_stopped_half_way(&a, &folder, "laptop");
    assert_eq!(devices(&folder), 1);
    // The laptop goes on writing its journal meanwhile, then starts again.
    add(&a, "written on the laptop after the stop");
    let said = crate::common::sync::start(&a, &folder, "laptop", false);
    assert!(
        said.contains("Your journal (2 entries) is now in"),
        "{said}"
    );
    assert_eq!(devices(&folder), 1, "no second device of the same name");
    let listed = list(&a);
    assert!(listed.contains("after the stop"), "{listed}");

    // The same stop finished by `sync join`, once another device started the folder.
    let folder = root.path().join("Other");
    add(&b, "written on the desktop before syncing");
    init_stopped_half_way(&b, &folder, "desktop");
    let c = root.path().join("c");
    add(&c, "written on a third device");
    crate::common::sync::start(&c, &folder, "third", false);
    add(&b, "written on the desktop after the stop");
    crate::common::sync::start(&b, &folder, "desktop", true);
    assert_eq!(devices(&folder), 2, "the desktop and the third device");
    let listed = list(&b);
    assert_eq!(listed, list(&c));
    for words in ["desktop before", "desktop after the stop", "a third device"] {
        assert_eq!(listed.matches(words).count(), 1, "{listed}");
    }
}

#[test]
fn the_snapshot_of_a_copy_that_is_gone_goes_too() {
    // A copy of the laptop's log (an engine's conflict copy), large enough that the
    // desktop keeps a snapshot of it; then the laptop removes the copy, as it does
    // once it holds nothing the log does not. The desktop's snapshot of it held the
    // copy's text, with nothing left to stand for: it is removed on the next read.
    let two = two();
    add(
        &two.a,
        &format!("a long entry {}", "words of a long entry ".repeat(60_000)),
    );
    let log = log_of(&two.a);
    let copy = log.with_file_name("journal.sync-conflict-20261206-101010-ABCDEFG.jsonl");
    fs::copy(&log, &copy).unwrap();
    let snapshots = |data: &Path| -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(data.join("sync"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".snapshot"))
            .collect();
        names.sort();
        names
    };
    assert!(list(&two.b).contains("a long entry"));
    let with_copy = snapshots(&two.b);
    assert!(
        with_copy.iter().any(|name| name.contains("-copy-")),
        "{with_copy:?}"
    );
    fs::remove_file(&copy).unwrap();
    assert!(list(&two.b).contains("a long entry"));
    let after = snapshots(&two.b);
    assert!(
        !after.iter().any(|name| name.contains("-copy-")),
        "{after:?}"
    );
    // The laptop's own log keeps its snapshot.
    assert_eq!(after.len(), with_copy.len() - 1, "{after:?}");
}

#[test]
fn sync_init_says_how_to_join_on_another_device_with_a_name_and_with_git() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("a");
    add(&data, "a note");
    let folder = root.path().join("Sync").join("between");
    let out = between(&data)
        .args(["sync", "init"])
        .arg(&folder)
        .args(["--name", "laptop"])
        .assert()
        .success();
    let said = stdout(out.get_output());
    assert!(said.contains("between sync join"), "{said}");
    // Where the folder is on that device, and a name of its own.
    assert!(
        said.contains("where the folder is on that device"),
        "{said}"
    );
    assert!(said.contains("--name"), "{said}");
    assert!(
        said.contains("`between sync now` here, then `git pull` there"),
        "{said}"
    );
}

#[test]
fn sync_status_says_why_the_devices_figures_need_not_add_up() {
    let two = two();
    assert!(
        status(&two.a).contains("2 entries in all."),
        "{}",
        status(&two.a)
    );
    // The desktop changes the laptop's entry: both logs hold it now.
    let listed = list(&two.b);
    let line = listed
        .lines()
        .find(|line| line.contains("written on the laptop"))
        .unwrap();
    let id = line.split_whitespace().next().unwrap();
    edit_words(
        &two.b,
        id,
        "written on the laptop",
        "changed on the desktop",
    );
    let said = status(&two.a);
    assert!(said.contains("desktop: 2 entries"), "{said}");
    assert!(said.contains("laptop (this device): 1 entry"), "{said}");
    assert!(
        said.contains("2 entries in all (each device counts the entries its own log holds"),
        "{said}"
    );
}
