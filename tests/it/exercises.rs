//! The built-in exercise library meets the bar of the writing guide: every area has an
//! introduction and a real programme, every exercise is complete and readable, and
//! every step fits on an 80×24 screen.

use crate::common;

use std::collections::HashMap;

use between::pack::model::Step;
use between::pack::readability::Counts;
use between::pack::{Catalog, ExerciseRef};
use between::pack::{builtin, promises};

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
            exercises.len() >= 7,
            "{}: {} exercises (at least 7)",
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
fn the_library_has_at_least_55_exercises() {
    let count = catalog().exercises().count();
    assert!(count >= 55, "{count} exercises");
}

#[test]
fn every_promise_of_the_work_is_served_and_every_exercise_serves_one() {
    let catalog = catalog();
    for found in catalog.exercises() {
        assert!(
            !found.exercise.serves.is_empty(),
            "{}: `serves` names no promise",
            found.reference()
        );
        // Unknown ids are refused when the pack loads; this shows it.
        for id in &found.exercise.serves {
            assert!(promises::find(id).is_some(), "{}: {id}", found.reference());
        }
    }
    for promise in &promises::PROMISES {
        assert!(
            catalog
                .exercises()
                .any(|f| f.exercise.serves.iter().any(|id| id == promise.id)),
            "no exercise serves `{}`: {}",
            promise.id,
            promise.text
        );
    }
}

/// Words that say a practice suggestion asks the user to do something with the
/// partner: such a practice must be marked `with_partner`, so that it needs a safety
/// check and is not offered after a fear answer.
const WITH_THE_PARTNER: [&str; 14] = [
    "say",
    "share",
    "ask",
    "tell",
    "talk",
    "invite",
    "raise",
    "offer",
    "suggest",
    "explain",
    "apologize",
    "thank",
    "hug",
    "bring",
];

/// Phrases in a step's prompt that prepare words for the partner.
const WORDS_FOR_THE_PARTNER: [&str; 10] = [
    "say to your partner",
    "tell your partner",
    "ask your partner",
    "invite your partner",
    "share with your partner",
    "talk to your partner",
    "raise it with your partner",
    "bring it up with your partner",
    "what you will say",
    "words you will say",
];

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The example packs a therapist starts from, in `exercises/examples/`.
fn examples() -> Vec<between::pack::Pack> {
    let dir = common::root().join("exercises/examples");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| between::pack::load_file(path).unwrap())
        .collect()
}

#[test]
fn whatever_involves_the_partner_is_marked_and_comes_after_a_safety_check() {
    let catalog = catalog();
    let examples = examples();
    assert!(examples.iter().any(|p| !p.exercises.is_empty()));
    let every = catalog
        .exercises()
        .map(|found| (found.reference(), found.exercise))
        .chain(examples.iter().flat_map(|pack| {
            pack.exercises
                .iter()
                .map(move |e| (format!("{} (example)/{}", pack.id, e.id), e))
        }));
    for (name, e) in every {
        if let Some(check) = e.safety_check() {
            let Step::Choice(choice) = &e.steps[check] else {
                unreachable!()
            };
            assert!(
                choice
                    .options
                    .iter()
                    .any(|o| o.safety && o.label.to_lowercase().contains("control")),
                "{name}: the safety check offers no option about control"
            );
        }
        if let Some(practice) = &e.practice {
            let words = words_of(&practice.attempt);
            let mentions = words
                .iter()
                .any(|w| matches!(w.as_str(), "partner" | "partner's" | "them" | "they"));
            let acts = words.iter().any(|w| WITH_THE_PARTNER.contains(&w.as_str()));
            assert!(
                !(mentions && acts) || practice.with_partner,
                "{name}: the practice involves the partner but is not marked `with_partner`: {:?}",
                practice.attempt
            );
        }
        for step in &e.steps {
            let prompt = step.prompt().to_lowercase();
            let prepares = WORDS_FOR_THE_PARTNER.iter().any(|p| prompt.contains(p));
            assert!(
                !prepares || step.kind() == "read" || step.is_safety_check() || step.with_partner(),
                "{name} step {}: prepares words for the partner but is not marked `with_partner`",
                step.id()
            );
        }
        // The order is the checker's rule; built-in packs load only when it holds.
        let check = e.safety_check();
        for (i, step) in e.steps.iter().enumerate() {
            assert!(
                !step.with_partner() || check.is_some_and(|c| c < i),
                "{name} step {}",
                step.id()
            );
        }
    }
}

#[test]
fn the_partner_rule_can_fail() {
    let words = words_of("Once this week, tell your partner one thing you value.");
    assert!(words.iter().any(|w| w == "partner"));
    assert!(words.iter().any(|w| WITH_THE_PARTNER.contains(&w.as_str())));
}

/// British spellings the app does not use (it writes US English: practice as noun
/// and verb, criticize, behavior).
const BRITISH: [&str; 16] = [
    "practise",
    "practised",
    "practising",
    "criticise",
    "criticised",
    "behaviour",
    "colour",
    "recognise",
    "apologise",
    "organise",
    "realise",
    "humour",
    "favour",
    "honour",
    "centre",
    "judgement",
];

#[test]
fn every_text_uses_us_spelling() {
    let catalog = catalog();
    for loaded in catalog.packs() {
        let text = serde_json::to_string(&loaded.pack).unwrap();
        for word in words_of(&text) {
            let stem = word.trim_end_matches('s');
            assert!(
                !BRITISH.contains(&word.as_str()) && !BRITISH.contains(&stem),
                "{}: British spelling `{word}`",
                loaded.pack.id
            );
        }
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
