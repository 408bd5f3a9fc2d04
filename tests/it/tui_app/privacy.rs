//! Quick hide and the encrypted journal's lock.

use between::tui::clock::Now;

use between::journal::AnswerValue;
use between::tui::app::{Effect, Msg, update};
use crossterm::event::KeyCode;

use super::{note, screen, start_thought_record, state, state_with, type_text};
use crate::common::tui::{ctrl, key};

#[test]
fn quick_hide_blanks_the_screen_from_anywhere_and_the_next_key_only_brings_it_back() {
    let mut state = state_with(
        vec![note(
            "Talked to Jordan's sister",
            "2026-11-20T10:00:00+01:00",
        )],
        Vec::new(),
        false,
    );
    assert!(screen(&state).contains("Talked to Jordan"));
    update(&mut state, ctrl('l'));
    let hidden = screen(&state);
    assert_eq!(hidden.trim(), "Press any key.", "{hidden}");
    // Scrolling while hidden changes nothing; `q` only brings the app back.
    update(&mut state, Msg::Scroll(3));
    update(&mut state, key(KeyCode::Char('q')));
    assert!(!state.quit && !state.hidden);
    assert_eq!(state.home, between::tui::app::home::Home::default());
    assert!(screen(&state).contains("Talked to Jordan"));

    // While typing an answer: F12 hides, and the text is exactly as typed.
    start_thought_record(&mut state);
    update(&mut state, key(KeyCode::Enter));
    type_text(&mut state, "what I really think");
    update(&mut state, key(KeyCode::F(12)));
    assert!(!screen(&state).contains("what I really think"));
    update(&mut state, key(KeyCode::Char('x')));
    let runner = state.runner.as_ref().unwrap();
    assert_eq!(
        runner.inputs[1].answer(&runner.exercise.steps[1], state.now),
        Some(AnswerValue::Text {
            text: "what I really think".into()
        })
    );
    assert!(screen(&state).contains("what I really think"));
}

#[test]
fn an_encrypted_journal_locks_after_the_idle_time_or_at_once_on_quick_hide() {
    let minutes = |m: u64| std::time::Duration::from_secs(m * 60);
    let start = Now::system();
    let encrypted = |auto_lock_minutes| {
        let mut state = state();
        state.encrypted = true;
        state.settings.auto_lock_minutes = auto_lock_minutes;
        update(&mut state, Msg::Tick(start));
        update(&mut state, key(KeyCode::Char('j')));
        state
    };

    // Idle for the set time, with an exercise open: locked, the answers in a draft.
    let mut state = encrypted(5);
    start_thought_record(&mut state);
    update(&mut state, key(KeyCode::Enter));
    type_text(&mut state, "what I really think");
    update(&mut state, Msg::Tick(start + minutes(4))); // the draft's autosave, no lock
    assert!(!state.locked);
    let effects = update(&mut state, Msg::Tick(start + minutes(5)));
    // Blank at once; locked only once the draft is written.
    assert!(state.hidden && !state.locked);
    let draft_key = match effects.as_slice() {
        [Effect::SaveDraft(draft)] => {
            let saved = serde_json::to_string(draft).unwrap();
            assert!(saved.contains("what I really think"), "{saved}");
            draft.key()
        }
        other => panic!("expected the draft, got {other:?}"),
    };
    // A draft that cannot be written: no lock (the answers would be lost), and why.
    update(
        &mut state,
        Msg::Failed("Your draft could not be written: disk full".into()),
    );
    assert!(!state.locked);
    // The screen stays blank until a key; then the answer is there as typed.
    update(&mut state, key(KeyCode::Char('x')));
    let shown = screen(&state);
    assert!(shown.contains("did not lock"), "{shown}");
    assert!(
        shown.contains("what I really think") && !shown.contains("thinkx"),
        "{shown}"
    );
    // Next time it can be written: locked.
    let effects = update(&mut state, Msg::Tick(start + minutes(11)));
    assert!(matches!(effects.as_slice(), [Effect::SaveDraft(_)]));
    update(&mut state, Msg::DraftSaved(draft_key));
    assert!(state.locked);
    // What was typed is wiped from the state the lock drops (it is in the draft).
    let runner = state.runner.as_ref().unwrap();
    assert_eq!(runner.inputs[1].text().as_deref(), Some(""));
    assert_eq!(runner.inputs[1].answer(runner.step(), state.now), None);

    // Time in the editor counts as activity.
    let mut state = encrypted(5);
    update(&mut state, Msg::Active(start + minutes(30)));
    update(&mut state, Msg::Tick(start + minutes(31)));
    assert!(!state.locked);

    // A key resets the idle time.
    let mut state = encrypted(2);
    update(&mut state, Msg::Tick(start + minutes(1)));
    update(&mut state, key(KeyCode::Char('j')));
    update(&mut state, Msg::Tick(start + minutes(2)));
    assert!(!state.locked);
    update(&mut state, Msg::Tick(start + minutes(3) + minutes(1)));
    assert!(state.locked);

    // 0 minutes: never by time; quick hide still locks at once.
    let mut state = encrypted(0);
    update(&mut state, Msg::Tick(start + minutes(600)));
    assert!(!state.locked);
    update(&mut state, ctrl('l'));
    assert!(state.locked && state.hidden);

    // A plain journal has nothing to lock: quick hide only hides.
    let mut plain = self::state();
    update(&mut plain, Msg::Tick(start + minutes(600)));
    update(&mut plain, ctrl('l'));
    assert!(plain.hidden && !plain.locked);
}

#[test]
fn a_running_break_is_never_locked_away_and_runs_on_after_a_lock() {
    let minutes = |m: u64| std::time::Duration::from_secs(m * 60);
    let start = Now::system();
    let mut state = state();
    state.encrypted = true;
    state.settings.auto_lock_minutes = 5;
    update(&mut state, Msg::Tick(start));
    start_thought_record(&mut state);
    update(&mut state, key(KeyCode::Enter));
    type_text(&mut state, "the fight about the car");
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(super::step_kind(&state), "timer");
    // The 20-minute break starts; 6 and 12 minutes in, no idle lock.
    update(&mut state, key(KeyCode::Char(' ')));
    update(&mut state, Msg::Tick(start + minutes(6)));
    update(&mut state, Msg::Tick(start + minutes(12)));
    assert!(!state.hidden && !state.locked, "locked during the break");
    assert!(screen(&state).contains("8:00 left"), "{}", screen(&state));
    // Quick hide locks at once: the draft keeps the break running to its end.
    let effects = update(&mut state, ctrl('l'));
    let [Effect::SaveDraft(draft)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let ends = start.wall + chrono::TimeDelta::minutes(20);
    assert_eq!(draft.running_until, Some(ends));
    // Unlocked three minutes later: the break is still running, five minutes left.
    let mut again = super::state();
    update(&mut again, Msg::Tick(start + minutes(15)));
    update(&mut again, Msg::DraftLoaded(Box::new(draft.clone())));
    let shown = screen(&again);
    assert!(shown.contains("5:00 left"), "{shown}");
    assert!(!shown.contains("Paused"), "{shown}");
    // And it ends when it was meant to.
    update(&mut again, Msg::Tick(start + minutes(21)));
    assert!(screen(&again).contains("Time is up"), "{}", screen(&again));
}
