//! Safety in the runner, enforced from the pack's own data: an answer that signals fear
//! opens the safety screen, skips every step with the partner, ends on help instead of
//! the practice and makes no plan; changing the answer back restores the normal path.
//! Run over a fixture whose every step is known, and over every built-in exercise with
//! a safety check. Also: safety and quick hide at any window size, and the note that an
//! assigned exercise's answers go into the homework report.

use crate::common;

use between::tui::clock::Now;

use between::journal::{AnswerValue, Journal};
use between::pack::model::Step;
use between::pack::{Catalog, builtin};
use between::tui::app::{Effect, Msg, Overlay, Phase, Screen, State, update};
use between::tui::theme::Theme;
use crossterm::event::KeyCode;

use common::tui::{ctrl, key, screen_text, state_of};

fn state_with(catalog: Catalog) -> State {
    state_of(catalog, Journal::default(), Vec::new(), false)
}

/// The built-in packs and the safety-path fixture, installed in a temporary folder.
fn with_fixture() -> (State, tempfile::TempDir) {
    let packs = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::fixture("packs/good/safety-path.json"),
        packs.path().join("safety-path.json"),
    )
    .unwrap();
    let catalog = Catalog::load(packs.path()).unwrap();
    assert!(catalog.warnings.is_empty(), "{:?}", catalog.warnings);
    (state_with(catalog), packs)
}

fn press(state: &mut State, code: KeyCode) -> Vec<Effect> {
    update(state, key(code))
}

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, key(KeyCode::Char(c)));
    }
}

fn screen_at(state: &State, width: u16, height: u16) -> String {
    screen_text(state, width, height, &Theme::color())
}

fn screen(state: &State) -> String {
    screen_at(state, 80, 24)
}

/// The screen's words as one line, without borders, so a phrase is found wherever
/// the text wrapped.
fn words(state: &State) -> String {
    screen(state)
        .replace(['│', '┌', '┐', '└', '┘', '─'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Opens exercise `exercise` of `pack` from home, as a user would: the area's number,
/// then down the list to it, then Enter.
fn open(state: &mut State, pack: &str, exercise: &str) {
    let found = state
        .catalog
        .exercises()
        .find(|f| f.pack.pack.id == pack && f.exercise.id == exercise)
        .unwrap();
    let area = found.exercise.area.clone();
    let number = builtin::AREAS.iter().position(|a| a.id == area).unwrap() + 1;
    let place = state
        .catalog
        .exercises()
        .filter(|f| f.exercise.area == area)
        .position(|f| f.pack.pack.id == pack && f.exercise.id == exercise)
        .unwrap();
    state.screen = Screen::Home;
    press(
        state,
        KeyCode::Char(char::from_digit(number as u32, 10).unwrap()),
    );
    for _ in 0..place {
        press(state, KeyCode::Down);
    }
    press(state, KeyCode::Enter);
    let runner = state.runner.as_ref().expect("the exercise opens");
    assert_eq!(runner.exercise.id, exercise);
}

fn runner(state: &State) -> &between::tui::app::Runner {
    state.runner.as_ref().unwrap()
}

fn step(state: &State) -> Step {
    runner(state).step().clone()
}

/// Answers the current step as a user in a hurry would (a few words, a middle
/// rating), then moves on with Tab. Not for the safety check.
fn answer_and_go_on(state: &mut State) {
    match step(state) {
        Step::Text(_) => type_text(state, "a few words"),
        Step::Questionnaire(q) => {
            let middle = (q.scale.min + q.scale.max) / 2;
            for _ in &q.items {
                type_text(state, &middle.to_string());
            }
            // The first Tab shows the result, on the same step; the next moves on.
            let at = runner(state).index;
            press(state, KeyCode::Tab);
            assert_eq!(runner(state).index, at, "the result is shown first");
        }
        _ => {}
    }
    press(state, KeyCode::Tab);
}

/// Chooses option `option` of the safety check on screen, and only it, and moves on.
fn choose(state: &mut State, option: usize) {
    let Step::Choice(check) = step(state) else {
        panic!("not a choice");
    };
    assert!(step(state).is_safety_check());
    let chosen = |state: &State| -> Vec<String> {
        let runner = runner(state);
        match runner.inputs[runner.index].answer(runner.step(), Now::system()) {
            Some(AnswerValue::Choice { chosen, .. }) => {
                chosen.iter().map(|c| c.to_string()).collect()
            }
            _ => Vec::new(),
        }
    };
    for (i, candidate) in check.options.iter().enumerate() {
        let wanted = i == option;
        if wanted != chosen(state).contains(&candidate.label) && (check.multiple || wanted) {
            press(state, KeyCode::Home);
            for _ in 0..i {
                press(state, KeyCode::Down);
            }
            press(state, KeyCode::Char(' '));
        }
    }
    assert_eq!(chosen(state), [check.options[option].label.clone()]);
    press(state, KeyCode::Tab);
}

/// Walks from the current step to the review, answering each step; returns the ids
/// of the steps shown on the way. Stops at a safety check and returns it too.
fn walk(state: &mut State, until_check: bool) -> Vec<String> {
    let mut shown = Vec::new();
    for _ in 0..40 {
        if runner(state).phase != Phase::Steps {
            return shown;
        }
        if state.overlay.is_some() {
            press(state, KeyCode::Esc);
        }
        let now = step(state);
        shown.push(now.id().to_owned());
        if now.is_safety_check() && until_check {
            return shown;
        }
        if now.is_safety_check() {
            // A later check (or the same one again): keep its answer as it is.
            press(state, KeyCode::Tab);
        } else {
            answer_and_go_on(state);
        }
    }
    panic!("the walk did not reach the review");
}

/// Saves from the review, as the shell would, and lands on the end screen.
fn save(state: &mut State) -> between::journal::Entry {
    assert_eq!(runner(state).phase, Phase::Review);
    let effects = press(state, KeyCode::Enter);
    let [Effect::Save(entry)] = effects.as_slice() else {
        panic!("expected one save, got {effects:?}");
    };
    let entry = entry.clone();
    update(state, Msg::Saved(Box::new(entry.clone())));
    assert!(matches!(runner(state).phase, Phase::Saved(_)));
    entry
}

/// One line of the practice suggestion, as the end screen would show its start.
fn practice_start(state: &State) -> Option<String> {
    runner(state).exercise.practice.as_ref().map(|p| {
        p.attempt
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// The fear path of `pack`/`exercise` with safety option `option`: the safety screen
/// opens, no step with the partner is shown, the end screen holds help and no
/// practice, and `p` makes no plan. Returns a description of what went wrong, if
/// anything did.
fn fear_path(pack: &str, exercise: &str, option: usize, catalog: fn() -> State) {
    let mut state = catalog();
    open(&mut state, pack, exercise);
    let at = format!("{pack}/{exercise} option {option}");
    walk(&mut state, true);
    choose(&mut state, option);
    assert_eq!(
        state.overlay,
        Some(Overlay::Safety),
        "{at}: no safety screen"
    );
    assert!(screen(&state).contains("988"), "{at}");
    press(&mut state, KeyCode::Esc);
    assert!(runner(&state).safety_mode(), "{at}");
    if runner(&state).phase == Phase::Steps {
        assert!(
            screen(&state).contains("Safety first: the steps with your partner are skipped"),
            "{at}: {}",
            screen(&state)
        );
    }
    let shown = walk(&mut state, false);
    let steps = runner(&state).exercise.steps.clone();
    for id in &shown {
        let step = steps.iter().find(|s| s.id() == id).unwrap();
        assert!(
            !step.with_partner(),
            "{at}: the step `{id}` with the partner was shown"
        );
    }
    let review = screen(&state);
    let entry = save(&mut state);
    assert!(
        entry.answers.iter().any(|a| a.step.as_str() == "safety"
            || steps
                .iter()
                .any(|s| s.id() == a.step.as_str() && s.is_safety_check())),
        "{at}: the safety answer was not saved ({review})"
    );
    let end = words(&state);
    assert!(!end.contains("Well done"), "{at}: {end}");
    assert!(end.contains("Your safety comes first"), "{at}: {end}");
    assert!(
        end.contains("talk to your therapist or a hotline"),
        "{at}: {end}"
    );
    assert!(end.contains("988"), "{at}: {end}");
    assert!(!end.contains("Press p"), "{at}: {end}");
    assert!(!end.contains("try this"), "{at}: {end}");
    if let Some(start) = practice_start(&state) {
        assert!(!end.contains(&start), "{at}: the practice is shown: {end}");
    }
    assert_eq!(press(&mut state, KeyCode::Char('p')), vec![], "{at}");
    assert!(
        matches!(runner(&state).phase, Phase::Saved(_)),
        "{at}: a plan form opened"
    );
    assert!(
        state
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("no plan is made"),
        "{at}"
    );
    // The warning stays with the exercise: home does not repeat it.
    press(&mut state, KeyCode::Enter);
    assert_ne!(state.screen, Screen::Runner);
    assert_eq!(state.status, None, "{at}");
}

/// The same exercise: a fear answer, a few steps, then back to the check to change
/// the answer to `safe`: every step is on the path again, and the end offers the
/// practice and a plan.
fn changed_back(pack: &str, exercise: &str, fear: usize, safe: usize, catalog: fn() -> State) {
    let mut state = catalog();
    open(&mut state, pack, exercise);
    let at = format!("{pack}/{exercise} option {fear} then {safe}");
    let before = walk(&mut state, true);
    let check = runner(&state).index;
    choose(&mut state, fear);
    press(&mut state, KeyCode::Esc);
    // One step on, then all the way back to the check.
    if runner(&state).phase == Phase::Steps {
        answer_and_go_on(&mut state);
    }
    if runner(&state).phase == Phase::Review {
        press(&mut state, KeyCode::BackTab);
    }
    while runner(&state).index > check {
        press(&mut state, KeyCode::BackTab);
    }
    assert_eq!(runner(&state).index, check, "{at}");
    choose(&mut state, safe);
    assert_eq!(state.overlay, None, "{at}");
    assert!(!runner(&state).safety_mode(), "{at}");
    assert_eq!(
        runner(&state).index,
        check + 1,
        "{at}: the next step was skipped"
    );
    let after = walk(&mut state, false);
    let steps = runner(&state).exercise.steps.clone();
    let with_partner: Vec<&str> = steps[check + 1..]
        .iter()
        .filter(|s| s.with_partner())
        .map(Step::id)
        .collect();
    for id in &with_partner {
        assert!(
            after.iter().any(|shown| shown == id),
            "{at}: `{id}` was not shown"
        );
    }
    assert_eq!(before.len() + after.len(), steps.len(), "{at}: {after:?}");
    save(&mut state);
    let end = screen(&state);
    assert!(end.contains("Well done"), "{at}: {end}");
    if runner(&state).exercise.practice.is_some() {
        assert!(end.contains("Press p"), "{at}: {end}");
        press(&mut state, KeyCode::Char('p'));
        assert_eq!(runner(&state).exercise.title, "Make it a plan", "{at}");
    }
}

fn fixture_state() -> State {
    // The folder may go: the catalog holds the packs in memory.
    with_fixture().0
}

/// The built-in packs, loaded once for the many walks over them.
static BUILTIN: std::sync::LazyLock<Catalog> =
    std::sync::LazyLock::new(|| Catalog::builtin().unwrap());

fn builtin_state() -> State {
    state_with(BUILTIN.clone())
}

#[test]
fn a_fear_answer_skips_every_step_with_the_partner_and_ends_on_help() {
    let mut state = fixture_state();
    open(&mut state, "safety-path", "raise-a-need");
    assert!(screen(&state).contains("Step 1 of 7"));
    press(&mut state, KeyCode::Tab);
    choose(&mut state, 1);
    assert_eq!(state.overlay, Some(Overlay::Safety));
    press(&mut state, KeyCode::Esc);
    // The reflection stays: feeling, then self; words, check and rehearse are skipped.
    assert_eq!(step(&state).id(), "feeling");
    let text = screen(&state);
    assert!(text.contains("Step 3 of 4"), "{text}");
    assert!(
        text.contains("Safety first: the steps with your partner are skipped."),
        "{text}"
    );
    type_text(&mut state, "tired");
    press(&mut state, KeyCode::Tab);
    assert_eq!(step(&state).id(), "self");
    // Back goes over the skipped steps too.
    press(&mut state, KeyCode::BackTab);
    assert_eq!(step(&state).id(), "feeling");
    press(&mut state, KeyCode::Tab);
    type_text(&mut state, "a walk");
    press(&mut state, KeyCode::Tab);
    // The last step (rehearse) is with the partner: straight to the review.
    assert_eq!(runner(&state).phase, Phase::Review);
    let review = screen(&state);
    assert!(
        review.contains("tired") && review.contains("a walk"),
        "{review}"
    );
    assert!(!review.contains("Write the words"), "{review}");
    let entry = save(&mut state);
    let steps: Vec<&str> = entry.answers.iter().map(|a| a.step.as_str()).collect();
    assert_eq!(steps, ["safety", "feeling", "self"]);
    let end = screen(&state);
    assert!(end.contains("This is in your journal now."), "{end}");
    assert!(!end.contains("Well done"), "{end}");
    assert!(!end.contains("Share your need"), "{end}");
    assert!(end.contains("1-800-799-7233"), "{end}");
    assert_eq!(press(&mut state, KeyCode::Char('p')), vec![]);
    assert!(matches!(runner(&state).phase, Phase::Saved(_)));
}

#[test]
fn what_was_written_before_a_fear_answer_is_still_saved() {
    let mut state = fixture_state();
    open(&mut state, "safety-path", "raise-a-need");
    press(&mut state, KeyCode::Tab);
    choose(&mut state, 0);
    type_text(&mut state, "uneasy");
    press(&mut state, KeyCode::Tab);
    type_text(&mut state, "Can we talk about Sundays?");
    // Back to the check, and now the answer is fear.
    for _ in 0..2 {
        press(&mut state, KeyCode::BackTab);
    }
    choose(&mut state, 2);
    press(&mut state, KeyCode::Esc);
    walk(&mut state, false);
    let entry = save(&mut state);
    let words = entry.answers.iter().find(|a| a.step.as_str() == "words");
    assert!(
        matches!(words.map(|a| &a.value), Some(AnswerValue::Text { text }) if text == "Can we talk about Sundays?"),
        "{:?}",
        entry.answers
    );
    // The review showed it too, since it was written.
    assert!(screen(&state).contains("Your safety comes first"));
}

#[test]
fn the_safety_state_comes_from_the_answers_and_changing_back_restores_the_path() {
    changed_back("safety-path", "raise-a-need", 1, 0, fixture_state);
    // The sticky flag of old: afraid, back, shaken but safe, finish: a plan is offered
    // and home says nothing of fear.
    let mut state = fixture_state();
    open(&mut state, "safety-path", "raise-a-need");
    press(&mut state, KeyCode::Tab);
    choose(&mut state, 2);
    press(&mut state, KeyCode::Esc);
    press(&mut state, KeyCode::BackTab);
    choose(&mut state, 0);
    walk(&mut state, false);
    save(&mut state);
    assert!(screen(&state).contains("Share your need with your partner"));
    press(&mut state, KeyCode::Char('p'));
    assert_eq!(runner(&state).exercise.title, "Make it a plan");
}

#[test]
fn a_draft_kept_on_a_skipped_step_resumes_on_the_path() {
    let mut state = fixture_state();
    open(&mut state, "safety-path", "raise-a-need");
    press(&mut state, KeyCode::Tab);
    choose(&mut state, 0);
    press(&mut state, KeyCode::Tab);
    // On `words` (with the partner) with a safe answer; then the draft is changed as
    // if the check had been answered with fear in another window.
    assert_eq!(step(&state).id(), "words");
    let effects = update(&mut state, Msg::Terminate);
    let [Effect::SaveDraft(draft)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let mut draft = draft.clone();
    let Some(AnswerValue::Choice { chosen, .. }) = &mut draft.answers[1] else {
        panic!("{:?}", draft.answers);
    };
    *chosen = vec!["Afraid of how my partner might react".into()];
    let mut state = fixture_state();
    update(&mut state, Msg::DraftLoaded(Box::new(draft)));
    assert!(runner(&state).safety_mode());
    assert_eq!(step(&state).id(), "self");
}

#[test]
fn every_built_in_safety_check_changes_the_path_for_each_fear_answer() {
    let catalog = Catalog::builtin().unwrap();
    let mut checked = 0;
    for found in catalog.exercises() {
        let exercise = found.exercise;
        let Some(check) = exercise.safety_check() else {
            continue;
        };
        let Step::Choice(choice) = &exercise.steps[check] else {
            unreachable!()
        };
        let safe = choice.options.iter().position(|o| !o.safety).unwrap();
        for (option, _) in choice.options.iter().enumerate().filter(|(_, o)| o.safety) {
            fear_path(&found.pack.pack.id, &exercise.id, option, builtin_state);
            checked += 1;
        }
        let fear = choice.options.iter().position(|o| o.safety).unwrap();
        changed_back(&found.pack.pack.id, &exercise.id, fear, safe, builtin_state);
    }
    assert!(checked >= 20, "only {checked} fear answers were walked");
}

#[test]
fn safety_and_quick_hide_work_below_the_smallest_size() {
    let mut state = builtin_state();
    for (w, h) in [(59, 20), (60, 19), (40, 12), (30, 8)] {
        let text = screen_at(&state, w, h);
        assert!(text.contains("too small"), "{w}x{h}: {text}");
        assert!(text.contains("988"), "{w}x{h}: {text}");
        assert!(text.contains("Ctrl-L"), "{w}x{h}: {text}");
    }
    // `!` and Ctrl-G open the safety screen, which fills the small window.
    press(&mut state, KeyCode::Char('!'));
    let text = screen_at(&state, 40, 12);
    assert!(!text.contains("too small"), "{text}");
    assert!(text.contains("988"), "{text}");
    press(&mut state, KeyCode::Esc);
    update(&mut state, ctrl('g'));
    assert!(screen_at(&state, 59, 20).contains("1-800-799-7233"));
    press(&mut state, KeyCode::Esc);
    // Quick hide blanks even the small screen.
    update(&mut state, ctrl('l'));
    let text = screen_at(&state, 40, 12);
    assert!(
        !text.contains("too small") && !text.contains("988"),
        "{text}"
    );
    assert!(text.contains("Press any key."), "{text}");
}

#[test]
fn an_assigned_exercise_says_its_answers_go_into_the_report() {
    let packs = tempfile::tempdir().unwrap();
    let today = between::journal::dates::today();
    let homework = serde_json::json!({
        "format": 1, "id": "homework", "version": 1, "title": "This week",
        "description": "Homework.",
        "exercises": [],
        "assignment": {
            "from": "Sam Rivera, LMFT",
            "assigned": (today - chrono::Days::new(3)).to_string(),
            "due": (today + chrono::Days::new(4)).to_string(),
            "items": [{ "exercise": "communication/gentle-start-up", "times": 2, "per": "week" }]
        }
    });
    std::fs::write(packs.path().join("homework.json"), homework.to_string()).unwrap();
    let mut state = state_with(Catalog::load(packs.path()).unwrap());
    open(&mut state, "communication", "gentle-start-up");
    let text = screen(&state);
    assert!(
        text.contains("Homework from Sam Rivera, LMFT: your answers go into their report"),
        "{text}"
    );
    // An exercise that is not assigned says nothing of it.
    let mut state = state_with(Catalog::load(packs.path()).unwrap());
    open(&mut state, "triggers", "thought-record");
    assert!(!screen(&state).contains("Homework from"));
}

#[test]
fn snapshots_of_the_safety_path() {
    let mut state = fixture_state();
    open(&mut state, "safety-path", "raise-a-need");
    press(&mut state, KeyCode::Tab);
    choose(&mut state, 1);
    press(&mut state, KeyCode::Esc);
    insta::assert_snapshot!("skipping_80x24", screen(&state));
    insta::assert_snapshot!("skipping_60x20", screen_at(&state, 60, 20));
    walk(&mut state, false);
    save(&mut state);
    insta::assert_snapshot!("end_after_fear_80x24", screen(&state));
    insta::assert_snapshot!("end_after_fear_60x20", screen_at(&state, 60, 20));
    insta::assert_snapshot!("too_small_59x20", screen_at(&state, 59, 20));
}
