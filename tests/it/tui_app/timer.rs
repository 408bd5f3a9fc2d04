//! The break of the flooding exercise: it lists what was ticked for it, and flashes
//! when the time is up.

use between::tui::app::{Screen, State, update};
use between::tui::theme::Theme;
use crossterm::event::KeyCode;

use super::{press, state};
use crate::common::tui::screen_text;

/// The flooding exercise, on its checklist of what to do in the break.
fn on_the_checklist() -> State {
    on_the_checklist_of(state())
}

/// As [`on_the_checklist`], from `state` on home.
fn on_the_checklist_of(mut state: State) -> State {
    press(
        &mut state,
        &[
            KeyCode::Char('3'),
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Enter,
        ],
    );
    assert_eq!(state.screen, Screen::Runner);
    let runner = state.runner.as_mut().unwrap();
    assert_eq!(runner.exercise.id, "triggers-flooding-break");
    runner.index = runner
        .exercise
        .steps
        .iter()
        .position(|s| s.id() == "during")
        .unwrap();
    state
}

#[test]
fn the_break_lists_what_was_ticked_for_it_at_every_size() {
    let mut state = on_the_checklist();
    // The first and the third: walk, and cold water.
    press(
        &mut state,
        &[
            KeyCode::Char(' '),
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Char(' '),
            KeyCode::Tab,
        ],
    );
    assert_eq!(state.runner.as_ref().unwrap().step().id(), "break");
    for (width, height) in [(80, 24), (60, 20)] {
        let text = screen_text(&state, width, height, &Theme::monochrome());
        let flat = text
            .replace('│', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(flat.contains("Do the things you ticked"), "{text}");
        assert!(flat.contains("• Walk or move my body"), "{text}");
        assert!(flat.contains("• Splash cold water on my face"), "{text}");
        assert!(!flat.contains("Listen to calm music"), "{text}");
        // The countdown stays in sight.
        assert!(flat.contains("Press Space to start."), "{text}");
    }
}

/// What the break says when nothing was ticked for it, from home in `state`.
fn nothing_ticked(state: State, says: &str) {
    let mut state = on_the_checklist_of(state);
    update(&mut state, crate::common::tui::key(KeyCode::Tab));
    let text = screen_text(&state, 80, 24, &Theme::monochrome());
    let flat = text
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains(says), "{text}");
}

#[test]
fn a_break_with_nothing_ticked_says_so_and_how_to_go_back() {
    nothing_ticked(
        state(),
        "You ticked nothing for the break. Shift-Tab goes back to the list.",
    );
}

#[test]
fn a_break_with_nothing_ticked_names_the_users_own_key_to_go_back() {
    nothing_ticked(
        super::own_keys::state_with_settings(r#"{ "keys": { "previous": "f7" } }"#),
        "You ticked nothing for the break. F7 goes back to the list.",
    );
}
