//! Keys and the mouse wheel: through the key tables (`tui::keys`) to actions, and
//! the actions to the screen, the window over it, or what works everywhere.

use crossterm::event::KeyEvent;

use super::keys;
use super::{
    Confirm, Effect, Overlay, Screen, State, area, browser, find, home, overlay, packs, progress,
    report, runner,
};
use crate::tui::keymap::{self, Action, Key};

pub(super) fn key_pressed(state: &mut State, event: KeyEvent) -> Vec<Effect> {
    // Quick hide, from everywhere: the next key only brings the app back, so a key
    // pressed in a hurry does nothing else.
    if state.hidden {
        state.hidden = false;
        return Vec::new();
    }
    let key = Key::of(&event);
    // Safety, hide and quit work from everywhere, even while typing or in a dialog;
    // `?` and `!` whenever no text is being typed.
    let global = keymap::action(&keys::always(&state.own_keys), key).or_else(|| {
        (state.overlay.is_none() && !state.captures_text())
            .then(|| keymap::action(&keys::when_not_typing(&state.own_keys), key))
            .flatten()
    });
    if let Some(action) = global {
        return global_action(state, action);
    }
    if let Some(overlay) = state.overlay.clone() {
        return match keymap::action(&keys::overlay_bindings(&state.own_keys, &overlay), key) {
            Some(action) => overlay::act(state, overlay, action),
            None => Vec::new(),
        };
    }
    match keys::screen_action(state, key) {
        Some(action) => act(state, action),
        // What no table has is typed: into a step's input, the search, a path.
        None => match state.screen {
            Screen::Runner => runner::input(state, event),
            Screen::Journal => browser::typed(state, event),
            Screen::Packs => packs::typed(state, event),
            Screen::Find(_) => find::typed(state, event),
            _ => Vec::new(),
        },
    }
}

/// An action chosen by name (`Msg::Act`): where a key bound to it would take it,
/// the actions that work everywhere first, then the window open over the screen,
/// then the screen.
pub(super) fn action_chosen(state: &mut State, action: Action) -> Vec<Effect> {
    if matches!(
        action,
        Action::Safety | Action::Help | Action::Quit | Action::Hide
    ) {
        return global_action(state, action);
    }
    if let Some(overlay) = state.overlay.clone() {
        return overlay::act(state, overlay, action);
    }
    act(state, action)
}

/// What the keys that work everywhere do.
fn global_action(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Hide => {
            // An encrypted journal locks: coming back then needs the passphrase.
            if state.encrypted {
                return state.lock();
            }
            state.hidden = true;
        }
        Action::Safety => state.overlay = Some(Overlay::Safety),
        Action::Help => state.overlay = Some(Overlay::Help),
        Action::Quit => return ask_to_quit(state),
        _ => {}
    }
    Vec::new()
}

/// Carries out `action` on the current screen.
pub(super) fn act(state: &mut State, action: Action) -> Vec<Effect> {
    match state.screen.clone() {
        Screen::Welcome => {
            state.screen = Screen::Home;
            Vec::new()
        }
        Screen::Home => home::act(state, action),
        Screen::Area(_) => area::act(state, action),
        Screen::Runner => runner::act(state, action),
        Screen::Journal => browser::act(state, action),
        Screen::Entry { id, .. } => browser::entry_act(state, &id, action),
        Screen::Progress => progress::act(state, action),
        Screen::Strategies { .. } => home::strategies_act(state, action),
        Screen::Packs => packs::act(state, action),
        Screen::Report => report::act(state, action),
        Screen::Find(_) => find::act(state, action),
        Screen::LookBack { back, mut scroll } => {
            let back = match action {
                Action::EarlierPeriod => back.saturating_add(1).min(MAX_YEARS_BACK),
                Action::LaterPeriod => back.saturating_sub(1),
                Action::Back => {
                    state.screen = Screen::Home;
                    return Vec::new();
                }
                _ => {
                    self::scroll(&mut scroll, action);
                    back
                }
            };
            if back != state_back(&state.screen) {
                scroll = 0;
            }
            state.screen = Screen::LookBack { back, scroll };
            Vec::new()
        }
        Screen::Prep { mut scroll } => {
            if !self::scroll(&mut scroll, action) && action == Action::Back {
                state.screen = Screen::Home;
            } else {
                state.screen = Screen::Prep { scroll };
            }
            Vec::new()
        }
        Screen::Sessions { mut scroll } => {
            if !self::scroll(&mut scroll, action) && action == Action::Back {
                state.screen = Screen::Home;
            } else {
                state.screen = Screen::Sessions { scroll };
            }
            Vec::new()
        }
        Screen::Strategy { plan, mut scroll } => {
            if !self::scroll(&mut scroll, action) && action == Action::Back {
                home::back_to_strategies(state, &plan);
            } else {
                state.screen = Screen::Strategy { plan, scroll };
            }
            Vec::new()
        }
        Screen::YearCalendar { year } => {
            progress::year_act(state, year, action);
            Vec::new()
        }
    }
}

/// How many calendar years the look back goes back, at most.
const MAX_YEARS_BACK: u16 = 50;

/// Which year a look back screen shows.
fn state_back(screen: &Screen) -> u16 {
    match screen {
        Screen::LookBack { back, .. } => *back,
        _ => 0,
    }
}

/// Moves a scrolled text by an action (a line, a page); false if it is not one of
/// those. The entry view and "since my last session" share it.
pub(super) fn scroll(offset: &mut u16, action: Action) -> bool {
    *offset = match action {
        Action::Down => offset.saturating_add(1),
        Action::Up => offset.saturating_sub(1),
        Action::PageDown => offset.saturating_add(10),
        Action::PageUp => offset.saturating_sub(10),
        _ => return false,
    };
    true
}

/// Brings the screen's scrolled text back to `rows`, the furthest it scrolls (its
/// last line at the bottom), after keys or the wheel went past it.
pub(super) fn stop_scroll_at(state: &mut State, rows: u16) {
    let scroll = match &mut state.screen {
        Screen::Entry { scroll, .. }
        | Screen::Prep { scroll }
        | Screen::LookBack { scroll, .. }
        | Screen::Sessions { scroll }
        | Screen::Strategy { scroll, .. } => scroll,
        Screen::Report => &mut state.report.scroll,
        _ => return,
    };
    *scroll = (*scroll).min(rows);
}

/// Quit, asking first when an exercise is open.
fn ask_to_quit(state: &mut State) -> Vec<Effect> {
    let now = state.now;
    if state.runner.as_ref().is_some_and(|r| r.has_answers(now)) {
        state.overlay = Some(Overlay::Confirm(Confirm::Quit));
    } else {
        state.quit = true;
    }
    Vec::new()
}

/// The mouse wheel: a line down or up per notch, on the screens with a list or a text.
pub(super) fn wheel(state: &mut State, lines: i16) {
    let action = if lines > 0 { Action::Down } else { Action::Up };
    let scrolls = matches!(
        state.screen,
        Screen::Home
            | Screen::Area(_)
            | Screen::Journal
            | Screen::Entry { .. }
            | Screen::Strategies { .. }
            | Screen::Packs
            | Screen::Report
            | Screen::Prep { .. }
            | Screen::LookBack { .. }
            | Screen::Sessions { .. }
            | Screen::Strategy { .. }
    );
    if scrolls && state.overlay.is_none() {
        for _ in 0..lines.unsigned_abs().min(10) {
            act(state, action);
        }
    }
}
