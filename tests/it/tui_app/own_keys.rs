//! Keys of one's own: settings.json's `"keys"` through `update` (the keys given work,
//! the keys they replace no longer do, where text is typed characters still type),
//! the footer and `?` showing them, a refused entry said at start with the others'
//! keys kept, and the tables' own keys, which never clash.

use between::journal::Journal;
use between::pack::Catalog;
use between::tui::app::keys::places;
use between::tui::app::{Overlay, Screen, State, update};
use between::tui::key_names::{ACTIONS, action_name};
use crossterm::event::KeyCode;

use super::{browsing_state, screen};
use crate::common::tui::{ctrl, key, start_of};

/// The app past the welcome, with the settings that `settings_json` gives.
pub(super) fn state_with_settings(settings_json: &str) -> State {
    let from_file = between::settings::read(settings_json);
    assert_eq!(from_file.problems, [], "{settings_json}");
    let mut state = State::new(between::tui::app::Start {
        settings: from_file.settings,
        ..start_of(
            Catalog::builtin().unwrap(),
            Journal::default(),
            Vec::new(),
            false,
        )
    });
    update(
        &mut state,
        between::tui::app::Msg::Tick(between::tui::clock::Now::system()),
    );
    state
}

const OWN: &str = r#"{ "keys": {
    "down": ["ctrl-n", "down"],
    "up": ["ctrl-p", "up"],
    "journal": "j",
    "quit": ["ctrl-q", "Q"]
} }"#;

#[test]
fn the_keys_given_work_and_those_they_replace_do_not() {
    let mut state = state_with_settings(OWN);
    assert_eq!(state.screen, Screen::Home);
    assert_eq!(state.status, None, "no problem to tell");
    let at = state.home.area;
    // `j` no longer moves: it is the journal's now.
    update(&mut state, ctrl('n'));
    assert_eq!(state.home.area, at + 1);
    update(&mut state, ctrl('p'));
    assert_eq!(state.home.area, at);
    update(&mut state, key(KeyCode::Char('j')));
    assert_eq!(state.screen, Screen::Journal);
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(state.screen, Screen::Home);
    // `J`, the journal's own key, is no longer bound; `q` no longer quits, nor Ctrl-C.
    update(&mut state, key(KeyCode::Char('J')));
    update(&mut state, key(KeyCode::Char('q')));
    update(&mut state, ctrl('c'));
    assert_eq!((state.screen.clone(), state.quit), (Screen::Home, false));
    update(&mut state, key(KeyCode::Char('Q')));
    assert!(state.quit, "Q quits");
    let mut state = state_with_settings(OWN);
    update(&mut state, ctrl('q'));
    assert!(state.quit, "Ctrl-Q quits");
}

#[test]
fn where_text_is_typed_characters_given_as_keys_still_type() {
    let mut state = state_with_settings(OWN);
    update(&mut state, key(KeyCode::Char('/')));
    assert!(
        matches!(state.screen, Screen::Find(_)),
        "{:?}",
        state.screen
    );
    // `Q` types while finding an exercise; Ctrl-Q still quits.
    for c in "Qj".chars() {
        update(&mut state, key(KeyCode::Char(c)));
    }
    let Screen::Find(find) = &state.screen else {
        panic!("{:?}", state.screen);
    };
    assert_eq!(find.query, "Qj");
    assert!(!state.quit);
    update(&mut state, ctrl('q'));
    assert!(state.quit);
}

#[test]
fn the_footer_and_help_show_the_keys_given() {
    let mut state = state_with_settings(OWN);
    let home = screen(&state);
    let footer = home.lines().last().unwrap();
    assert!(footer.contains("Ctrl-N/↓ Ctrl-P/↑ move"), "{footer}");
    insta::assert_snapshot!("own_keys_home_80x24", home);
    update(&mut state, key(KeyCode::Char('?')));
    assert_eq!(state.overlay, Some(Overlay::Help));
    let help = screen(&state);
    for line in [
        format!("{:<14}journal", "j"),
        format!("{:<14}quit", "Ctrl-Q/Q"),
        "Ctrl-N/↓ Ctrl-P/↑ move".to_owned(),
    ] {
        assert!(help.contains(&line), "{line}: {help}");
    }
    assert_eq!(help.matches("quit").count(), 1, "one line for quit: {help}");
    insta::assert_snapshot!("own_keys_help_80x24", help);
}

#[test]
fn an_entry_that_cannot_be_used_is_said_at_start_and_its_action_keeps_its_keys() {
    let from_file = between::settings::read(r#"{ "keys": { "down": ["down", "n"] } }"#);
    let mut state = browsing_state();
    state = State::new(between::tui::app::Start {
        settings: from_file.settings,
        ..start_of(
            Catalog::builtin().unwrap(),
            state.journal.clone(),
            Vec::new(),
            false,
        )
    });
    let status = state.status.clone().expect("the problem is said");
    assert!(status.error);
    assert!(
        status.text.contains(
            "settings.json:1:21: keys.down: n already stands for `note`: choose another key"
        ),
        "{}",
        status.text
    );
    assert!(
        status
            .text
            .contains("the entry is left out, and the app's own keys stand"),
        "{}",
        status.text
    );
    // Down keeps its own keys, and `n` is still the note's.
    let at = state.home.area;
    update(&mut state, key(KeyCode::Char('j')));
    assert_eq!(state.home.area, at + 1);
    assert!(screen(&state).contains("↑↓ jk move"));
}

#[test]
fn the_tables_own_keys_never_clash_and_every_action_bound_has_a_name() {
    for [global, table] in places() {
        let mut bound: Vec<(between::tui::keymap::Key, between::tui::keymap::Action)> = Vec::new();
        for binding in global.bindings.iter().chain(table.bindings) {
            let Some(action) = binding.action else {
                continue;
            };
            assert!(!action_name(action).is_empty(), "{action:?} has a name");
            for key in binding.keys.iter() {
                match bound.iter().find(|(k, _)| k == key) {
                    Some((_, other)) => assert_eq!(
                        *other, action,
                        "{key:?} in {} and {}",
                        global.name, table.name
                    ),
                    None => bound.push((*key, action)),
                }
            }
        }
    }
}

#[test]
fn the_readme_lists_every_action_by_its_name() {
    let readme = std::fs::read_to_string(crate::common::root().join("README.md")).unwrap();
    let listed = readme
        .split("<!-- actions -->")
        .nth(1)
        .expect("the README's list of actions");
    for (_, name) in ACTIONS {
        let row = if let Some(n) = name.strip_prefix("area-") {
            if n != "1" {
                continue;
            }
            "| `area-1` … `area-9` |".to_owned()
        } else {
            format!("| `{name}` |")
        };
        assert!(listed.contains(&row), "{name} is listed");
    }
}

#[test]
fn in_an_exercise_the_step_keys_given_move_on_and_the_footer_says_so() {
    let mut state = state_with_settings(r#"{ "keys": { "next": "f5" } }"#);
    super::start_thought_record(&mut state);
    let index = state.runner.as_ref().unwrap().index;
    let footer = screen(&state).lines().last().unwrap().to_owned();
    assert!(footer.trim_start().starts_with("F5 next"), "{footer}");
    // Tab no longer moves on; F5 does.
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.runner.as_ref().unwrap().index, index);
    update(&mut state, key(KeyCode::F(5)));
    assert_eq!(state.runner.as_ref().unwrap().index, index + 1);
}

/// The note's second step, the area, after `text` and the key that goes on.
fn at_the_notes_area(state: &mut State, go_on: between::tui::app::Msg) -> String {
    update(state, key(KeyCode::Char('n')));
    for c in "We argued about the trip.".chars() {
        update(state, key(KeyCode::Char(c)));
    }
    update(state, go_on);
    screen(state)
}

#[test]
fn a_forms_question_names_the_users_own_key_that_leaves_it_open() {
    let mut state = state_with_settings(r#"{ "keys": { "next": "f8" } }"#);
    let shown = at_the_notes_area(&mut state, key(KeyCode::F(8)));
    assert!(
        shown.contains("Is it about one of the areas? (F8 leaves it open.)"),
        "{shown}"
    );
    assert!(!shown.contains("(Tab"), "{shown}");
    // With the app's own keys, Tab.
    let mut state = state_with_settings("{}");
    let shown = at_the_notes_area(&mut state, key(KeyCode::Tab));
    assert!(
        shown.contains("Is it about one of the areas? (Tab leaves it open.)"),
        "{shown}"
    );
}

/// The period picker's window says how to step with the user's keys, not the
/// defaults it was drawn with.
#[test]
fn the_period_picker_names_the_users_keys() {
    let mut state =
        state_with_settings(r#"{ "keys": { "period-unit": "u", "earlier-period": "b" } }"#);
    update(&mut state, key(KeyCode::Char('J')));
    update(&mut state, key(KeyCode::Char('R')));
    assert!(matches!(state.overlay, Some(Overlay::PickPeriod { .. })));
    let text = screen(&state);
    assert!(text.contains("u month, season or year"), "{text}");
    assert!(text.contains("b earlier"), "{text}");
    assert!(!text.contains("Tab"), "{text}");
    // What it says works.
    let before = format!("{:?}", state.overlay);
    update(&mut state, key(KeyCode::Char('u')));
    assert_ne!(format!("{:?}", state.overlay), before);
}
