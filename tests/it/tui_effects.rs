//! The TUI's effects on real files: the editor round trip keeps what the user wrote
//! when anything goes wrong. The editor is given to the shell as the environment says
//! it, so no test changes the process's variables.

use crate::common;
use crate::common::tui::encrypted;

use between::data_dir::DataDir;
use between::environment::Environment;
use between::journal::kept_edits::kept_file;
use between::journal::{Entry, EntryId};
use between::tui::app::Msg;
use between::tui::effects::Files;

/// The app's files, with `editor` as the user's editor.
fn files_with_editor(data: &DataDir, vault: Option<between::vault::Vault>, editor: &str) -> Files {
    let env = Environment {
        editor: Some(editor.to_owned()),
        ..Environment::empty()
    };
    Files::new(data, vault, &env)
}

#[test]
fn the_editor_round_trip_never_drops_text() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::resolve(Some(dir.path())).unwrap();
    let id: EntryId = Entry::note("x".into()).id;
    let kept = kept_file(&data, &id);

    // A step's text: edited in a temporary file that is gone afterwards.
    let files = files_with_editor(&data, None, "sed -i s/draft/final/");
    let Msg::Edited(Ok(text)) = files.edit("a draft", None) else {
        panic!("the edit should succeed");
    };
    assert_eq!(text, "a final");
    assert_eq!(std::fs::read_dir(data.drafts()).unwrap().count(), 0);

    // An editor that fails after writing: the text stays, and the message says where.
    let files = files_with_editor(
        &data,
        None,
        "sh -c 'echo precious >> \"$1\"; exit 1' editor",
    );
    let Msg::Edited(Err(message)) = files.edit("entry text", Some(&id)) else {
        panic!("a failing editor is an error");
    };
    assert!(message.contains("is kept in"), "{message}");
    assert!(std::fs::read_to_string(&kept).unwrap().contains("precious"));

    // The next edit of that entry goes on from the kept text, not from the entry.
    let files = files_with_editor(&data, None, "true");
    let Msg::Edited(Ok(text)) = files.edit("entry text, fresh", Some(&id)) else {
        panic!("the edit should succeed");
    };
    assert!(text.contains("precious"), "{text}");
    assert!(kept.exists(), "kept until the edit is saved");
    files.perform(between::tui::app::Effect::ForgetEdit(id));
    assert!(!kept.exists());
}

#[test]
fn a_change_made_from_an_old_copy_never_undoes_another_process_s() {
    use between::journal::{AnswerValue, Store};
    use between::tui::app::Effect;

    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::resolve(Some(dir.path())).unwrap();
    let original = Entry::note("as first written".into());
    Store::new(data.clone())
        .open()
        .unwrap()
        .save(&original)
        .unwrap();
    let files = Files::new(&data, None, &Environment::empty());

    // Meanwhile, another process edits the entry.
    let mut theirs = original.next_revision();
    theirs.answers[0]
        .value
        .set_text("edited on the command line".into());
    std::thread::sleep(std::time::Duration::from_millis(20));
    Store::new(data.clone())
        .open()
        .unwrap()
        .save(&theirs)
        .unwrap();

    // The app flags its old copy to discuss: refused, and the journal reloaded.
    let mut ours = original.next_revision();
    ours.discuss = true;
    let messages = files.perform(Effect::Save(ours));
    let [
        Msg::Reloaded {
            journal,
            refused: Some(why),
        },
    ] = messages.as_slice()
    else {
        panic!("{messages:?}");
    };
    assert!(why.contains("was not saved"), "{why}");
    let now = journal.get(&original.id).unwrap();
    assert_eq!(
        now.answers[0].value,
        AnswerValue::Text {
            text: "edited on the command line".into()
        }
    );
    assert!(!now.discuss);

    // Made again on the fresh copy, it is saved.
    let mut again = now.next_revision();
    again.discuss = true;
    let messages = files.perform(Effect::Save(again.clone()));
    assert!(
        matches!(messages.as_slice(), [Msg::Saved(e)] if **e == again),
        "{messages:?}"
    );
    let on_disk = Store::new(data).load().unwrap();
    let latest = on_disk.get(&original.id).unwrap();
    assert!(latest.discuss);
    assert_eq!(latest.first_text(), Some("edited on the command line"));
}

#[test]
fn with_encryption_the_editor_works_outside_the_data_directory_and_the_kept_edit_is_sealed() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::resolve(Some(dir.path())).unwrap();
    let vault = encrypted(&data);
    let id: EntryId = Entry::note("x".into()).id;
    let kept = kept_file(&data, &id);

    // The editor sees plain text, in a file outside the data directory.
    let files = files_with_editor(
        &data,
        Some(vault.clone()),
        "sh -c 'case \"$1\" in *\"/drafts/\"*) exit 3;; esac; sed -i s/draft/final/ \"$1\"' editor",
    );
    let Msg::Edited(Ok(text)) = files.edit("a secret draft", Some(&id)) else {
        panic!("the edit should succeed");
    };
    assert_eq!(text, "a secret final");
    // Kept until saved, sealed: the words are in no file of the data directory.
    assert!(kept.exists());
    common::assert_nowhere(dir.path(), "secret");
    // The next edit goes on from the kept text.
    let files = files_with_editor(&data, Some(vault), "true");
    let Msg::Edited(Ok(text)) = files.edit("fresh", Some(&id)) else {
        panic!("the edit should succeed");
    };
    assert_eq!(text, "a secret final");
    common::assert_nowhere(dir.path(), "secret");
}

#[test]
fn with_encryption_the_app_writes_no_plain_report() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::resolve(Some(dir.path())).unwrap();
    let files = Files::new(&data, Some(encrypted(&data)), &Environment::empty());
    let messages = files.perform(between::tui::app::Effect::WriteReport {
        pack: "example-steady".into(),
        files: vec![("homework.md".into(), b"what I wrote".to_vec())],
    });
    match messages.as_slice() {
        [Msg::Failed(message)] => assert!(message.contains("--out FILE"), "{message}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(!data.reports().exists());
    // A plain journal writes it.
    let plain = tempfile::tempdir().unwrap();
    let data = DataDir::resolve(Some(plain.path())).unwrap();
    let files = Files::new(&data, None, &Environment::empty());
    let messages = files.perform(between::tui::app::Effect::WriteReport {
        pack: "example-steady".into(),
        files: vec![("homework.md".into(), b"what I wrote".to_vec())],
    });
    assert!(matches!(messages.as_slice(), [Msg::ReportWritten { .. }]));
    assert!(data.reports().join("homework.md").exists());
}

#[test]
fn the_encrypted_app_s_advice_to_write_a_report_is_a_command_that_parses() {
    use between::tui::app::Effect;
    use clap::Parser;
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::resolve(Some(dir.path())).unwrap();
    let vault = encrypted(&data);
    let files = Files::new(&data, Some(vault), &Environment::empty());
    let answer = files.perform(Effect::WriteReport {
        pack: "example-steady".into(),
        files: Vec::new(),
    });
    let [Msg::Failed(message)] = answer.as_slice() else {
        panic!("an encrypted journal writes no plain report");
    };
    let advised = message
        .split('`')
        .nth(1)
        .unwrap_or_else(|| panic!("no command in {message:?}"));
    assert!(advised.starts_with("between report "), "{advised}");
    let parsed = between::cli::Cli::try_parse_from(advised.split_whitespace())
        .unwrap_or_else(|e| panic!("`{advised}` is not a valid command line: {e}"));
    assert!(
        matches!(parsed.command, Some(between::cli::Command::Report(_))),
        "{advised}"
    );
}

#[test]
fn the_app_s_delete_and_erase_leaves_no_trace_of_the_entry() {
    use between::journal::{Store, store::verify};
    use between::tui::app::Effect;
    for encrypted_journal in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::resolve(Some(dir.path())).unwrap();
        let vault = encrypted_journal.then(|| encrypted(&data));
        let store = Store::with_vault(data.clone(), vault.clone());
        let gone = Entry::note("APPCANARY first".into());
        let stays = Entry::note("stays".into());
        let mut writer = store.open().unwrap();
        writer.save(&gone).unwrap();
        writer.save(&stays).unwrap();
        let mut revised = gone.next_revision();
        revised.answers[0].value.set_text("APPCANARY second".into());
        writer.save(&revised).unwrap();
        drop(writer);
        // A kept edit of it, as a failed edit leaves (sealed when encrypted).
        let kept = kept_file(&data, &gone.id);
        std::fs::create_dir_all(data.drafts()).unwrap();
        between::journal::sealed_files::write(&data, &kept, b"APPCANARY kept", vault.as_ref())
            .unwrap();
        let files = Files::new(&data, vault.clone(), &Environment::empty());

        let messages = files.perform(Effect::Erase(gone.id.clone()));
        assert!(
            matches!(messages.as_slice(), [Msg::Erased(id)] if *id == gone.id),
            "{messages:?}"
        );
        common::assert_nowhere(dir.path(), "APPCANARY");
        assert!(!kept.exists());
        assert_eq!(verify(&store).unwrap(), vec![]);
        let journal = store.load().unwrap();
        assert_eq!(journal.read_only(), None);
        let ids: Vec<&EntryId> = journal.entries().map(|e| &e.id).collect();
        assert_eq!(ids, [&stays.id]);
        // The app goes on saving after it, into the rewritten journal.
        let later = Entry::note("later".into());
        let messages = files.perform(Effect::Save(later.clone()));
        assert!(
            matches!(messages.as_slice(), [Msg::Saved(_)]),
            "{messages:?}"
        );
        assert_eq!(verify(&store).unwrap(), vec![]);
        assert_eq!(store.load().unwrap().len(), 2);
    }
}

#[test]
fn an_erase_asked_for_on_an_old_copy_is_refused_and_the_journal_reloaded() {
    use between::journal::Store;
    use between::tui::app::Effect;
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::resolve(Some(dir.path())).unwrap();
    let entry = Entry::note("first words".into());
    Store::new(data.clone())
        .open()
        .unwrap()
        .save(&entry)
        .unwrap();
    let files = Files::new(&data, None, &Environment::empty());
    // Meanwhile another process edits it: the app's question was about what it was.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut theirs = entry.next_revision();
    theirs.answers[0].value.set_text("their words".into());
    Store::new(data.clone())
        .open()
        .unwrap()
        .save(&theirs)
        .unwrap();
    let messages = files.perform(Effect::Erase(entry.id.clone()));
    assert!(
        matches!(
            messages.as_slice(),
            [Msg::Reloaded {
                refused: Some(_),
                ..
            }]
        ),
        "{messages:?}"
    );
    assert_eq!(
        Store::new(data)
            .load()
            .unwrap()
            .get(&entry.id)
            .unwrap()
            .first_text(),
        Some("their words")
    );
}

#[test]
fn the_app_s_erase_of_old_text_leaves_only_the_newest_revision() {
    use between::journal::{Store, store::verify};
    use between::tui::app::Effect;
    for encrypted_journal in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::resolve(Some(dir.path())).unwrap();
        let vault = encrypted_journal.then(|| encrypted(&data));
        let store = Store::with_vault(data.clone(), vault.clone());
        let entry = Entry::note("OLDCANARY words".into());
        let mut writer = store.open().unwrap();
        writer.save(&entry).unwrap();
        let mut revised = entry.next_revision();
        revised.answers[0].value.set_text("the new words".into());
        writer.save(&revised).unwrap();
        drop(writer);
        let files = Files::new(&data, vault.clone(), &Environment::empty());
        let messages = files.perform(Effect::EraseOld(entry.id.clone()));
        assert!(
            matches!(messages.as_slice(), [Msg::ErasedOld(id)] if *id == entry.id),
            "{messages:?}"
        );
        common::assert_nowhere(dir.path(), "OLDCANARY");
        assert_eq!(verify(&store).unwrap(), vec![]);
        let journal = store.load().unwrap();
        assert_eq!(
            journal.get(&entry.id).unwrap().first_text(),
            Some("the new words")
        );
    }
}

#[test]
fn the_app_finds_what_another_between_wrote_without_a_restart() {
    use between::journal::Store;
    use between::tui::app::Effect;

    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::resolve(Some(dir.path())).unwrap();
    let first = Entry::note("written first".into());
    Store::new(data.clone())
        .open()
        .unwrap()
        .save(&first)
        .unwrap();
    let files = Files::new(&data, None, &Environment::empty());
    assert!(files.look_again().is_none(), "nothing changed");

    // Another process adds a note (`journal add` in another terminal).
    std::thread::sleep(std::time::Duration::from_millis(20));
    let theirs = Entry::note("written in another terminal".into());
    Store::new(data.clone())
        .open()
        .unwrap()
        .save(&theirs)
        .unwrap();
    let Some(Msg::Reloaded {
        journal,
        refused: None,
    }) = files.look_again()
    else {
        panic!("the other process's note was not found");
    };
    assert!(journal.get(&theirs.id).is_some());
    assert!(files.look_again().is_none(), "found once");

    // A change the app makes now, on the journal it was given, is not refused.
    let mut ours = theirs.next_revision();
    ours.discuss = true;
    let messages = files.perform(Effect::Save(ours));
    assert!(
        matches!(messages.as_slice(), [Msg::Saved(_)]),
        "{messages:?}"
    );
    assert!(files.look_again().is_none(), "its own save is known");
}
