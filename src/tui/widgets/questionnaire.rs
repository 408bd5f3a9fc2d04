//! A questionnaire step: statements rated on one scale, then what the scores
//! suggest, offered for reflection.

use crate::tui::clock::Now;
use std::collections::BTreeMap;

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use textwrap::core::display_width;

use super::lines::{
    Scroller, draw_focused, focused_window, list_row, marker, middle, paragraph, placed, truncate,
    value_row, value_window,
};
use super::{Handled, Nav, Spot, StepWidget};
use crate::journal::entry::{AnswerValue, RatedItem};
use crate::pack::model::QuestionnaireStep;
use crate::pack::questionnaire::Scores;
use crate::tui::theme::Theme;

use crate::pack::questionnaire::RESULTS_HEADING;

/// Where a statement landed among the lines of the statements.
struct Placed {
    /// Its lines, the answer line under it included.
    lines: std::ops::Range<usize>,
    /// The line with its row of values, when it shows one (it does not for a
    /// statement without an answer and without the cursor), and the columns before it.
    values: Option<(usize, u16)>,
}

/// The answers so far, the statement with the cursor, and whether the results show.
#[derive(Debug)]
pub(super) struct QuestionnaireInput {
    cursor: usize,
    answers: Vec<Option<i64>>,
    showing_results: bool,
    results_scroll: Scroller,
}

impl QuestionnaireInput {
    /// Restores the answers of `previous` (matched by statement text) when it is a
    /// questionnaire, with the cursor on the first statement without one.
    pub(super) fn new(step: &QuestionnaireStep, previous: Option<&AnswerValue>) -> Self {
        let rated: &[RatedItem] = match previous {
            Some(AnswerValue::Questionnaire { items, .. }) => items,
            _ => &[],
        };
        let on_scale = |value: &i64| (step.scale.min..=step.scale.max).contains(value);
        let answers: Vec<Option<i64>> = step
            .items
            .iter()
            .map(|item| {
                rated
                    .iter()
                    .find(|r| r.text.as_str() == item.text)
                    .map(|r| r.answer)
                    .filter(on_scale)
            })
            .collect();
        Self {
            cursor: answers.iter().position(Option::is_none).unwrap_or(0),
            answers,
            showing_results: false,
            results_scroll: Scroller::default(),
        }
    }

    fn unanswered(&self) -> usize {
        self.answers.iter().filter(|a| a.is_none()).count()
    }

    /// The answers by item id, for scoring.
    fn by_id(&self, step: &QuestionnaireStep) -> BTreeMap<String, i64> {
        step.items
            .iter()
            .zip(&self.answers)
            .filter_map(|(item, answer)| answer.map(|a| (item.id.clone(), a)))
            .collect()
    }

    fn scores(&self, step: &QuestionnaireStep) -> Option<Scores> {
        step.score(&self.by_id(step)).ok()
    }

    /// Moves the cursor to `row`, kept inside the list.
    fn move_to(&mut self, row: usize) -> Handled {
        self.cursor = row.min(self.answers.len().saturating_sub(1));
        Handled::Consumed
    }

    /// Sets the answer of the statement with the cursor.
    fn set(&mut self, value: i64) -> Handled {
        match self.answers.get_mut(self.cursor) {
            Some(answer) if *answer != Some(value) => {
                *answer = Some(value);
                Handled::Changed
            }
            _ => Handled::Consumed,
        }
    }

    /// Moves the answer of the statement with the cursor by `by` (the first move
    /// starts in the middle of the scale).
    fn step_answer(&mut self, step: &QuestionnaireStep, by: i64) -> Handled {
        let (min, max) = (step.scale.min, step.scale.max);
        let current = self.answers.get(self.cursor).copied().flatten();
        let value = current.map_or(middle(min, max), |v| v.saturating_add(by));
        self.set(value.max(min).min(max))
    }

    /// A digit answers the statement and moves on to the next one.
    fn digit(&mut self, step: &QuestionnaireStep, digit: u8) -> Handled {
        let value = i64::from(digit);
        if !(step.scale.min..=step.scale.max).contains(&value) {
            return Handled::Consumed;
        }
        let handled = self.set(value);
        self.move_to(self.cursor + 1);
        handled
    }

    /// Enter on the statements: the results when all are answered, else the first
    /// statement still without an answer.
    fn finish(&mut self) -> Handled {
        match self.answers.iter().position(Option::is_none) {
            Some(row) => self.cursor = row,
            None => {
                self.showing_results = true;
                self.results_scroll.reset();
            }
        }
        Handled::Consumed
    }

    fn handle_results(&mut self, nav: Nav) -> Handled {
        match nav {
            Nav::Enter => Handled::Next,
            Nav::Backspace => {
                self.showing_results = false;
                Handled::Consumed
            }
            nav if self.results_scroll.handle(nav) => Handled::Consumed,
            _ => Handled::Ignored,
        }
    }

    /// The prompt, the scale, progress and every statement with its answer; the lines
    /// of the statement with the cursor; and where each statement landed.
    fn item_lines(
        &self,
        step: &QuestionnaireStep,
        width: u16,
        theme: &Theme,
    ) -> (Vec<Line<'static>>, std::ops::Range<usize>, Vec<Placed>) {
        let scale = &step.scale;
        let mut lines = paragraph(&step.prompt, width, theme.title);
        let labels = format!(
            "{} = {} · {} = {}",
            scale.min, scale.min_label, scale.max, scale.max_label
        );
        lines.extend(paragraph(&labels, width, theme.dim));
        let progress = format!(
            "{} of {} answered",
            self.answers.len() - self.unanswered(),
            self.answers.len()
        );
        lines.push(Line::styled(progress, theme.dim));
        lines.push(Line::default());
        let number_width = self.answers.len().to_string().len();
        let mut focus = 0..0;
        let mut placed = Vec::with_capacity(step.items.len());
        for (row, (item, answer)) in step.items.iter().zip(&self.answers).enumerate() {
            let focused = row == self.cursor;
            let prefix = format!("{}{:>number_width$}. ", marker(theme, focused), row + 1);
            let indent = display_width(&prefix);
            let start = lines.len();
            if focused {
                lines.extend(list_row(&prefix, &item.text, width, theme.selected));
            } else {
                let text = truncate(&item.text, width.saturating_sub(indent as u16));
                lines.push(Line::styled(format!("{prefix}{text}"), theme.text));
            }
            let values = (answer.is_some() || focused)
                .then(|| (lines.len(), u16::try_from(indent).unwrap_or(u16::MAX)));
            lines.push(self.answer_line(step, *answer, focused, indent, width, theme));
            if focused {
                focus = start..lines.len();
            }
            placed.push(Placed {
                lines: start..lines.len(),
                values,
            });
        }
        (lines, focus, placed)
    }

    /// A statement's answer under it: the scale with the answer marked, or "–" (under
    /// the first value) for a statement without one that does not have the cursor.
    fn answer_line(
        &self,
        step: &QuestionnaireStep,
        answer: Option<i64>,
        focused: bool,
        indent: usize,
        width: u16,
        theme: &Theme,
    ) -> Line<'static> {
        let pad = Span::raw(" ".repeat(indent));
        if answer.is_none() && !focused {
            return Line::from(vec![pad, Span::styled(" –", theme.dim)]);
        }
        let mark = if focused { theme.selected } else { theme.title };
        let room = width.saturating_sub(indent as u16);
        let row = value_row(step.scale.min, step.scale.max, answer, room, mark, theme);
        let mut spans = vec![pad];
        spans.extend(row.spans);
        Line::from(spans)
    }

    /// What the scores suggest: each dimension with its band, then the region.
    fn result_lines(
        &self,
        step: &QuestionnaireStep,
        width: u16,
        theme: &Theme,
    ) -> Vec<Line<'static>> {
        let mut lines = paragraph(RESULTS_HEADING, width, theme.title);
        lines.push(Line::default());
        let Some(scores) = self.scores(step) else {
            return lines;
        };
        for (heading, text) in scores.in_words() {
            lines.extend(paragraph(&heading, width, theme.title));
            lines.extend(paragraph(&text, width, theme.text));
            lines.push(Line::default());
        }
        let hint = "Press Enter to go on, or Backspace to change your answers.";
        lines.extend(paragraph(hint, width, theme.dim));
        lines
    }
}

impl StepWidget for QuestionnaireInput {
    type Step = QuestionnaireStep;

    fn handle_key(&mut self, step: &QuestionnaireStep, key: KeyEvent, _now: Now) -> Handled {
        let Some(nav) = Nav::of(&key) else {
            return Handled::Ignored;
        };
        if self.showing_results {
            return self.handle_results(nav);
        }
        match nav {
            Nav::Up => self.move_to(self.cursor.saturating_sub(1)),
            Nav::Down => self.move_to(self.cursor + 1),
            Nav::Left => self.step_answer(step, -1),
            Nav::Right => self.step_answer(step, 1),
            Nav::Digit(d) => self.digit(step, d),
            Nav::Enter => self.finish(),
            _ => Handled::Ignored,
        }
    }

    /// Moving on from a complete questionnaire shows its result first: the steps
    /// after it talk about it.
    fn before_next(&mut self, step: &QuestionnaireStep) -> bool {
        if self.showing_results || self.scores(step).is_none() {
            return false;
        }
        self.showing_results = true;
        self.results_scroll.reset();
        true
    }

    fn next_label(&self, step: &QuestionnaireStep) -> &'static str {
        if !self.showing_results && self.scores(step).is_some() {
            "see your result"
        } else {
            "next"
        }
    }

    /// Only a complete questionnaire is an answer: every statement, and the scores.
    fn answer(&self, step: &QuestionnaireStep, _now: Now) -> Option<AnswerValue> {
        AnswerValue::rated(step, &self.answers)
    }

    fn blocked(&self, _step: &QuestionnaireStep) -> Option<String> {
        match self.unanswered() {
            0 => None,
            1 => Some("1 statement still needs an answer".into()),
            n => Some(format!("{n} statements still need an answer")),
        }
    }

    fn render(
        &self,
        step: &QuestionnaireStep,
        area: Rect,
        buf: &mut Buffer,
        theme: &Theme,
        _now: Now,
    ) {
        if self.showing_results {
            let lines = self.result_lines(step, area.width, theme);
            self.results_scroll.draw(&lines, area, buf, theme);
        } else {
            let (lines, focus, _) = self.item_lines(step, area.width, theme);
            draw_focused(&lines, focus, area, buf, theme);
        }
    }

    /// Each statement in sight, and each value of a row of values under one.
    fn spots(&self, step: &QuestionnaireStep, area: Rect, theme: &Theme) -> Vec<(Rect, Spot)> {
        if self.showing_results {
            return Vec::new();
        }
        let (lines, focus, statements) = self.item_lines(step, area.width, theme);
        let shown = focused_window(lines.len(), &focus, area.height);
        let rows: Vec<_> = statements
            .iter()
            .enumerate()
            .map(|(i, placed)| (placed.lines.clone(), Spot::Row(i)))
            .collect();
        // The values come after their statement's row, so a click on one is on it.
        let mut spots = placed(&rows, &shown, area);
        let (min, max) = (step.scale.min, step.scale.max);
        for (row, placed) in statements.iter().enumerate() {
            let Some((line, indent)) = placed.values.filter(|(line, _)| shown.contains(line))
            else {
                continue;
            };
            let y = area.y + u16::try_from(line - shown.start).unwrap_or(u16::MAX);
            let answer = self.answers.get(row).copied().flatten();
            // As `answer_line` draws them: the indent, then the row of values.
            let window = value_window(min, max, answer, area.width.saturating_sub(indent));
            let lead = u16::from(window.first > min);
            let cell = u16::try_from(window.cell).unwrap_or(u16::MAX);
            for (value, n) in (window.first..=window.last).zip(0u16..) {
                let x = area
                    .x
                    .saturating_add(indent + lead)
                    .saturating_add(n.saturating_mul(cell));
                let rect = Rect::new(x, y, cell, 1).intersection(area);
                if !rect.is_empty() {
                    spots.push((rect, Spot::Rated { row, value }));
                }
            }
        }
        spots
    }

    /// A click on a statement moves the cursor to it; one on a value answers that
    /// statement with it and goes on to the next, as a digit does.
    fn click(&mut self, step: &QuestionnaireStep, spot: Spot) -> Handled {
        if self.showing_results {
            return Handled::Ignored;
        }
        let on_scale = |value: &i64| (step.scale.min..=step.scale.max).contains(value);
        match spot {
            Spot::Row(row) if row < self.answers.len() => self.move_to(row),
            Spot::Rated { row, value } if row < self.answers.len() && on_scale(&value) => {
                self.cursor = row;
                let handled = self.set(value);
                self.move_to(row + 1);
                handled
            }
            _ => Handled::Ignored,
        }
    }

    fn keys(&self, _step: &QuestionnaireStep) -> Vec<(&'static str, &'static str)> {
        if self.showing_results {
            return vec![
                ("↑↓", "scroll"),
                ("Enter", "next"),
                ("Backspace", "change answers"),
            ];
        }
        vec![
            ("↑↓", "statement"),
            ("←→", "answer"),
            ("digit", "answer and go to the next"),
            ("Enter", "see results"),
        ]
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::clock::Now;

    use crossterm::event::KeyCode;

    use super::super::testing::{press, questionnaire_step, render, reversed_at, screen, send};
    use super::super::{Handled, StepInput};
    use crate::journal::entry::AnswerValue;
    use crate::pack::model::Step;
    use crate::pack::questionnaire::RESULTS_HEADING;
    use crate::tui::theme::Theme;

    fn answers(input: &StepInput, step: &Step) -> Option<Vec<i64>> {
        match input.answer(step, Now::system()) {
            Some(AnswerValue::Questionnaire { items, .. }) => {
                Some(items.iter().map(|i| i.answer).collect())
            }
            None => None,
            other => panic!("not a questionnaire answer: {other:?}"),
        }
    }

    #[test]
    fn digits_answer_and_move_on_and_blocked_counts_what_is_left() {
        let step = questionnaire_step(4);
        let mut input = StepInput::new(&step, None);
        assert_eq!(
            input.blocked(&step).as_deref(),
            Some("4 statements still need an answer")
        );
        assert_eq!(press(&mut input, &step, "52"), Handled::Changed);
        assert_eq!(press(&mut input, &step, "9"), Handled::Consumed);
        press(&mut input, &step, "6");
        assert_eq!(
            input.blocked(&step).as_deref(),
            Some("1 statement still needs an answer")
        );
        assert_eq!(answers(&input, &step), None);
        press(&mut input, &step, "1");
        assert_eq!(input.blocked(&step), None);
        assert_eq!(answers(&input, &step), Some(vec![5, 2, 6, 1]));
        press(&mut input, &step, "3");
        assert_eq!(answers(&input, &step), Some(vec![5, 2, 6, 3]));
    }

    #[test]
    fn arrows_move_between_statements_and_set_answers() {
        let step = questionnaire_step(3);
        let mut input = StepInput::new(&step, None);
        assert_eq!(
            send(&mut input, &step, &[KeyCode::Right]),
            [Handled::Changed]
        );
        send(
            &mut input,
            &step,
            &[KeyCode::Right, KeyCode::Down, KeyCode::Left],
        );
        send(
            &mut input,
            &step,
            &[KeyCode::Left, KeyCode::Down, KeyCode::Char('l')],
        );
        assert_eq!(answers(&input, &step), Some(vec![5, 3, 4]));
        send(
            &mut input,
            &step,
            &[KeyCode::Up, KeyCode::Char('k'), KeyCode::Char('h')],
        );
        assert_eq!(answers(&input, &step), Some(vec![4, 3, 4]));
        assert_eq!(press(&mut input, &step, "q"), Handled::Ignored);
        assert!(!input.captures_text());
    }

    #[test]
    fn enter_shows_the_first_unanswered_statement_until_all_are_answered() {
        let step = questionnaire_step(3);
        let mut input = StepInput::new(&step, None);
        press(&mut input, &step, "4");
        send(&mut input, &step, &[KeyCode::Down]);
        press(&mut input, &step, "4");
        assert_eq!(
            send(&mut input, &step, &[KeyCode::Enter]),
            [Handled::Consumed]
        );
        let text = screen(&render(&input, &step, 60, 20, &Theme::color()));
        assert!(text.contains("▶ 2. Statement number 2"), "{text}");
        assert!(!text.contains(RESULTS_HEADING), "{text}");
    }

    #[test]
    fn the_results_read_as_reflection_and_enter_goes_on() {
        let step = questionnaire_step(12);
        let mut input = StepInput::new(&step, None);
        press(&mut input, &step, &"5".repeat(12));
        let Some(AnswerValue::Questionnaire { scores, items }) = input.answer(&step, Now::system())
        else {
            panic!("complete")
        };
        assert_eq!(items.len(), 12);
        assert_eq!(scores.region.as_ref().unwrap().title, "Both pulls at once");
        assert_eq!(
            send(&mut input, &step, &[KeyCode::Enter]),
            [Handled::Consumed]
        );
        let text = screen(&render(&input, &step, 80, 24, &Theme::color()));
        assert!(
            text.contains("What your answers suggest — a starting point for"),
            "{text}"
        );
        assert!(
            text.contains("Worry about closeness: 4.7 (higher)"),
            "{text}"
        );
        assert!(text.contains("Higher worry text."), "{text}");
        assert!(text.contains("Keeping distance: 5.0 (higher)"), "{text}");
        assert!(text.contains("Both pulls at once"), "{text}");
        assert_eq!(send(&mut input, &step, &[KeyCode::Enter]), [Handled::Next]);
    }

    #[test]
    fn the_results_scroll_in_a_small_area_and_backspace_goes_back() {
        let step = questionnaire_step(12);
        let mut input = StepInput::new(&step, None);
        press(&mut input, &step, &"2".repeat(12));
        send(&mut input, &step, &[KeyCode::Enter]);
        let top = screen(&render(&input, &step, 56, 8, &Theme::color()));
        assert!(!top.contains("Steady text."), "{top}");
        let scrolled = send(&mut input, &step, &[KeyCode::PageDown, KeyCode::PageDown]);
        assert_eq!(scrolled, [Handled::Consumed, Handled::Consumed]);
        let bottom = screen(&render(&input, &step, 56, 8, &Theme::color()));
        assert!(bottom.contains("Steady text."), "{bottom}");
        assert_eq!(
            send(&mut input, &step, &[KeyCode::Backspace]),
            [Handled::Consumed]
        );
        let items = screen(&render(&input, &step, 56, 12, &Theme::color()));
        assert!(items.contains("Statement number"), "{items}");
    }

    #[test]
    fn every_statement_shows_its_answer_and_the_current_one_stays_in_view() {
        let theme = Theme::monochrome();
        let step = questionnaire_step(12);
        let mut input = StepInput::new(&step, None);
        press(&mut input, &step, "4");
        let buf = render(&input, &step, 80, 24, &theme);
        let text = screen(&buf);
        assert!(
            text.contains("1 = not at all true · 7 = very true"),
            "{text}"
        );
        assert!(text.contains("1 of 12 answered"), "{text}");
        assert!(text.contains("  1  2  3 [4] 5  6  7"), "{text}");
        assert!(text.contains("▶  2. Statement number 2"), "{text}");
        assert!(text.contains("–"), "{text}");
        assert!(reversed_at(&buf, "▶  2. Statement"));
        assert!(!reversed_at(&buf, " 1. Statement"));
        for (width, height) in [(80, 20), (60, 18), (56, 12)] {
            let mut input = StepInput::new(&step, None);
            press(&mut input, &step, &"3".repeat(11));
            let text = screen(&render(&input, &step, width, height, &theme));
            assert!(
                text.contains("▶ 12. Statement number 12"),
                "{width}×{height}\n{text}"
            );
            assert!(
                text.contains(" 1  2  3  4  5  6  7"),
                "{width}×{height}\n{text}"
            );
        }
    }

    #[test]
    fn previous_answers_are_restored() {
        let step = questionnaire_step(3);
        let mut input = StepInput::new(&step, None);
        press(&mut input, &step, "123");
        let previous = input.answer(&step, Now::system()).unwrap();
        let restored = StepInput::new(&step, Some(&previous));
        assert_eq!(answers(&restored, &step), Some(vec![1, 2, 3]));
    }
}
