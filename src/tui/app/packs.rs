//! The Packs screen: every pack the app knows, and adding one by typing or pasting
//! the path of a file a therapist sent.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent};

use super::{Confirm, Effect, Overlay, Screen, State};

/// The Packs screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PacksView {
    /// The selected pack, by position in the catalog.
    pub cursor: usize,
    /// The path being typed, while adding a pack.
    pub typing: Option<String>,
}

/// The path in what was typed or pasted: surrounding blanks and quotes (which file
/// managers add when a file is dragged into a terminal) removed, a `file://` prefix
/// and a leading `~/` understood.
pub fn path_from(text: &str, home: Option<&Path>) -> PathBuf {
    let mut text = text.trim();
    for quote in ['\'', '"'] {
        if text.len() >= 2 && text.starts_with(quote) && text.ends_with(quote) {
            text = &text[1..text.len() - 1];
        }
    }
    let text = text.strip_prefix("file://").unwrap_or(text);
    match (text.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(text),
    }
}

/// Keys on the Packs screen.
pub fn key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if let Some(typed) = &mut state.packs.typing {
        match key.code {
            KeyCode::Char(c) => typed.push(c),
            KeyCode::Backspace => {
                typed.pop();
            }
            KeyCode::Esc => state.packs.typing = None,
            KeyCode::Enter if typed.trim().is_empty() => state.packs.typing = None,
            KeyCode::Enter => {
                let path = path_from(typed, state.home_dir.as_deref());
                state.packs.typing = None;
                return vec![Effect::AddPack {
                    path,
                    replace: false,
                }];
            }
            _ => {}
        }
        return Vec::new();
    }
    let count = state.catalog.packs().len();
    match key.code {
        KeyCode::Down | KeyCode::Char('j') => {
            state.packs.cursor = (state.packs.cursor + 1).min(count.saturating_sub(1));
        }
        KeyCode::Up | KeyCode::Char('k') => {
            state.packs.cursor = state.packs.cursor.saturating_sub(1);
        }
        KeyCode::Char('a') => state.packs.typing = Some(String::new()),
        KeyCode::Char('r') => {
            let selected = state.catalog.packs().get(state.packs.cursor);
            match selected.filter(|loaded| loaded.pack.assignment.is_some()) {
                Some(loaded) => {
                    let id = loaded.pack.id.clone();
                    super::report::open(state, id);
                }
                None => state.tell("This pack sets no homework, so there is no report."),
            }
        }
        KeyCode::Esc | KeyCode::Char('q' | 'h') | KeyCode::Left => state.screen = Screen::Home,
        _ => {}
    }
    Vec::new()
}

/// Pasted text goes into the path being typed.
pub fn paste(state: &mut State, text: &str) {
    if let Some(typed) = &mut state.packs.typing {
        typed.push_str(&text.replace(['\n', '\r'], ""));
    }
}

/// A pack would replace an installed version: ask first, showing what changes.
pub fn confirm_replace(state: &mut State, path: PathBuf, changes: String) {
    state.overlay = Some(Overlay::Confirm(Confirm::ReplacePack { path, changes }));
}

/// The answer to "replace the installed version?".
pub fn replace_answer(state: &mut State, path: PathBuf, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Char('y' | 'Y') => {
            state.overlay = None;
            vec![Effect::AddPack {
                path,
                replace: true,
            }]
        }
        KeyCode::Char('n' | 'N') | KeyCode::Esc => {
            state.overlay = None;
            state.tell("Kept the installed version; nothing was added.");
            Vec::new()
        }
        _ => Vec::new(),
    }
}
