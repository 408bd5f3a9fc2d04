//! The reviewer's history in the app: a strategy's page with each version's own
//! average, the sessions with their homework and what was brought to them, and the
//! whole year's calendar.

use between::journal::mint::{IdMint, Minting};
use between::journal::practice::{Decision, Frequency};
use between::journal::{Entry, Store};
use between::practice::forms;
use between::tui::app::{Effect, Msg, Screen, State, update};
use between::tui::clock::Now;
use between::tui::theme::Theme;
use crossterm::event::KeyCode;

use super::{at, note, press, state_with, type_text};
use crate::common::tui::{key, screen_text, state_of};

/// Entries made at `when` with ids from `ids`.
fn minting<'a>(ids: &'a mut IdMint, when: &str) -> Minting<'a> {
    Minting { ids, at: at(when) }
}

/// "Pause when flooded", tried twice (2 and 4), adjusted in a review to "Pause, and
/// say when I will be back", then tried three times (5, 5, 4).
fn adjusted_strategy() -> Vec<Entry> {
    let mut ids = IdMint::new(7);
    let nothing = |_: &str| None;
    let plan = forms::plan(
        "Pause when flooded".into(),
        None,
        Frequency::Week { times: 2 },
        None,
        &mut minting(&mut ids, "2025-04-01T09:00:00+02:00"),
    );
    let mut entries = vec![plan.clone()];
    for (day, rating) in [("2025-04-05", 2), ("2025-04-12", 4)] {
        let when = format!("{day}T20:00:00+02:00");
        entries.push(forms::attempt(
            &plan,
            rating,
            at(&when),
            &nothing,
            &mut minting(&mut ids, &when),
        ));
    }
    let said = |id: &str| (id == "worked").then(|| "Stopping before shouting".to_owned());
    let (review, next) = forms::review(
        &plan,
        Decision::Adjust,
        &said,
        Some("Pause, and say when I will be back".into()),
        None,
        &mut minting(&mut ids, "2025-05-01T09:00:00+02:00"),
    );
    let next = next.unwrap();
    entries.extend([review, next.clone()]);
    for (day, rating) in [("2025-05-03", 5), ("2025-05-10", 5), ("2025-05-17", 4)] {
        let when = format!("{day}T20:00:00+02:00");
        entries.push(forms::attempt(
            &next,
            rating,
            at(&when),
            &nothing,
            &mut minting(&mut ids, &when),
        ));
    }
    entries
}

fn page(state: &State) -> String {
    screen_text(state, 80, 60, &Theme::monochrome())
}

#[test]
fn enter_on_a_strategy_opens_its_page_with_each_version_s_own_average() {
    let mut state = state_with(adjusted_strategy(), Vec::new(), false);
    press(&mut state, &[KeyCode::Char('M'), KeyCode::Enter]);
    assert!(
        matches!(state.screen, Screen::Strategy { .. }),
        "{:?}",
        state.screen
    );
    let text = page(&state);
    // Version 1: (2 + 4) / 2; version 2: (5 + 5 + 4) / 3, not the blended 4.0.
    assert!(
        text.contains("Version 1 of 2 · made Tue Apr 1 2025"),
        "{text}"
    );
    assert!(
        text.contains("Average 3.0/5 over 2 tries of this version"),
        "{text}"
    );
    assert!(
        text.contains("Version 2 of 2 · made Thu May 1 2025"),
        "{text}"
    );
    assert!(
        text.contains("Average 4.7/5 over 3 tries of this version"),
        "{text}"
    );
    assert!(!text.contains("4.0/5"), "{text}");
    assert!(text.contains("Sat Apr 5 2025 · went 2/5"), "{text}");
    assert!(text.contains("Thu May 1 2025: adjust"), "{text}");
    assert!(
        text.contains("What worked? Stopping before shouting"),
        "{text}"
    );
    // The pane is titled with the strategy as it is now.
    assert!(
        text.contains("Pause, and say when I will be back"),
        "{text}"
    );
    // It scrolls, and one key goes back to the list, the strategy still selected.
    let small = screen_text(&state, 60, 20, &Theme::monochrome());
    update(&mut state, key(KeyCode::PageDown));
    assert_ne!(small, screen_text(&state, 60, 20, &Theme::monochrome()));
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(state.screen, Screen::Strategies { cursor: 0 });
}

/// Saves `effects` into the journal as the shell would, and into `store`.
fn carry_out(state: &mut State, store: &Store, effects: Vec<Effect>) {
    let mut writer = store.open().unwrap();
    for effect in effects {
        if let Effect::Save(entry) = effect {
            writer.save(&entry).unwrap();
            update(state, Msg::Saved(Box::new(entry)));
        }
    }
}

#[test]
fn marking_a_flagged_entry_discussed_clears_it_and_the_session_keeps_it_after_a_reload() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(between::data_dir::DataDir::resolve(Some(dir.path())).unwrap());
    let mut chores = note(
        "The chores again, every Sunday.",
        "2026-11-20T10:00:00+01:00",
    );
    chores.discuss = true;
    let mut money = note("Money worries.", "2026-11-21T10:00:00+01:00");
    money.discuss = true;
    {
        let mut writer = store.open().unwrap();
        writer.save(&chores).unwrap();
        writer.save(&money).unwrap();
    }
    let mut state = state_with(vec![chores.clone(), money.clone()], Vec::new(), false);
    assert!(screen_text(&state, 80, 24, &Theme::monochrome()).contains("The chores again"));
    // Record a session with homework, and tick the chores as talked about.
    update(&mut state, key(KeyCode::Char('s')));
    type_text(&mut state, "The Sunday chores");
    update(&mut state, key(KeyCode::Tab));
    type_text(&mut state, "Take turns choosing the chores");
    press(&mut state, &[KeyCode::Tab, KeyCode::Tab]);
    let effects = update(&mut state, key(KeyCode::Enter));
    carry_out(&mut state, &store, effects);
    // Newest first: money, then chores.
    press(&mut state, &[KeyCode::Down, KeyCode::Char(' ')]);
    let effects = update(&mut state, key(KeyCode::Enter));
    carry_out(&mut state, &store, effects);
    // A reload: the app started again on what the store holds.
    let journal = store.load().unwrap();
    assert!(!journal.get(&chores.id).unwrap().discuss);
    assert!(journal.get(&money.id).unwrap().discuss);
    let mut state = state_of(
        between::pack::Catalog::builtin().unwrap(),
        journal,
        Vec::new(),
        false,
    );
    // Home's "To discuss" pane (the lower right one) lists only what is still flagged.
    let home = screen_text(&state, 80, 24, &Theme::monochrome());
    let to_discuss: String = home
        .lines()
        .skip_while(|line| !line.contains("To discuss in your next session"))
        .map(|line| line.chars().skip(41).collect::<String>() + "\n")
        .collect();
    assert!(!to_discuss.contains("The chores again"), "{home}");
    assert!(to_discuss.contains("Money worries"), "{home}");
    // The sessions screen, from home: the session, its homework, what was brought.
    update(&mut state, key(KeyCode::Char('S')));
    assert_eq!(state.screen, Screen::Sessions { scroll: 0 });
    let text = page(&state);
    assert!(text.contains("To discuss next time (1)"), "{text}");
    assert!(text.contains("Take turns choosing the chores"), "{text}");
    assert!(text.contains("Brought to it (flagged before it)"), "{text}");
    assert!(
        text.contains("Fri Nov 20 2026 · note: The chores again, every Sunday."),
        "{text}"
    );
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(state.screen, Screen::Home);
}

/// Tries on a few days of 2025 and 2026, seen on Dec 1 2026.
fn calendar_state() -> State {
    let mut entries = adjusted_strategy();
    let mut ids = IdMint::new(9);
    let plan = entries[0].clone();
    for day in ["2026-01-02", "2026-02-28", "2026-07-14", "2026-11-30"] {
        let when = format!("{day}T20:00:00+01:00");
        entries.push(forms::attempt(
            &plan,
            3,
            at(&when),
            &|_: &str| None,
            &mut minting(&mut ids, &when),
        ));
    }
    let mut state = state_with(entries, Vec::new(), false);
    update(
        &mut state,
        Msg::Tick(Now {
            instant: std::time::Instant::now(),
            wall: at("2026-12-01T18:00:00+01:00"),
        }),
    );
    // Today is the tick's day, whatever the machine's clock says.
    update(
        &mut state,
        Msg::Today(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()),
    );
    press(&mut state, &[KeyCode::Char('P'), KeyCode::Char('y')]);
    state
}

#[test]
fn the_year_calendar_shows_month_labels_and_moves_a_year_back() {
    let mut state = calendar_state();
    assert_eq!(state.screen, Screen::YearCalendar { year: 2026 });
    let text = screen_text(&state, 80, 24, &Theme::monochrome());
    assert!(text.contains("2026: 4 days practiced"), "{text}");
    for month in ["Jan", "Feb", "Jun", "Dec"] {
        assert!(text.contains(month), "{text}");
    }
    insta::assert_snapshot!("year_calendar_80x24", text);
    insta::assert_snapshot!(
        "year_calendar_60x20",
        screen_text(&state, 60, 20, &Theme::monochrome())
    );
    // A year back: spring 2025's tries; no further back than the journal goes, nor
    // past this year.
    update(&mut state, key(KeyCode::Char('[')));
    assert_eq!(state.screen, Screen::YearCalendar { year: 2025 });
    let text = screen_text(&state, 80, 24, &Theme::monochrome());
    assert!(text.contains("2025: 5 days practiced"), "{text}");
    update(&mut state, key(KeyCode::Char('[')));
    assert_eq!(state.screen, Screen::YearCalendar { year: 2025 });
    press(&mut state, &[KeyCode::Char(']'), KeyCode::Char(']')]);
    assert_eq!(state.screen, Screen::YearCalendar { year: 2026 });
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(state.screen, Screen::Progress);
}
