//! What is due through the binary: the homework of each installed assignment in
//! `between due` (one discreet line each, no exercise's title, since others may see
//! the terminal) and with its titles in linear mode's "What is due", worded as home
//! words it.

use crate::common;

use std::path::{Path, PathBuf};

use between::data_dir::DataDir;
use between::journal::entry::ExerciseSource;
use between::journal::{Entry, Kind, Store};
use chrono::{Duration, Local, NaiveDate};
use common::{between, stderr, stdout};
use serde_json::Value;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// A day as home and `between due` write it: "Sun 13 Dec".
fn shown(day: NaiveDate) -> String {
    day.format("%a %-d %b").to_string()
}

/// `between due`'s output, which must succeed and say nothing on standard error.
fn due(dir: &Path) -> String {
    let output = between(dir).arg("due").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    stdout(&output)
}

/// Homework for `client` from Sam as a therapist writes it with `between pack assign`,
/// then set `days_ago` days ago and due `due` (which `pack assign` only takes in the
/// future: a round set two weeks ago is written as it would have been then), installed
/// with `between pack add`.
fn assign(dir: &Path, client: &str, due: NaiveDate, items: &[&str]) -> PathBuf {
    assign_with(dir, client, due, items, |_| {})
}

/// As [`assign`], with the pack changed by `edit` before it is installed.
fn assign_with(
    dir: &Path,
    client: &str,
    due: NaiveDate,
    items: &[&str],
    edit: impl FnOnce(&mut Value),
) -> PathBuf {
    let file = dir.join(format!("homework-{client}.json"));
    let mut command = between(dir);
    command
        .args([
            "pack", "assign", "--for", client, "--from", "Sam", "--due", "2w",
        ])
        .arg("--out")
        .arg(&file);
    for item in items {
        command.args(["--item", item]);
    }
    command.assert().success();
    let mut pack: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let set = due.min(today()) - Duration::days(14);
    pack["assignment"]["assigned"] = set.to_string().into();
    pack["assignment"]["due"] = due.to_string().into();
    edit(&mut pack);
    std::fs::write(&file, pack.to_string()).unwrap();
    between(dir)
        .args(["pack", "add"])
        .arg(&file)
        .assert()
        .success();
    file
}

/// An exercise of a built-in area done today, as the app saves it.
fn done(dir: &Path, area: &str, exercise: &str) {
    let store = Store::new(DataDir::resolve(Some(dir)).unwrap());
    let mut writer = store.open().unwrap();
    let mut entry = Entry::new(Kind::Exercise);
    entry.exercise = Some(ExerciseSource {
        pack: area.into(),
        pack_version: 1,
        exercise: exercise.into(),
        title: exercise.into(),
    });
    writer.save(&entry).unwrap();
}

const GENTLE: &str = "communication/gentle-start-up";
const SENTENCE: &str = "patterns/patterns-one-sentence";

/// Alex's homework, due in ten days: the gentle start-up twice a week and the one
/// sentence once. Returns its due day.
fn alexs_homework(dir: &Path) -> NaiveDate {
    let by = today() + Duration::days(10);
    assign(dir, "alex", by, &[&format!("{GENTLE}:2/week"), SENTENCE]);
    by
}

#[test]
fn due_says_how_much_homework_is_left_in_one_line_with_no_title_even_with_no_journal() {
    let dir = tempfile::tempdir().unwrap();
    let by = alexs_homework(dir.path());
    let journal = DataDir::resolve(Some(dir.path())).unwrap().journal();
    assert!(!journal.exists(), "no journal yet");
    let text = due(dir.path());
    assert_eq!(
        text,
        format!(
            "between: 2 exercises of your homework to do by {}, 1 of them this week\n",
            shown(by)
        )
    );
    for private in ["gentle", "Gentle", "sentence", "Sam", "Alex"] {
        assert!(!text.contains(private), "{private} in {text}");
    }
}

#[test]
fn each_assignment_has_its_line_and_homework_done_as_often_as_asked_has_none() {
    let dir = tempfile::tempdir().unwrap();
    let first = today() + Duration::days(10);
    let second = today() + Duration::days(3);
    assign(
        dir.path(),
        "alex",
        first,
        &[&format!("{GENTLE}:2/week"), SENTENCE],
    );
    assign(
        dir.path(),
        "sam",
        second,
        &["triggers/triggers-stop-reset:3"],
    );
    assert_eq!(
        due(dir.path()),
        format!(
            "between: 2 exercises of your homework to do by {}, 1 of them this week\n\
             between: 1 exercise of your homework to do by {}\n",
            shown(first),
            shown(second)
        )
    );
    // The one-sentence exercise done: one left, the weekly one.
    done(dir.path(), "patterns", "patterns-one-sentence");
    assert_eq!(
        due(dir.path()).lines().next().unwrap(),
        format!(
            "between: 1 exercise of your homework to do this week, due by {}",
            shown(first)
        )
    );
    // The gentle start-up twice this week: the first homework is done.
    done(dir.path(), "communication", "gentle-start-up");
    done(dir.path(), "communication", "gentle-start-up");
    assert_eq!(
        due(dir.path()),
        format!(
            "between: 1 exercise of your homework to do by {}\n",
            shown(second)
        )
    );
}

#[test]
fn homework_whose_day_has_passed_is_still_due_and_says_so_while_todays_is_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let yesterday = today() - Duration::days(1);
    assign(
        dir.path(),
        "alex",
        yesterday,
        &[&format!("{GENTLE}:2/week"), SENTENCE],
    );
    assign(dir.path(), "sam", today(), &[SENTENCE]);
    assert_eq!(
        due(dir.path()),
        format!(
            "between: 2 exercises of your homework were due by {}\n\
             between: 1 exercise of your homework to do by {}\n",
            shown(yesterday),
            shown(today())
        )
    );
}

#[test]
fn linear_what_is_due_lists_the_homework_with_its_titles_and_notes_as_home_does() {
    let dir = tempfile::tempdir().unwrap();
    let by = today() + Duration::days(10);
    let items = [&format!("{GENTLE}:2/week"), SENTENCE];
    assign_with(dir.path(), "alex", by, &items, |pack| {
        pack["assignment"]["note"] = "Any three days.\n\nGo gently.".into();
        pack["assignment"]["items"][1]["note"] = "Before Friday.".into();
    });
    let output = between(dir.path())
        .arg("--linear")
        .write_stdin("4\nq\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let due = text.split("\nWhat is due\n").nth(1).expect(&text);
    let lines: Vec<&str> = due.lines().take(5).collect();
    assert_eq!(
        lines,
        vec![
            format!("Homework from Sam, due {}", shown(by)).as_str(),
            "A note from Sam: Any three days. Go gently.",
            "- Rewrite a complaint as a gentle start-up: 0 of 2 this week",
            "- Name your cycle in one sentence: 0 of 1",
            "  A note from Sam: Before Friday.",
        ],
        "{text}"
    );
    assert!(!due.contains("Nothing is due."), "{text}");
}
