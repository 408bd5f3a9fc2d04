//! Linear mode through the binary: every step kind from piped input, the safety
//! path, drafts kept and offered back, no escape byte, and every built-in exercise
//! saved exactly as the full-screen app saves the same answers.

use std::path::Path;

use between::data_dir::DataDir;
use between::journal::{Entry, Store};
use between::pack::Catalog;
use between::pack::model::{Exercise, Step};
use between::tui::app::runner::Source;
use between::tui::app::{Effect, Msg, Phase, update};
use crossterm::event::KeyCode;

use crate::common::tui::{key, state_of};
use crate::common::{between, stdout};

/// The answer a test gives a step, the same in both front ends.
#[derive(Debug, Clone)]
enum Given {
    /// A step to read: go on.
    Read,
    /// A written answer.
    Text(String),
    /// A rating.
    Scale(i64),
    /// The options chosen, counted from 1.
    Choose(Vec<usize>),
    /// The items ticked, counted from 1.
    Tick(Vec<usize>),
    /// A break, skipped.
    SkipBreak,
    /// Each statement's answer.
    Rate(Vec<i64>),
}

/// An answer for step `n` of an exercise that never signals fear, so every step is
/// on the path: options that are not safety options, a rating inside the scale.
fn given(step: &Step, n: usize) -> Given {
    match step {
        Step::Read(_) => Given::Read,
        Step::Text(_) => Given::Text(format!("My answer to step {n}, in my words.")),
        Step::Scale(s) => Given::Scale((s.min + n as i64).min(s.max)),
        Step::Choice(c) => {
            let safe: Vec<usize> = c
                .options
                .iter()
                .enumerate()
                .filter(|(_, o)| !o.safety)
                .map(|(i, _)| i + 1)
                .collect();
            let take = if c.multiple { 2 } else { 1 };
            Given::Choose(safe.into_iter().take(take).collect())
        }
        Step::Checklist(c) => Given::Tick((1..=c.items.len()).step_by(2).collect()),
        Step::Timer(_) => Given::SkipBreak,
        Step::Questionnaire(q) => Given::Rate(
            (0..q.items.len())
                .map(|i| q.scale.min + (i as i64 % (q.scale.max - q.scale.min + 1)))
                .collect(),
        ),
    }
}

fn answers_for(exercise: &Exercise) -> Vec<Given> {
    exercise
        .steps
        .iter()
        .enumerate()
        .map(|(n, step)| given(step, n))
        .collect()
}

/// What is typed in linear mode for `answers`, then the review's Enter and "no
/// plan".
fn typed(answers: &[Given]) -> String {
    let list = |numbers: &[usize], by: &str| {
        numbers
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(by)
    };
    let mut lines: Vec<String> = Vec::new();
    for answer in answers {
        match answer {
            Given::Read => lines.push(String::new()),
            Given::Text(text) => lines.extend([text.clone(), String::new()]),
            Given::Scale(value) => lines.push(value.to_string()),
            Given::Choose(numbers) => lines.push(list(numbers, ",")),
            Given::Tick(numbers) => lines.push(list(numbers, " ")),
            Given::SkipBreak => lines.push("skip".into()),
            Given::Rate(values) => {
                lines.extend(values.iter().map(i64::to_string));
                // The result is shown; Enter goes on.
                lines.push(String::new());
            }
        }
    }
    lines.extend([String::new(), "n".into()]);
    lines.join("\n") + "\n"
}

/// The entry the full-screen app saves for `answers`, through `update` and the
/// app's own keys.
fn saved_by_the_app(
    catalog: &Catalog,
    pack: &str,
    exercise: &Exercise,
    answers: &[Given],
) -> Entry {
    let mut state = state_of(catalog.clone(), Default::default(), Vec::new(), false);
    update(&mut state, Msg::Start(Source::exercise(pack, &exercise.id)));
    let press = |state: &mut between::tui::app::State, code: KeyCode| {
        update(state, key(code));
    };
    for (n, answer) in answers.iter().enumerate() {
        assert_eq!(
            state.runner.as_ref().unwrap().index,
            n,
            "{}: step {n}",
            exercise.id
        );
        match answer {
            Given::Read => press(&mut state, KeyCode::Enter),
            Given::Text(text) => {
                for c in text.chars() {
                    press(&mut state, KeyCode::Char(c));
                }
                press(&mut state, KeyCode::Tab);
            }
            Given::Scale(value) => {
                let Step::Scale(scale) = &exercise.steps[n] else {
                    unreachable!()
                };
                press(&mut state, KeyCode::Home);
                for _ in scale.min..*value {
                    press(&mut state, KeyCode::Right);
                }
                press(&mut state, KeyCode::Tab);
            }
            Given::Choose(numbers) | Given::Tick(numbers) => {
                for number in numbers {
                    press(&mut state, KeyCode::Home);
                    for _ in 1..*number {
                        press(&mut state, KeyCode::Down);
                    }
                    press(&mut state, KeyCode::Char(' '));
                }
                press(&mut state, KeyCode::Tab);
            }
            Given::SkipBreak => press(&mut state, KeyCode::Char('s')),
            Given::Rate(values) => {
                for value in values {
                    let digit = char::from_digit(*value as u32, 10).unwrap();
                    press(&mut state, KeyCode::Char(digit));
                }
                // The result first, then on.
                press(&mut state, KeyCode::Tab);
                press(&mut state, KeyCode::Tab);
            }
        }
    }
    assert_eq!(
        state.runner.as_ref().unwrap().phase,
        Phase::Review,
        "{}",
        exercise.id
    );
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Save(entry)] = effects.as_slice() else {
        panic!("{}: expected one save, got {effects:?}", exercise.id);
    };
    entry.clone()
}

fn journal_of(dir: &Path) -> Vec<Entry> {
    let data = DataDir::resolve(Some(dir)).unwrap();
    Store::new(data)
        .load()
        .unwrap()
        .entries()
        .cloned()
        .collect()
}

/// What two entries of the same answers must share: all but their ids and times.
fn content(entry: &Entry) -> String {
    let mut entry = entry.clone();
    entry.id = between::journal::EntryId::parse("01J00000000000000000000000").unwrap();
    entry.created = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap();
    entry.updated = entry.created;
    serde_json::to_string_pretty(&entry).unwrap()
}

#[test]
fn every_built_in_exercise_is_done_from_piped_input_and_saved_as_the_app_saves_it() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = Catalog::builtin().unwrap();
    let mut done = 0;
    // Everyday: every fifth exercise, and the first with a break and the first with a
    // questionnaire (each run writes a draft after every answer, synced to disk); CI
    // walks them all.
    let every = if crate::common::thorough() { 1 } else { 5 };
    let mut kinds_seen = std::collections::BTreeSet::new();
    for (n, found) in catalog.exercises().enumerate() {
        let exercise = found.exercise;
        let first_of_a_kind = exercise
            .steps
            .iter()
            .filter(|s| matches!(s, Step::Timer(_) | Step::Questionnaire(_)))
            .any(|s| kinds_seen.insert(s.kind()));
        if n % every != 0 && !first_of_a_kind {
            continue;
        }
        let answers = answers_for(exercise);
        let name = format!("{}/{}", exercise.area, exercise.id);
        let output = between(dir.path())
            .args(["do", &name])
            .write_stdin(typed(&answers))
            .output()
            .unwrap();
        let text = stdout(&output);
        assert_eq!(output.status.code(), Some(0), "{name}: {text}");
        assert!(
            text.contains("Saved to your journal"),
            "{name} was not saved:\n{text}"
        );
        let saved = journal_of(dir.path());
        let linear = saved
            .iter()
            .find(|e| {
                e.exercise.as_ref().is_some_and(|s| {
                    s.pack.as_str() == found.pack.pack.id && s.exercise.as_str() == exercise.id
                })
            })
            .unwrap_or_else(|| panic!("{name}: no entry"));
        let app = saved_by_the_app(&catalog, &found.pack.pack.id, exercise, &answers);
        assert_eq!(content(linear), content(&app), "{name}");
        assert!(
            linear
                .answers
                .iter()
                .any(|a| !matches!(a.value, between::journal::AnswerValue::Timer { .. })),
            "{name}: no answers"
        );
        done += 1;
    }
    let all = catalog.exercises().count();
    assert!(done * every >= all, "only {done} of {all} exercises");
    assert!(
        kinds_seen.len() == 2,
        "a break and a questionnaire: {kinds_seen:?}"
    );
}

/// Runs `between ARGS` on `input`; its standard output.
fn talk(dir: &Path, args: &[&str], input: &str) -> (Option<i32>, String) {
    let output = between(dir)
        .args(args)
        .write_stdin(input.to_owned())
        .output()
        .unwrap();
    (output.status.code(), stdout(&output))
}

/// The every-kind fixture installed, with its break made ten seconds long.
fn with_every_kind(dir: &Path) {
    let text = std::fs::read_to_string(crate::common::fixture("packs/good/every-kind.json"))
        .unwrap()
        .replace("\"seconds\": 300", "\"seconds\": 10");
    let file = dir.join("every-kind.json");
    std::fs::write(&file, text).unwrap();
    let output = between(dir)
        .args(["pack", "add"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        crate::common::stderr(&output)
    );
}

#[test]
fn each_step_kind_says_how_to_answer_and_asks_again_after_a_bad_answer() {
    let dir = tempfile::tempdir().unwrap();
    with_every_kind(dir.path());
    // Read; a scale out of range, then in it; a checklist; the break skipped; a
    // required text skipped (refused), then written on two lines; `back` from the
    // last scale to the text and Enter to keep it; the last scale; save.
    let input = "\n9\n2\n1 3\nskip\nskip\nI feel tired,\nand I need a rest.\n\nback\n\n4\n\nn\n";
    let (code, text) = talk(dir.path(), &["do", "hard-talks/before-a-hard-talk"], input);
    assert_eq!(code, Some(0), "{text}");
    for said in [
        "Step 1 of 6: Read",
        "Type a number from 1 (shaky) to 5 (steady), or press Enter to skip.",
        "Please type a whole number from 1 to 5.",
        "1. Fast heartbeat",
        "The break is 10 seconds. Press Enter to start it, or type skip.",
        "This one needs an answer to go on.",
        "This step needs an answer before you go on.",
        "Write your answer; an empty line ends it.",
        "Your answer so far: I feel tired, and I need a rest.. Press Enter to keep it.",
        "Saved to your journal",
    ] {
        assert!(text.contains(said), "{said:?} not in:\n{text}");
    }
    let entry = journal_of(dir.path()).pop().unwrap();
    let values: Vec<String> = entry.answers.iter().map(|a| a.value.summary()).collect();
    assert_eq!(entry.answers[0].step.as_str(), "before");
    assert!(values[0].starts_with('2'), "{values:?}");
    assert_eq!(values[1], "Fast heartbeat; Shallow breath");
    assert!(
        values.contains(&"I feel tired,\nand I need a rest.".to_owned()),
        "{values:?}"
    );
    assert!(values.last().unwrap().starts_with('4'), "{values:?}");
}

#[test]
fn a_choice_takes_its_other_words_and_a_questionnaire_says_its_result_in_words() {
    let dir = tempfile::tempdir().unwrap();
    with_every_kind(dir.path());
    // Safe; "Pull back" and my own words; four statements (one out of range); result;
    // save.
    let input = "1\n2 3 I make tea and go quiet\n5\n4\n9\n2\n1\n\n\n";
    let (code, text) = talk(dir.path(), &["do", "attachment/far-apart"], input);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("3. Something else (type 3 and your own words)"),
        "{text}"
    );
    assert!(
        text.contains("1 of 4. I worry my partner will lose interest."),
        "{text}"
    );
    assert!(text.contains("What your answers suggest"), "{text}");
    // 5 and 4 (reversed: 2) worry; 2 and 1 (reversed: 5) distance.
    assert!(
        text.contains("Worry about closeness: 3.5 (higher)"),
        "{text}"
    );
    assert!(
        text.contains("Comfort with distance: 3.5 (higher)"),
        "{text}"
    );
    assert!(
        text.contains("Torn\nYour answers lean toward wanting closeness"),
        "{text}"
    );
    let entry = journal_of(dir.path()).pop().unwrap();
    let values: Vec<String> = entry.answers.iter().map(|a| a.value.summary()).collect();
    assert!(values[1].contains("Pull back"), "{values:?}");
    assert!(values[1].contains("I make tea and go quiet"), "{values:?}");
}

#[test]
fn a_fear_answer_shows_the_safety_text_skips_the_partner_steps_and_offers_no_plan() {
    let dir = tempfile::tempdir().unwrap();
    let pack = crate::common::fixture("packs/good/safety-path.json");
    let output = between(dir.path())
        .args(["pack", "add"])
        .arg(pack)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    // Read; afraid; then every step left on the path answered with Enter or words.
    let input = "\n2\nScared.\n\nA friend.\n\n\n\n\n";
    let (code, text) = talk(dir.path(), &["do", "communication/raise-a-need"], input);
    assert_eq!(code, Some(0), "{text}");
    let builtin = between::safety::builtin();
    assert!(text.contains(&builtin.title), "{text}");
    assert!(text.contains(&builtin.resources[0].contact), "{text}");
    assert!(
        text.contains("the steps with your partner are skipped"),
        "{text}"
    );
    assert!(
        !text.contains("Write the words you will say to your partner."),
        "{text}"
    );
    assert!(text.contains("Your safety comes first."), "{text}");
    assert!(
        !text.contains("Make the practice suggestion a plan?"),
        "{text}"
    );
    let entry = journal_of(dir.path()).pop().unwrap();
    assert!(entry.answers.iter().all(|a| a.step.as_str() != "words"));
}

#[test]
fn safety_prints_the_resources_at_once_from_any_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let contact = &between::safety::builtin().resources[0].contact;
    for (args, input) in [
        (vec!["do"], "!\nq\n"),
        (vec!["do", "patterns/patterns-one-sentence"], "\nsafety\n"),
        (vec!["--linear"], "safety\nq\n"),
    ] {
        let (code, text) = talk(dir.path(), &args, input);
        assert_eq!(code, Some(0), "{args:?}: {text}");
        assert!(text.contains(contact.as_str()), "{args:?}: {text}");
    }
}

#[test]
fn answers_are_kept_as_a_draft_after_each_one_and_offered_back_on_the_next_do() {
    let dir = tempfile::tempdir().unwrap();
    let name = "patterns/patterns-one-sentence";
    // Two answers, then the input ends (a closed terminal, Ctrl-D).
    let (code, text) = talk(dir.path(), &["do", name], "\n2,5\n");
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("Your answers are kept as a draft"), "{text}");
    assert!(journal_of(dir.path()).is_empty());
    let drafts: Vec<_> = std::fs::read_dir(dir.path().join("drafts"))
        .unwrap()
        .collect();
    assert_eq!(drafts.len(), 1);
    // Next time: go on with it, where it was left; back to the choice, which is there,
    // and Enter keeps it.
    let input = "y\nback\n\n5\nThe more I push, the more you go quiet.\n\n\n\n\nn\n";
    let (code, text) = talk(dir.path(), &["do", name], input);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("You have a draft of this"), "{text}");
    assert!(text.contains("Welcome back. Your answers from"), "{text}");
    assert!(text.contains("Step 3 of 6"), "{text}");
    assert!(
        text.contains("Your answer so far: Kept making my point, louder; Went quiet or shut down."),
        "{text}"
    );
    let entry = journal_of(dir.path()).pop().unwrap();
    assert_eq!(
        entry.answers[0].value.summary(),
        "Kept making my point, louder; Went quiet or shut down"
    );
    assert!(
        std::fs::read_dir(dir.path().join("drafts"))
            .unwrap()
            .next()
            .is_none()
    );
    // Starting afresh throws a draft away.
    talk(dir.path(), &["do", name], "\n1\n");
    let (_, text) = talk(dir.path(), &["do", name], "n\n");
    assert!(text.contains("Step 1 of 6"), "{text}");
    assert!(
        std::fs::read_dir(dir.path().join("drafts"))
            .unwrap()
            .next()
            .is_none()
    );
}

#[test]
fn linear_output_holds_no_escape_byte_unless_colour_is_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let input = "\n2,5\n5\nWords.\n\n\n\n\nn\n";
    let name = "patterns/patterns-one-sentence";
    for args in [vec!["do", name], vec!["--no-color", "do", name]] {
        let output = between(dir.path())
            .args(&args)
            .env("TERM", "xterm-256color")
            .write_stdin(input)
            .output()
            .unwrap();
        assert!(!output.stdout.contains(&0x1b), "{}", stdout(&output));
        assert!(!output.stdout.contains(&0x07));
    }
    let output = between(dir.path())
        .args(["do", name, "--color", "always"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(output.stdout.contains(&0x1b), "{}", stdout(&output));
}

#[test]
fn an_unknown_exercise_is_refused_with_where_to_find_the_names() {
    let dir = tempfile::tempdir().unwrap();
    let output = between(dir.path())
        .args(["do", "patterns/no-such"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(crate::common::stderr(&output).contains("between exercises"));
}

#[test]
fn a_break_says_when_to_come_back_and_when_the_time_is_up() {
    use std::io::{BufRead, BufReader, Write};
    let dir = tempfile::tempdir().unwrap();
    with_every_kind(dir.path());
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("between"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["do", "hard-talks/before-a-hard-talk", "--quiet"])
        .env("HOME", dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut wait_for = |needle: &str| -> String {
        for line in lines.by_ref() {
            let line = line.unwrap();
            if line.contains(needle) {
                return line;
            }
        }
        panic!("the output ended before {needle:?}");
    };
    writeln!(stdin, "\n3\n1").unwrap();
    wait_for("The break is 10 seconds");
    // Enter starts it: when to come back, then (quiet) only its end.
    writeln!(stdin).unwrap();
    let started = wait_for("The break has begun");
    assert!(started.contains("come back at"), "{started}");
    let started_at = std::time::Instant::now();
    wait_for("Time is up. Welcome back.");
    assert!(started_at.elapsed() >= std::time::Duration::from_secs(8));
    writeln!(stdin, "\nI feel steady.\n\n4\n\nn").unwrap();
    drop(stdin);
    assert!(child.wait().unwrap().success());
    let entry = journal_of(dir.path()).pop().unwrap();
    let timer = entry
        .answers
        .iter()
        .find_map(|a| match a.value {
            between::journal::AnswerValue::Timer { seconds, elapsed } => Some((seconds, elapsed)),
            _ => None,
        })
        .unwrap();
    assert_eq!(timer, (10, 10));
}

#[test]
fn linear_mode_says_enter_where_a_forms_question_can_be_left_and_the_journal_keeps_no_key() {
    let dir = tempfile::tempdir().unwrap();
    // A note: its words, the area left open, no tags, nothing else, saved.
    let (code, text) = talk(dir.path(), &["--linear"], "2\nWe argued.\n\n\n\n\n\nq\n");
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("Is it about one of the areas? (Press Enter to leave it open.)"),
        "{text}"
    );
    // A session: its questions left empty, the day left at today.
    let (code, text) = talk(dir.path(), &["--linear"], "3\n\n\n\n\n\nq\n");
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("When was the session? (Press Enter to leave it at today.)"),
        "{text}"
    );
    assert!(!text.contains("Tab"), "{text}");
    // What the journal keeps of the questions names no key of the app's.
    let saved = journal_of(dir.path());
    assert!(!saved.is_empty());
    for entry in &saved {
        for answer in &entry.answers {
            assert!(!answer.prompt.contains("Tab"), "{:?}", answer.prompt);
        }
    }
}
