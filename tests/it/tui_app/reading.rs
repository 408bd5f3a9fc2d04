//! Reading the journal in the app: the list heads each month and shows tags, fills
//! its rows with the entry's words, lists oldest first on `o`; the entry view reads on
//! with `n` and `p` through the list and says the month and the place in it.

use between::tui::app::{Screen, State, update};
use between::tui::theme::Theme;
use crossterm::event::KeyCode;

use super::{note, press, screen, state_with};
use crate::common::tui::{key, screen_text};

/// Two notes in October and three in November 2026, the journal open.
fn two_months() -> State {
    let mut chores = note(
        "Chores again, and this time we both stayed at the table until it was done.",
        "2026-10-03T20:00:00+02:00",
    );
    chores.tags = vec!["chores".into(), "evening".into()];
    let entries = vec![
        chores,
        note("October, the second one.", "2026-10-20T20:00:00+02:00"),
        note("November, the first one.", "2026-11-02T20:00:00+01:00"),
        note("November, the second one.", "2026-11-12T20:00:00+01:00"),
        note("November, the third one.", "2026-11-22T20:00:00+01:00"),
    ];
    let mut state = state_with(entries, Vec::new(), false);
    update(&mut state, key(KeyCode::Char('J')));
    assert_eq!(state.screen, Screen::Journal);
    state
}

/// The text of the entry the entry view shows.
fn opened(state: &State) -> String {
    let Screen::Entry { id, .. } = &state.screen else {
        panic!("not an entry: {:?}", state.screen);
    };
    state
        .journal
        .get(id)
        .unwrap()
        .first_text()
        .unwrap()
        .to_owned()
}

/// The row of the screen that has `text`.
fn row_with<'a>(shown: &'a str, text: &str) -> &'a str {
    shown
        .lines()
        .find(|line| line.contains(text))
        .unwrap_or_else(|| panic!("{text:?} not in\n{shown}"))
}

#[test]
fn the_list_heads_each_month_and_the_selection_steps_over_the_heading() {
    let mut state = two_months();
    let shown = screen(&state);
    let november = shown.find("│ November 2026").expect(&shown);
    let october = shown.find("│ October 2026").expect(&shown);
    let third = shown.find("November, the third").unwrap();
    let first = shown.find("November, the first").unwrap();
    let second_october = shown.find("October, the second").unwrap();
    assert!(
        november < third && first < october && october < second_october,
        "{shown}"
    );
    // The day in words under the month, never "11/22" or "22/11".
    assert!(
        row_with(&shown, "the third").contains("Sun Nov 22"),
        "{shown}"
    );
    // Down from November's last entry lands on October's first, not on its heading.
    press(&mut state, &[KeyCode::Down, KeyCode::Down, KeyCode::Down]);
    assert_eq!(state.browser.cursor, 3);
    press(&mut state, &[KeyCode::Enter]);
    assert_eq!(opened(&state), "October, the second one.");
    press(&mut state, &[KeyCode::Esc, KeyCode::Up]);
    press(&mut state, &[KeyCode::Enter]);
    assert_eq!(opened(&state), "November, the first one.");
}

#[test]
fn the_list_shows_tags_and_as_many_words_as_the_row_has_room_for() {
    let mut state = two_months();
    press(&mut state, &[KeyCode::Char('G')]);
    let narrow = screen(&state);
    let row = row_with(&narrow, "#chores #evening");
    assert!(row.contains("— Chores again"), "{row}");
    assert!(
        !row.contains("until it was done."),
        "cut at 80 columns: {row}"
    );
    assert!(row.contains('…'), "said to be cut: {row}");
    let wide = screen_text(&state, 150, 24, &Theme::color());
    let row = row_with(&wide, "#chores #evening");
    assert!(
        row.contains(
            "— Chores again, and this time we both stayed at the table until it was done."
        ),
        "the whole text where it fits: {row}"
    );
}

#[test]
fn o_lists_the_journal_oldest_first_and_keeps_the_entry_selected() {
    let mut state = two_months();
    press(&mut state, &[KeyCode::Down]);
    let selected = state.browser.cursor;
    assert_eq!(selected, 1);
    press(&mut state, &[KeyCode::Char('o')]);
    let shown = screen(&state);
    assert!(shown.contains("Entries, oldest first"), "{shown}");
    let october = shown.find("│ October 2026").unwrap();
    let november = shown.find("│ November 2026").unwrap();
    assert!(october < november, "{shown}");
    assert!(
        shown.find("Chores again").unwrap() < shown.find("November, the third").unwrap(),
        "{shown}"
    );
    // The same entry is still the one selected, now fourth from the top.
    assert_eq!(state.browser.cursor, 3);
    press(&mut state, &[KeyCode::Enter]);
    assert_eq!(opened(&state), "November, the second one.");
    press(&mut state, &[KeyCode::Esc, KeyCode::Char('o')]);
    assert!(screen(&state).contains("Entries, newest first"));
    assert!(
        screen(&state).contains(" o oldest or newest first") || {
            // The footer may not have room at 80 columns; the help lists every key.
            press(&mut state, &[KeyCode::Char('?')]);
            screen_text(&state, 100, 40, &Theme::color()).contains("oldest or newest first")
        }
    );
}

#[test]
fn n_and_p_read_on_through_the_list_in_its_order_and_stop_at_its_ends() {
    let mut state = two_months();
    press(
        &mut state,
        &[KeyCode::Char('o'), KeyCode::Char('g'), KeyCode::Enter],
    );
    assert_eq!(
        opened(&state),
        "Chores again, and this time we both stayed at the table until it was done."
    );
    assert!(
        screen(&state).contains("October 2026 · 1 of 2"),
        "{}",
        screen(&state)
    );
    // `p` at the first entry stays, and says why.
    press(&mut state, &[KeyCode::Char('p')]);
    assert!(opened(&state).starts_with("Chores again"));
    assert!(
        screen(&state).contains("This is the first entry in the list."),
        "{}",
        screen(&state)
    );
    press(&mut state, &[KeyCode::Char('n')]);
    assert_eq!(opened(&state), "October, the second one.");
    press(&mut state, &[KeyCode::Char('n')]);
    assert_eq!(opened(&state), "November, the first one.");
    let shown = screen(&state);
    assert!(
        shown.contains("November 2026 · 1 of 3"),
        "the month as you go: {shown}"
    );
    press(&mut state, &[KeyCode::Char('n'), KeyCode::Char('n')]);
    assert_eq!(opened(&state), "November, the third one.");
    assert!(screen(&state).contains("November 2026 · 3 of 3"));
    press(&mut state, &[KeyCode::Char('n')]);
    assert_eq!(opened(&state), "November, the third one.");
    assert!(screen(&state).contains("This is the last entry in the list."));
    press(&mut state, &[KeyCode::Char('p')]);
    assert_eq!(opened(&state), "November, the second one.");
    // Back in the list, the entry read last is the one selected.
    press(&mut state, &[KeyCode::Esc]);
    assert_eq!(state.screen, Screen::Journal);
    assert_eq!(state.browser.cursor, 3);
}

#[test]
fn n_follows_the_list_as_filtered_and_p_no_longer_changes_privacy_in_the_entry_view() {
    let mut state = two_months();
    // Search for "second": one entry in each month, newest first.
    press(&mut state, &[KeyCode::Char('/')]);
    super::type_text(&mut state, "second");
    press(&mut state, &[KeyCode::Enter, KeyCode::Enter]);
    assert_eq!(opened(&state), "November, the second one.");
    assert!(screen(&state).contains("November 2026 · 1 of 1"));
    let effects = press(&mut state, &[KeyCode::Char('n')]);
    assert!(effects.is_empty(), "reading on saves nothing: {effects:?}");
    assert_eq!(opened(&state), "October, the second one.");
    // Privacy is `P` here.
    let effects = press(&mut state, &[KeyCode::Char('P')]);
    assert!(
        matches!(effects.as_slice(), [between::tui::app::Effect::Save(entry)] if entry.private),
        "{effects:?}"
    );
}
