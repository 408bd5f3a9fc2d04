//! Pretty JSON that is safe to print and exact to read back.
//!
//! serde_json escapes the C0 controls in strings but writes DEL, the C1 controls
//! (among them the 8-bit CSI, U+009B) and the bidirectional overrides as they are, so
//! a journal text printed as JSON could still drive the terminal that shows it. Here
//! every character [`crate::sanitize::is_forbidden`] names is written as a `\uXXXX`
//! escape too: the JSON decodes to the very same text, and none of its bytes is a
//! control. Every JSON between prints or writes for people to read (`--json`, exports,
//! reports) goes through [`to_writer_pretty`].

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

/// Writes `value` as pretty JSON (two-space indent, like `serde_json`'s) with every
/// control and bidi character escaped.
pub fn to_writer_pretty<W: Write, T: Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut serializer =
        serde_json::Serializer::with_formatter(writer, Escaping(PrettyFormatter::new()));
    value.serialize(&mut serializer)
}

/// [`to_writer_pretty`] into a new buffer.
pub fn to_vec_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    to_writer_pretty(&mut bytes, value)?;
    Ok(bytes)
}

/// serde_json's pretty layout, with the forbidden characters of strings escaped.
struct Escaping(PrettyFormatter<'static>);

impl Formatter for Escaping {
    /// serde_json hands over the runs of a string that it does not escape itself
    /// (it escapes quotes, backslashes and C0); the rest of the forbidden ones are
    /// escaped here.
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if crate::sanitize::is_forbidden(c) {
                writer.write_all(&fragment.as_bytes()[start..at])?;
                // Every forbidden character is in the Basic Multilingual Plane.
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sanitize::is_forbidden;

    #[test]
    fn every_forbidden_character_is_escaped_and_decodes_back_exactly() {
        // Every character up to U+3000 (the controls, DEL, C1, the bidi ranges, and
        // plenty of ordinary text around them), some beyond, in values and in keys.
        let text: String = (0..0x3000u32)
            .chain([0xFEFF, 0xFFFD, 0x1F642, 0x10FFFF])
            .filter_map(char::from_u32)
            .collect();
        let value = serde_json::json!({ text.clone(): [text.clone(), { "k": text }] });
        let bytes = to_vec_pretty(&value).unwrap();
        let printed = std::str::from_utf8(&bytes).unwrap();
        let leaked: Vec<char> = printed.chars().filter(|&c| is_forbidden(c)).collect();
        assert!(leaked.is_empty(), "{leaked:?}");
        assert!(printed.contains("\\u009b") && printed.contains("\\u202e"));
        let back: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn the_layout_is_serde_json_s_pretty_one() {
        let value = serde_json::json!({"a": [1, {"b": null}], "c": [], "d": {}, "e": "x"});
        assert_eq!(
            to_vec_pretty(&value).unwrap(),
            serde_json::to_vec_pretty(&value).unwrap()
        );
    }
}
