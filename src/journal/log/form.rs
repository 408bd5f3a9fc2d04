//! What form a log has, told from its first line alone: plain, encrypted (and with
//! which header), or meant as encrypted but with a damaged header.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;

use crate::journal::record::{Line, classify};
use crate::vault::Header;

/// What form a log has, from its first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    /// Plain records (or no records yet).
    Plain,
    /// Encrypted, with this header.
    Encrypted(Header),
    /// The first line is meant as an encryption header but is damaged.
    BadHeader(String),
}

/// Reads the log's first line only, to tell whether it is encrypted.
pub fn form(file: &File) -> io::Result<Form> {
    let mut bytes = vec![0; 64 * 1024];
    let mut filled = 0;
    while filled < bytes.len() {
        match file.read_at(&mut bytes[filled..], filled as u64) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let bytes = &bytes[..filled];
    let line = &bytes[..memchr::memchr(b'\n', bytes).unwrap_or(bytes.len())];
    let meant_as_header =
        line.starts_with(b"{\"v\":2,") || memchr::memmem::find(line, b"\"vault\"").is_some();
    Ok(match classify(line, None) {
        Line::Header(header) => Form::Encrypted(*header),
        Line::Record(_) => Form::Plain,
        Line::Invalid(message) | Line::NotJson(message) if meant_as_header => {
            Form::BadHeader(message)
        }
        _ => Form::Plain,
    })
}
