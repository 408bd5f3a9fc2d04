//! A scale step: one whole number between two labelled ends.

use crate::tui::clock::Now;

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use textwrap::core::display_width;

use super::lines::{
    draw_focused, focused_window, middle, paragraph, truncate, value_row, value_window,
};
use super::{Handled, Nav, Spot, StepWidget};
use crate::journal::entry::AnswerValue;
use crate::pack::model::ScaleStep;
use crate::tui::theme::Theme;

/// How long after a digit the next one still adds to the same number (`1` then `0`
/// is 10), as in jumping through a list by typing.
pub const DIGITS_JOIN_WITHIN: std::time::Duration = std::time::Duration::from_millis(1000);

/// The value chosen, if any yet.
#[derive(Debug)]
pub(super) struct ScaleInput {
    value: Option<i64>,
    /// The number being typed and when its last digit came, so the next digit soon
    /// after adds to it.
    typing: Option<(i64, std::time::Instant)>,
}

impl ScaleInput {
    /// Restores the value of `previous` when it is a rating inside this scale.
    pub(super) fn new(step: &ScaleStep, previous: Option<&AnswerValue>) -> Self {
        let value = match previous {
            Some(AnswerValue::Scale { value, .. }) if in_range(step, *value) => Some(*value),
            _ => None,
        };
        Self {
            value,
            typing: None,
        }
    }

    /// The number a digit typed at `now` makes: added to the number being typed when it
    /// came soon after and the result is on the scale, else the digit on its own.
    /// None when neither is on the scale (a 7 on a scale of 1 to 5).
    fn typed(&mut self, step: &ScaleStep, digit: u8, now: Now) -> Option<i64> {
        let joined = self
            .typing
            .filter(|(_, at)| now.instant.saturating_duration_since(*at) <= DIGITS_JOIN_WITHIN)
            .and_then(|(so_far, _)| so_far.checked_mul(10)?.checked_add(i64::from(digit)))
            .filter(|value| in_range(step, *value));
        let value = joined.or_else(|| Some(i64::from(digit)).filter(|v| in_range(step, *v)));
        self.typing = value.map(|value| (value, now.instant));
        value
    }

    /// The value `nav` asks for: arrows move by one (the first from the middle),
    /// Home and End go to the ends (digits are typed, see [`ScaleInput::typed`]). None
    /// for other keys.
    fn target(&self, step: &ScaleStep, nav: Nav) -> Option<i64> {
        let start = middle(step.min, step.max);
        let value = match nav {
            Nav::Left => self.value.map_or(start, |v| v.saturating_sub(1)),
            Nav::Right => self.value.map_or(start, |v| v.saturating_add(1)),
            Nav::Home => step.min,
            Nav::End => step.max,
            _ => return None,
        };
        Some(value.max(step.min).min(step.max))
    }
}

/// Whether `value` lies on the scale.
fn in_range(step: &ScaleStep, value: i64) -> bool {
    (step.min..=step.max).contains(&value)
}

/// The two end labels, side by side when they fit in `width`, else one per line.
fn end_labels(step: &ScaleStep, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let low = format!("{} = {}", step.min, step.min_label);
    let high = format!("{} = {}", step.max, step.max_label);
    let gap = usize::from(width).saturating_sub(display_width(&low) + display_width(&high));
    if gap >= 2 {
        vec![Line::from(vec![
            Span::styled(low, theme.dim),
            Span::raw(" ".repeat(gap)),
            Span::styled(high, theme.dim),
        ])]
    } else {
        vec![
            Line::styled(truncate(&low, width), theme.dim),
            Line::styled(truncate(&high, width), theme.dim),
        ]
    }
}

impl StepWidget for ScaleInput {
    type Step = ScaleStep;

    fn handle_key(&mut self, step: &ScaleStep, key: KeyEvent, now: Now) -> Handled {
        let Some(nav) = Nav::of(&key) else {
            return Handled::Ignored;
        };
        if let Nav::Digit(digit) = nav {
            return match self.typed(step, digit, now) {
                None => Handled::Consumed,
                Some(value) if self.value == Some(value) => Handled::Consumed,
                Some(value) => {
                    self.value = Some(value);
                    Handled::Changed
                }
            };
        }
        self.typing = None;
        match (nav, self.target(step, nav)) {
            (Nav::Enter, _) => Handled::Next,
            (_, None) => Handled::Ignored,
            (_, Some(value)) if self.value == Some(value) => Handled::Consumed,
            (_, Some(value)) => {
                self.value = Some(value);
                Handled::Changed
            }
        }
    }

    fn answer(&self, step: &ScaleStep, _now: Now) -> Option<AnswerValue> {
        self.value.map(|value| AnswerValue::on_scale(step, value))
    }

    fn render(&self, step: &ScaleStep, area: Rect, buf: &mut Buffer, theme: &Theme, _now: Now) {
        let (lines, row) = self.layout(step, area.width, theme);
        draw_focused(&lines, row..row + 1, area, buf, theme);
    }

    fn spots(&self, step: &ScaleStep, area: Rect, theme: &Theme) -> Vec<(Rect, Spot)> {
        let (lines, row) = self.layout(step, area.width, theme);
        let shown = focused_window(lines.len(), &(row..row + 1), area.height);
        if !shown.contains(&row) {
            return Vec::new();
        }
        let y = area.y + u16::try_from(row - shown.start).unwrap_or(u16::MAX);
        let window = value_window(step.min, step.max, self.value, area.width);
        // A "…" one column wide comes first when the row starts past the lowest value.
        let lead = u16::from(window.first > step.min);
        let cell = u16::try_from(window.cell).unwrap_or(u16::MAX);
        (window.first..=window.last)
            .zip(0u16..)
            .map(|(value, n)| {
                let x = area.x.saturating_add(lead + n.saturating_mul(cell));
                (
                    Rect::new(x, y, cell, 1).intersection(area),
                    Spot::Point(value),
                )
            })
            .filter(|(rect, _)| !rect.is_empty())
            .collect()
    }

    /// A click on a point of the scale chooses it.
    fn click(&mut self, step: &ScaleStep, spot: Spot) -> Handled {
        match spot {
            Spot::Point(value) if in_range(step, value) => {
                self.typing = None;
                if self.value == Some(value) {
                    Handled::Consumed
                } else {
                    self.value = Some(value);
                    Handled::Changed
                }
            }
            _ => Handled::Ignored,
        }
    }

    fn keys(&self, _step: &ScaleStep) -> Vec<(&'static str, &'static str)> {
        vec![
            ("←→", "choose"),
            ("0-9", "type a number"),
            ("Home End", "lowest, highest"),
            ("Enter", "next"),
        ]
    }
}

impl ScaleInput {
    /// Everything the step draws at `width`, and the line of the row of values.
    fn layout(&self, step: &ScaleStep, width: u16, theme: &Theme) -> (Vec<Line<'static>>, usize) {
        let mut lines = paragraph(&step.prompt, width, theme.title);
        lines.push(Line::default());
        let row = lines.len();
        lines.push(value_row(
            step.min,
            step.max,
            self.value,
            width,
            theme.selected,
            theme,
        ));
        lines.extend(end_labels(step, width, theme));
        lines.push(Line::default());
        let status = match self.value {
            Some(value) => format!("Your answer: {value}"),
            None => "Nothing chosen yet.".to_string(),
        };
        lines.push(Line::styled(status, theme.text));
        (lines, row)
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::clock::Now;

    use crossterm::event::KeyCode;

    use super::super::testing::{press, render, reversed_at, rows, scale_step, screen, send};
    use super::super::{Handled, StepInput};
    use crate::journal::entry::AnswerValue;
    use crate::tui::theme::Theme;

    fn value(input: &StepInput, step: &crate::pack::model::Step) -> Option<i64> {
        match input.answer(step, Now::system()) {
            Some(AnswerValue::Scale { value, .. }) => Some(value),
            None => None,
            other => panic!("not a scale answer: {other:?}"),
        }
    }

    #[test]
    fn the_first_arrow_starts_in_the_middle() {
        let step = scale_step(0, 10);
        let mut input = StepInput::new(&step, None);
        assert_eq!(value(&input, &step), None);
        assert_eq!(
            send(&mut input, &step, &[KeyCode::Right]),
            [Handled::Changed]
        );
        assert_eq!(value(&input, &step), Some(5));
        send(&mut input, &step, &[KeyCode::Right, KeyCode::Char('l')]);
        assert_eq!(value(&input, &step), Some(7));
        send(&mut input, &step, &[KeyCode::Left, KeyCode::Char('h')]);
        assert_eq!(value(&input, &step), Some(5));
        let mut fresh = StepInput::new(&step, None);
        send(&mut fresh, &step, &[KeyCode::Left]);
        assert_eq!(value(&fresh, &step), Some(5));
    }

    #[test]
    fn digits_typed_one_after_the_other_make_one_number() {
        use crossterm::event::{KeyEvent, KeyModifiers};
        let digit = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        let second = std::time::Duration::from_secs(1);
        let step = scale_step(0, 10);
        let mut input = StepInput::new(&step, None);
        let t0 = Now::system();
        // 1 then 0 soon after is 10, not 0.
        input.handle_key(&step, digit('1'), t0);
        assert_eq!(value(&input, &step), Some(1));
        input.handle_key(&step, digit('0'), t0 + second / 3);
        assert_eq!(value(&input, &step), Some(10));
        // A digit after a pause starts a new number.
        input.handle_key(&step, digit('0'), t0 + 3 * second);
        assert_eq!(value(&input, &step), Some(0));
        // 1 then 7 soon after would be 17, off the scale: the 7 starts a new number.
        input.handle_key(&step, digit('1'), t0 + 6 * second);
        input.handle_key(&step, digit('7'), t0 + 6 * second + second / 3);
        assert_eq!(value(&input, &step), Some(7));
        // On a scale of 1 to 10, 1 then 0 is 10, and 0 alone is nothing.
        let step = scale_step(1, 10);
        let mut input = StepInput::new(&step, None);
        assert_eq!(input.handle_key(&step, digit('0'), t0), Handled::Consumed);
        assert_eq!(value(&input, &step), None);
        input.handle_key(&step, digit('1'), t0 + second);
        input.handle_key(&step, digit('0'), t0 + second + second / 2);
        assert_eq!(value(&input, &step), Some(10));
    }

    #[test]
    fn ends_digits_and_limits() {
        let step = scale_step(1, 7);
        let mut input = StepInput::new(&step, None);
        send(&mut input, &step, &[KeyCode::End]);
        assert_eq!(value(&input, &step), Some(7));
        assert_eq!(
            send(&mut input, &step, &[KeyCode::Right]),
            [Handled::Consumed]
        );
        send(&mut input, &step, &[KeyCode::Home]);
        assert_eq!(value(&input, &step), Some(1));
        assert_eq!(press(&mut input, &step, "3"), Handled::Changed);
        assert_eq!(value(&input, &step), Some(3));
        assert_eq!(press(&mut input, &step, "9"), Handled::Consumed);
        assert_eq!(press(&mut input, &step, "0"), Handled::Consumed);
        assert_eq!(value(&input, &step), Some(3));
        assert_eq!(press(&mut input, &step, "q"), Handled::Ignored);
        assert_eq!(send(&mut input, &step, &[KeyCode::Enter]), [Handled::Next]);
        assert!(!input.captures_text());
    }

    #[test]
    fn the_answer_keeps_the_scale_it_was_given_on() {
        let step = scale_step(0, 10);
        let mut input = StepInput::new(&step, None);
        press(&mut input, &step, "8");
        let answer = input.answer(&step, Now::system()).unwrap();
        assert_eq!(
            answer,
            AnswerValue::Scale {
                value: 8,
                min: 0,
                max: 10,
                min_label: "calm".into(),
                max_label: "overwhelming".into(),
                measure: Some("intensity".into()),
            }
        );
        let restored = StepInput::new(&step, Some(&answer));
        assert_eq!(value(&restored, &step), Some(8));
        let outside = AnswerValue::Scale {
            value: 11,
            min: 0,
            max: 11,
            min_label: "".into(),
            max_label: "".into(),
            measure: None,
        };
        assert_eq!(value(&StepInput::new(&step, Some(&outside)), &step), None);
    }

    #[test]
    fn the_chosen_value_is_marked_without_colour() {
        let step = scale_step(0, 10);
        let mut input = StepInput::new(&step, None);
        press(&mut input, &step, "7");
        let buf = render(&input, &step, 56, 12, &Theme::monochrome());
        let text = screen(&buf);
        assert!(text.contains("[ 7]"), "{text}");
        assert!(reversed_at(&buf, "[ 7]"));
        assert!(!reversed_at(&buf, " 6 "));
        assert!(text.contains("0 = calm"), "{text}");
        assert!(text.contains("10 = overwhelming"), "{text}");
        assert!(text.contains("Your answer: 7"), "{text}");
    }

    #[test]
    fn a_narrow_area_keeps_the_numbers_in_view() {
        let step = scale_step(0, 10);
        let mut input = StepInput::new(&step, None);
        press(&mut input, &step, "9");
        let buf = render(&input, &step, 20, 5, &Theme::color());
        assert!(screen(&buf).contains("[ 9]"), "{:?}", rows(&buf));
    }
}
