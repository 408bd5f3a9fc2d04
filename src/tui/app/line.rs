//! Editing a one-line box (the journal's search, the find screen's, the packs
//! screen's path) with the keys every line editor has, in one place so the boxes
//! cannot differ.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::keymap::Action;

/// Applies an editing action to `text`: Backspace, Ctrl-U (the line), Ctrl-W (the
/// word before the end, and the spaces after it). False if `action` edits nothing.
pub(super) fn edit(text: &mut String, action: Action) -> bool {
    match action {
        Action::Erase => {
            text.pop();
        }
        Action::EraseLine => text.clear(),
        Action::EraseWord => {
            let word_end = text.trim_end().len();
            let word_start = text[..word_end].trim_end_matches(|c: char| !c.is_whitespace());
            text.truncate(word_start.len());
        }
        _ => return false,
    }
    true
}

/// The character a key types into a box: a plain one, with Shift or without; a
/// chord with Ctrl or Alt types nothing, so an unbound one is not taken as a letter.
pub(super) fn typed_char(event: &KeyEvent) -> Option<char> {
    let chord = event
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match event.code {
        KeyCode::Char(c) if !chord => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(text: &str, action: Action) -> String {
        let mut text = text.to_owned();
        edit(&mut text, action);
        text
    }

    #[test]
    fn ctrl_w_erases_the_last_word_and_the_spaces_after_it() {
        assert_eq!(after("a long walk", Action::EraseWord), "a long ");
        assert_eq!(after("a long  ", Action::EraseWord), "a ");
        assert_eq!(after("walk", Action::EraseWord), "");
        assert_eq!(after("", Action::EraseWord), "");
        assert_eq!(after("über straße", Action::EraseWord), "über ");
        assert_eq!(after("a long", Action::EraseLine), "");
        assert_eq!(after("ab", Action::Erase), "a");
    }
}
