//! A first look at a pack's text, before the JSON parser reads it: it finds the
//! mistakes people make when they write JSON by hand (curly quotes from a word
//! processor, a quote or a line break inside a text, a field written twice) and names
//! them in plain words, and it blanks out comments, so that packs may be JSON with
//! comments (`// …` to the end of the line, `/* … */`).
//!
//! It reads only as much of the structure as it needs (where a text is a field's name,
//! and which object it is in); the JSON parser still decides what is valid.

use std::collections::HashMap;

use super::json_path::{JsonPath, Segment, line_column};
use crate::sanitize;

/// What the first look found.
#[derive(Debug, Default)]
pub struct Scanned {
    /// The text with every comment replaced by spaces (line breaks kept), so that the
    /// lines and columns of everything else are those of the file.
    pub text: String,
    /// The first mistake that makes the file unreadable, at a byte offset of `text`.
    pub stop: Option<(usize, String)>,
    /// Every field written twice in one object: the path of the second, the byte
    /// offset of its name, and what to do.
    pub duplicates: Vec<(JsonPath, usize, String)>,
}

enum Frame {
    /// An object, with the fields seen so far (name → offset) and the last one.
    Object {
        keys: HashMap<String, usize>,
        last: Option<String>,
        expect_key: bool,
    },
    /// A list, at the element it is in.
    Array { index: usize },
}

/// Takes the first look at `text`.
pub fn scan(text: &str) -> Scanned {
    let mut out = Scanned {
        text: text.to_owned(),
        ..Scanned::default()
    };
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut blanks: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                blanks.push((i, end));
                i = end;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => match text[i + 2..].find("*/") {
                Some(n) => {
                    let end = i + 2 + n + 2;
                    blanks.push((i, end));
                    i = end;
                    continue;
                }
                None => {
                    out.stop = Some((
                        i,
                        "this comment starts with /* but never ends: close it with */".into(),
                    ));
                    break;
                }
            },
            b'"' => match string_end(text, i) {
                Ok(end) => {
                    if let Some(problem) = ends_early(text, i, end) {
                        out.stop = Some(problem);
                        break;
                    }
                    let is_key = matches!(
                        stack.last(),
                        Some(Frame::Object {
                            expect_key: true,
                            ..
                        })
                    );
                    if is_key {
                        let key = decode_key(&text[i..=end]);
                        let parent = stack.len() - 1;
                        if let Some(Frame::Object { keys, .. }) = stack.last()
                            && let Some(&first) = keys.get(&key)
                        {
                            let (line, column) = line_column(text, first);
                            let message = format!(
                                "the field `{key}` is written twice in this object (first at \
                                 line {line}, column {column}); keep only one of them"
                            );
                            let path = path_of(&stack[..parent]).key(&key);
                            out.duplicates.push((path, i, message));
                        }
                        if let Some(Frame::Object {
                            keys,
                            last,
                            expect_key,
                        }) = stack.last_mut()
                        {
                            keys.entry(key.clone()).or_insert(i);
                            *last = Some(key);
                            *expect_key = false;
                        }
                    }
                    i = end + 1;
                    continue;
                }
                Err(Some(problem)) => {
                    out.stop = Some(problem);
                    break;
                }
                Err(None) => break,
            },
            b'{' => stack.push(Frame::Object {
                keys: HashMap::new(),
                last: None,
                expect_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { expect_key, .. }) => *expect_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ if b >= 0x80 => {
                let c = text[i..].chars().next().unwrap_or_default();
                if let Some(message) = curly(c) {
                    out.stop = Some((i, message));
                    break;
                }
                i += c.len_utf8();
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if !blanks.is_empty() {
        out.text = blank(text, &blanks);
    }
    out
}

/// The message for a curly quote, if `c` is one.
fn curly(c: char) -> Option<String> {
    let pair = match c {
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => "“ ”",
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => "‘ ’",
        _ => return None,
    };
    Some(format!(
        "curly quotes ({pair}) found: use straight quotes (\") around names and texts; a word \
         processor may have changed them, so write packs in a plain-text editor"
    ))
}

/// The offset of the quote that ends the text starting at `start`; or the first
/// character a text may not hold, with what to write instead; or `Err(None)` when
/// the file ends first (the parser says so).
fn string_end(text: &str, start: usize) -> Result<usize, Option<(usize, String)>> {
    let mut chars = text[start + 1..].char_indices();
    while let Some((n, c)) = chars.next() {
        let at = start + 1 + n;
        match c {
            '"' => return Ok(at),
            '\\' => {
                chars.next();
            }
            '\n' | '\r' => {
                return Err(Some((
                    at,
                    "a line break inside a text: write \\n instead; if the text should end \
                     here, close it with a straight quote (\")"
                        .into(),
                )));
            }
            '\t' => {
                return Err(Some((
                    at,
                    "a tab inside a text: write \\t or spaces instead".into(),
                )));
            }
            c if u32::from(c) < 0x20 => {
                return Err(Some((
                    at,
                    format!(
                        "an invisible control character (U+{:04X}) inside a text: delete it",
                        u32::from(c)
                    ),
                )));
            }
            _ => {}
        }
    }
    Err(None)
}

/// When a text that ran from `start` to the quote at `end` is followed on the same
/// line by more words, the quote was meant to be inside the text: the message, at
/// that quote (or at a curly quote in the text, when one was meant to close it).
fn ends_early(text: &str, start: usize, end: usize) -> Option<(usize, String)> {
    let rest = &text[end + 1..];
    let next = rest.trim_start_matches([' ', '\t']).chars().next()?;
    if matches!(next, ',' | ':' | '}' | ']' | '/' | '"' | '\n' | '\r') {
        return None;
    }
    if let Some((n, c)) = text[start + 1..end]
        .char_indices()
        .find(|(_, c)| curly(*c).is_some())
    {
        return curly(c).map(|message| (start + 1 + n, message));
    }
    Some((
        end,
        "a quote (\") inside a text must be written \\\" (with a backslash before it); here \
         the text ends early, at this quote"
            .into(),
    ))
}

/// A field's name as written between its quotes, escapes decoded, safe to print.
fn decode_key(quoted: &str) -> String {
    let name = if quoted.contains('\\') {
        serde_json::from_str::<String>(quoted).unwrap_or_else(|_| quoted.to_owned())
    } else {
        quoted[1..quoted.len() - 1].to_owned()
    };
    sanitize::text(&name).into_owned()
}

/// The path of the value being read inside the frames.
fn path_of(frames: &[Frame]) -> JsonPath {
    let mut path = JsonPath::root();
    for frame in frames {
        path = match frame {
            Frame::Object { last, .. } => path.with(Segment::Key(last.clone().unwrap_or_default())),
            Frame::Array { index } => path.index(*index),
        };
    }
    path
}

/// `text` with each range replaced by one space per character, line breaks kept.
fn blank(text: &str, ranges: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for &(start, end) in ranges {
        out.push_str(&text[from..start]);
        out.extend(
            text[start..end]
                .chars()
                .map(|c| if c == '\n' || c == '\r' { c } else { ' ' }),
        );
        from = end;
    }
    out.push_str(&text[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_json_passes_unchanged() {
        let text = "{\"a\": [1, \"x\\\"y\", {\"b\": \"“quoted” text\"}], \"c\": null}";
        let scanned = scan(text);
        assert_eq!(scanned.text, text);
        assert!(scanned.stop.is_none());
        assert!(scanned.duplicates.is_empty());
    }

    #[test]
    fn comments_become_spaces_and_keep_lines() {
        let text = "{ // a note é\n  \"a\": 1, /* two\nlines */ \"b\": \"http://x\" }";
        let scanned = scan(text);
        assert!(scanned.stop.is_none());
        assert_eq!(
            scanned.text,
            "{            \n  \"a\": 1,       \n         \"b\": \"http://x\" }"
        );
        let value: serde_json::Value = serde_json::from_str(&scanned.text).unwrap();
        assert_eq!(value["b"], "http://x");
        assert!(scan("{ /* never closed }").stop.is_some());
    }

    #[test]
    fn a_field_written_twice_is_named_with_its_path() {
        let text = "{\"e\": [{\"t\": 1}, {\"t\": 1, \"u\": 2, \"t\": 3}]}";
        let scanned = scan(text);
        assert_eq!(scanned.duplicates.len(), 1);
        let (path, at, message) = &scanned.duplicates[0];
        assert_eq!(path.to_string(), "e[1].t");
        assert_eq!(&text[*at..*at + 3], "\"t\"");
        assert!(message.contains("`t` is written twice"), "{message}");
        assert!(message.contains("line 1, column 19"), "{message}");
    }

    #[test]
    fn hand_written_mistakes_stop_at_their_place() {
        let at = |text: &str| scan(text).stop.map(|(at, _)| at);
        assert_eq!(at("{\"a\": “x”}"), Some(6));
        assert_eq!(at("{\"a\": \"say \"hi\" now\"}"), Some(11));
        assert_eq!(at("{\"a\": \"x\ny\"}"), Some(8));
        assert_eq!(at("{\"a\": \"x\ty\"}"), Some(8));
        // A missing comma is the parser's to report.
        assert_eq!(at("{\"a\": \"x\"\n\"b\": 1}"), None);
        assert_eq!(at("{\"a\": \"x\" \"b\": 1}"), None);
        // A curly quote meant to close a text is named, not the straight one after it.
        let (offset, message) = scan("{\"a\": \"x”, \"b\": \"y\"}").stop.unwrap();
        assert_eq!(offset, 8);
        assert!(message.starts_with("curly quotes"), "{message}");
    }
}
