//! A choice step: one or several options, and optionally an answer of one's own.

use crate::tui::clock::Now;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use std::ops::Range;

use super::lines::{draw_focused, list_row, marker, option_spots, paragraph};
use super::{Handled, Nav, Spot, StepWidget, clean_input};
use crate::journal::entry::AnswerValue;
use crate::pack::model::ChoiceStep;
use crate::tui::theme::Theme;

/// Which options are chosen, the "other" text, and the row with the cursor.
///
/// The rows are the options, then the "other" field when the step offers one.
#[derive(Debug)]
pub(super) struct ChoiceInput {
    cursor: usize,
    chosen: Vec<bool>,
    other: String,
    /// Whether the "other" text is the answer (on a single choice, picking an
    /// option sets this aside but keeps the text).
    other_chosen: bool,
    /// The row of the "other" field, if there is one.
    other_row: Option<usize>,
}

impl ChoiceInput {
    /// Overwrites the "other" text with zeros, for a lock that drops it.
    pub(super) fn wipe(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.other);
    }

    /// Restores the options and "other" text of `previous` when it is a choice, with
    /// the cursor on the first chosen row.
    pub(super) fn new(step: &ChoiceStep, previous: Option<&AnswerValue>) -> Self {
        let other_row = step.other.as_ref().map(|_| step.options.len());
        let (labels, other) = match previous {
            Some(AnswerValue::Choice { chosen, other }) => (chosen.as_slice(), other.clone()),
            _ => (&[][..], None),
        };
        let mut chosen: Vec<bool> = step
            .options
            .iter()
            .map(|option| labels.iter().any(|label| label.as_str() == option.label))
            .collect();
        let other = other.filter(|_| other_row.is_some());
        if !step.multiple && other.is_some() {
            chosen.fill(false);
        }
        let cursor = chosen
            .iter()
            .position(|&c| c)
            .or(other.as_ref().and(other_row))
            .unwrap_or(0);
        Self {
            cursor,
            chosen,
            other_chosen: other.is_some(),
            other: other.unwrap_or_default(),
            other_row,
        }
    }

    /// The labels of the options chosen.
    pub(super) fn labels<'s>(&self, step: &'s ChoiceStep) -> Vec<&'s str> {
        step.options
            .iter()
            .zip(&self.chosen)
            .filter(|(_, chosen)| **chosen)
            .map(|(option, _)| option.label.as_str())
            .collect()
    }

    /// Whether typed letters go into the "other" field: its row has the cursor.
    pub(super) fn captures_text(&self) -> bool {
        self.other_row == Some(self.cursor)
    }

    fn other_counts(&self) -> bool {
        self.other_chosen
    }

    /// The "other" answer: what was typed, or when nothing was, the option itself
    /// ("Not sure"), so choosing it is never lost.
    fn other_answer(&self, step: &ChoiceStep) -> String {
        let typed = self.other.trim();
        if typed.is_empty() {
            let label = step.other.as_deref().unwrap_or("Other");
            label
                .trim()
                .trim_end_matches([':', '_'])
                .trim_end()
                .to_string()
        } else {
            typed.to_string()
        }
    }

    fn rows(&self) -> usize {
        self.chosen.len() + usize::from(self.other_row.is_some())
    }

    /// Moves the cursor to `row`, kept inside the list.
    fn move_to(&mut self, row: usize) -> Handled {
        self.cursor = row.min(self.rows().saturating_sub(1));
        Handled::Consumed
    }

    /// Space on an option: ticks or unticks it on a multiple choice, chooses it alone
    /// on a single one.
    fn pick(&mut self, step: &ChoiceStep) -> Handled {
        let row = self.cursor;
        if row >= self.chosen.len() {
            return Handled::Consumed;
        }
        if step.multiple {
            self.chosen[row] = !self.chosen[row];
        } else if self.chosen[row] && !self.other_chosen {
            return Handled::Consumed;
        } else {
            self.chosen.fill(false);
            self.chosen[row] = true;
            self.other_chosen = false;
        }
        Handled::Changed
    }

    /// Adds `text` to the "other" answer, which makes it chosen (alone, on a single
    /// choice).
    fn type_other(&mut self, step: &ChoiceStep, text: &str) -> Handled {
        if text.is_empty() {
            return Handled::Consumed;
        }
        self.other.push_str(text);
        self.other_chosen = true;
        if !step.multiple {
            self.chosen.fill(false);
        }
        Handled::Changed
    }

    /// A key while the "other" field has the cursor: typing, deleting, and Enter.
    /// None for keys that work as on any row (arrows).
    fn edit_other(&mut self, step: &ChoiceStep, key: &KeyEvent) -> Option<Handled> {
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return Some(Handled::Ignored);
        }
        Some(match key.code {
            KeyCode::Char(c) => self.type_other(step, c.encode_utf8(&mut [0; 4])),
            KeyCode::Backspace if self.other.pop().is_some() => {
                // Erasing every letter unchooses it; Enter on it chooses it again.
                if self.other.is_empty() {
                    self.other_chosen = false;
                }
                Handled::Changed
            }
            KeyCode::Backspace => Handled::Consumed,
            KeyCode::Enter => {
                let typed = !self.other.trim().is_empty();
                let nothing_else = !self.chosen.contains(&true);
                if typed || nothing_else {
                    // Enter on the field chooses it, with its words or without.
                    self.other_chosen = true;
                    if !step.multiple {
                        self.chosen.fill(false);
                    }
                }
                Handled::Next
            }
            _ => return None,
        })
    }

    /// The lines of every row, and the range of lines of each row.
    fn row_lines(
        &self,
        step: &ChoiceStep,
        width: u16,
        theme: &Theme,
    ) -> (Vec<Line<'static>>, Vec<Range<usize>>) {
        let mut lines = Vec::new();
        let mut rows = Vec::new();
        for row in 0..self.rows() {
            let focused = row == self.cursor;
            let (ticked, text) = match step.options.get(row) {
                Some(option) => (self.chosen[row], option.label.clone()),
                None => (self.other_counts(), self.other_text(step, focused)),
            };
            let prefix = format!("{}{}", marker(theme, focused), tick_box(step, ticked));
            let style = if focused { theme.selected } else { theme.text };
            let start = lines.len();
            lines.extend(list_row(&prefix, &text, width, style));
            rows.push(start..lines.len());
        }
        (lines, rows)
    }

    /// Everything the step draws at `width`: the prompt, how to choose and the rows;
    /// with the range of lines of each row.
    fn layout(
        &self,
        step: &ChoiceStep,
        width: u16,
        theme: &Theme,
    ) -> (Vec<Line<'static>>, Vec<Range<usize>>) {
        let mut lines = paragraph(&step.prompt, width, theme.title);
        let how = if step.multiple {
            "Choose any that fit."
        } else {
            "Choose one."
        };
        // Not again when the prompt ends by saying it ("Pick any that fit.").
        if !says_how_to_choose(&step.prompt) {
            lines.extend(paragraph(how, width, theme.dim));
        }
        lines.push(Line::default());
        let (rows, ranges) = self.row_lines(step, width, theme);
        let start = lines.len();
        lines.extend(rows);
        let ranges = ranges
            .into_iter()
            .map(|r| start + r.start..start + r.end)
            .collect();
        (lines, ranges)
    }

    /// The "other" row's text: its label, then what was typed (with a cursor when
    /// focused, a blank to fill in when empty).
    fn other_text(&self, step: &ChoiceStep, focused: bool) -> String {
        let label = step.other.as_deref().unwrap_or("Other");
        match (focused, self.other.is_empty()) {
            (true, _) => format!("{label}: {}_", self.other),
            (false, true) => format!("{label}: ____"),
            (false, false) => format!("{label}: {}", self.other),
        }
    }
}

/// The box before an option: round for one choice, square for several.
fn tick_box(step: &ChoiceStep, ticked: bool) -> &'static str {
    match (step.multiple, ticked) {
        (false, false) => "( ) ",
        (false, true) => "(•) ",
        (true, false) => "[ ] ",
        (true, true) => "[x] ",
    }
}

impl StepWidget for ChoiceInput {
    type Step = ChoiceStep;

    fn handle_key(&mut self, step: &ChoiceStep, key: KeyEvent, _now: Now) -> Handled {
        if self.captures_text()
            && let Some(handled) = self.edit_other(step, &key)
        {
            return handled;
        }
        match Nav::of(&key) {
            Some(Nav::Up) => self.move_to(self.cursor.saturating_sub(1)),
            Some(Nav::Down) => self.move_to(self.cursor + 1),
            Some(Nav::Home) => self.move_to(0),
            Some(Nav::End) => self.move_to(usize::MAX),
            Some(Nav::Space) => self.pick(step),
            Some(Nav::Enter) => {
                if !step.multiple {
                    self.pick(step);
                }
                Handled::Next
            }
            _ => Handled::Ignored,
        }
    }

    fn handle_paste(&mut self, step: &ChoiceStep, text: &str) -> Handled {
        if !self.captures_text() {
            return Handled::Ignored;
        }
        let line = clean_input(text).replace('\n', " ");
        self.type_other(step, &line)
    }

    fn answer(&self, step: &ChoiceStep, _now: Now) -> Option<AnswerValue> {
        let chosen: Vec<_> = step
            .options
            .iter()
            .zip(&self.chosen)
            .filter(|(_, chosen)| **chosen)
            .map(|(option, _)| option.label.as_str().into())
            .collect();
        let other = self.other_counts().then(|| self.other_answer(step));
        (!chosen.is_empty() || other.is_some()).then_some(AnswerValue::Choice { chosen, other })
    }

    fn wants_safety(&self, step: &ChoiceStep) -> bool {
        step.options
            .iter()
            .zip(&self.chosen)
            .any(|(option, chosen)| *chosen && option.safety)
    }

    fn render(&self, step: &ChoiceStep, area: Rect, buf: &mut Buffer, theme: &Theme, _now: Now) {
        let (lines, rows) = self.layout(step, area.width, theme);
        let focus = rows.get(self.cursor).cloned().unwrap_or(0..0);
        draw_focused(&lines, focus, area, buf, theme);
    }

    fn spots(&self, step: &ChoiceStep, area: Rect, theme: &Theme) -> Vec<(Rect, Spot)> {
        let (lines, rows) = self.layout(step, area.width, theme);
        option_spots(lines.len(), rows, self.cursor, area)
    }

    /// A click on an option chooses it as Space does; on the "other" field it puts
    /// the cursor there, to type.
    fn click(&mut self, step: &ChoiceStep, spot: Spot) -> Handled {
        let Spot::Row(row) = spot else {
            return Handled::Ignored;
        };
        if row >= self.rows() {
            return Handled::Ignored;
        }
        self.move_to(row);
        self.pick(step)
    }

    fn keys(&self, step: &ChoiceStep) -> Vec<(&'static str, &'static str)> {
        let enter = if step.multiple {
            ("Enter", "next")
        } else {
            ("Enter", "choose and go on")
        };
        if self.captures_text() {
            return vec![("type", "your own answer"), ("↑↓", "move"), enter];
        }
        let space = if step.multiple {
            ("Space", "tick or untick")
        } else {
            ("Space", "choose")
        };
        vec![("↑↓ j k", "move"), space, enter]
    }
}

/// Whether the prompt's last sentence already says how many to choose.
fn says_how_to_choose(prompt: &str) -> bool {
    let last = prompt
        .trim_end()
        .rsplit(['\n', '.'])
        .find(|s| !s.trim().is_empty())
        .unwrap_or_default()
        .to_lowercase();
    [
        "that fit",
        "that apply",
        "pick one",
        "choose one",
        "pick any",
        "choose any",
    ]
    .iter()
    .any(|words| last.contains(words))
}

#[cfg(test)]
mod tests {
    use crate::tui::clock::Now;

    use crossterm::event::KeyCode;

    use super::super::testing::{choice_step, ctrl, press, render, reversed_at, screen, send};
    use super::super::{Handled, StepInput};
    use crate::journal::entry::AnswerValue;
    use crate::pack::model::Step;
    use crate::tui::theme::Theme;

    fn answer(input: &StepInput, step: &Step) -> Option<(Vec<String>, Option<String>)> {
        match input.answer(step, Now::system()) {
            Some(AnswerValue::Choice { chosen, other }) => {
                Some((chosen.iter().map(|c| c.to_string()).collect(), other))
            }
            None => None,
            other => panic!("not a choice answer: {other:?}"),
        }
    }

    #[test]
    fn enter_on_an_empty_other_field_chooses_it_rather_than_losing_it() {
        let step = choice_step(false);
        let mut input = StepInput::new(&step, None);
        let rows = match &step {
            crate::pack::model::Step::Choice(c) => c.options.len(),
            _ => unreachable!(),
        };
        send(&mut input, &step, &vec![KeyCode::Down; rows]);
        assert!(input.captures_text(), "on the other field");
        assert_eq!(send(&mut input, &step, &[KeyCode::Enter]), [Handled::Next]);
        assert_eq!(
            answer(&input, &step),
            Some((Vec::new(), Some("Another reason".into())))
        );
        // Typed words are the answer; erasing them all unchooses it.
        press(&mut input, &step, "ab");
        assert_eq!(answer(&input, &step), Some((Vec::new(), Some("ab".into()))));
        send(&mut input, &step, &[KeyCode::Backspace, KeyCode::Backspace]);
        assert_eq!(answer(&input, &step), None);
        // With an option chosen, Enter on the empty field keeps the option alone.
        send(&mut input, &step, &[KeyCode::Up]);
        press(&mut input, &step, " ");
        send(&mut input, &step, &[KeyCode::Down, KeyCode::Enter]);
        let (chosen, other) = answer(&input, &step).unwrap();
        assert_eq!((chosen.len(), other), (1, None));
    }

    #[test]
    fn the_how_to_choose_line_is_not_said_twice() {
        assert!(super::says_how_to_choose(
            "Which sign comes first? Pick one."
        ));
        assert!(super::says_how_to_choose(
            "What did you feel? Tick any that fit."
        ));
        assert!(!super::says_how_to_choose(
            "Pick one moment. What did you feel?"
        ));
        assert!(!super::says_how_to_choose("Which sign comes first?"));
    }

    #[test]
    fn a_single_choice_keeps_one_option() {
        let step = choice_step(false);
        let mut input = StepInput::new(&step, None);
        assert_eq!(answer(&input, &step), None);
        assert_eq!(press(&mut input, &step, " "), Handled::Changed);
        assert_eq!(press(&mut input, &step, " "), Handled::Consumed);
        assert_eq!(
            send(&mut input, &step, &[KeyCode::Down]),
            [Handled::Consumed]
        );
        press(&mut input, &step, " ");
        assert_eq!(answer(&input, &step), Some((vec!["Nervous".into()], None)));
        assert!(!input.wants_safety(&step));
    }

    #[test]
    fn enter_on_a_single_choice_chooses_and_goes_on() {
        let step = choice_step(false);
        let mut input = StepInput::new(&step, None);
        press(&mut input, &step, "jj");
        assert_eq!(send(&mut input, &step, &[KeyCode::Enter]), [Handled::Next]);
        assert_eq!(
            answer(&input, &step),
            Some((vec!["Afraid of how they might react".into()], None))
        );
        assert!(input.wants_safety(&step));
        press(&mut input, &step, "k ");
        assert!(!input.wants_safety(&step));
    }

    #[test]
    fn a_multiple_choice_ticks_and_unticks() {
        let step = choice_step(true);
        let mut input = StepInput::new(&step, None);
        press(&mut input, &step, " jj ");
        assert_eq!(
            answer(&input, &step),
            Some((
                vec!["Safe".into(), "Afraid of how they might react".into()],
                None
            ))
        );
        assert!(input.wants_safety(&step));
        assert_eq!(press(&mut input, &step, " "), Handled::Changed);
        assert!(!input.wants_safety(&step));
        assert_eq!(send(&mut input, &step, &[KeyCode::Enter]), [Handled::Next]);
        assert_eq!(answer(&input, &step), Some((vec!["Safe".into()], None)));
    }

    #[test]
    fn the_other_field_takes_typed_and_pasted_text() {
        let step = choice_step(true);
        let mut input = StepInput::new(&step, None);
        press(&mut input, &step, " ");
        send(&mut input, &step, &[KeyCode::End]);
        assert!(input.captures_text());
        assert_eq!(press(&mut input, &step, "jk q"), Handled::Changed);
        assert_eq!(
            send(&mut input, &step, &[KeyCode::Backspace]),
            [Handled::Changed]
        );
        assert_eq!(input.handle_paste(&step, "我\n🙂"), Handled::Changed);
        assert_eq!(
            answer(&input, &step),
            Some((vec!["Safe".into()], Some("jk 我 🙂".into())))
        );
        assert_eq!(
            input.handle_key(&step, ctrl('e'), Now::system()),
            Handled::Ignored
        );
        assert_eq!(send(&mut input, &step, &[KeyCode::Up]), [Handled::Consumed]);
        assert!(!input.captures_text());
        assert_eq!(input.handle_paste(&step, "x"), Handled::Ignored);
    }

    #[test]
    fn on_a_single_choice_the_other_text_and_an_option_exclude_each_other() {
        let step = choice_step(false);
        let mut input = StepInput::new(&step, None);
        press(&mut input, &step, " ");
        send(&mut input, &step, &[KeyCode::End]);
        press(&mut input, &step, "not sure");
        assert_eq!(
            answer(&input, &step),
            Some((vec![], Some("not sure".into())))
        );
        send(&mut input, &step, &[KeyCode::Up]);
        press(&mut input, &step, " ");
        let text = screen(&render(&input, &step, 60, 12, &Theme::color()));
        assert!(text.contains("Another reason: not sure"), "{text}");
        assert_eq!(
            answer(&input, &step),
            Some((vec!["Afraid of how they might react".into()], None))
        );
        send(&mut input, &step, &[KeyCode::Down]);
        assert_eq!(send(&mut input, &step, &[KeyCode::Enter]), [Handled::Next]);
        assert_eq!(
            answer(&input, &step),
            Some((vec![], Some("not sure".into())))
        );
        assert!(!input.wants_safety(&step));
    }

    #[test]
    fn a_previous_answer_is_restored() {
        let step = choice_step(true);
        let previous = AnswerValue::Choice {
            chosen: vec!["Nervous".into()],
            other: Some("tired".into()),
        };
        let mut input = StepInput::new(&step, Some(&previous));
        assert_eq!(input.answer(&step, Now::system()), Some(previous));
        assert!(!input.captures_text());
        press(&mut input, &step, " ");
        assert_eq!(answer(&input, &step), Some((vec![], Some("tired".into()))));
    }

    #[test]
    fn the_focused_row_and_ticks_show_without_colour() {
        let theme = Theme::monochrome();
        let step = choice_step(false);
        let mut input = StepInput::new(&step, None);
        press(&mut input, &step, "j ");
        let buf = render(&input, &step, 56, 12, &theme);
        let text = screen(&buf);
        assert!(text.contains("▶ (•) Nervous"), "{text}");
        assert!(text.contains("  ( ) Safe"), "{text}");
        assert!(text.contains("Another reason: ____"), "{text}");
        assert!(reversed_at(&buf, "▶ (•) Nervous"));
        assert!(!reversed_at(&buf, "( ) Safe"));

        let multiple = choice_step(true);
        let mut input = StepInput::new(&multiple, None);
        press(&mut input, &multiple, " ");
        let text = screen(&render(&input, &multiple, 56, 12, &theme));
        assert!(
            text.contains("▶ [x] Safe") && text.contains("[ ] Nervous"),
            "{text}"
        );
    }

    #[test]
    fn the_cursor_row_stays_in_view_in_a_small_area() {
        let step = choice_step(false);
        let mut input = StepInput::new(&step, None);
        send(&mut input, &step, &[KeyCode::End]);
        press(&mut input, &step, "x");
        let text = screen(&render(&input, &step, 20, 5, &Theme::color()));
        assert!(text.contains("x_"), "{text}");
    }
}
