//! Making untrusted text safe to show in a terminal.
//!
//! A pack can come from anyone. Control characters and bidirectional overrides in its
//! text could move the cursor, set the window title, write the clipboard (OSC 52), fake
//! links (OSC 8) or reorder what the user reads. Every string of a pack passes through
//! [`text`] once, at load, and so does every error message that quotes a file.

use std::borrow::Cow;

/// What replaces a character that must not reach the terminal.
pub const PLACEHOLDER: char = '\u{FFFD}';

/// True for characters that must never reach the terminal: C0 controls other than
/// newline and tab, DEL, C1 controls (which include the 8-bit CSI, U+009B), and the
/// bidirectional embedding, override and isolate characters.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Returns `input` with every forbidden character replaced by [`PLACEHOLDER`], tabs
/// turned into a space and the carriage return of a CRLF line ending dropped.
///
/// Borrows when there is nothing to change, which is almost always.
pub fn text(input: &str) -> Cow<'_, str> {
    if !input.chars().any(|c| is_forbidden(c) || c == '\t') {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' => out.push(' '),
            '\r' if chars.peek() == Some(&'\n') => {}
            c if is_forbidden(c) => out.push(PLACEHOLDER),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Sanitises every string in a JSON value, object keys included, in place.
pub fn json(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(s) => {
            if let Cow::Owned(clean) = text(s) {
                *s = clean;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(json),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut item) in entries {
                json(&mut item);
                map.insert(text(&key).into_owned(), item);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        assert!(matches!(
            text("Plain words, émoji 🙂, 漢字\n"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escapes_and_overrides_become_placeholders() {
        assert_eq!(
            text("a\u{1b}]52;c;aGk=\u{7}b"),
            "a\u{FFFD}]52;c;aGk=\u{FFFD}b"
        );
        assert_eq!(text("\u{9b}2J"), "\u{FFFD}2J");
        assert_eq!(text("x\u{202E}y\u{2066}z"), "x\u{FFFD}y\u{FFFD}z");
        assert_eq!(text("del\u{7f}"), "del\u{FFFD}");
    }

    #[test]
    fn tabs_and_crlf_are_tidied_and_lone_cr_is_replaced() {
        assert_eq!(text("a\tb\r\nc\rd"), "a b\nc\u{FFFD}d");
    }

    #[test]
    fn json_sanitises_keys_and_nested_strings() {
        let mut value = serde_json::json!({"k\u{1b}": ["\u{85}", {"x": "\u{202D}"}], "n": 1});
        json(&mut value);
        assert_eq!(
            value,
            serde_json::json!({"k\u{FFFD}": ["\u{FFFD}", {"x": "\u{FFFD}"}], "n": 1})
        );
    }
}
