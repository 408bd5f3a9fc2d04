//! The built-in exercise library meets the bar of the writing guide: every area has an
//! introduction and a real programme, every exercise is complete and readable, and
//! every step fits on an 80×24 screen.

mod common;

use std::collections::HashMap;

use between::pack::builtin;
use between::pack::model::Step;
use between::pack::readability::Counts;
use between::pack::{Catalog, ExerciseRef};

/// The most characters a `read` step's text may have: about 14 wrapped lines of 76
/// columns, what the runner's step pane shows at 80×24 without scrolling.
const READ_LIMIT: usize = 900;
/// The most characters any other prompt may have (about 4 lines), leaving the rest of
/// the pane to the answer.
const PROMPT_LIMIT: usize = 320;
/// The most characters of a hint (about 3 lines).
const HINT_LIMIT: usize = 200;
/// The most characters of one option, checklist item or statement: one line.
const LABEL_LIMIT: usize = 70;
/// The most options or items in a list, so the list fits beside its prompt.
const LIST_LIMIT: usize = 10;
/// Questionnaires may be longer: their list scrolls and shows one statement in full.
const QUESTIONNAIRE_LIMIT: usize = 16;
/// The highest Flesch–Kincaid grade an exercise's text may average.
const GRADE_LIMIT: f64 = 9.0;

fn catalog() -> Catalog {
    Catalog::builtin().unwrap()
}

#[test]
fn every_area_has_an_introduction_and_a_programme_from_check_in_to_deep_work() {
    let catalog = catalog();
    for area in builtin::AREAS.iter() {
        let pack = catalog.pack(&area.id).unwrap();
        let intro = pack.pack.intro.as_deref().unwrap_or_default();
        assert!(
            intro.contains("\n\n"),
            "{}: the intro needs a few paragraphs",
            area.id
        );
        assert!(
            intro.len() <= READ_LIMIT,
            "{}: the intro is too long",
            area.id
        );
        let exercises: Vec<ExerciseRef<'_>> = catalog
            .exercises()
            .filter(|f| f.exercise.area == area.id)
            .collect();
        assert!(
            exercises.len() >= 5,
            "{}: {} exercises",
            area.id,
            exercises.len()
        );
        let shortest = exercises.iter().map(|f| f.exercise.minutes).min().unwrap();
        let longest = exercises.iter().map(|f| f.exercise.minutes).max().unwrap();
        assert!(
            shortest <= 5,
            "{}: no short check-in (shortest {shortest} min)",
            area.id
        );
        assert!(
            longest >= 15,
            "{}: no deeper exercise (longest {longest} min)",
            area.id
        );
    }
}

#[test]
fn every_exercise_is_complete() {
    for found in catalog().exercises() {
        let e = found.exercise;
        let name = found.reference();
        assert!(!e.technique.trim().is_empty(), "{name}: technique");
        assert!(
            (2..=40).contains(&e.minutes),
            "{name}: {} minutes",
            e.minutes
        );
        assert!(e.steps.len() >= 4, "{name}: {} steps", e.steps.len());
        assert!(e.practice.is_some(), "{name}: no practice suggestion");
    }
}

#[test]
fn no_two_exercises_share_a_title() {
    let mut seen: HashMap<String, String> = HashMap::new();
    for found in catalog().exercises() {
        let title = found.exercise.title.to_lowercase();
        if let Some(other) = seen.insert(title, found.reference()) {
            panic!(
                "{} and {other} share the title {:?}",
                found.reference(),
                found.exercise.title
            );
        }
    }
}

#[test]
fn change_is_rated_before_and_after_on_shared_measures() {
    let catalog = catalog();
    let mut measures: HashMap<&str, usize> = HashMap::new();
    let mut before_after = 0;
    for found in catalog.exercises() {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for step in &found.exercise.steps {
            if let Step::Scale(scale) = step
                && let Some(measure) = &scale.measure
            {
                *counts.entry(measure.as_str()).or_default() += 1;
                *measures.entry(measure.as_str()).or_default() += 1;
            }
        }
        if counts.values().any(|n| *n >= 2) {
            before_after += 1;
        }
    }
    assert!(
        before_after >= 14,
        "only {before_after} exercises rate a measure twice"
    );
    assert!(measures.len() >= 3, "measures used: {measures:?}");
    for measure in measures.keys() {
        assert!(
            builtin::MEASURES.iter().any(|m| m.id == *measure),
            "{measure}"
        );
    }
}

#[test]
fn every_step_fits_an_80x24_screen() {
    for found in catalog().exercises() {
        for step in &found.exercise.steps {
            let at = format!("{} step {}", found.reference(), step.id());
            let limit = if step.kind() == "read" {
                READ_LIMIT
            } else {
                PROMPT_LIMIT
            };
            let length = step.prompt().chars().count();
            assert!(
                length <= limit,
                "{at}: prompt of {length} characters (limit {limit})"
            );
            let labels: Vec<&str> = match step {
                Step::Choice(c) => c.options.iter().map(|o| o.label.as_str()).collect(),
                Step::Checklist(c) => c.items.iter().map(String::as_str).collect(),
                Step::Questionnaire(q) => q.items.iter().map(|i| i.text.as_str()).collect(),
                Step::Text(t) => {
                    let hint = t.hint.as_deref().unwrap_or_default();
                    assert!(hint.chars().count() <= HINT_LIMIT, "{at}: hint too long");
                    Vec::new()
                }
                _ => Vec::new(),
            };
            let most = if step.kind() == "questionnaire" {
                QUESTIONNAIRE_LIMIT
            } else {
                LIST_LIMIT
            };
            assert!(
                labels.len() <= most,
                "{at}: {} options (limit {most})",
                labels.len()
            );
            for label in labels {
                assert!(
                    label.chars().count() <= LABEL_LIMIT,
                    "{at}: {label:?} is over {LABEL_LIMIT} characters"
                );
            }
        }
    }
}

#[test]
fn every_exercise_reads_at_grade_9_or_below_and_areas_are_reported() {
    let catalog = catalog();
    let mut report = Vec::new();
    for area in builtin::AREAS.iter() {
        let mut area_counts = Counts::default();
        for found in catalog.exercises().filter(|f| f.exercise.area == area.id) {
            let counts = found
                .exercise
                .steps
                .iter()
                .map(|s| Counts::of(s.prompt()))
                .fold(Counts::default(), |a, b| a + b);
            let grade = counts.grade().unwrap();
            assert!(
                grade <= GRADE_LIMIT,
                "{}: grade {grade:.1}",
                found.reference()
            );
            area_counts = area_counts + counts;
        }
        report.push(format!(
            "{:<17} grade {:.1}",
            area.id,
            area_counts.grade().unwrap()
        ));
    }
    // Shown with `cargo test -- --nocapture`.
    println!("Flesch–Kincaid grade by area:\n{}", report.join("\n"));
}

#[test]
fn the_grade_check_can_fail() {
    let dense = "Notwithstanding considerable interpersonal ambivalence, individuals \
                 frequently misattribute physiological hyperarousal to relational \
                 incompatibility, consequently perpetuating maladaptive communicative \
                 configurations.";
    assert!(Counts::of(dense).grade().unwrap() > GRADE_LIMIT);
}

#[test]
fn the_catalogue_document_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let output = common::between(dir.path())
        .args(["exercises", "--markdown"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let published = std::fs::read_to_string(common::root().join("docs/exercises.md")).unwrap();
    assert!(
        published == common::stdout(&output),
        "docs/exercises.md is stale: run `cargo run -- exercises --markdown > docs/exercises.md`"
    );
    for found in catalog().exercises() {
        assert!(published.contains(&format!("`{}`", found.reference())));
    }
}
