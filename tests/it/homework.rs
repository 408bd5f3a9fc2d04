//! Progress on a therapist's assignment: counted from exercise entries inside the
//! assignment's window, per week (Monday to Sunday) or in all, and shown on home.

use crate::common;

use between::tui::clock::Now;

use between::journal::entry::ExerciseSource;
use between::journal::record::Record;
use between::journal::rounds::Standing;
use between::journal::{Entry, Journal, Kind};
use between::pack::Catalog;
use between::practice::homework::{all_homework, homework};
use between::tui::app::{Msg, Start, State, update};
use between::tui::theme::Theme;
use between::tui::view::draw;
use chrono::{DateTime, NaiveDate};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The every-kind fixture with homework: its own first exercise twice a week, its
/// second once in all, and a built-in one three times a week, from Wed 18 Nov to
/// Sun 6 Dec 2026.
fn homework_pack(packs: &std::path::Path) -> Catalog {
    homework_pack_with_note(packs, "Little and often.")
}

/// [`homework_pack`] with the therapist's note `note`.
fn homework_pack_with_note(packs: &std::path::Path, note: &str) -> Catalog {
    let text = std::fs::read_to_string(common::fixture("packs/good/every-kind.json")).unwrap();
    let mut pack: Value = serde_json::from_str(&text).unwrap();
    pack["intro"] = json!("Read this first: small steps, most days.");
    pack["assignment"] = json!({
        "from": "Sam Rivera, LMFT",
        "note": note,
        "assigned": "2026-11-18",
        "due": "2026-12-06",
        "items": [
            { "exercise": "before-a-hard-talk", "times": 2, "per": "week", "note": "Any three days." },
            { "exercise": "attachment/far-apart", "times": 1, "per": "total" },
            { "exercise": "communication/gentle-start-up", "times": 3, "per": "week" }
        ]
    });
    std::fs::write(packs.join("steady.json"), pack.to_string()).unwrap();
    let catalog = Catalog::load(packs).unwrap();
    assert!(catalog.warnings.is_empty(), "{:?}", catalog.warnings);
    catalog
}

/// An exercise entry of `pack`/`exercise` done at `when` (RFC 3339, with its offset).
fn done(pack: &str, exercise: &str, when: &str) -> Entry {
    let mut entry = Entry::new(Kind::Exercise);
    entry.created = DateTime::parse_from_rfc3339(when).unwrap();
    entry.updated = entry.created;
    entry.exercise = Some(ExerciseSource {
        pack: pack.into(),
        pack_version: 1,
        exercise: exercise.into(),
        title: exercise.into(),
    });
    entry.title = Some(exercise.into());
    entry
}

fn journal() -> Journal {
    let mut journal = Journal::default();
    for entry in [
        // Before the homework was set: not counted.
        done(
            "example-steady",
            "before-a-hard-talk",
            "2026-11-17T20:00:00+01:00",
        ),
        // Sunday of the first week, then Monday and Thursday of the next.
        done(
            "example-steady",
            "before-a-hard-talk",
            "2026-11-22T23:30:00+01:00",
        ),
        done(
            "example-steady",
            "before-a-hard-talk",
            "2026-11-23T07:00:00+01:00",
        ),
        done(
            "example-steady",
            "before-a-hard-talk",
            "2026-11-26T19:00:00+01:00",
        ),
        // The built-in exercise once, and a different built-in one that is not assigned.
        done(
            "communication",
            "gentle-start-up",
            "2026-11-24T12:00:00+01:00",
        ),
        done(
            "communication",
            "comm-i-statement",
            "2026-11-24T13:00:00+01:00",
        ),
        // After the due day: not counted.
        done("example-steady", "far-apart", "2026-12-07T10:00:00+01:00"),
    ] {
        let mut note = Entry::note("unrelated".into());
        note.created = entry.created;
        journal.apply(Record::put(note));
        journal.apply(Record::put(entry));
    }
    journal
}

fn counts(catalog: &Catalog, journal: &Journal, today: &str) -> Vec<(u32, usize)> {
    let loaded = catalog.pack("example-steady").unwrap();
    homework(&loaded.pack, catalog, journal, day(today))
        .unwrap()
        .items
        .iter()
        .map(|item| (item.done, item.days.len()))
        .collect()
}

#[test]
fn weekly_items_count_monday_to_sunday_inside_the_window() {
    let packs = tempfile::tempdir().unwrap();
    let catalog = homework_pack(packs.path());
    let journal = journal();

    // Sunday 22 Nov: the first week holds only that evening's try (the 17th is
    // before the homework was set).
    assert_eq!(
        counts(&catalog, &journal, "2026-11-22"),
        vec![(1, 1), (0, 0), (0, 0)]
    );
    // Monday 23 Nov: a new week; Sunday's try no longer counts this week.
    assert_eq!(
        counts(&catalog, &journal, "2026-11-23"),
        vec![(1, 2), (0, 0), (0, 0)]
    );
    // Thursday 26 Nov: Monday and Thursday.
    assert_eq!(
        counts(&catalog, &journal, "2026-11-26"),
        vec![(2, 3), (0, 0), (1, 1)]
    );
    // Long after the due day: the last week of the window (30 Nov to 6 Dec) is
    // shown, and the try on 7 Dec is outside the window.
    assert_eq!(
        counts(&catalog, &journal, "2026-12-20"),
        vec![(0, 3), (0, 0), (0, 1)]
    );

    let loaded = catalog.pack("example-steady").unwrap();
    let progress = homework(&loaded.pack, &catalog, &journal, day("2026-11-26")).unwrap();
    assert_eq!(
        progress.items[0].days,
        vec![day("2026-11-22"), day("2026-11-23"), day("2026-11-26")]
    );
    let lines: Vec<String> = progress.items.iter().map(|item| item.line()).collect();
    assert_eq!(
        lines,
        vec![
            "Calm your body before a hard talk: 2 of 2 this week (done)",
            "Notice how you move when you feel far apart: 0 of 1",
            "Rewrite a complaint as a gentle start-up: 1 of 3 this week",
        ]
    );
    assert_eq!(
        progress.heading(day("2026-11-26"), None),
        "Homework from Sam Rivera, LMFT, due Sun 6 Dec"
    );
    assert_eq!(
        progress.heading(day("2026-12-07"), None),
        "Homework from Sam Rivera, LMFT, due Sun 6 Dec (passed)"
    );
    // Built-in packs carry no homework.
    assert_eq!(all_homework(&catalog, &journal, day("2026-11-26")).len(), 1);
}

#[test]
fn home_shows_each_assignment_with_progress_that_moves() {
    let packs = tempfile::tempdir().unwrap();
    let mut state = State::new(Start {
        data_dir: packs.path().to_path_buf(),
        ..crate::common::tui::start_of(homework_pack(packs.path()), journal(), Vec::new(), false)
    });
    update(&mut state, Msg::Today(day("2026-11-23")));
    update(&mut state, Msg::Tick(Now::system()));
    let screen = |state: &State| {
        let mut terminal = Terminal::new(TestBackend::new(160, 40)).unwrap();
        terminal
            .draw(|frame| {
                draw(frame, state, &Theme::color());
            })
            .unwrap();
        terminal.backend().to_string()
    };
    let before = screen(&state);
    assert!(
        before.contains("Homework from Sam Rivera, LMFT, due Sun 6 Dec"),
        "{before}"
    );
    assert!(before.contains("Little and often."), "{before}");
    assert!(
        before.contains("• Calm your body before a hard talk: 1 of 2 this week"),
        "{before}"
    );

    update(&mut state, Msg::Today(day("2026-11-26")));
    let after = screen(&state);
    assert!(
        after.contains("• Calm your body before a hard talk: 2 of 2 this week (done)"),
        "{after}"
    );
}

#[test]
fn home_says_which_round_of_homework_it_shows_once_there_are_more() {
    let packs = tempfile::tempdir().unwrap();
    let catalog = homework_pack(packs.path());
    let state_in = |round: usize| {
        let mut state = State::new(Start {
            data_dir: packs.path().to_path_buf(),
            rounds: [(
                "example-steady".to_owned(),
                Standing {
                    number: round,
                    of: round,
                },
            )]
            .into_iter()
            .collect(),
            ..crate::common::tui::start_of(catalog.clone(), journal(), Vec::new(), false)
        });
        update(&mut state, Msg::Today(day("2026-11-23")));
        // The app's report numbers the round as `between report` does.
        between::tui::app::report::open(&mut state, "example-steady".into());
        let report = between::tui::app::report::build(&state, Default::default()).unwrap();
        assert_eq!((report.round, report.rounds), (Some(round), Some(round)));
        state.screen = between::tui::app::Screen::Home;
        let mut terminal = Terminal::new(TestBackend::new(160, 40)).unwrap();
        terminal
            .draw(|frame| {
                draw(frame, &state, &Theme::color());
            })
            .unwrap();
        terminal.backend().to_string()
    };
    let second = state_in(2);
    assert!(
        second.contains("Homework from Sam Rivera, LMFT, round 2, due Sun 6 Dec"),
        "{second}"
    );
    // The first round is not called one.
    let first = state_in(1);
    assert!(
        first.contains("Homework from Sam Rivera, LMFT, due Sun 6 Dec"),
        "{first}"
    );
}

/// Six plans, each behind its weekly target: six lines of what is due.
fn plans_behind() -> Vec<Entry> {
    use between::journal::practice::{Frequency, PracticeData};
    (1..=6)
        .map(|n| {
            let mut plan = done(
                "communication",
                "gentle-start-up",
                "2026-11-20T09:00:00+01:00",
            );
            plan.kind = Kind::Plan;
            plan.exercise = None;
            plan.title = Some(format!("Plan number {n}"));
            plan.practice = Some(PracticeData::Plan {
                frequency: Frequency::Week { times: 2 },
                review_on: None,
            });
            plan
        })
        .collect()
}

/// Every line of home at 80×24 as the user moves down its "To do" pane, one key at a
/// time, with the state after each key.
fn todo_screens(state: &mut State, moves: usize) -> Vec<String> {
    use crate::common::tui::{key, screen_text};
    use crossterm::event::KeyCode;
    update(state, key(KeyCode::Tab));
    let mut screens = vec![screen_text(state, 80, 24, &Theme::color())];
    for _ in 0..moves {
        update(state, key(KeyCode::Down));
        screens.push(screen_text(state, 80, 24, &Theme::color()));
    }
    screens
}

#[test]
fn home_at_80x24_reaches_every_homework_item_and_every_due_plan() {
    use crate::common::tui::{key, screen_text};
    use crossterm::event::KeyCode;
    let packs = tempfile::tempdir().unwrap();
    let catalog = homework_pack_with_note(
        packs.path(),
        "Last week we found the moment the cycle starts. This week builds on it.\n\nThe goal is to notice it sooner, not to stop it. Write down what you noticed, even if nothing changed.",
    );
    let mut journal = Journal::default();
    for entry in plans_behind() {
        journal.apply(Record::put(entry));
    }
    let mut state = State::new(Start {
        data_dir: packs.path().to_path_buf(),
        ..crate::common::tui::start_of(catalog, journal, Vec::new(), false)
    });
    update(&mut state, Msg::Today(day("2026-11-23")));

    // At first, the pane says there is more below it.
    let first = screen_text(&state, 80, 24, &Theme::color());
    insta::assert_snapshot!("home_homework_80x24", first);
    insta::assert_snapshot!(
        "home_homework_60x20",
        screen_text(&state, 60, 20, &Theme::color())
    );
    assert!(first.contains("Homework from Sam Rivera"), "{first}");
    assert!(first.contains("more"), "no sign of what is below:\n{first}");

    // Moving down the pane brings every item and every due plan into sight.
    let screens = todo_screens(&mut state, 12).join("\n");
    for wanted in [
        "Calm your body before a hard talk: 0 of 2",
        "Notice how you move when you feel far apart: 0 of 1",
        "Rewrite a complaint as a gentle start-up: 0 of 3",
    ] {
        let words: Vec<&str> = wanted.split(' ').collect();
        let shown = screens.lines().any(|line| line.contains(words[0]))
            && screens.contains(&wanted[wanted.len() - 6..]);
        assert!(shown, "{wanted:?} never came into sight:\n{screens}");
    }
    for n in 1..=6 {
        assert!(
            screens.contains(&format!("Plan number {n}")),
            "plan {n} never came into sight:\n{screens}"
        );
    }

    // The note is folded to a line; Enter on it opens it in full, paragraphs apart.
    let mut state_note = state;
    update(&mut state_note, key(KeyCode::Home));
    let mut found = false;
    for _ in 0..20 {
        update(&mut state_note, key(KeyCode::Enter));
        let shown = screen_text(&state_note, 80, 24, &Theme::color());
        if shown.contains("not to stop it") {
            assert!(!shown.contains("it.The goal"), "{shown}");
            let lines: Vec<&str> = shown.lines().collect();
            let builds = lines
                .iter()
                .position(|l| l.contains("builds on it."))
                .unwrap();
            let goal = lines
                .iter()
                .position(|l| l.contains("The goal is"))
                .unwrap();
            assert!(
                goal >= builds + 2,
                "no blank line between the paragraphs:\n{shown}"
            );
            found = true;
            break;
        }
        update(&mut state_note, key(KeyCode::Esc));
        update(&mut state_note, key(KeyCode::Down));
    }
    assert!(found, "Enter never opened the note in full");
}

#[test]
fn enter_on_a_homework_item_starts_its_exercise_and_on_a_due_plan_its_try() {
    use crate::common::tui::key;
    use between::tui::app::Screen;
    use crossterm::event::KeyCode;
    let packs = tempfile::tempdir().unwrap();
    let catalog = homework_pack(packs.path());
    let mut journal = Journal::default();
    for entry in plans_behind() {
        journal.apply(Record::put(entry));
    }
    let plan_one = journal
        .entries()
        .find(|e| e.title.as_deref() == Some("Plan number 1"))
        .unwrap()
        .id
        .clone();
    let start = || {
        let mut state = State::new(Start {
            data_dir: packs.path().to_path_buf(),
            ..crate::common::tui::start_of(catalog.clone(), journal.clone(), Vec::new(), false)
        });
        update(&mut state, Msg::Today(day("2026-11-23")));
        update(&mut state, key(KeyCode::Tab));
        state
    };
    // Enter on each row of the pane in turn, until the runner opens on what was wanted.
    let open = |wanted: &dyn Fn(&State) -> bool| {
        (0..20).any(|row| {
            let mut state = start();
            for _ in 0..row {
                update(&mut state, key(KeyCode::Down));
            }
            update(&mut state, key(KeyCode::Enter));
            state.screen == Screen::Runner && wanted(&state)
        })
    };
    use between::tui::app::runner::Source;
    let source = |state: &State| state.runner.as_ref().map(|r| r.source.clone());
    assert!(open(
        &|state| source(state) == Some(Source::exercise("communication", "gentle-start-up"))
    ));
    assert!(open(
        &|state| source(state) == Some(Source::exercise("example-steady", "far-apart"))
    ));
    assert!(open(&|state| source(state)
        == Some(Source::Try {
            plan: plan_one.clone()
        })));
}

#[test]
fn a_homework_pack_s_own_words_reach_the_client() {
    use crate::common::tui::{key, screen_text};
    use between::tui::app::Screen;
    use crossterm::event::KeyCode;
    let packs = tempfile::tempdir().unwrap();
    let mut state = State::new(Start {
        data_dir: packs.path().to_path_buf(),
        ..crate::common::tui::start_of(homework_pack(packs.path()), journal(), Vec::new(), false)
    });
    update(&mut state, Msg::Today(day("2026-11-23")));
    let text = |state: &State| screen_text(state, 100, 30, &Theme::color());
    // The pack's own area: its description and introduction, and which exercises are
    // homework.
    update(&mut state, key(KeyCode::Char('8')));
    let area = text(&state);
    assert!(area.contains("Two exercises for the weeks"), "{area}");
    assert!(area.contains("Read this first: small steps"), "{area}");
    assert!(area.contains("(homework from Sam Rivera, LMFT)"), "{area}");
    // The item's note is in the runner's title area.
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.screen, Screen::Runner);
    let runner = text(&state);
    assert!(
        runner.contains("Sam Rivera, LMFT's note: Any three days."),
        "{runner}"
    );
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, key(KeyCode::Esc));
    // The built-in area where an item is assigned says so too.
    update(&mut state, key(KeyCode::Char('2')));
    assert!(text(&state).contains("(homework from Sam Rivera, LMFT)"));
    // Where the row has no room for who set it, it still says homework.
    let narrow = screen_text(&state, 60, 20, &Theme::color());
    assert!(narrow.contains("(homework)"), "{narrow}");
    update(&mut state, key(KeyCode::Esc));
    // The Packs screen says what the selected pack is.
    update(&mut state, key(KeyCode::Char('K')));
    let steady = state
        .catalog
        .packs()
        .iter()
        .position(|p| p.pack.id == "example-steady")
        .unwrap();
    for _ in 0..steady {
        update(&mut state, key(KeyCode::Down));
    }
    let shown = text(&state);
    assert!(shown.contains("About this pack"), "{shown}");
    assert!(shown.contains("Read this first: small steps"), "{shown}");
    // `pack show` prints the introduction too.
    let data = tempfile::tempdir().unwrap();
    let file = packs.path().join("steady.json");
    common::between(data.path())
        .args(["pack", "add"])
        .arg(&file)
        .assert()
        .success();
    let output = common::between(data.path())
        .args(["pack", "show", "example-steady"])
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        printed.contains("Read this first: small steps"),
        "{printed}"
    );
}
