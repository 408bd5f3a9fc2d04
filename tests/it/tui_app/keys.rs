//! Keys as data: the footer of every screen and step kind shows the key that moves
//! on, and the questionnaire's result is never skipped.

use between::tui::app::keys::screen_bindings;
use between::tui::app::{Effect, Msg, Phase, Screen, State, update};
use crossterm::event::KeyCode;

use super::screens::{between_attachment, every_kind_state};
use super::{browsing_state, press, screen, state_with, step_kind, type_text};
use crate::common::tui::key;

/// The last line of the screen at 80×24: the footer.
fn footer(state: &State) -> String {
    screen(state).lines().last().unwrap_or_default().to_owned()
}

/// The footer shows this screen's go-on key, in the words of its table, and the
/// words are `expected`.
fn shows_go_on(state: &State, expected: &str, what: &str) {
    let bindings = screen_bindings(state);
    let go_on: Vec<_> = bindings.iter().filter(|b| b.go_on).collect();
    assert_eq!(go_on.len(), 1, "{what}: one key moves on: {bindings:?}");
    let (label, help) = go_on[0].shown.clone().expect("the go-on key is shown");
    assert_eq!(format!("{label} {help}"), expected, "{what}");
    let footer = footer(state);
    assert!(
        footer.trim_start().starts_with(expected),
        "{what}: the footer starts with {expected:?}: {footer:?}"
    );
}

#[test]
fn tab_after_the_last_statement_shows_the_result_before_the_next_step() {
    let mut state = between_attachment();
    let index = state.runner.as_ref().unwrap().index;
    shows_go_on(&state, "Tab next", "an unanswered questionnaire");
    // A digit answers and goes to the next statement; twelve answer them all.
    for _ in 0..12 {
        update(&mut state, key(KeyCode::Char('4')));
    }
    shows_go_on(&state, "Tab see your result", "a complete questionnaire");
    update(&mut state, key(KeyCode::Tab));
    let shown = screen(&state);
    assert!(shown.contains("What your answers suggest"), "{shown}");
    assert_eq!(state.runner.as_ref().unwrap().index, index, "still on it");
    shows_go_on(&state, "Tab next", "the result");
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.runner.as_ref().unwrap().index, index + 1);
}

#[test]
fn every_screen_and_step_kind_shows_its_go_on_key_at_80x24() {
    let mut state = browsing_state();
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(state.screen, Screen::Home);
    shows_go_on(&state, "Enter open", "home");
    for (code, expected, what) in [
        (KeyCode::Char('J'), "Enter open", "the journal"),
        (KeyCode::Enter, "Esc back", "an entry"),
    ] {
        update(&mut state, key(code));
        shows_go_on(&state, expected, what);
    }
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, key(KeyCode::Char('/')));
    shows_go_on(&state, "Enter Esc done", "the search being typed");
    press(&mut state, &[KeyCode::Esc, KeyCode::Esc]);
    for (code, expected, what) in [
        (KeyCode::Char('L'), "Esc back", "since the last session"),
        (KeyCode::Char('P'), "Esc back", "progress"),
        (KeyCode::Char('M'), "Enter its history", "my strategies"),
        (KeyCode::Char('K'), "a add a pack", "packs"),
        (KeyCode::Char('S'), "Esc back", "the sessions"),
    ] {
        update(&mut state, key(code));
        shows_go_on(&state, expected, what);
        update(&mut state, key(KeyCode::Esc));
    }
    for (open, expected, what) in [
        (
            [KeyCode::Char('M'), KeyCode::Enter],
            "Esc back",
            "a strategy's history",
        ),
        (
            [KeyCode::Char('P'), KeyCode::Char('y')],
            "Esc back",
            "the year calendar",
        ),
    ] {
        press(&mut state, &open);
        shows_go_on(&state, expected, what);
        press(&mut state, &[KeyCode::Esc, KeyCode::Esc]);
    }
    update(&mut state, key(KeyCode::Char('K')));
    update(&mut state, key(KeyCode::Char('a')));
    shows_go_on(&state, "Enter add", "a pack's path being typed");

    // Every step kind, from the fixture pack, then the review and the end.
    let (mut state, _packs) = every_kind_state();
    shows_go_on(&state, "Enter open", "home");
    update(&mut state, key(KeyCode::Char('8')));
    shows_go_on(&state, "Enter start", "an area");
    update(&mut state, key(KeyCode::Enter));
    let mut kinds = Vec::new();
    while state.runner.as_ref().unwrap().phase == Phase::Steps {
        let kind = step_kind(&state);
        kinds.push(kind);
        shows_go_on(&state, "Tab next", kind);
        if kind == "text" {
            type_text(&mut state, "an answer");
        }
        update(&mut state, key(KeyCode::Tab));
        assert!(kinds.len() < 20, "stuck on {kinds:?}");
    }
    for kind in ["read", "scale", "checklist", "timer", "text"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    shows_go_on(&state, "Enter s save", "the review");
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Save(entry)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    update(&mut state, Msg::Saved(Box::new(entry.clone())));
    shows_go_on(&state, "Enter done", "the end of an exercise");

    let welcome = state_with(Vec::new(), Vec::new(), true);
    shows_go_on(&welcome, "Enter go on", "the welcome");
}

#[test]
fn the_step_counter_always_fits_the_title_is_shortened_first() {
    let state = between_attachment();
    for (width, height) in [(80, 24), (60, 20)] {
        let shown = crate::common::tui::screen_text(
            &state,
            width,
            height,
            &between::tui::theme::Theme::color(),
        );
        let header = shown.lines().nth(1).unwrap_or_default();
        assert!(header.ends_with("·  Step 3 of 8"), "{width}: {header:?}");
        assert!(
            header.contains(" Reflect on how you"),
            "{width}: {header:?}"
        );
    }
}

#[test]
fn ctrl_u_and_ctrl_w_erase_the_line_and_the_last_word_in_every_one_line_box() {
    use crate::common::tui::ctrl;
    // The journal's search.
    let mut state = browsing_state();
    update(&mut state, key(KeyCode::Char('/')));
    type_text(&mut state, "long  walk ");
    update(&mut state, ctrl('w'));
    assert_eq!(state.browser.search, "long  ");
    update(&mut state, ctrl('w'));
    assert_eq!(state.browser.search, "");
    type_text(&mut state, "a long walk");
    update(&mut state, ctrl('u'));
    assert_eq!(state.browser.search, "");
    assert!(state.browser.typing, "still typing");

    // The find screen's search.
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(state.screen, Screen::Home);
    update(&mut state, key(KeyCode::Char('/')));
    type_text(&mut state, "self compassion");
    update(&mut state, ctrl('w'));
    let query = |state: &State| match &state.screen {
        Screen::Find(view) => view.query.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(query(&state), "self ");
    update(&mut state, ctrl('u'));
    assert_eq!(query(&state), "");

    // The packs screen's path.
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, key(KeyCode::Char('K')));
    update(&mut state, key(KeyCode::Char('a')));
    type_text(&mut state, "~/our packs/week.json");
    update(&mut state, ctrl('w'));
    assert_eq!(state.packs.typing.as_deref(), Some("~/our "));
    update(&mut state, ctrl('u'));
    assert_eq!(state.packs.typing.as_deref(), Some(""));
}
