//! A checklist step: items to tick. Ticking none is an answer too.

use crate::tui::clock::Now;

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use std::ops::Range;

use super::lines::{draw_focused, list_row, marker, option_spots, paragraph};
use super::{Handled, Nav, Spot, StepWidget};
use crate::journal::entry::{AnswerValue, CheckedItem};
use crate::pack::model::ChecklistStep;
use crate::tui::theme::Theme;

/// Which items are ticked, and the row with the cursor.
#[derive(Debug)]
pub(super) struct ChecklistInput {
    cursor: usize,
    checked: Vec<bool>,
    /// Whether the user has ticked or unticked anything (or this is a restored
    /// answer): an untouched checklist is no answer, not "nothing ticked".
    touched: bool,
}

impl ChecklistInput {
    /// Restores the ticks of `previous` (matched by item text) when it is a checklist.
    pub(super) fn new(step: &ChecklistStep, previous: Option<&AnswerValue>) -> Self {
        let ticked: &[CheckedItem] = match previous {
            Some(AnswerValue::Checklist { items }) => items,
            _ => &[],
        };
        let checked = step
            .items
            .iter()
            .map(|item| ticked.iter().any(|t| t.checked && t.text.as_str() == item))
            .collect();
        let touched = matches!(previous, Some(AnswerValue::Checklist { .. }));
        Self {
            cursor: 0,
            checked,
            touched,
        }
    }

    /// Everything the step draws at `width`: the prompt and the items, with the range
    /// of lines of each item.
    fn layout(
        &self,
        step: &ChecklistStep,
        width: u16,
        theme: &Theme,
    ) -> (Vec<Line<'static>>, Vec<Range<usize>>) {
        let mut lines = paragraph(&step.prompt, width, theme.title);
        lines.push(Line::default());
        let mut rows = Vec::new();
        for (row, (item, &checked)) in step.items.iter().zip(&self.checked).enumerate() {
            let focused = row == self.cursor;
            let tick = if checked { "[x] " } else { "[ ] " };
            let prefix = format!("{}{tick}", marker(theme, focused));
            let style = if focused { theme.selected } else { theme.text };
            let start = lines.len();
            lines.extend(list_row(&prefix, item, width, style));
            rows.push(start..lines.len());
        }
        (lines, rows)
    }

    /// Moves the cursor to `row`, kept inside the list.
    fn move_to(&mut self, row: usize) -> Handled {
        self.cursor = row.min(self.checked.len().saturating_sub(1));
        Handled::Consumed
    }

    /// Ticks or unticks the item with the cursor.
    fn toggle(&mut self) -> Handled {
        match self.checked.get_mut(self.cursor) {
            Some(checked) => {
                *checked = !*checked;
                self.touched = true;
                Handled::Changed
            }
            None => Handled::Consumed,
        }
    }
}

impl ChecklistInput {
    /// The items ticked, in the step's order.
    pub(super) fn ticked<'s>(&self, step: &'s ChecklistStep) -> Vec<&'s str> {
        step.items
            .iter()
            .zip(&self.checked)
            .filter(|(_, checked)| **checked)
            .map(|(item, _)| item.as_str())
            .collect()
    }
}

impl StepWidget for ChecklistInput {
    type Step = ChecklistStep;

    fn handle_key(&mut self, _step: &ChecklistStep, key: KeyEvent, _now: Now) -> Handled {
        match Nav::of(&key) {
            Some(Nav::Up) => self.move_to(self.cursor.saturating_sub(1)),
            Some(Nav::Down) => self.move_to(self.cursor + 1),
            Some(Nav::Home) => self.move_to(0),
            Some(Nav::End) => self.move_to(usize::MAX),
            Some(Nav::Space) => self.toggle(),
            Some(Nav::Enter) => Handled::Next,
            _ => Handled::Ignored,
        }
    }

    /// Every item with whether it is ticked, once the user has ticked anything.
    fn answer(&self, step: &ChecklistStep, _now: Now) -> Option<AnswerValue> {
        if !self.touched {
            return None;
        }
        let items = step
            .items
            .iter()
            .zip(&self.checked)
            .map(|(text, &checked)| CheckedItem {
                text: text.as_str().into(),
                checked,
            })
            .collect();
        Some(AnswerValue::Checklist { items })
    }

    fn render(&self, step: &ChecklistStep, area: Rect, buf: &mut Buffer, theme: &Theme, _now: Now) {
        let (lines, rows) = self.layout(step, area.width, theme);
        let focus = rows.get(self.cursor).cloned().unwrap_or(0..0);
        draw_focused(&lines, focus, area, buf, theme);
    }

    fn spots(&self, step: &ChecklistStep, area: Rect, theme: &Theme) -> Vec<(Rect, Spot)> {
        let (lines, rows) = self.layout(step, area.width, theme);
        option_spots(lines.len(), rows, self.cursor, area)
    }

    /// A click on an item ticks or unticks it, as Space does.
    fn click(&mut self, _step: &ChecklistStep, spot: Spot) -> Handled {
        match spot {
            Spot::Row(row) if row < self.checked.len() => {
                self.move_to(row);
                self.toggle()
            }
            _ => Handled::Ignored,
        }
    }

    fn keys(&self, _step: &ChecklistStep) -> Vec<(&'static str, &'static str)> {
        vec![
            ("↑↓ j k", "move"),
            ("Space", "tick or untick"),
            ("Enter", "next"),
        ]
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::clock::Now;

    use crossterm::event::KeyCode;

    use super::super::testing::{checklist_step, press, render, reversed_at, screen, send};
    use super::super::{Handled, StepInput};
    use crate::journal::entry::AnswerValue;
    use crate::pack::model::Step;
    use crate::tui::theme::Theme;

    fn ticks(input: &StepInput, step: &Step) -> Vec<bool> {
        match input.answer(step, Now::system()) {
            Some(AnswerValue::Checklist { items }) => items.iter().map(|i| i.checked).collect(),
            other => panic!("not a checklist answer: {other:?}"),
        }
    }

    #[test]
    fn an_untouched_checklist_is_no_answer_and_does_not_block() {
        let step = checklist_step();
        let mut input = StepInput::new(&step, None);
        assert_eq!(input.answer(&step, Now::system()), None);
        assert_eq!(input.blocked(&step), None);
        // Ticking and unticking again is an answer: nothing ticked.
        send(&mut input, &step, &[KeyCode::Char(' '), KeyCode::Char(' ')]);
        assert_eq!(ticks(&input, &step), [false, false, false]);
    }

    #[test]
    fn space_ticks_the_item_under_the_cursor() {
        let step = checklist_step();
        let mut input = StepInput::new(&step, None);
        assert_eq!(press(&mut input, &step, " "), Handled::Changed);
        assert_eq!(
            send(
                &mut input,
                &step,
                &[KeyCode::Down, KeyCode::Down, KeyCode::Down]
            ),
            [Handled::Consumed; 3]
        );
        press(&mut input, &step, " ");
        assert_eq!(ticks(&input, &step), [true, false, true]);
        press(&mut input, &step, "k ");
        assert_eq!(ticks(&input, &step), [true, true, true]);
        press(&mut input, &step, " ");
        assert_eq!(ticks(&input, &step), [true, false, true]);
        assert_eq!(send(&mut input, &step, &[KeyCode::Enter]), [Handled::Next]);
        assert_eq!(press(&mut input, &step, "q"), Handled::Ignored);
    }

    #[test]
    fn ticks_are_restored_and_shown_without_colour() {
        let step = checklist_step();
        let mut input = StepInput::new(&step, None);
        press(&mut input, &step, "j ");
        let answer = input.answer(&step, Now::system()).unwrap();
        let restored = StepInput::new(&step, Some(&answer));
        assert_eq!(ticks(&restored, &step), [false, true, false]);
        let buf = render(&input, &step, 56, 12, &Theme::monochrome());
        let text = screen(&buf);
        assert!(text.contains("▶ [x] Clenched jaw"), "{text}");
        assert!(text.contains("  [ ] Fast heartbeat"), "{text}");
        assert!(reversed_at(&buf, "▶ [x] Clenched jaw"));
        assert!(!reversed_at(&buf, "[ ] Fast heartbeat"));
    }
}
