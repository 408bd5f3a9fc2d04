//! The step widgets: one per step kind, each keeping its own small state.
//!
//! The exercise runner owns one [`StepInput`] for the step on screen. It passes keys,
//! pastes and clock ticks in, asks for the answer to save, and draws it. Keys that move
//! between steps or leave (Tab, Shift-Tab, Esc, Ctrl-E for `$EDITOR`) belong to the
//! runner: every widget returns [`Handled::Ignored`] for them.

mod checklist;
mod choice;
pub(crate) mod lines;
mod questionnaire;
mod read;
mod scale;
#[cfg(test)]
mod testing;
mod text;

// Keys of one's own leave the text's keys to it (`keymap::Typing::Step`).
pub(crate) use text::{CTRL_EDITS, is_editing_key};
mod timer;

use crate::tui::clock::Now;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::journal::entry::AnswerValue;
use crate::pack::model::Step;
use crate::tui::theme::Theme;

use checklist::ChecklistInput;
use choice::ChoiceInput;
use questionnaire::QuestionnaireInput;
use read::ReadInput;
use scale::ScaleInput;
use text::TextInput;
pub use timer::BreakState;
use timer::TimerInput;

/// What a widget did with an input, so the runner knows whether to redraw, autosave
/// the draft, move on, or handle the key itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    /// The widget has no use for the input; the runner may act on it.
    Ignored,
    /// The widget used the input (moved a cursor, scrolled) but the answer is the same.
    Consumed,
    /// The answer changed: the runner autosaves the draft.
    Changed,
    /// The widget asks to go on to the next step (e.g. Enter on a single choice).
    Next,
}

/// A place in a step that a click chooses: a row of a list (an option of a choice,
/// an item of a checklist) or a point of a scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    /// The row with this index, counted from the first option or item.
    Row(usize),
    /// This value of a scale.
    Point(i64),
    /// This value for the statement `row` of a questionnaire.
    Rated {
        /// The statement, counted from the first.
        row: usize,
        /// The value.
        value: i64,
    },
}

/// The input state of one step of an exercise: what the user has typed, chosen or
/// timed so far, for the step on screen.
#[derive(Debug)]
pub struct StepInput {
    state: State,
}

/// The per-kind states; each pairs with the step variant of the same name.
#[derive(Debug)]
enum State {
    Read(ReadInput),
    Text(TextInput),
    Scale(ScaleInput),
    Choice(ChoiceInput),
    Checklist(ChecklistInput),
    Timer(TimerInput),
    Questionnaire(QuestionnaireInput),
}

/// What every step widget offers; [`StepInput`] forwards to the one for the step's kind.
trait StepWidget {
    /// The step type this widget answers.
    type Step;

    /// Reacts to a key that is not the runner's.
    fn handle_key(&mut self, step: &Self::Step, key: KeyEvent, now: Now) -> Handled;

    /// Inserts pasted text where the user is typing, if anywhere.
    fn handle_paste(&mut self, _step: &Self::Step, _text: &str) -> Handled {
        Handled::Ignored
    }

    /// The answer so far, or None when there is nothing to save.
    fn answer(&self, step: &Self::Step, now: Now) -> Option<AnswerValue>;

    /// Why the user may not move on yet, if they may not.
    fn blocked(&self, _step: &Self::Step) -> Option<String> {
        None
    }

    /// Whether the answer signals fear or danger.
    fn wants_safety(&self, _step: &Self::Step) -> bool {
        false
    }

    /// Draws the step.
    fn render(&self, step: &Self::Step, area: Rect, buf: &mut Buffer, theme: &Theme, now: Now);

    /// Where `render` drew the spots a click can choose, in the same `area`.
    fn spots(&self, _step: &Self::Step, _area: Rect, _theme: &Theme) -> Vec<(Rect, Spot)> {
        Vec::new()
    }

    /// A click on `spot`: as the keys that move there and choose it would do.
    fn click(&mut self, _step: &Self::Step, _spot: Spot) -> Handled {
        Handled::Ignored
    }

    /// The keys the widget understands right now, with what they do.
    fn keys(&self, step: &Self::Step) -> Vec<(&'static str, &'static str)>;

    /// What the go-on key does first, before moving on, if anything: true when the
    /// widget did something and the step stays (a questionnaire shows its result).
    fn before_next(&mut self, _step: &Self::Step) -> bool {
        false
    }

    /// What the go-on key does here, in words.
    fn next_label(&self, _step: &Self::Step) -> &'static str {
        "next"
    }
}

/// What the runner gives a break to draw besides its step: what was ticked or chosen
/// for it in the earlier step it lists, and the keys that go back there, as the
/// footer shows them (the user's own, if they set some).
#[derive(Debug, Clone, Copy, Default)]
pub struct Listing<'a> {
    /// What was ticked or chosen.
    pub items: &'a [&'a str],
    /// The keys that go back a step.
    pub back_keys: Option<&'a str>,
}

/// Runs `$body` with the widget state `$w` and its step `$s` when the state and step
/// are of the same kind, else evaluates `$otherwise`.
macro_rules! with_widget {
    ($state:expr, $step:expr, |$w:ident, $s:ident| $body:expr, $otherwise:expr) => {
        match ($state, $step) {
            (State::Read($w), Step::Read($s)) => $body,
            (State::Text($w), Step::Text($s)) => $body,
            (State::Scale($w), Step::Scale($s)) => $body,
            (State::Choice($w), Step::Choice($s)) => $body,
            (State::Checklist($w), Step::Checklist($s)) => $body,
            (State::Timer($w), Step::Timer($s)) => $body,
            (State::Questionnaire($w), Step::Questionnaire($s)) => $body,
            _ => $otherwise,
        }
    };
}

impl StepInput {
    /// The input for `step`, restoring `previous` (a draft, or the answer given before
    /// going back) when it is an answer of the step's kind.
    pub fn new(step: &Step, previous: Option<&AnswerValue>) -> Self {
        let state = match step {
            Step::Read(_) => State::Read(ReadInput::default()),
            Step::Text(_) => State::Text(TextInput::new(previous)),
            Step::Scale(s) => State::Scale(ScaleInput::new(s, previous)),
            Step::Choice(s) => State::Choice(ChoiceInput::new(s, previous)),
            Step::Checklist(s) => State::Checklist(ChecklistInput::new(s, previous)),
            Step::Timer(s) => State::Timer(TimerInput::new(s, previous)),
            Step::Questionnaire(s) => State::Questionnaire(QuestionnaireInput::new(s, previous)),
        };
        Self { state }
    }

    /// Handles a key press. Tab, Shift-Tab, Esc and Ctrl-E are always
    /// [`Handled::Ignored`]: they belong to the runner. Key releases are ignored too.
    pub fn handle_key(&mut self, step: &Step, key: KeyEvent, now: Now) -> Handled {
        if key.kind == KeyEventKind::Release || is_runner_key(&key) {
            return Handled::Ignored;
        }
        with_widget!(
            &mut self.state,
            step,
            |w, s| w.handle_key(s, key, now),
            Handled::Ignored
        )
    }

    /// Handles a bracketed paste: a text step inserts it, and so does a choice whose
    /// "other" field has focus (as one line).
    pub fn handle_paste(&mut self, step: &Step, text: &str) -> Handled {
        with_widget!(
            &mut self.state,
            step,
            |w, s| w.handle_paste(s, text),
            Handled::Ignored
        )
    }

    /// Lets a running timer count; true when the screen needs a redraw.
    pub fn tick(&mut self, now: Now) -> bool {
        match &mut self.state {
            State::Timer(timer) => timer.tick(now),
            _ => false,
        }
    }

    /// The answer to save, or None when the step is not answered (read steps never
    /// are; a blank text is not an answer).
    pub fn answer(&self, step: &Step, now: Now) -> Option<AnswerValue> {
        with_widget!(&self.state, step, |w, s| w.answer(s, now), None)
    }

    /// Why the user may not move on, in plain words, or None when they may.
    pub fn blocked(&self, step: &Step) -> Option<String> {
        with_widget!(&self.state, step, |w, s| w.blocked(s), None)
    }

    /// Whether a chosen option signals fear or danger, so the runner shows the
    /// safety screen instead of going on.
    pub fn wants_safety(&self, step: &Step) -> bool {
        with_widget!(&self.state, step, |w, s| w.wants_safety(s), false)
    }

    /// Whether typed letters go into the widget right now, so the app must not treat
    /// them as shortcuts (`q`, `?`, `!`).
    pub fn captures_text(&self) -> bool {
        match &self.state {
            State::Text(_) => true,
            State::Choice(choice) => choice.captures_text(),
            _ => false,
        }
    }

    /// Overwrites what was typed (a text, a choice's "other") with zeros and empties
    /// it, for a lock that drops the state.
    pub fn wipe(&mut self) {
        match &mut self.state {
            State::Text(text) => text.wipe(),
            State::Choice(choice) => choice.wipe(),
            _ => {}
        }
    }

    /// The text of a text step, to open it in `$EDITOR`; None for other kinds.
    pub fn text(&self) -> Option<String> {
        match &self.state {
            State::Text(text) => Some(text.text()),
            _ => None,
        }
    }

    /// Replaces the text of a text step (after `$EDITOR`); Ctrl-U undoes it.
    pub fn set_text(&mut self, text: &str) -> Handled {
        match &mut self.state {
            State::Text(input) => input.set_text(text),
            _ => Handled::Ignored,
        }
    }

    /// Draws the step into `area`; any size works, down to nothing.
    pub fn render(&self, step: &Step, area: Rect, buf: &mut Buffer, theme: &Theme, now: Now) {
        self.render_listing(step, Listing::default(), area, buf, theme, now);
    }

    /// Draws the step with `listing`, what was ticked or chosen in the earlier step
    /// it refers to (a break's `lists`); other steps draw as [`StepInput::render`].
    pub fn render_listing(
        &self,
        step: &Step,
        listing: Listing<'_>,
        area: Rect,
        buf: &mut Buffer,
        theme: &Theme,
        now: Now,
    ) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        if let (State::Timer(timer), Step::Timer(s)) = (&self.state, step) {
            timer.render_listing(s, listing, area, buf, theme, now);
            return;
        }
        with_widget!(
            &self.state,
            step,
            |w, s| w.render(s, area, buf, theme, now),
            ()
        )
    }

    /// Where [`StepInput::render`] drew what a click can choose in `area` (options,
    /// items, a scale's points), so the shell can turn a click into a [`Spot`].
    pub fn spots(&self, step: &Step, area: Rect, theme: &Theme) -> Vec<(Rect, Spot)> {
        with_widget!(
            &self.state,
            step,
            |w, s| w.spots(s, area, theme),
            Vec::new()
        )
    }

    /// A click on `spot`: the cursor goes there and it is chosen or ticked, as Space
    /// (or a scale's arrows) would; it never moves on.
    pub fn click(&mut self, step: &Step, spot: Spot) -> Handled {
        with_widget!(
            &mut self.state,
            step,
            |w, s| w.click(s, spot),
            Handled::Ignored
        )
    }

    /// The keys the step understands right now and what they do, for the footer and
    /// the help screen. The runner's own keys are not included.
    pub fn keys(&self, step: &Step) -> Vec<(&'static str, &'static str)> {
        with_widget!(&self.state, step, |w, s| w.keys(s), Vec::new())
    }

    /// The options chosen on a choice step, or the items ticked on a checklist
    /// (nothing for any other step): what a later step being on the path can depend
    /// on, and what a break lists.
    pub fn chosen<'s>(&self, step: &'s Step) -> Vec<&'s str> {
        match (&self.state, step) {
            (State::Choice(choice), Step::Choice(s)) => choice.labels(s),
            (State::Checklist(list), Step::Checklist(s)) => list.ticked(s),
            _ => Vec::new(),
        }
    }

    /// When a break running on this step ends, on the wall clock; None for any other
    /// step or a break that is not running.
    pub fn running_until(&self) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        match &self.state {
            State::Timer(timer) => timer.running_until(),
            _ => None,
        }
    }

    /// Where this step's break is at `now`; None for any other step.
    pub fn break_state(&self, now: Now) -> Option<BreakState> {
        match &self.state {
            State::Timer(timer) => Some(timer.state(now)),
            _ => None,
        }
    }

    /// Runs this step's break on so that it ends at `until` (or is over, if that has
    /// passed), as it was when a draft was written.
    pub fn run_until(
        &mut self,
        step: &Step,
        until: chrono::DateTime<chrono::FixedOffset>,
        now: Now,
    ) {
        if let (State::Timer(timer), Step::Timer(_)) = (&mut self.state, step) {
            timer.run_until(until, now);
        }
    }

    /// What the go-on key does first on this step, before moving on: true when the
    /// step stays (a questionnaire's result is shown before the next step).
    pub fn before_next(&mut self, step: &Step) -> bool {
        with_widget!(&mut self.state, step, |w, s| w.before_next(s), false)
    }

    /// What the go-on key does on this step, in words ("next", "see your result").
    pub fn next_label(&self, step: &Step) -> &'static str {
        with_widget!(&self.state, step, |w, s| w.next_label(s), "next")
    }
}

/// Whether `key` is one the runner handles whatever the step: Tab, Shift-Tab, Esc
/// and Ctrl-E.
fn is_runner_key(key: &KeyEvent) -> bool {
    match key.code {
        KeyCode::Tab | KeyCode::BackTab | KeyCode::Esc => true,
        KeyCode::Char('e' | 'E') => key.modifiers.contains(KeyModifiers::CONTROL),
        _ => false,
    }
}

/// A key as the list-like widgets read it, with vi letters folded into arrows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nav {
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Enter,
    Space,
    Backspace,
    Digit(u8),
    Char(char),
}

impl Nav {
    /// Reads `key`; None for keys with Ctrl or Alt and keys no widget uses.
    fn of(key: &KeyEvent) -> Option<Nav> {
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return None;
        }
        Some(match key.code {
            KeyCode::Up | KeyCode::Char('k') => Nav::Up,
            KeyCode::Down | KeyCode::Char('j') => Nav::Down,
            KeyCode::Left | KeyCode::Char('h') => Nav::Left,
            KeyCode::Right | KeyCode::Char('l') => Nav::Right,
            KeyCode::Home => Nav::Home,
            KeyCode::End => Nav::End,
            KeyCode::PageUp => Nav::PageUp,
            KeyCode::PageDown => Nav::PageDown,
            KeyCode::Enter => Nav::Enter,
            KeyCode::Backspace => Nav::Backspace,
            KeyCode::Char(' ') => Nav::Space,
            KeyCode::Char(c) => match c.to_digit(10) {
                Some(d) => Nav::Digit(d as u8),
                None => Nav::Char(c),
            },
            _ => return None,
        })
    }
}

/// Text from outside the widget (a paste, `$EDITOR`) made safe to keep and show:
/// line endings as `\n`, no control characters or bidi overrides, tabs as spaces.
fn clean_input(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    crate::sanitize::text(&unified).into_owned()
}

#[cfg(test)]
mod tests {
    use crate::tui::clock::Now;

    use super::testing::{ctrl, key, press, shift_tab, text_step};
    use super::*;

    #[test]
    fn runner_keys_are_ignored_by_every_kind() {
        let now = Now::system();
        for step in testing::every_kind() {
            let mut input = StepInput::new(&step, None);
            for k in [key(KeyCode::Tab), shift_tab(), key(KeyCode::Esc), ctrl('e')] {
                assert_eq!(
                    input.handle_key(&step, k, now),
                    Handled::Ignored,
                    "{} handled {k:?}",
                    step.kind()
                );
            }
        }
    }

    #[test]
    fn key_releases_are_ignored() {
        let step = text_step(false);
        let mut input = StepInput::new(&step, None);
        let mut release = key(KeyCode::Char('a'));
        release.kind = KeyEventKind::Release;
        assert_eq!(
            input.handle_key(&step, release, Now::system()),
            Handled::Ignored
        );
        assert_eq!(input.text().as_deref(), Some(""));
    }

    #[test]
    fn a_state_of_another_kind_does_nothing() {
        let text = text_step(false);
        let read = testing::read_step("Hello");
        let mut input = StepInput::new(&text, None);
        press(&mut input, &text, "hi");
        assert_eq!(
            input.handle_key(&read, key(KeyCode::Enter), Now::system()),
            Handled::Ignored
        );
        assert_eq!(input.answer(&read, Now::system()), None);
        assert!(input.keys(&read).is_empty());
    }

    #[test]
    fn every_kind_renders_into_tiny_and_empty_areas() {
        let now = Now::system();
        for theme in [Theme::color(), Theme::monochrome()] {
            for step in testing::every_kind() {
                let input = StepInput::new(&step, None);
                for (w, h) in [(20, 5), (1, 1), (0, 0), (3, 2), (56, 12), (80, 24)] {
                    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
                    input.render(&step, Rect::new(0, 0, w, h), &mut buf, &theme, now);
                }
                let mut buf = Buffer::empty(Rect::new(0, 0, 10, 4));
                input.render(&step, Rect::new(5, 2, 40, 40), &mut buf, &theme, now);
                assert!(
                    !input.keys(&step).is_empty(),
                    "{} lists no keys",
                    step.kind()
                );
            }
        }
    }

    #[test]
    fn only_text_steps_offer_their_text() {
        for step in testing::every_kind() {
            let mut input = StepInput::new(&step, None);
            let is_text = matches!(step, Step::Text(_));
            assert_eq!(input.text().is_some(), is_text, "{}", step.kind());
            assert_eq!(
                input.set_text("x") == Handled::Ignored,
                !is_text,
                "{}",
                step.kind()
            );
        }
    }

    #[test]
    fn pasted_text_loses_control_characters() {
        assert_eq!(
            clean_input("a\r\nb\rc\x1b[31md\te"),
            "a\nb\nc\u{FFFD}[31md e"
        );
    }
}
