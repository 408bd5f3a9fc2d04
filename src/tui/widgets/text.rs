//! A text step: a free, multi-line answer in a soft-wrapping editor.

use crate::tui::clock::Now;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Widget};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::lines::{draw, paragraph};
use super::{Handled, StepWidget, clean_input};
use crate::journal::entry::AnswerValue;
use crate::pack::model::TextStep;
use crate::tui::theme::Theme;

/// What an empty answer shows.
const PLACEHOLDER: &str = "Type here…";

/// Why a required text step holds the user back.
const NEEDS_ANSWER: &str = "This step needs an answer before you go on.";

/// The fewest rows the editing box keeps, borders included, however long the prompt.
const BOX_MIN_ROWS: u16 = 4;

/// Ctrl-letters the editor uses (the textarea's defaults, minus those the app may
/// want, such as Ctrl-C, and Ctrl-E, the runner's): a to the line start, b/f/n/p
/// arrows, d/h delete, k/w delete to the line end and a word, u/r undo and redo.
pub(crate) const CTRL_EDITS: &str = "abfnpdhkwur";

/// The text typed so far, with its cursor and undo history.
#[derive(Debug)]
pub(super) struct TextInput {
    /// Boxed: the editor is large, and the other step states are small.
    editor: Box<TextArea<'static>>,
}

impl TextInput {
    /// An editor holding the text of `previous`, if it is a text answer, with the
    /// cursor at its end.
    pub(super) fn new(previous: Option<&AnswerValue>) -> Self {
        let text = match previous {
            Some(AnswerValue::Text { text }) => text.as_str(),
            _ => "",
        };
        let mut editor = TextArea::new(text.split('\n').map(str::to_string).collect());
        // Word wrap that also breaks a word wider than the box (a long link), so no
        // typed text is ever out of sight.
        editor.set_wrap_mode(WrapMode::WordOrGlyph);
        editor.set_placeholder_text(PLACEHOLDER);
        editor.set_cursor_line_style(Style::new());
        editor.move_cursor(CursorMove::Bottom);
        editor.move_cursor(CursorMove::End);
        Self {
            editor: Box::new(editor),
        }
    }

    /// Overwrites the typed text with zeros and empties the editor, for a lock that
    /// drops it. The editor's undo history is dropped without being overwritten: the
    /// widget gives no way to reach it.
    pub(super) fn wipe(&mut self) {
        use zeroize::Zeroize;
        let editor = std::mem::replace(&mut self.editor, Box::new(TextArea::default()));
        for mut line in editor.into_lines() {
            line.zeroize();
        }
    }

    /// The text, lines joined with `\n`.
    pub(super) fn text(&self) -> String {
        self.editor.lines().join("\n")
    }

    /// Replaces the whole text as one edit the user can undo.
    pub(super) fn set_text(&mut self, text: &str) -> Handled {
        let text = clean_input(text);
        if text == self.text() {
            return Handled::Consumed;
        }
        self.editor.select_all();
        self.editor.insert_str(text);
        Handled::Changed
    }

    fn is_blank(&self) -> bool {
        self.editor
            .lines()
            .iter()
            .all(|line| line.trim().is_empty())
    }

    /// The prompt and hint, as wrapped lines.
    fn head(step: &TextStep, width: u16, theme: &Theme) -> Vec<Line<'static>> {
        let mut head = paragraph(&step.prompt, width, theme.title);
        if let Some(hint) = &step.hint {
            head.extend(paragraph(hint, width, theme.dim));
        }
        head
    }

    /// Draws the editor inside a box; an empty one shows the placeholder in the
    /// theme's dim style.
    fn draw_editor(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered().border_style(theme.focus);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.is_empty() {
            return;
        }
        if self.editor.is_empty() {
            let mut empty = (*self.editor).clone();
            empty.set_placeholder_style(theme.dim);
            empty.render(inner, buf);
        } else {
            self.editor.as_ref().render(inner, buf);
        }
    }
}

/// Whether the editor should see `key`: typing, deleting, moving, undo and redo.
pub(crate) fn is_editing_key(key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char(c) if ctrl => CTRL_EDITS.contains(c.to_ascii_lowercase()),
        KeyCode::Char(_)
        | KeyCode::Enter
        | KeyCode::Backspace
        | KeyCode::Delete
        | KeyCode::Left
        | KeyCode::Right
        | KeyCode::Up
        | KeyCode::Down
        | KeyCode::Home
        | KeyCode::End
        | KeyCode::PageUp
        | KeyCode::PageDown => true,
        _ => false,
    }
}

impl StepWidget for TextInput {
    type Step = TextStep;

    fn handle_key(&mut self, _step: &TextStep, key: KeyEvent, _now: Now) -> Handled {
        if !is_editing_key(&key) {
            Handled::Ignored
        } else if self.editor.input(key) {
            Handled::Changed
        } else {
            Handled::Consumed
        }
    }

    fn handle_paste(&mut self, _step: &TextStep, text: &str) -> Handled {
        if self.editor.insert_str(clean_input(text)) {
            Handled::Changed
        } else {
            Handled::Consumed
        }
    }

    fn answer(&self, _step: &TextStep, _now: Now) -> Option<AnswerValue> {
        (!self.is_blank()).then(|| AnswerValue::Text { text: self.text() })
    }

    fn blocked(&self, step: &TextStep) -> Option<String> {
        (step.required && self.is_blank()).then(|| NEEDS_ANSWER.to_string())
    }

    fn render(&self, step: &TextStep, area: Rect, buf: &mut Buffer, theme: &Theme, _now: Now) {
        let head = Self::head(step, area.width, theme);
        let box_rows = area.height.min(BOX_MIN_ROWS);
        let head_rows = u16::try_from(head.len())
            .unwrap_or(u16::MAX)
            .min(area.height - box_rows);
        let head_area = Rect::new(area.x, area.y, area.width, head_rows);
        draw(&head[..usize::from(head_rows)], 0, head_area, buf, theme);
        let box_area = Rect::new(
            area.x,
            area.y + head_rows,
            area.width,
            area.height - head_rows,
        );
        self.draw_editor(box_area, buf, theme);
    }

    fn keys(&self, _step: &TextStep) -> Vec<(&'static str, &'static str)> {
        vec![
            ("Enter", "new line"),
            ("Ctrl-U", "undo"),
            ("Ctrl-R", "redo"),
        ]
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::clock::Now;

    use crossterm::event::KeyCode;

    use super::super::testing::{ctrl, key, press, render, screen, send, text_step};
    use super::super::{Handled, StepInput};
    use super::NEEDS_ANSWER;
    use crate::journal::entry::AnswerValue;
    use crate::tui::theme::Theme;

    fn text_of(input: &StepInput, step: &crate::pack::model::Step) -> Option<String> {
        match input.answer(step, Now::system()) {
            Some(AnswerValue::Text { text }) => Some(text),
            None => None,
            other => panic!("not a text answer: {other:?}"),
        }
    }

    #[test]
    fn typing_wide_characters_and_emoji_with_new_lines() {
        let step = text_step(false);
        let mut input = StepInput::new(&step, None);
        assert!(input.captures_text());
        assert_eq!(press(&mut input, &step, "我很难过 😢"), Handled::Changed);
        assert_eq!(
            send(&mut input, &step, &[KeyCode::Enter]),
            [Handled::Changed]
        );
        press(&mut input, &step, "quiet ❤️ now");
        assert_eq!(
            text_of(&input, &step).as_deref(),
            Some("我很难过 😢\nquiet ❤️ now")
        );
        let screen = screen(&render(&input, &step, 40, 10, &Theme::color()));
        assert!(screen.contains("我很难过 😢"), "{screen}");
        assert!(screen.contains("quiet"), "{screen}");
        assert!(
            screen.contains("What happened, in a few words?"),
            "{screen}"
        );
        assert!(screen.contains("One sentence is enough."), "{screen}");
    }

    #[test]
    fn a_paste_inserts_its_lines_at_the_cursor() {
        let step = text_step(false);
        let mut input = StepInput::new(&step, None);
        press(&mut input, &step, "Start: ");
        assert_eq!(
            input.handle_paste(&step, "他说 🙂\r\nthen I left"),
            Handled::Changed
        );
        press(&mut input, &step, ".");
        assert_eq!(
            input.text().as_deref(),
            Some("Start: 他说 🙂\nthen I left.")
        );
    }

    #[test]
    fn tab_and_other_runner_keys_insert_nothing() {
        let step = text_step(false);
        let mut input = StepInput::new(&step, None);
        let now = Now::system();
        for k in [key(KeyCode::Tab), ctrl('e'), ctrl('c'), key(KeyCode::F(1))] {
            assert_eq!(input.handle_key(&step, k, now), Handled::Ignored, "{k:?}");
        }
        assert_eq!(input.text().as_deref(), Some(""));
    }

    #[test]
    fn letters_that_are_shortcuts_elsewhere_are_typed() {
        let step = text_step(false);
        let mut input = StepInput::new(&step, None);
        assert_eq!(press(&mut input, &step, "q?!"), Handled::Changed);
        assert_eq!(input.text().as_deref(), Some("q?!"));
    }

    #[test]
    fn a_required_step_is_blocked_until_it_has_words() {
        let step = text_step(true);
        let mut input = StepInput::new(&step, None);
        assert_eq!(input.blocked(&step).as_deref(), Some(NEEDS_ANSWER));
        press(&mut input, &step, "   ");
        assert_eq!(input.blocked(&step).as_deref(), Some(NEEDS_ANSWER));
        assert_eq!(text_of(&input, &step), None);
        press(&mut input, &step, "ok");
        assert_eq!(input.blocked(&step), None);
        assert!(text_of(&input, &step).is_some());
        let optional = text_step(false);
        assert_eq!(StepInput::new(&optional, None).blocked(&optional), None);
    }

    #[test]
    fn undo_and_redo() {
        let step = text_step(false);
        let mut input = StepInput::new(&step, None);
        press(&mut input, &step, "abc");
        let now = Now::system();
        assert_eq!(input.handle_key(&step, ctrl('u'), now), Handled::Changed);
        assert_eq!(input.text().as_deref(), Some("ab"));
        assert_eq!(input.handle_key(&step, ctrl('r'), now), Handled::Changed);
        assert_eq!(input.text().as_deref(), Some("abc"));
        send(&mut input, &step, &[KeyCode::Backspace]);
        assert_eq!(input.text().as_deref(), Some("ab"));
    }

    #[test]
    fn text_from_the_editor_replaces_the_answer_and_can_be_undone() {
        let step = text_step(false);
        let mut input = StepInput::new(&step, None);
        press(&mut input, &step, "draft");
        assert_eq!(input.set_text("final\nversion\n"), Handled::Changed);
        assert_eq!(input.text().as_deref(), Some("final\nversion\n"));
        assert_eq!(input.set_text("final\r\nversion\r\n"), Handled::Consumed);
        let now = Now::system();
        while input.text().as_deref() != Some("draft") {
            assert_eq!(input.handle_key(&step, ctrl('u'), now), Handled::Changed);
        }
    }

    #[test]
    fn a_previous_answer_is_restored_and_editing_goes_on_at_its_end() {
        let step = text_step(false);
        let previous = AnswerValue::Text {
            text: "line one\nline two".into(),
        };
        let mut input = StepInput::new(&step, Some(&previous));
        press(&mut input, &step, "!");
        assert_eq!(input.text().as_deref(), Some("line one\nline two!"));
    }

    #[test]
    fn an_empty_answer_shows_the_placeholder() {
        let step = text_step(false);
        let mut input = StepInput::new(&step, None);
        let theme = Theme::monochrome();
        assert!(screen(&render(&input, &step, 40, 8, &theme)).contains("Type here…"));
        press(&mut input, &step, "x");
        assert!(!screen(&render(&input, &step, 40, 8, &theme)).contains("Type here…"));
    }

    #[test]
    fn long_text_wraps_inside_the_box() {
        let step = text_step(false);
        let mut input = StepInput::new(&step, None);
        let word = format!("{}END", "x".repeat(30));
        input.handle_paste(&step, &format!("when you walked away I felt alone {word}"));
        let screen = screen(&render(&input, &step, 24, 12, &Theme::color()));
        for visible in ["walked", "alone", "xxxxxxxxxx", "END"] {
            assert!(screen.contains(visible), "{visible} missing from\n{screen}");
        }
    }
}
