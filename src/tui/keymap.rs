//! Keys as data. Each screen's keys are a table of [`Binding`]s: the keys, the
//! [`Action`] they stand for, the words the footer and the help screen show, and
//! whether it is the key that moves on. `update` turns a key into an action through
//! the table and the screens act on actions, never on raw key codes; the footer and
//! `?` list the same table (see `app/keys.rs`), so what is shown is what works. The mouse
//! wheel is an action too.

use std::borrow::Cow;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key as the user presses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A character, with or without Shift.
    Char(char),
    /// A character with Ctrl.
    Ctrl(char),
    /// Any other key (Enter, Esc, Tab, arrows, F12, …).
    Code(KeyCode),
}

impl Key {
    /// The key event of this key (no modifiers but Ctrl for a Ctrl key).
    pub fn event(self) -> KeyEvent {
        match self {
            Key::Char(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
            Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            Key::Code(code) => KeyEvent::new(code, KeyModifiers::NONE),
        }
    }

    /// The key of a key event.
    pub fn of(event: &KeyEvent) -> Key {
        match event.code {
            KeyCode::Char(c) if event.modifiers.contains(KeyModifiers::CONTROL) => {
                Key::Ctrl(c.to_ascii_lowercase())
            }
            KeyCode::Char(c) => Key::Char(c),
            code => Key::Code(code),
        }
    }
}

/// What a key asks for. The screen that has the key in its table says what it means
/// there (`Open` starts an exercise in an area and opens an entry in the journal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The help screen.
    Help,
    /// The safety screen.
    Safety,
    /// Quick hide (lock, for an encrypted journal).
    Hide,
    /// Quit, asking first when answers would be lost.
    Quit,
    /// Move the selection down, or scroll down a line.
    Down,
    /// Move the selection up, or scroll up a line.
    Up,
    /// Down by a page.
    PageDown,
    /// Up by a page.
    PageUp,
    /// To the first row.
    First,
    /// To the last row.
    Last,
    /// The next pane.
    NextPane,
    /// The previous pane.
    PreviousPane,
    /// Open or start what is selected; on the welcome screen, go on.
    Open,
    /// Back to where the screen was opened from.
    Back,
    /// See what is selected before opening it (an exercise's steps).
    Preview,
    /// Open the area with this number (1 is the first).
    Area(u8),
    /// The journal.
    Journal,
    /// Record a therapy session.
    Session,
    /// Write a note.
    Note,
    /// Progress.
    Progress,
    /// The packs.
    Packs,
    /// My strategies.
    Strategies,
    /// Since my last session.
    Prep,
    /// Look back on the past year.
    LookBack,
    /// Every session, with its homework and what was brought to it.
    Sessions,
    /// The whole year's calendar of practice days.
    YearCalendar,
    /// Search the journal.
    Search,
    /// Search only the words the person wrote, or every text again.
    ToggleOwnWords,
    /// Find an exercise.
    Find,
    /// Log a try of a plan.
    Try,
    /// Look back on a plan.
    Review,
    /// Cycle the area filter.
    FilterArea,
    /// Cycle the kind filter.
    FilterKind,
    /// Cycle the tag filter.
    FilterTag,
    /// Cycle the time range.
    FilterRange,
    /// Clear every filter.
    ClearFilters,
    /// Open the picker of a month, season or year.
    PickPeriod,
    /// In the period picker, and looking back: the period before.
    EarlierPeriod,
    /// In the period picker, and looking back: the period after.
    LaterPeriod,
    /// In the period picker: step by month, season or year.
    PeriodUnit,
    /// On progress: show entries per month instead of the weekly figures, or back.
    ToggleByMonth,
    /// List the journal oldest first, or newest first again.
    OldestFirst,
    /// The next entry in the journal list's order (reading on).
    NextEntry,
    /// The entry before in the journal list's order.
    PreviousEntry,
    /// Flag or unflag the entry to discuss.
    ToggleDiscuss,
    /// Mark the entry private or not.
    TogglePrivate,
    /// Edit the entry's text in the editor.
    Edit,
    /// Delete the entry (asks first).
    Delete,
    /// In the question before deleting: delete the entry and erase its text from the
    /// data directory now.
    DeleteAndErase,
    /// Stop typing (the search, a path).
    DoneTyping,
    /// Erase the last character typed.
    Erase,
    /// Erase the whole line typed (Ctrl-U).
    EraseLine,
    /// Erase the last word typed (Ctrl-W).
    EraseWord,
    /// Add a pack from a file.
    AddPack,
    /// Report on the selected pack's homework.
    ReportPack,
    /// Leave the selected entry out of the report, or put it back.
    LeaveOut,
    /// Counts only in the report, or the entries too.
    CountsOnly,
    /// Write the report.
    Write,
    /// Cycle the measure shown.
    CycleMeasure,
    /// Show or hide streaks.
    ToggleStreaks,
    /// Chart the ratings after exercises too, or before only.
    ToggleAfterRatings,
    /// Chart each month's mean, or as many marks as fit.
    ToggleMonthlyMeans,
    /// The next step of an exercise.
    Next,
    /// The step before.
    Previous,
    /// Leave the exercise (asks to keep a draft).
    Leave,
    /// Edit the step's text in the editor.
    EditInEditor,
    /// Save the answers.
    Save,
    /// Back from the review to the steps.
    BackToSteps,
    /// The saved exercise's practice becomes a plan.
    MakePlan,
    /// Yes, to a dialog's question (keep the draft, delete, resume, replace, quit).
    Yes,
    /// No: close the dialog and change nothing.
    No,
    /// Discard the draft and leave.
    Discard,
    /// Start the exercise afresh rather than resume its draft.
    StartAfresh,
    /// Tick or untick the selected row of a list to choose from.
    Mark,
}

/// Keys and the action they stand for, with how the footer and help show them. The
/// tables hold them as constants; keys of one's own (`tui::own_keys`) give a table's
/// bindings other keys, and the words of their keys with them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The keys; empty for a line of help only (such as "type: search").
    pub keys: Cow<'static, [Key]>,
    /// What they do; `None` for a line of help only.
    pub action: Option<Action>,
    /// The keys as shown and what they do, in words; `None` when another line already
    /// says it (↑ beside ↓).
    pub shown: Option<(Cow<'static, str>, &'static str)>,
    /// The keys are shown on the line of the shown binding just before (↑ on ↓'s line,
    /// `p` on `n p`): when keys of one's own change them, that line says so.
    pub joins: bool,
    /// The key that moves on from here: the footer shows it first and never cuts it.
    pub go_on: bool,
}

impl Binding {
    /// Keys for `action`, shown as `label`: `help`.
    pub const fn new(
        keys: &'static [Key],
        action: Action,
        label: &'static str,
        help: &'static str,
    ) -> Self {
        Self {
            keys: Cow::Borrowed(keys),
            action: Some(action),
            shown: Some((Cow::Borrowed(label), help)),
            joins: false,
            go_on: false,
        }
    }

    /// Keys for `action` that no line shows.
    pub const fn unshown(keys: &'static [Key], action: Action) -> Self {
        Self {
            keys: Cow::Borrowed(keys),
            action: Some(action),
            shown: None,
            joins: false,
            go_on: false,
        }
    }

    /// Keys for `action` that the line of the binding before shows too (↑ beside ↓).
    pub const fn also(keys: &'static [Key], action: Action) -> Self {
        let mut binding = Self::unshown(keys, action);
        binding.joins = true;
        binding
    }

    /// A line of help with no action of its own (what typing does, a widget's keys).
    pub const fn hint(label: &'static str, help: &'static str) -> Self {
        Self {
            keys: Cow::Borrowed(&[]),
            action: None,
            shown: Some((Cow::Borrowed(label), help)),
            joins: false,
            go_on: false,
        }
    }

    /// This is the key that moves on.
    pub const fn go_on(mut self) -> Self {
        self.go_on = true;
        self
    }

    /// The same binding, shown on no line.
    pub fn hidden(self) -> Self {
        Self {
            shown: None,
            ..self
        }
    }
}

/// What a table's screen does with keys that no binding has: nothing, or type them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typing {
    /// Keys that no binding has do nothing.
    No,
    /// A line of text is typed: characters type.
    Line,
    /// An exercise's step: its input takes what a text takes (characters, Enter,
    /// Backspace, Delete, the arrows, Home, End, the pages and the text's Ctrl-letters).
    Step,
}

impl Typing {
    /// Whether `key` can stand for an action in a table of this kind, or the screen
    /// types it.
    pub fn leaves(self, key: Key) -> bool {
        match (self, key) {
            (Typing::No, _) => true,
            (_, Key::Char(_)) => false,
            (Typing::Line, _) => true,
            (Typing::Step, key) => !crate::tui::widgets::is_editing_key(&key.event()),
        }
    }
}

/// A table of bindings with its name (as a problem with keys of one's own names it)
/// and what its screen does with other keys.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// Where the table's keys work, in words ("home", "an exercise's steps").
    pub name: &'static str,
    /// Whether keys that no binding has are typed there.
    pub typing: Typing,
    /// The bindings.
    pub bindings: &'static [Binding],
}

/// What `bindings` say of each of `actions`, in that order, as a window's hint line
/// shows it: "Enter unlock · Esc quit" (the keys of one's own, where given); an
/// action no binding shows is left out.
pub fn said_of(bindings: &[Binding], actions: &[Action]) -> String {
    actions
        .iter()
        .filter_map(|action| {
            bindings
                .iter()
                .find(|binding| binding.action == Some(*action))
                .and_then(|binding| binding.shown.as_ref())
        })
        .map(|(keys, what)| format!("{keys} {what}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The action `key` stands for in `bindings`, the first that has it.
pub fn action(bindings: &[Binding], key: Key) -> Option<Action> {
    bindings
        .iter()
        .find(|binding| binding.keys.contains(&key))
        .and_then(|binding| binding.action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctrl_letters_and_plain_letters_are_different_keys() {
        let ctrl_l = KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL);
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::of(&ctrl_l), Key::Ctrl('l'));
        assert_eq!(Key::of(&shift_g), Key::Char('G'));
        let table = [
            Binding::new(&[Key::Char('l')], Action::NextPane, "l", "pane"),
            Binding::new(&[Key::Ctrl('l')], Action::Hide, "Ctrl-L", "hide"),
        ];
        assert_eq!(action(&table, Key::of(&ctrl_l)), Some(Action::Hide));
        assert_eq!(action(&table, Key::Char('l')), Some(Action::NextPane));
        assert_eq!(action(&table, Key::Char('x')), None);
    }
}
