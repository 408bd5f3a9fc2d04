//! The Packs screen: add a pack by pasting its path, replace it with a newer version
//! after confirming, see a refused file's reason; through `update`, the real effects
//! on a temporary data directory, and `TestBackend`.

use crate::common;

use between::tui::clock::Now;
use std::path::{Path, PathBuf};

use between::data_dir::DataDir;
use between::journal::Journal;
use between::pack::Catalog;
use between::tui::app::packs::path_from;
use between::tui::app::{Confirm, Effect, Msg, Overlay, Screen, Start, State, update};
use between::tui::effects::Files;
use between::tui::theme::Theme;
use between::tui::view::draw;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::Value;

fn key(state: &mut State, code: KeyCode) -> Vec<Effect> {
    update(state, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn screen(state: &State) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 50)).unwrap();
    terminal
        .draw(|frame| {
            draw(frame, state, &Theme::color());
        })
        .unwrap();
    terminal.backend().to_string()
}

/// Carries out effects on real files and feeds their messages back, as the loop does.
fn run(state: &mut State, files: &Files, effects: Vec<Effect>) {
    for effect in effects {
        for msg in files.perform(effect) {
            let more = update(state, msg);
            run(state, files, more);
        }
    }
}

fn pack_file(dir: &Path, name: &str, version: u32, title: &str) -> PathBuf {
    let text = std::fs::read_to_string(common::fixture("packs/good/every-kind.json")).unwrap();
    let mut pack: Value = serde_json::from_str(&text).unwrap();
    pack["version"] = version.into();
    pack["exercises"][0]["title"] = title.into();
    let path = dir.join(name);
    std::fs::write(&path, pack.to_string()).unwrap();
    path
}

#[test]
fn typed_and_pasted_paths_are_understood() {
    let home = "/home/you";
    for (typed, path) in [
        ("/tmp/pack.json", "/tmp/pack.json".to_owned()),
        ("  '/tmp/my pack.json'  ", "/tmp/my pack.json".to_owned()),
        ("\"/tmp/x.json\"\n", "/tmp/x.json".to_owned()),
        ("file:///tmp/x.json", "/tmp/x.json".to_owned()),
        ("~/Downloads/x.json", format!("{home}/Downloads/x.json")),
    ] {
        assert_eq!(
            path_from(typed, Some(std::path::Path::new(home))),
            PathBuf::from(path),
            "{typed:?}"
        );
    }
    // Without a home folder, `~/` is a name like any.
    assert_eq!(path_from("~/x.json", None), PathBuf::from("~/x.json"));
}

#[test]
fn add_a_pack_by_pasting_its_path_then_replace_it_after_confirming() {
    let dir = tempfile::tempdir().unwrap();
    let sent = tempfile::tempdir().unwrap();
    let data = DataDir::resolve(Some(dir.path())).unwrap();
    let files = Files::new(&data, None, &between::environment::Environment::empty());
    let mut state = State::new(Start {
        data_dir: dir.path().to_path_buf(),
        ..crate::common::tui::start_of(
            Catalog::load(&data.packs()).unwrap(),
            Journal::default(),
            Vec::new(),
            false,
        )
    });
    update(&mut state, Msg::Tick(Now::system()));

    key(&mut state, KeyCode::Char('K'));
    assert_eq!(state.screen, Screen::Packs);
    let shown = screen(&state);
    assert!(shown.contains("Your packs"), "{shown}");
    assert!(shown.contains("patterns · version 2 · built in"), "{shown}");

    // A file that is not a pack: refused with the reason, nothing installed.
    let broken = sent.path().join("broken.json");
    std::fs::write(&broken, "{ not json").unwrap();
    key(&mut state, KeyCode::Char('a'));
    update(&mut state, Msg::Paste(format!("'{}'", broken.display())));
    let effects = key(&mut state, KeyCode::Enter);
    assert_eq!(
        effects,
        vec![Effect::AddPack {
            path: broken.clone(),
            replace: false
        }]
    );
    run(&mut state, &files, effects);
    let status = state.status.clone().unwrap();
    assert!(
        status.error && status.text.contains("broken.json"),
        "{status:?}"
    );
    assert!(!data.packs().exists() || std::fs::read_dir(data.packs()).unwrap().count() == 0);

    // A good file, typed.
    let v1 = pack_file(sent.path(), "v1.json", 1, "Calm your body first");
    key(&mut state, KeyCode::Char('a'));
    for c in v1.display().to_string().chars() {
        key(&mut state, KeyCode::Char(c));
    }
    assert!(screen(&state).contains(&format!("Path: {}", v1.display())));
    let effects = key(&mut state, KeyCode::Enter);
    run(&mut state, &files, effects);
    assert_eq!(
        state.status.as_ref().unwrap().text,
        "Added \"Staying steady in a hard talk\" (version 1)."
    );
    assert!(state.catalog.pack("example-steady").is_some());
    assert!(screen(&state).contains("example-steady · version 1 · installed · 2 exercises"));

    // A newer version asks first, showing what changes; No keeps version 1.
    let v2 = pack_file(sent.path(), "v2.json", 2, "Calm your body, then talk");
    key(&mut state, KeyCode::Char('a'));
    update(&mut state, Msg::Paste(v2.display().to_string()));
    let effects = key(&mut state, KeyCode::Enter);
    run(&mut state, &files, effects);
    assert!(matches!(
        state.overlay,
        Some(Overlay::Confirm(Confirm::ReplacePack { .. }))
    ));
    let asked = screen(&state);
    assert!(asked.contains("Replace the installed version?"), "{asked}");
    assert!(asked.contains("changed: before-a-hard-talk"), "{asked}");
    key(&mut state, KeyCode::Char('n'));
    assert_eq!(state.overlay, None);
    assert_eq!(
        state.catalog.pack("example-steady").unwrap().pack.version,
        1
    );

    key(&mut state, KeyCode::Char('a'));
    update(&mut state, Msg::Paste(v2.display().to_string()));
    let effects = key(&mut state, KeyCode::Enter);
    run(&mut state, &files, effects);
    let effects = key(&mut state, KeyCode::Char('y'));
    run(&mut state, &files, effects);
    assert_eq!(
        state.catalog.pack("example-steady").unwrap().pack.version,
        2
    );
    assert_eq!(
        std::fs::read(data.packs().join("example-steady.json")).unwrap(),
        std::fs::read(&v2).unwrap()
    );

    // A forgotten version bump: version 2 again, with other words. Nothing changes,
    // and the message says what to ask for.
    let again = pack_file(
        sent.path(),
        "v2-again.json",
        2,
        "Calm your body, then speak",
    );
    key(&mut state, KeyCode::Char('a'));
    update(&mut state, Msg::Paste(again.display().to_string()));
    let effects = key(&mut state, KeyCode::Enter);
    run(&mut state, &files, effects);
    let status = state.status.clone().unwrap();
    assert!(
        status.error
            && status.text.contains("its contents differ")
            && status.text.contains("a higher version, 3 or more"),
        "{status:?}"
    );
    assert_eq!(
        std::fs::read(data.packs().join("example-steady.json")).unwrap(),
        std::fs::read(&v2).unwrap()
    );

    key(&mut state, KeyCode::Esc);
    assert_eq!(state.screen, Screen::Home);
}

/// An exercise entry of the every-kind pack's first exercise, done `days` ago, with
/// one written answer.
fn done(days: i64, answer: &str, private: bool) -> between::journal::Entry {
    use between::journal::entry::ExerciseSource;
    use between::journal::{Answer, AnswerValue, Entry, Kind};
    let mut entry = Entry::new(Kind::Exercise);
    entry.created = chrono::Local::now().fixed_offset() - chrono::Duration::days(days);
    entry.updated = entry.created;
    entry.private = private;
    entry.exercise = Some(ExerciseSource {
        pack: "example-steady".into(),
        pack_version: 1,
        exercise: "before-a-hard-talk".into(),
        title: "Calm your body before a hard talk".into(),
    });
    entry.answers = vec![Answer {
        step: "opening".into(),
        prompt: "Write the first sentence you want to say.".into(),
        value: AnswerValue::Text {
            text: answer.into(),
        },
    }];
    entry
}

/// The app on a data directory in `dir` with Sam's homework (before a hard talk twice
/// a week, set a week ago) installed and `entries` in the journal, on today.
fn app_with_sams_homework(
    dir: &Path,
    entries: Vec<between::journal::Entry>,
) -> (DataDir, State, chrono::NaiveDate) {
    let data = DataDir::resolve(Some(dir)).unwrap();
    std::fs::create_dir_all(data.packs()).unwrap();
    let text = std::fs::read_to_string(common::fixture("packs/good/every-kind.json")).unwrap();
    let mut pack: Value = serde_json::from_str(&text).unwrap();
    let today = chrono::Local::now().date_naive();
    pack["assignment"] = serde_json::json!({
        "from": "Sam Rivera",
        "assigned": (today - chrono::Duration::days(7)).to_string(),
        "items": [{ "exercise": "before-a-hard-talk", "times": 2, "per": "week" }]
    });
    std::fs::write(data.packs().join("sam.json"), pack.to_string()).unwrap();
    let mut journal = Journal::default();
    for entry in entries {
        journal.apply(between::journal::record::Record::put(entry));
    }
    let mut state = State::new(Start {
        data_dir: dir.to_path_buf(),
        ..crate::common::tui::start_of(
            Catalog::load(&data.packs()).unwrap(),
            journal,
            Vec::new(),
            false,
        )
    });
    update(&mut state, Msg::Tick(Now::system()));
    update(&mut state, Msg::Today(today));
    (data, state, today)
}

#[test]
fn the_report_screen_shows_what_goes_in_lets_entries_be_left_out_and_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let (data, mut state, today) = app_with_sams_homework(
        dir.path(),
        vec![
            done(2, "First try at a soft opening", false),
            done(1, "Second, calmer opening", false),
            done(1, "Something only for me", true),
        ],
    );

    key(&mut state, KeyCode::Char('K'));
    key(&mut state, KeyCode::Char('r'));
    assert_eq!(state.screen, Screen::Packs, "a built-in pack has no report");
    while state.catalog.packs()[state.packs.cursor].pack.id != "example-steady" {
        key(&mut state, KeyCode::Char('j'));
    }
    key(&mut state, KeyCode::Char('r'));
    assert_eq!(state.screen, Screen::Report);
    let shown = screen(&state);
    assert_eq!(shown.matches("[x] ").count(), 2, "{shown}");
    assert!(shown.contains("First try at a soft opening"), "{shown}");
    assert!(shown.contains("Second, calmer opening"), "{shown}");
    assert!(!shown.contains("Something only for me"), "{shown}");
    assert!(
        shown.contains("1 entry marked private is not in this report."),
        "{shown}"
    );

    // Leave the first one out: it goes from the preview, and the report says so.
    key(&mut state, KeyCode::Char('x'));
    let shown = screen(&state);
    assert!(shown.contains("[ ] left out"), "{shown}");
    assert!(!shown.contains("First try at a soft opening"), "{shown}");
    assert!(
        shown.contains("1 entry chosen to leave out is not in this report."),
        "{shown}"
    );

    // Counts only: no written answer at all.
    key(&mut state, KeyCode::Char('s'));
    let shown = screen(&state);
    assert!(shown.contains("Counts and ratings only"), "{shown}");
    assert!(!shown.contains("Second, calmer opening"), "{shown}");

    let effects = key(&mut state, KeyCode::Char('w'));
    assert!(matches!(&effects[..], [Effect::WriteReport(files)] if files.len() == 3));
    run(
        &mut state,
        &Files::new(&data, None, &between::environment::Environment::empty()),
        effects,
    );
    let status = state.status.clone().unwrap();
    assert!(
        !status.error && status.text.starts_with("Wrote "),
        "{status:?}"
    );
    let name = format!("example-steady-{today}");
    // The three files named in full, with their folder, and in sight at 60 columns.
    let folder = data.reports().display().to_string();
    assert!(
        status.text.contains(&format!(
            "{name}.md, {name}.json and {name}.html in {folder}"
        )),
        "{status:?}"
    );
    let shown =
        crate::common::tui::screen_text(&state, 60, 20, &between::tui::theme::Theme::color());
    let flat: String = shown.split_whitespace().collect();
    assert!(flat.contains("Readitbeforeyoushareit."), "{shown}");
    let json: Value = serde_json::from_slice(
        &std::fs::read(data.reports().join(format!("{name}.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(json["excluded"], 1);
    assert_eq!(json["private_left_out"], 1);
    assert_eq!(json["summary_only"], true);
    assert_eq!(json["items"][0]["days"].as_array().unwrap().len(), 1);
    let markdown = std::fs::read_to_string(data.reports().join(format!("{name}.md"))).unwrap();
    assert!(
        markdown.contains("asked 2 times a week; done 3 times (1 kept private, 1 left out)"),
        "{markdown}"
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data.reports()), 0o700);
    assert_eq!(mode(&data.reports().join(format!("{name}.md"))), 0o600);
    let html = std::fs::read_to_string(data.reports().join(format!("{name}.html"))).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("Counts and ratings only"),
        "{html}"
    );
    assert!(!html.contains("Something only for me"), "{html}");
    assert_eq!(mode(&data.reports().join(format!("{name}.html"))), 0o600);

    key(&mut state, KeyCode::Esc);
    assert_eq!(state.screen, Screen::Packs);
}

/// A note marked to discuss, a day ago.
fn flagged_note(text: &str) -> between::journal::Entry {
    use between::journal::{Answer, AnswerValue, Entry, Kind};
    let mut entry = Entry::new(Kind::Note);
    entry.created = chrono::Local::now().fixed_offset() - chrono::Duration::days(1);
    entry.updated = entry.created;
    entry.discuss = true;
    entry.answers = vec![Answer {
        step: "note".into(),
        prompt: "What do you want to write down?".into(),
        value: AnswerValue::Text { text: text.into() },
    }];
    entry
}

#[test]
fn the_client_adds_a_note_for_the_therapist_and_an_entry_marked_to_discuss() {
    let dir = tempfile::tempdir().unwrap();
    let (data, mut state, today) = app_with_sams_homework(
        dir.path(),
        vec![
            done(2, "First try at a soft opening", false),
            flagged_note("The Sunday argument about his mother"),
        ],
    );
    key(&mut state, KeyCode::Char('K'));
    while state.catalog.packs()[state.packs.cursor].pack.id != "example-steady" {
        key(&mut state, KeyCode::Char('j'));
    }
    key(&mut state, KeyCode::Char('r'));
    let shown = screen(&state);
    // The note marked to discuss is offered, and out until the client adds it.
    let offered = shown
        .lines()
        .find(|line| line.contains("marked to discuss · The Sunday argument"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(offered.contains("[ ] "), "{shown}");
    let preview = |state: &State| state.report.shown.get().unwrap().markdown.clone();
    assert!(!preview(&state).contains("The Sunday argument"));
    key(&mut state, KeyCode::Char('j'));
    key(&mut state, KeyCode::Char('x'));
    let shown = screen(&state);
    assert!(
        shown.contains("[x] ") && shown.matches("[x] ").count() == 2,
        "{shown}"
    );
    assert!(
        preview(&state).contains("### Marked to discuss"),
        "{}",
        preview(&state)
    );
    assert!(preview(&state).contains("The Sunday argument about his mother"));

    // n opens the note form; what is typed goes to the top of the report.
    key(&mut state, KeyCode::Char('n'));
    assert_eq!(state.screen, Screen::Runner);
    assert!(
        screen(&state).contains("A note for Sam Rivera"),
        "{}",
        screen(&state)
    );
    update(&mut state, Msg::Paste("Week two was easier.".into()));
    key(&mut state, KeyCode::Tab);
    let effects = key(&mut state, KeyCode::Enter);
    assert!(
        effects.iter().all(|e| !matches!(e, Effect::Save(_))),
        "the note is not a journal entry: {effects:?}"
    );
    assert_eq!(state.screen, Screen::Report);
    assert!(
        preview(&state).contains("## A note from the client\n\n> Week two was easier.\n"),
        "{}",
        preview(&state)
    );
    assert_eq!(state.report.note.as_deref(), Some("Week two was easier."));

    // n again opens it with the note written, to change.
    key(&mut state, KeyCode::Char('n'));
    assert!(
        screen(&state).contains("Week two was easier."),
        "{}",
        screen(&state)
    );
    key(&mut state, KeyCode::Esc);
    assert_eq!(state.screen, Screen::Report);
    assert_eq!(state.report.note.as_deref(), Some("Week two was easier."));

    // Written, the note and the added entry are in both files.
    let effects = key(&mut state, KeyCode::Char('w'));
    let files = Files::new(&data, None, &between::environment::Environment::empty());
    run(&mut state, &files, effects);
    let name = format!("example-steady-{today}");
    let json: Value = serde_json::from_slice(
        &std::fs::read(data.reports().join(format!("{name}.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(json["note"], "Week two was easier.");
    assert_eq!(json["flagged"].as_array().unwrap().len(), 1);
    assert_eq!(
        json["flagged"][0]["entry"]["answers"][0]["answer"],
        "The Sunday argument about his mother"
    );
}
