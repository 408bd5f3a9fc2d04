//! A read step: text to take in, scrolled when it does not fit.

use crate::tui::clock::Now;

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::lines::{Scroller, paragraph};
use super::{Handled, Nav, StepWidget};
use crate::journal::entry::AnswerValue;
use crate::pack::model::ReadStep;
use crate::tui::theme::Theme;

/// Where the reader is in the text.
#[derive(Debug, Default)]
pub(super) struct ReadInput {
    scroll: Scroller,
}

impl StepWidget for ReadInput {
    type Step = ReadStep;

    fn handle_key(&mut self, _step: &ReadStep, key: KeyEvent, _now: Now) -> Handled {
        match Nav::of(&key) {
            Some(Nav::Enter) => Handled::Next,
            Some(nav) if self.scroll.handle(nav) => Handled::Consumed,
            _ => Handled::Ignored,
        }
    }

    fn answer(&self, _step: &ReadStep, _now: Now) -> Option<AnswerValue> {
        None
    }

    fn render(&self, step: &ReadStep, area: Rect, buf: &mut Buffer, theme: &Theme, _now: Now) {
        let lines = paragraph(&step.prompt, area.width, theme.text);
        self.scroll.draw(&lines, area, buf, theme);
    }

    fn keys(&self, _step: &ReadStep) -> Vec<(&'static str, &'static str)> {
        vec![("↑↓ PgUp PgDn", "scroll"), ("Enter", "next")]
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::super::testing::{read_step, render, rows, screen, send};
    use super::super::{Handled, StepInput};
    use crate::tui::theme::Theme;

    const TEXT: &str = "The fights are rarely about the dishes. Underneath, each of you is \
        trying to protect something that matters.\n\nThis exercise helps you see your own \
        part of the cycle, without blame.";

    #[test]
    fn paragraphs_wrap_with_a_blank_line_between() {
        let step = read_step(TEXT);
        let input = StepInput::new(&step, None);
        let buf = render(&input, &step, 40, 12, &Theme::color());
        let rows = rows(&buf);
        assert_eq!(
            rows[0].trim_end(),
            "The fights are rarely about the dishes."
        );
        let blank = rows.iter().position(|r| r.trim().is_empty()).unwrap();
        assert!(rows[blank + 1].starts_with("This exercise"), "{rows:?}");
        assert_eq!(input.answer(&step, crate::tui::clock::Now::system()), None);
    }

    #[test]
    fn arrows_scroll_and_enter_goes_on() {
        let step = read_step(TEXT);
        let mut input = StepInput::new(&step, None);
        let buf = render(&input, &step, 20, 5, &Theme::color());
        assert!(screen(&buf).contains("↓ more below"));
        let handled = send(&mut input, &step, &[KeyCode::Down, KeyCode::Char('j')]);
        assert_eq!(handled, [Handled::Consumed, Handled::Consumed]);
        let buf = render(&input, &step, 20, 5, &Theme::color());
        assert!(!rows(&buf)[0].starts_with("The fights"), "{:?}", rows(&buf));
        send(&mut input, &step, &[KeyCode::PageUp, KeyCode::Char('k')]);
        let buf = render(&input, &step, 20, 5, &Theme::color());
        assert!(rows(&buf)[0].starts_with("The fights"));
        assert_eq!(send(&mut input, &step, &[KeyCode::Enter]), [Handled::Next]);
        assert_eq!(
            send(&mut input, &step, &[KeyCode::Char('q')]),
            [Handled::Ignored]
        );
        assert!(!input.captures_text());
    }
}
