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
    assert!(matches!(&effects[..], [Effect::WriteReport { files, .. }] if files.len() == 3));
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

/// The name the note for Sam's report is drafted under.
const NOTE_DRAFT: &str = "_report-note--example-steady";

/// The report as the screen previews it, in Markdown.
fn preview(state: &State) -> String {
    state
        .report
        .shown
        .get()
        .map(|shown| shown.markdown.clone())
        .unwrap_or_default()
}

/// Asserts that the report shown holds `text`.
#[track_caller]
fn assert_in_preview(state: &State, text: &str) {
    let shown = preview(state);
    assert!(shown.contains(text), "{text:?} not in:\n{shown}");
}

/// Presses `code` and carries out what it asks for on `files`.
fn press(state: &mut State, files: &Files, code: KeyCode) {
    let effects = key(state, code);
    run(state, files, effects);
}

/// From wherever the app is, the report on `pack`'s homework (Packs, the pack, r).
fn open_report(state: &mut State, files: &Files, pack: &str) {
    while !matches!(state.screen, Screen::Home | Screen::Packs) {
        key(state, KeyCode::Esc);
    }
    key(state, KeyCode::Char('K'));
    state.packs.cursor = 0;
    while state.catalog.packs()[state.packs.cursor].pack.id != pack {
        key(state, KeyCode::Char('j'));
    }
    press(state, files, KeyCode::Char('r'));
    assert_eq!(state.screen, Screen::Report);
}

/// On the report: n, the note's text replaced by `text`, Tab to the review, Enter.
fn write_note(state: &mut State, files: &Files, text: &str) {
    press(state, files, KeyCode::Char('n'));
    assert_eq!(state.screen, Screen::Runner, "{:?}", state.overlay);
    while state.runner.as_ref().unwrap().inputs[0]
        .text()
        .is_some_and(|t| !t.is_empty())
    {
        key(state, KeyCode::Backspace);
    }
    if !text.is_empty() {
        update(state, Msg::Paste(text.into()));
    }
    key(state, KeyCode::Tab);
    // The review says where Enter puts it: the report, never the journal.
    let goes = if text.is_empty() {
        "to leave the note out of the report."
    } else {
        "to put this note at the top of the report."
    };
    assert!(screen(state).contains(goes), "{}", screen(state));
    press(state, files, KeyCode::Enter);
    assert_eq!(state.screen, Screen::Report);
}

/// The app started again on the same data directory (after a lock or a quit): the
/// journal as it was, the packs and the drafts as the files have them.
fn started_again(data: &DataDir, old: &mut State) -> State {
    let mut state = State::new(Start {
        data_dir: data.root().to_path_buf(),
        ..crate::common::tui::start_of(
            Catalog::load(&data.packs()).unwrap(),
            std::mem::take(&mut old.journal),
            drafts(data),
            false,
        )
    });
    update(&mut state, Msg::Tick(Now::system()));
    update(&mut state, Msg::Today(old.today));
    state
}

/// The drafts the files keep, by name (this window's copies too, which
/// `Drafts::list` leaves to their window).
fn drafts(data: &DataDir) -> Vec<String> {
    let Ok(files) = std::fs::read_dir(data.drafts()) else {
        return Vec::new();
    };
    let mut keys: Vec<String> = files
        .map(|file| file.unwrap().file_name().into_string().unwrap())
        .filter_map(|name| Some(name.split_once('.')?.0.to_owned()))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Quick hide, which locks an encrypted journal's app.
fn lock(state: &mut State, files: &Files) {
    let effects = update(state, crate::common::tui::ctrl('l'));
    run(state, files, effects);
    assert!(state.locked);
}

/// Whether the files keep a draft of the note for Sam's report.
fn note_drafted(data: &DataDir) -> bool {
    drafts(data).iter().any(|key| key == NOTE_DRAFT)
}

/// The report on Sam's homework open, on a data directory in `dir` (its journal
/// encrypted if `encrypted`) with one try at the homework, and the app's files.
fn on_sams_report(dir: &Path, encrypted: bool) -> (DataDir, State, Files) {
    let (data, mut state, _) = app_with_sams_homework(dir, vec![done(2, "First try", false)]);
    let vault = encrypted.then(|| crate::common::tui::encrypted(&data));
    state.encrypted = encrypted;
    let files = Files::new(&data, vault, &between::environment::Environment::empty());
    open_report(&mut state, &files, "example-steady");
    (data, state, files)
}

#[test]
fn a_written_note_outlives_leaving_the_report_and_a_lock_until_the_report_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (data, mut state, files) = on_sams_report(dir.path(), false);
    let today = state.today;
    let note = "> Week two was easier.";
    write_note(&mut state, &files, "Week two was easier.");
    assert_in_preview(&state, note);
    assert!(
        note_drafted(&data),
        "the finished note is kept in its draft"
    );

    // Away from the report and back: the note is still at its top.
    key(&mut state, KeyCode::Esc);
    press(&mut state, &files, KeyCode::Char('r'));
    assert_in_preview(&state, note);

    // The app locks: the note and the preview leave memory.
    state.encrypted = true;
    lock(&mut state, &files);
    assert_eq!(state.report.note, None);
    assert!(!preview(&state).contains("Week two"), "{}", preview(&state));

    // Unlocked, the report has the note again, from its draft; n goes on with it,
    // asking nothing, and Esc with nothing changed goes back to the report.
    let mut state = started_again(&data, &mut state);
    open_report(&mut state, &files, "example-steady");
    assert_in_preview(&state, note);
    assert!(screen(&state).contains("Your note is back at the top of the report."));
    press(&mut state, &files, KeyCode::Char('n'));
    assert_eq!(state.overlay, None);
    assert_eq!(state.screen, Screen::Runner);
    assert!(
        screen(&state).contains("Week two was easier."),
        "{}",
        screen(&state)
    );
    let status = state.status.clone().unwrap().text;
    assert!(
        status.starts_with("Here is your note as you left it"),
        "{status}"
    );
    key(&mut state, KeyCode::Esc);
    assert_eq!(
        (state.screen.clone(), state.overlay.clone()),
        (Screen::Report, None)
    );

    // Written, the report has it, and the draft is gone.
    press(&mut state, &files, KeyCode::Char('w'));
    let json: Value = serde_json::from_slice(
        &std::fs::read(data.reports().join(format!("example-steady-{today}.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(json["note"], "Week two was easier.");
    assert!(!note_drafted(&data));
    assert!(!state.drafts.iter().any(|key| key == NOTE_DRAFT));
}

#[test]
fn a_note_left_after_a_quit_is_finished_from_home_and_each_pack_keeps_its_own_choices() {
    let dir = tempfile::tempdir().unwrap();
    let (data, mut state, _) =
        app_with_sams_homework(dir.path(), vec![done(2, "First try", false)]);
    // A second pack of homework.
    let text = std::fs::read_to_string(data.packs().join("sam.json")).unwrap();
    let mut other: Value = serde_json::from_str(&text).unwrap();
    other["id"] = "other-steady".into();
    other["title"] = "Another round".into();
    std::fs::write(data.packs().join("other.json"), other.to_string()).unwrap();
    let mut state = started_again(&data, &mut state);
    let files = Files::new(&data, None, &between::environment::Environment::empty());

    // Sam's report: the entry left out, and a note.
    open_report(&mut state, &files, "example-steady");
    key(&mut state, KeyCode::Char('x'));
    write_note(&mut state, &files, "About the first pack.");
    // The other report, with its own note: Sam's choices stay with Sam's report.
    open_report(&mut state, &files, "other-steady");
    assert!(!preview(&state).contains("About the first pack."));
    write_note(&mut state, &files, "About the other pack.");
    open_report(&mut state, &files, "example-steady");
    let shown = preview(&state);
    assert!(shown.contains("> About the first pack."), "{shown}");
    assert!(shown.contains("1 entry chosen to leave out"), "{shown}");

    // Quit and start again: home's To do offers the note; Enter goes on with it, and
    // saved, it is at the top of its report.
    let mut state = started_again(&data, &mut state);
    let shown = screen(&state);
    let row = "A note for the report on Another round";
    assert!(shown.contains(row), "{shown}");
    let rows = &state.derived.home.get().unwrap().todo;
    state.home.pane = between::tui::app::HomePane::Todo;
    state.home.todo = rows
        .iter()
        .filter(|r| r.act.is_some())
        .position(|r| r.text.contains(row))
        .unwrap();
    press(&mut state, &files, KeyCode::Enter);
    assert_eq!(state.screen, Screen::Runner, "{}", screen(&state));
    assert!(
        screen(&state).contains("About the other pack."),
        "{}",
        screen(&state)
    );
    key(&mut state, KeyCode::Tab);
    press(&mut state, &files, KeyCode::Enter);
    assert_eq!(state.screen, Screen::Report);
    assert_eq!(state.report.pack, "other-steady");
    assert_in_preview(&state, "> About the other pack.");
}

#[test]
fn with_an_encrypted_journal_the_note_s_draft_is_sealed_and_kept_when_no_report_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (data, mut state, files) = on_sams_report(dir.path(), true);
    write_note(&mut state, &files, "A secret about Sunday.");
    assert!(note_drafted(&data));
    common::assert_nowhere(dir.path(), "secret about Sunday");
    // The app writes no plain report, so the note stays in its draft.
    press(&mut state, &files, KeyCode::Char('w'));
    assert!(state.status.as_ref().unwrap().error);
    assert!(note_drafted(&data));
    // Locked and unlocked, it is back in the report, read through the key.
    lock(&mut state, &files);
    let mut state = started_again(&data, &mut state);
    open_report(&mut state, &files, "example-steady");
    assert_in_preview(&state, "> A secret about Sunday.");
}

#[test]
fn a_note_saved_empty_leaves_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let (data, mut state, files) = on_sams_report(dir.path(), false);
    write_note(&mut state, &files, "Week two was easier.");
    press(&mut state, &files, KeyCode::Char('n'));
    assert!(
        screen(&state).contains("Empty it to take the note out of the report."),
        "{}",
        screen(&state)
    );
    key(&mut state, KeyCode::Esc);
    write_note(&mut state, &files, "");
    assert_eq!(state.report.note, None);
    assert!(!preview(&state).contains("Week two"), "{}", preview(&state));
    assert!(!preview(&state).contains("A note from the client"));
    assert!(!note_drafted(&data));
}

#[test]
fn an_entry_to_discuss_is_offered_only_when_the_report_can_hold_it() {
    use between::journal::practice::PracticeData;
    use between::journal::{Entry, Kind};
    let dir = tempfile::tempdir().unwrap();
    // A try written today of a day before the homework was set: the report counts it
    // on the day it happened, so it is not of this homework.
    let mut early = Entry::new(Kind::Try);
    early.discuss = true;
    early.title = Some("The try before the homework".into());
    early.practice = Some(PracticeData::Try {
        at: chrono::Local::now().fixed_offset() - chrono::Duration::days(10),
        rating: 3,
    });
    let mut late = flagged_note("A note from inside the homework");
    late.created = chrono::Local::now().fixed_offset() - chrono::Duration::days(2);
    let (data, mut state, _) = app_with_sams_homework(dir.path(), vec![early, late]);
    let files = Files::new(&data, None, &between::environment::Environment::empty());
    open_report(&mut state, &files, "example-steady");
    let shown = screen(&state);
    assert!(shown.contains("A note from inside the homework"), "{shown}");
    assert!(!shown.contains("The try before"), "{shown}");
}

#[test]
fn the_report_s_list_says_how_many_entries_are_out_of_sight_at_60x20() {
    let dir = tempfile::tempdir().unwrap();
    let entries = (1..=6)
        .map(|days| done(days, &format!("Opening number {days}"), false))
        .collect();
    let (_, mut state, _) = app_with_sams_homework(dir.path(), entries);
    key(&mut state, KeyCode::Char('K'));
    while state.catalog.packs()[state.packs.cursor].pack.id != "example-steady" {
        key(&mut state, KeyCode::Char('j'));
    }
    key(&mut state, KeyCode::Char('r'));
    let theme = between::tui::theme::Theme::color();
    let shown = crate::common::tui::screen_text(&state, 60, 20, &theme);
    assert!(shown.contains("↓ 2 more"), "{shown}");
    for _ in 0..5 {
        key(&mut state, KeyCode::Char('j'));
    }
    let shown = crate::common::tui::screen_text(&state, 60, 20, &theme);
    assert!(shown.contains("↑ 2 more"), "{shown}");
}
