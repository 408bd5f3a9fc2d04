//! The period picker (`R`) on the journal and the progress view: it opens on this
//! month, steps by month, season or year, and Enter filters the list and the figures
//! and names the period in the title; progress shows entries per month (`b`).

use between::tui::app::{Overlay, Screen, State, update};
use crossterm::event::KeyCode;

use super::{key, note, press, screen, state_with};

/// Notes from September to November 2026 and one in January, on 23 November 2026.
fn autumn_state() -> State {
    let mut chores = note("The September chores talk.", "2026-09-10T20:00:00+01:00");
    chores.area = Some("triggers".into());
    let entries = vec![
        note("A January walk.", "2026-01-15T20:00:00+01:00"),
        chores,
        note("An October evening out.", "2026-10-31T20:00:00+01:00"),
        note("The November dishes fight.", "2026-11-02T20:00:00+01:00"),
    ];
    let mut state = state_with(entries, Vec::new(), false);
    update(
        &mut state,
        between::tui::app::Msg::Today(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
    );
    state
}

#[test]
fn the_journal_shows_the_month_picked_and_names_it_in_the_title() {
    let mut state = autumn_state();
    update(&mut state, key(KeyCode::Char('J')));
    update(&mut state, key(KeyCode::Char('R')));
    assert!(matches!(state.overlay, Some(Overlay::PickPeriod { .. })));
    let text = screen(&state);
    assert!(text.contains("November 2026"), "{text}");
    assert!(text.contains("Sun Nov 1 2026 to Mon Nov 30 2026"), "{text}");
    // A month back, and shown.
    press(&mut state, &[KeyCode::Char('['), KeyCode::Enter]);
    assert_eq!(state.overlay, None);
    let text = screen(&state);
    assert!(text.contains("Journal · October 2026"), "{text}");
    assert!(text.contains("date (r): October 2026"), "{text}");
    assert!(text.contains("An October evening out."), "{text}");
    assert!(!text.contains("November dishes"), "{text}");
    assert!(!text.contains("September chores"), "{text}");
    // The picker opens on the month shown; Tab makes it its season, autumn.
    update(&mut state, key(KeyCode::Char('R')));
    assert!(screen(&state).contains("October 2026"));
    press(&mut state, &[KeyCode::Tab, KeyCode::Enter]);
    let text = screen(&state);
    assert!(text.contains("Journal · Autumn 2026"), "{text}");
    for shown in ["September chores", "October evening", "November dishes"] {
        assert!(text.contains(shown), "{shown}: {text}");
    }
    assert!(!text.contains("January walk"), "{text}");
    // Esc leaves the picker without changing anything.
    press(
        &mut state,
        &[KeyCode::Char('R'), KeyCode::Right, KeyCode::Esc],
    );
    assert!(screen(&state).contains("Journal · Autumn 2026"));
    // r goes back to the recent ranges, from every entry.
    update(&mut state, key(KeyCode::Char('r')));
    let text = screen(&state);
    assert!(text.contains("date (r): any time"), "{text}");
    assert!(text.contains("January walk"), "{text}");
}

#[test]
fn a_year_back_steps_across_the_new_year() {
    let mut state = autumn_state();
    update(&mut state, key(KeyCode::Char('J')));
    // November, season (autumn), year (2026), then a year back.
    press(
        &mut state,
        &[
            KeyCode::Char('R'),
            KeyCode::Tab,
            KeyCode::Tab,
            KeyCode::Left,
        ],
    );
    assert!(screen(&state).contains("2025"));
    update(&mut state, key(KeyCode::Enter));
    let text = screen(&state);
    assert!(text.contains("Journal · 2025"), "{text}");
    assert!(text.contains("No entries match"), "{text}");
}

#[test]
fn progress_shows_the_period_picked_and_entries_per_month() {
    let mut state = autumn_state();
    update(&mut state, key(KeyCode::Char('P')));
    assert_eq!(state.screen, Screen::Progress);
    assert!(screen(&state).contains("r R time, period"));
    // The year 2026, by month.
    press(
        &mut state,
        &[
            KeyCode::Char('R'),
            KeyCode::Tab,
            KeyCode::Tab,
            KeyCode::Enter,
            KeyCode::Char('w'),
        ],
    );
    let text = screen(&state);
    assert!(text.contains("Progress · 2026"), "{text}");
    assert!(text.contains("time (r): 2026"), "{text}");
    assert!(text.contains("Entries per month"), "{text}");
    let header = text
        .lines()
        .find(|l| l.contains("Jan26"))
        .unwrap_or_else(|| panic!("no month header in\n{text}"));
    assert!(header.contains("Feb") && header.contains("Dec"), "{header}");
    let all = text
        .lines()
        .find(|l| l.contains("all entries"))
        .unwrap_or_else(|| panic!("no total in\n{text}"));
    let counts: Vec<&str> = all
        .split_whitespace()
        .filter(|w| w.parse::<usize>().is_ok())
        .collect();
    assert_eq!(
        counts,
        ["1", "0", "0", "0", "0", "0", "0", "0", "1", "1", "1", "0"],
        "{all}"
    );
    // Per area, by its title cut to the column.
    assert!(
        text.lines()
            .any(|l| l.contains("│Managing emoti…     0    0")),
        "{text}"
    );
    // w again: the weekly figures are back.
    update(&mut state, key(KeyCode::Char('w')));
    assert!(screen(&state).contains("Entries per week"));
}

#[test]
fn a_narrow_journal_still_shows_every_filter_and_the_date_picked_whole() {
    let mut state = autumn_state();
    update(&mut state, key(KeyCode::Char('J')));
    let theme = between::tui::theme::Theme::monochrome();
    for width in [60, 66] {
        let text = crate::common::tui::screen_text(&state, width, 20, &theme);
        let filters = text.lines().nth(2).unwrap_or_default();
        for shown in ["area", "kind", "tag", "date", "any time"] {
            assert!(filters.contains(shown), "{width} wide: {filters:?}");
        }
    }
}

#[test]
fn while_the_period_picker_is_open_the_footer_names_its_keys_not_the_journals() {
    let mut state = autumn_state();
    update(&mut state, key(KeyCode::Char('J')));
    update(&mut state, key(KeyCode::Char('R')));
    let text = screen(&state);
    let footer = text.lines().last().unwrap_or_default();
    assert!(footer.contains("earlier"), "{footer:?}");
    assert!(!footer.contains("search"), "{footer:?}");
    update(&mut state, key(KeyCode::Esc));
    let text = screen(&state);
    let footer = text.lines().last().unwrap_or_default();
    assert!(footer.contains("search"), "{footer:?}");
}
