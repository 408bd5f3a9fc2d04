//! The keys of each screen, in one list that both the footer and the help screen show,
//! so what is shown is always what works.

use super::app::{Phase, Screen, State};

/// A key and what it does.
pub type KeyHelp = (&'static str, &'static str);

const EVERYWHERE: [KeyHelp; 4] = [
    ("?", "help"),
    ("! Ctrl-G", "safety"),
    ("Ctrl-L F12", "hide"),
    ("Ctrl-C", "quit"),
];
const WHILE_TYPING: [KeyHelp; 3] = [
    ("Ctrl-G", "safety"),
    ("Ctrl-L F12", "hide"),
    ("Ctrl-C", "quit"),
];

/// The keys of the current screen, most used first.
pub fn keys(state: &State) -> Vec<KeyHelp> {
    let mut keys: Vec<KeyHelp> = match &state.screen {
        Screen::Welcome => vec![("Enter", "go on")],
        Screen::Home => vec![
            ("↑↓ jk", "move"),
            ("Enter", "open"),
            ("t", "try"),
            ("r", "review"),
            ("s", "session"),
            ("J", "journal"),
            ("q", "quit"),
            ("P", "progress"),
            ("M", "my strategies"),
            ("K", "packs"),
            ("L", "since the last session"),
            ("/", "search"),
            ("Tab ←→", "pane"),
            ("1-7", "area"),
        ],
        Screen::Area => vec![
            ("↑↓ jk", "move"),
            ("Enter", "start"),
            ("PgUp PgDn", "scroll"),
            ("Esc", "back"),
        ],
        Screen::Runner => runner_keys(state),
        Screen::Journal if state.browser.typing => vec![
            ("type", "search"),
            ("Backspace", "erase"),
            ("Enter Esc", "done"),
        ],
        Screen::Journal => vec![
            ("↑↓ jk", "move"),
            ("Enter", "open"),
            ("/", "search"),
            ("a c t r", "area kind tag date"),
            ("0", "clear filters"),
            ("d p", "discuss private"),
            ("e", "edit"),
            ("x", "delete"),
            ("Esc", "back"),
        ],
        Screen::Prep => vec![("↑↓ jk", "scroll"), ("Esc", "back")],
        Screen::Packs if state.packs.typing.is_some() => vec![
            ("type paste", "the path"),
            ("Enter", "add"),
            ("Esc", "cancel"),
        ],
        Screen::Packs => vec![
            ("↑↓ jk", "move"),
            ("a", "add a pack"),
            ("r", "report on its homework"),
            ("Esc", "back"),
        ],
        Screen::Report => vec![
            ("↑↓ jk", "move"),
            ("x", "leave out or put back"),
            ("s", "counts only"),
            ("w", "write"),
            ("PgUp PgDn", "scroll"),
            ("Esc", "back"),
        ],
        Screen::Strategies => vec![
            ("↑↓ jk", "move"),
            ("Enter", "open the plan"),
            ("Esc", "back"),
        ],
        Screen::Progress => vec![
            ("a", "area"),
            ("r", "time"),
            ("m", "measure"),
            ("S", "show or hide streaks"),
            ("Esc", "back"),
        ],
        Screen::Entry(_) => vec![
            ("↑↓ jk", "scroll"),
            ("d p", "discuss private"),
            ("e", "edit"),
            ("x", "delete"),
            ("Esc", "back"),
        ],
    };
    if state.captures_text() {
        keys.extend(WHILE_TYPING);
    } else {
        keys.extend(EVERYWHERE);
    }
    keys
}

fn runner_keys(state: &State) -> Vec<KeyHelp> {
    let Some(runner) = &state.runner else {
        return Vec::new();
    };
    match runner.phase {
        Phase::Steps => {
            let mut keys = vec![("Tab", "next"), ("Shift-Tab", "back"), ("Esc", "leave")];
            keys.extend(runner.inputs[runner.index].keys(runner.step()));
            if runner.inputs[runner.index].text().is_some() {
                keys.push(("Ctrl-E", "$EDITOR"));
            }
            keys
        }
        Phase::Review => vec![
            ("Enter s", "save"),
            ("↑↓ jk", "scroll"),
            ("b Shift-Tab", "back to the steps"),
            ("Esc", "leave"),
        ],
        Phase::Saved(_) if runner.offers_practice() => {
            vec![("Enter", "done"), ("p", "make the practice a plan")]
        }
        Phase::Saved(_) => vec![("Enter", "done")],
    }
}
