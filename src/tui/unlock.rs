//! The lock screen of an encrypted journal: at start, after quick hide and after the
//! idle time. It shows nothing of the journal, only a passphrase field (its letters
//! as dots), and keeps the safety text one key away.
//!
//! Like the app, it is a state, an `update` on keys with no I/O, and a `draw`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use zeroize::Zeroizing;

use crate::safety::Safety;
use crate::tui::keymap::{self, Action, Binding, Key};
use crate::tui::theme::Theme;

/// What the lock screen holds: the passphrase being typed, and what to say.
pub struct LockScreen {
    typed: Zeroizing<String>,
    /// A message under the field (a wrong passphrase, a problem).
    pub message: Option<String>,
    /// Whether the safety text is shown, and its scroll.
    pub safety: Option<u16>,
    /// Set while the passphrase is being checked, so the screen says so.
    pub checking: bool,
    /// Its keys (`tui::app::keys::lock_bindings`), with the keys of one's own: what
    /// keys do and what the footer says.
    keys: Vec<Binding>,
}

/// What a key on the lock screen asks for.
#[derive(PartialEq, Eq)]
pub enum LockAction {
    /// Nothing beyond redrawing.
    None,
    /// Try this passphrase.
    Try(Zeroizing<String>),
    /// Leave the app.
    Quit,
}

/// Room for the passphrase reserved up front, so typing never moves it in memory and
/// leaves a copy behind that zeroizing would miss.
const ROOM: usize = 512;

impl LockScreen {
    /// An empty lock screen whose keys are `keys`.
    pub fn new(keys: Vec<Binding>) -> Self {
        crate::vault::guard_process();
        Self {
            typed: Zeroizing::new(String::with_capacity(ROOM)),
            message: None,
            safety: None,
            checking: false,
            keys,
        }
    }
}

impl std::fmt::Debug for LockAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the passphrase.
        f.write_str(match self {
            LockAction::None => "None",
            LockAction::Try(_) => "Try(…)",
            LockAction::Quit => "Quit",
        })
    }
}

impl LockScreen {
    /// Handles one key.
    pub fn key(&mut self, key: KeyEvent) -> LockAction {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if let Some(scroll) = &mut self.safety {
            match key.code {
                KeyCode::Down | KeyCode::Char('j') => *scroll = scroll.saturating_add(1),
                KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
                _ => self.safety = None,
            }
            return LockAction::None;
        }
        match keymap::action(&self.keys, Key::of(&key)) {
            Some(Action::Safety) => self.safety = Some(0),
            Some(Action::Quit) => return LockAction::Quit,
            Some(Action::EraseLine) => self.typed.clear(),
            Some(Action::EraseWord) => {
                let kept = self.typed.trim_end().rfind(' ').map_or(0, |at| at + 1);
                self.typed.truncate(kept);
            }
            Some(Action::Erase) => {
                self.typed.pop();
            }
            Some(Action::Open) if !self.typed.is_empty() => {
                let fresh = Zeroizing::new(String::with_capacity(ROOM));
                return LockAction::Try(std::mem::replace(&mut self.typed, fresh));
            }
            Some(_) => {}
            None => match key.code {
                KeyCode::Char(c) if !ctrl && self.typed.len() + c.len_utf8() <= ROOM => {
                    self.typed.push(c);
                    self.message = None;
                }
                _ => {}
            },
        }
        LockAction::None
    }

    /// Takes pasted text into the field (a passphrase from a password manager).
    pub fn paste(&mut self, text: &str) {
        for c in text.trim_end_matches(['\r', '\n']).chars() {
            if self.typed.len() + c.len_utf8() > ROOM {
                break;
            }
            self.typed.push(c);
        }
    }

    /// Draws the lock screen.
    pub fn draw(&self, frame: &mut Frame, safety: &Safety, theme: &Theme) {
        let area = frame.area();
        if let Some(scroll) = self.safety {
            crate::tui::screens::safety::draw_text(frame, area, safety, scroll, theme);
            return;
        }
        let dots = "•".repeat(self.typed.chars().count());
        let status = if self.checking {
            "Checking…".to_owned()
        } else {
            self.message.clone().unwrap_or_default()
        };
        let lines = vec![
            Line::styled("Passphrase", theme.title),
            Line::styled(format!("{dots}▏"), theme.text),
            Line::raw(""),
            Line::styled(status, theme.warning),
        ];
        let [middle, footer] =
            Layout::vertical([Constraint::Min(4), Constraint::Length(1)]).areas(area);
        // Room for a message of a few lines (wrapped), in a column narrow enough to read.
        let [field] = Layout::vertical([Constraint::Length(7)])
            .flex(ratatui::layout::Flex::Center)
            .areas(middle);
        let [field] = Layout::horizontal([Constraint::Max(64)])
            .flex(ratatui::layout::Flex::Center)
            .areas(field);
        frame.render_widget(
            Paragraph::new(lines)
                .alignment(Alignment::Center)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            field,
        );
        frame.render_widget(
            Paragraph::new(format!(
                " {}",
                keymap::said_of(&self.keys, &[Action::Open, Action::Quit, Action::Safety])
            ))
            .style(theme.dim),
            footer,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    /// The lock screen's keys with `given` (action, keys) as `settings.json` gives them.
    fn keys(given: &[(&str, &[&str])]) -> Vec<Binding> {
        let choices: Vec<crate::settings::OwnKey> = given
            .iter()
            .map(|(action, keys)| crate::settings::OwnKey {
                action: (*action).to_owned(),
                keys: keys.iter().map(|key| (*key).to_owned()).collect(),
                place: None,
            })
            .collect();
        let (own, problems) = crate::tui::app::keys::own_keys(&choices);
        assert!(problems.is_empty(), "{problems:?}");
        crate::tui::app::keys::lock_bindings(&own)
    }

    fn press(screen: &mut LockScreen, code: KeyCode) -> LockAction {
        screen.key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn text(screen: &LockScreen) -> String {
        let mut terminal = Terminal::new(TestBackend::new(60, 12)).unwrap();
        let safety = crate::safety::load(std::path::Path::new("/nonexistent")).0;
        terminal
            .draw(|frame| screen.draw(frame, &safety, &Theme::monochrome()))
            .unwrap();
        let buffer = terminal.backend().buffer();
        buffer
            .content()
            .chunks(buffer.area.width as usize)
            .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn typed_letters_show_as_dots_and_enter_tries_them() {
        let mut screen = LockScreen::new(keys(&[]));
        assert_eq!(press(&mut screen, KeyCode::Enter), LockAction::None);
        for c in "secret".chars() {
            press(&mut screen, KeyCode::Char(c));
        }
        press(&mut screen, KeyCode::Backspace);
        let shown = text(&screen);
        assert!(shown.contains("•••••▏"), "{shown}");
        assert!(!shown.contains("secre"), "{shown}");
        match press(&mut screen, KeyCode::Enter) {
            LockAction::Try(words) => assert_eq!(words.as_str(), "secre"),
            other => panic!("{other:?}"),
        }
        // The field is empty again for the next try.
        assert!(!text(&screen).contains('•'));
        assert_eq!(press(&mut screen, KeyCode::Esc), LockAction::Quit);
        // A paste longer than the room is cut there, and never printed.
        screen.paste(&"x".repeat(2 * ROOM));
        match press(&mut screen, KeyCode::Enter) {
            action @ LockAction::Try(_) => {
                assert_eq!(format!("{action:?}"), "Try(…)");
                let LockAction::Try(words) = action else {
                    unreachable!()
                };
                assert_eq!(words.len(), ROOM);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn safety_is_one_key_away_and_any_key_returns() {
        let mut screen = LockScreen::new(keys(&[]));
        screen.key(KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL));
        let safety = crate::safety::load(std::path::Path::new("/nonexistent")).0;
        assert!(text(&screen).contains(&safety.resources[0].name));
        press(&mut screen, KeyCode::Char('x'));
        assert!(text(&screen).contains("Passphrase"));
        // The key that closed safety was not typed.
        assert!(!text(&screen).contains('•'));
    }

    #[test]
    fn keys_of_ones_own_work_on_the_lock_screen_and_its_footer_shows_them() {
        let mut screen = LockScreen::new(keys(&[("safety", &["f2"]), ("quit", &["ctrl-q"])]));
        let shown = text(&screen);
        assert!(
            shown.contains("Enter unlock · Ctrl-Q quit · F2 safety"),
            "{shown}"
        );
        screen.key(KeyEvent::new(KeyCode::F(2), KeyModifiers::NONE));
        let safety = crate::safety::load(std::path::Path::new("/nonexistent")).0;
        assert!(text(&screen).contains(&safety.resources[0].name));
        press(&mut screen, KeyCode::Char('x'));
        assert_eq!(
            screen.key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL)),
            LockAction::Quit
        );
        // Esc was quit's key; quit has other keys now, so Esc does nothing.
        assert_eq!(press(&mut screen, KeyCode::Esc), LockAction::None);
    }
}
