//! Reading the terminal: waiting for input, and the events crossterm parses from it,
//! with an Esc that arrived together with the next key given back as the two keys.
//!
//! A terminal sends Alt and a key as Esc followed by the key (`ESC z`), the same bytes
//! as Esc then z pressed quickly, or queued while the app was busy. The app binds
//! nothing to Alt, so such a key is read as what the bytes also say, Esc and then the
//! key: the Esc is never lost, and no Alt letter is typed as the plain letter as if Esc
//! had not been pressed. Keys whose Alt is part of the sequence itself (`ESC [1;3C`,
//! Alt-Right in xterm) are left as they are.

use std::io;
use std::time::Duration;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyModifiers};

/// What the terminal has for us.
pub enum Ready {
    /// Nothing yet.
    Nothing,
    /// Bytes to read.
    Input,
    /// The terminal hung up.
    HungUp,
}

/// Waits up to `timeout` for input on the terminal (standard input).
///
/// This is checked before crossterm reads, because on a terminal that has hung up
/// crossterm's reader spins on end-of-file without returning, ignoring its timeout.
pub fn wait(timeout: Duration) -> io::Result<Ready> {
    let mut fd = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    let millis = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
    // SAFETY: one valid pollfd, for the duration of the call.
    let ready = unsafe { libc::poll(&mut fd, 1, millis) };
    if ready < 0 {
        let error = io::Error::last_os_error();
        return match error.kind() {
            io::ErrorKind::Interrupted => Ok(Ready::Nothing),
            _ => Err(error),
        };
    }
    if fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        return Ok(Ready::HungUp);
    }
    Ok(if ready > 0 {
        Ready::Input
    } else {
        Ready::Nothing
    })
}

/// The next events that are ready, without waiting: one event as crossterm read it,
/// unfolded (see [`unfold`]); None when nothing is left.
pub fn next_ready() -> io::Result<Option<Vec<Event>>> {
    if !event::poll(Duration::ZERO)? {
        return Ok(None);
    }
    Ok(Some(unfold(event::read()?)))
}

/// The events `event` stands for: a key with Alt that a terminal sends as Esc and one
/// more byte (a character, Enter, Tab, Backspace, a Ctrl letter) is Esc and then the
/// key without Alt; any other event is itself.
pub fn unfold(event: Event) -> Vec<Event> {
    match event {
        Event::Key(key) if is_esc_prefixed(&key) => {
            let esc = KeyEvent::new_with_kind(KeyCode::Esc, KeyModifiers::NONE, key.kind);
            let plain = KeyEvent {
                modifiers: key.modifiers - KeyModifiers::ALT,
                ..key
            };
            vec![Event::Key(esc), Event::Key(plain)]
        }
        other => vec![other],
    }
}

/// Whether `key` is one that arrives as Esc and one byte when Alt is held.
fn is_esc_prefixed(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::ALT)
        && matches!(
            key.code,
            KeyCode::Char(_) | KeyCode::Enter | KeyCode::Tab | KeyCode::Backspace
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn an_alt_letter_is_esc_then_the_letter() {
        assert_eq!(
            unfold(key(KeyCode::Char('z'), KeyModifiers::ALT)),
            [
                key(KeyCode::Esc, KeyModifiers::NONE),
                key(KeyCode::Char('z'), KeyModifiers::NONE)
            ]
        );
    }

    #[test]
    fn other_modifiers_stay_with_the_key() {
        assert_eq!(
            unfold(key(
                KeyCode::Char('u'),
                KeyModifiers::ALT | KeyModifiers::CONTROL
            )),
            [
                key(KeyCode::Esc, KeyModifiers::NONE),
                key(KeyCode::Char('u'), KeyModifiers::CONTROL)
            ]
        );
        assert_eq!(
            unfold(key(
                KeyCode::Char('Z'),
                KeyModifiers::ALT | KeyModifiers::SHIFT
            )),
            [
                key(KeyCode::Esc, KeyModifiers::NONE),
                key(KeyCode::Char('Z'), KeyModifiers::SHIFT)
            ]
        );
    }

    #[test]
    fn enter_tab_and_backspace_with_alt_are_esc_then_the_key() {
        for code in [KeyCode::Enter, KeyCode::Tab, KeyCode::Backspace] {
            assert_eq!(
                unfold(key(code, KeyModifiers::ALT)),
                [
                    key(KeyCode::Esc, KeyModifiers::NONE),
                    key(code, KeyModifiers::NONE)
                ]
            );
        }
    }

    #[test]
    fn an_arrow_with_alt_and_plain_keys_are_left_alone() {
        for event in [
            key(KeyCode::Right, KeyModifiers::ALT),
            key(KeyCode::Char('z'), KeyModifiers::NONE),
            key(KeyCode::Char('c'), KeyModifiers::CONTROL),
            key(KeyCode::Esc, KeyModifiers::NONE),
            Event::Paste("\u{1b}z".into()),
            Event::Resize(80, 24),
        ] {
            assert_eq!(unfold(event.clone()), [event]);
        }
    }
}
