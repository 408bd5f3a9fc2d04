//! The one way out to the terminal: standard output and standard error, made safe.
//!
//! Journal text arrives raw (typed on the command line, imported from a file, synced
//! from another device) and may hold escape sequences that would write the clipboard
//! (OSC 52), set the window title, clear the screen, or reorder what is read (bidi
//! overrides). Every byte a command prints, and every message, passes through
//! [`Terminal`], which applies [`crate::sanitize::text`], the rule the app's screens
//! use too, whether the stream is a terminal, a pipe or a file: a pipe often ends in a
//! pager or a terminal. JSON passes unchanged, since [`crate::safe_json`] has already
//! escaped everything this would replace; files written with `--out` do not pass
//! here and keep the exact text.

use std::fmt;
use std::io::{self, IsTerminal, Write};

use crate::sanitize::{self, PLACEHOLDER};

/// A stream to a terminal (or whatever reads it) that lets no control character
/// other than newline and tab, and no bidi override, through: each becomes
/// [`PLACEHOLDER`], as do bytes that are not UTF-8 (to some terminals a lone 0x9B is
/// the 8-bit CSI). A character or CRLF split across two writes is put together first.
pub struct Terminal<W: Write> {
    inner: W,
    /// The end of the last write when it may continue in the next: the first bytes
    /// of a character, or a carriage return that a newline may follow.
    held: Vec<u8>,
}

/// The escape sequences between itself sends, and the only ones: a terminal shows
/// them as styles, and no text can ask for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Bold and reversed: a search match.
    Match,
    /// Bold.
    Bold,
    /// Bold and underlined: a heading.
    Heading,
    /// Back to plain text.
    Plain,
}

impl Mark {
    fn code(self) -> &'static [u8] {
        match self {
            Mark::Match => b"\x1b[1;7m",
            Mark::Bold => b"\x1b[1m",
            Mark::Heading => b"\x1b[1;4m",
            Mark::Plain => b"\x1b[0m",
        }
    }
}

/// When a command styles what it prints (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// When printing to a terminal and NO_COLOR is not set (or empty).
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to send [`Mark`]s: `auto` only to a terminal and without NO_COLOR or
    /// `--no-color`, so a pipe or a file gets plain text.
    pub fn wanted(self, env: &crate::environment::Environment) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => io::stdout().is_terminal() && !env.no_color,
        }
    }
}

/// The width to lay printed text out to: the terminal's when standard output is one,
/// else 80 columns (a pipe, a file or a pager that would not say).
pub fn width() -> usize {
    let terminal = io::stdout().is_terminal().then(crossterm::terminal::size);
    match terminal {
        Some(Ok((columns, _))) if columns > 0 => usize::from(columns),
        _ => 80,
    }
}

impl<W: Write> Terminal<W> {
    /// Makes `inner` safe to write any text to.
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            held: Vec::new(),
        }
    }

    /// Writes a style of our own making.
    pub fn mark(&mut self, mark: Mark) -> io::Result<()> {
        self.release()?;
        self.inner.write_all(mark.code())
    }

    /// Writes out what is held (a split character that never got its end is a
    /// placeholder) and flushes. Call at the end; dropping does it too, ignoring
    /// errors.
    pub fn finish(&mut self) -> io::Result<()> {
        self.release()?;
        self.inner.flush()
    }

    fn release(&mut self) -> io::Result<()> {
        if self.held.is_empty() {
            return Ok(());
        }
        let held = std::mem::take(&mut self.held);
        self.pass(&held, true)
    }

    /// Writes `bytes` made safe. Unless `last`, an end that may continue in the next
    /// write is held back.
    fn pass(&mut self, bytes: &[u8], last: bool) -> io::Result<()> {
        let mut chunks = bytes.utf8_chunks().peekable();
        while let Some(chunk) = chunks.next() {
            let (text, invalid) = (chunk.valid(), chunk.invalid());
            if !last && chunks.peek().is_none() {
                if !invalid.is_empty() {
                    self.text(text)?;
                    self.held = invalid.to_vec();
                    return Ok(());
                }
                if let Some(before) = text.strip_suffix('\r') {
                    self.text(before)?;
                    self.held = b"\r".to_vec();
                    return Ok(());
                }
            }
            self.text(text)?;
            if !invalid.is_empty() {
                let mut buffer = [0; 4];
                self.inner
                    .write_all(PLACEHOLDER.encode_utf8(&mut buffer).as_bytes())?;
            }
        }
        Ok(())
    }

    fn text(&mut self, text: &str) -> io::Result<()> {
        self.inner.write_all(sanitize::text(text).as_bytes())
    }
}

impl<W: Write> Write for Terminal<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.held.is_empty() {
            self.pass(buf, false)?;
        } else {
            let mut joined = std::mem::take(&mut self.held);
            joined.extend_from_slice(buf);
            self.pass(&joined, false)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for Terminal<W> {
    fn drop(&mut self) {
        let _ = self.finish();
    }
}

/// Standard output, made safe.
pub type Stdout = Terminal<io::StdoutLock<'static>>;

/// Standard output, locked, made safe.
pub fn stdout() -> Stdout {
    Terminal::new(io::stdout().lock())
}

/// Standard error, locked, made safe.
pub fn stderr() -> Terminal<io::StderrLock<'static>> {
    Terminal::new(io::stderr().lock())
}

/// Writes a message and a newline to standard error, made safe: what `eprintln!`
/// would do (use the `say!` macro). A message that cannot be written is dropped, as
/// there is nowhere left to say so.
pub fn say(message: fmt::Arguments<'_>) {
    let mut err = stderr();
    let _ = err.write_fmt(message).and_then(|()| err.write_all(b"\n"));
}

/// Writes a question to standard error without a newline, made safe.
pub fn ask(question: &str) {
    let mut err = stderr();
    let _ = err.write_all(question.as_bytes());
}

/// Prints what the command-line parser has to say and returns the exit code. Help and
/// the version are our own words and keep clap's colours. A usage error may quote an
/// argument, whose escape sequences clap would print as they are to a terminal (and
/// strip, with no trace, from a pipe); it is printed made safe, like everything else,
/// from a parse without colours, since those would be escape sequences too.
pub fn parse_failure(error: clap::Error) -> u8 {
    use clap::CommandFactory;
    use clap::error::ErrorKind;
    let code = u8::try_from(error.exit_code()).unwrap_or(crate::error::EXIT_USAGE);
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return code;
    }
    let plain = super::Cli::command()
        .styles(clap::builder::Styles::plain())
        .try_get_matches()
        .err()
        .unwrap_or(error);
    let _ = stderr().write_all(plain.render().ansi().to_string().as_bytes());
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `Terminal` makes of `pieces` written one after another.
    fn through(pieces: &[&[u8]]) -> String {
        let mut out = Vec::new();
        {
            let mut terminal = Terminal::new(&mut out);
            for piece in pieces {
                terminal.write_all(piece).unwrap();
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn clean_text_passes_unchanged() {
        let text = "Plain words, émoji 🙂, 漢字\n  indented\n";
        assert_eq!(through(&[text.as_bytes()]), text);
    }

    #[test]
    fn controls_overrides_and_stray_bytes_become_placeholders() {
        assert_eq!(
            through(&[b"a\x1b]52;c;aGk=\x07b", "\u{9b}2J\u{202E}x".as_bytes()]),
            "a\u{FFFD}]52;c;aGk=\u{FFFD}b\u{FFFD}2J\u{FFFD}x"
        );
        assert_eq!(
            through(&[b"raw \x9b2J and \xff"]),
            "raw \u{FFFD}2J and \u{FFFD}"
        );
    }

    #[test]
    fn a_character_or_crlf_split_across_writes_is_put_together() {
        let rlo = "\u{202E}".as_bytes();
        assert_eq!(through(&[&rlo[..1], &rlo[1..]]), "\u{FFFD}");
        let smile = "🙂".as_bytes();
        assert_eq!(through(&[&smile[..2], &smile[2..], b"!"]), "🙂!");
        assert_eq!(
            through(&[b"line\r", b"\nnext\r", b"x"]),
            "line\nnext\u{FFFD}x"
        );
        // Never completed: the held bytes still come out, as placeholders.
        assert_eq!(through(&[b"cut \xe2\x80"]), "cut \u{FFFD}");
        assert_eq!(through(&[b"cut\r"]), "cut\u{FFFD}");
    }

    #[test]
    fn only_our_own_marks_are_escape_sequences() {
        let mut out = Vec::new();
        {
            let mut terminal = Terminal::new(&mut out);
            terminal.write_all(b"a \x1b[1;7m").unwrap();
            terminal.mark(Mark::Match).unwrap();
            terminal.write_all(b"hit").unwrap();
            terminal.mark(Mark::Plain).unwrap();
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a \u{FFFD}[1;7m\x1b[1;7mhit\x1b[0m"
        );
    }
}
