//! The journal's search: phrases, OR and -word typed in the box, the own-words
//! toggle, the hit count, and the matches marked in an entry opened from a search.

use between::tui::app::{Screen, State, update};
use between::tui::theme::Theme;
use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use super::{note, press, screen, state_with, type_text};
use crate::common::tui::{cell_of, ctrl, drawn, key};

/// Three notes, one an exercise's answer whose prompt says "time out".
fn searching_state() -> State {
    let together = note(
        "We took a Time out after dinner.",
        "2026-11-20T21:00:00+01:00",
    );
    let apart = note(
        "Out of patience, no time for a walk.",
        "2026-11-21T09:00:00+01:00",
    );
    let mut prompted = note("I said I needed a break.", "2026-11-22T18:30:00+01:00");
    prompted.answers[0].prompt = "When did you call a time out?".into();
    let mut state = state_with(vec![together, apart, prompted], Vec::new(), false);
    update(&mut state, key(KeyCode::Char('J')));
    update(&mut state, key(KeyCode::Char('/')));
    state
}

fn found(state: &State) -> usize {
    state.browser.results.get().unwrap().len()
}

/// Whether the cells where `text` is drawn have the theme's match colours.
fn marked_at(buffer: &Buffer, text: &str) -> bool {
    let (column, row) = cell_of(buffer, text).unwrap_or_else(|| panic!("{text:?} not drawn"));
    let matched = Theme::color().matched;
    (column..column + text.chars().count() as u16).all(|x| {
        let cell = &buffer[(x, row)];
        Some(cell.fg) == matched.fg && Some(cell.bg) == matched.bg
    })
}

#[test]
fn a_phrase_in_the_box_finds_the_words_together_and_the_title_says_how_many() {
    let mut state = searching_state();
    type_text(&mut state, "\"time out\"");
    assert_eq!(
        found(&state),
        2,
        "the note and the prompt say it; not the apart one"
    );
    let shown = screen(&state);
    assert!(shown.contains("2 entries match, newest first"), "{shown}");

    type_text(&mut state, " -dinner");
    assert_eq!(found(&state), 1);
    assert!(screen(&state).contains("1 entry matches"));

    update(&mut state, ctrl('u'));
    type_text(&mut state, "patience OR break");
    assert_eq!(found(&state), 2);
    // An unclosed quote is a phrase to the end, and the text typed stays.
    update(&mut state, ctrl('u'));
    type_text(&mut state, "\"no time");
    assert_eq!(found(&state), 1);
    assert_eq!(state.browser.search, "\"no time");
    // No search: the plain title.
    update(&mut state, ctrl('u'));
    assert!(screen(&state).contains("Entries, newest first"));
}

#[test]
fn own_words_only_leaves_out_a_match_in_a_prompt() {
    let mut state = searching_state();
    type_text(&mut state, "\"time out\"");
    assert_eq!(found(&state), 2);
    update(&mut state, ctrl('o'));
    assert!(state.browser.own_words);
    assert_eq!(found(&state), 1, "only the note whose words say it");
    assert!(screen(&state).contains("in your own words only"));
    // Out of the box, `w` turns it off again.
    update(&mut state, key(KeyCode::Enter));
    press(&mut state, &[KeyCode::Char('w')]);
    assert!(!state.browser.own_words);
    assert_eq!(found(&state), 2);
    assert!(!screen(&state).contains("in your own words only"));
}

#[test]
fn an_entry_opened_from_a_search_marks_its_matches() {
    let mut state = searching_state();
    type_text(&mut state, "\"time out\" dinner");
    assert_eq!(found(&state), 1);
    press(&mut state, &[KeyCode::Enter, KeyCode::Enter]);
    assert!(matches!(
        state.screen,
        Screen::Entry {
            from_search: true,
            ..
        }
    ));
    let (buffer, _) = drawn(&state, 80, 24);
    assert!(marked_at(&buffer, "Time out"), "the phrase, whole");
    assert!(marked_at(&buffer, "dinner"));
    assert!(!marked_at(&buffer, "after"));
    let (column, row) = cell_of(&buffer, "after").unwrap();
    assert_ne!(buffer[(column, row)].bg, Color::Yellow);

    // Opened with no search, nothing is marked.
    press(&mut state, &[KeyCode::Esc, KeyCode::Esc]);
    assert!(state.browser.search.is_empty());
    let last = found(&state) - 1;
    press(&mut state, &vec![KeyCode::Down; last]);
    press(&mut state, &[KeyCode::Enter]);
    let (buffer, _) = drawn(&state, 80, 24);
    assert!(!marked_at(&buffer, "Time out"));
}
