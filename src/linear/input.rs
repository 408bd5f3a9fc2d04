//! The lines the user types, read on a thread of their own so that a running break
//! can print a line each minute while waiting for the next one.

use std::io::BufRead;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

/// What reading a line gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    /// A line, without its line ending (bytes that are not UTF-8 are replaced).
    Line(String),
    /// The input ended (Ctrl-D, or the end of piped input).
    End,
    /// Nothing came within the time asked for.
    Nothing,
}

/// The user's lines.
pub struct Input {
    lines: Receiver<String>,
    ended: bool,
}

impl Input {
    /// Reads `reader` line by line on a thread of its own.
    pub fn spawn<R: BufRead + Send + 'static>(mut reader: R) -> Self {
        let (send, lines) = channel();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            loop {
                bytes.clear();
                match reader.read_until(b'\n', &mut bytes) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {
                        while matches!(bytes.last(), Some(b'\n' | b'\r')) {
                            bytes.pop();
                        }
                        if send
                            .send(String::from_utf8_lossy(&bytes).into_owned())
                            .is_err()
                        {
                            return;
                        }
                    }
                }
            }
        });
        Self {
            lines,
            ended: false,
        }
    }

    /// The next line, waiting as long as it takes.
    pub fn line(&mut self) -> Heard {
        if self.ended {
            return Heard::End;
        }
        match self.lines.recv() {
            Ok(line) => Heard::Line(line),
            Err(_) => {
                self.ended = true;
                Heard::End
            }
        }
    }

    /// The next line if one comes within `wait`.
    pub fn line_within(&mut self, wait: Duration) -> Heard {
        if self.ended {
            return Heard::End;
        }
        match self.lines.recv_timeout(wait) {
            Ok(line) => Heard::Line(line),
            Err(RecvTimeoutError::Timeout) => Heard::Nothing,
            Err(RecvTimeoutError::Disconnected) => {
                self.ended = true;
                Heard::End
            }
        }
    }
}
