//! Asking for a passphrase: on the terminal with echo off, or, for scripts and tests,
//! from a file descriptor the caller opened (`--passphrase-fd`). Never from an
//! argument or the environment, where other processes and shell history can see it.

use std::io::{self, Read};
use std::mem::ManuallyDrop;
use std::os::fd::FromRawFd;

use zeroize::Zeroizing;

/// The shortest passphrase accepted for a new key.
pub const MIN_LEN: usize = 8;

/// Where passphrases come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The controlling terminal (`/dev/tty`), echo off.
    Terminal,
    /// One line each from this file descriptor.
    Fd(i32),
}

/// Why no passphrase was had.
#[derive(Debug, thiserror::Error)]
pub enum PassphraseError {
    /// There is no terminal to ask on.
    #[error(
        "a passphrase is needed and there is no terminal to ask for it on; run this in a \
         terminal, or pass --passphrase-fd N with the passphrase on that file descriptor"
    )]
    NoTerminal(io::Error),
    /// The two entries of a new passphrase differ.
    #[error("the two passphrases are not the same; nothing was changed")]
    Mismatch,
    /// A new passphrase is too short.
    #[error("a passphrase needs at least {MIN_LEN} characters; nothing was changed")]
    TooShort,
    /// The file descriptor gave nothing.
    #[error("no passphrase could be read from file descriptor {fd}: {source}")]
    Fd {
        /// The descriptor.
        fd: i32,
        /// What went wrong.
        source: io::Error,
    },
}

/// Reads one line from `fd`, a byte at a time so that nothing after it is taken
/// (the rest of standard input may be an entry's text). The descriptor stays open.
fn read_line(fd: i32) -> Result<Zeroizing<String>, PassphraseError> {
    // SAFETY: the descriptor is borrowed for this call only and never closed here.
    let mut file = ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(fd) });
    let mut line = Zeroizing::new(Vec::new());
    let mut byte = [0; 1];
    loop {
        match file.read(&mut byte) {
            Ok(0) => break,
            Ok(_) if byte[0] == b'\n' => break,
            Ok(_) => line.push(byte[0]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(source) => return Err(PassphraseError::Fd { fd, source }),
        }
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    if line.is_empty() {
        return Err(PassphraseError::Fd {
            fd,
            source: io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "an empty line or end of input",
            ),
        });
    }
    String::from_utf8(line.to_vec())
        .map(Zeroizing::new)
        .map_err(|_| PassphraseError::Fd {
            fd,
            source: io::Error::new(io::ErrorKind::InvalidData, "not UTF-8"),
        })
}

/// Asks for the passphrase with `prompt`.
pub fn ask(source: Source, prompt: &str) -> Result<Zeroizing<String>, PassphraseError> {
    super::guard_process();
    match source {
        Source::Terminal => rpassword::prompt_password(prompt)
            .map(Zeroizing::new)
            .map_err(PassphraseError::NoTerminal),
        Source::Fd(fd) => read_line(fd),
    }
}

/// Asks for a new passphrase: twice on a terminal, once from a descriptor.
pub fn ask_new(source: Source, prompt: &str) -> Result<Zeroizing<String>, PassphraseError> {
    let first = ask(source, prompt)?;
    if first.chars().count() < MIN_LEN {
        return Err(PassphraseError::TooShort);
    }
    if source == Source::Terminal {
        let again = ask(source, "The same passphrase again: ")?;
        if *again != *first {
            return Err(PassphraseError::Mismatch);
        }
    }
    Ok(first)
}
