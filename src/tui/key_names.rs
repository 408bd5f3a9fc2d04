//! Keys and actions by name, as `settings.json` writes them (`"ctrl-n"`, `"down"`)
//! and as the footer and `?` show them (`Ctrl-N`, `↓`): the names are stable, the
//! README lists them, and a test keeps the two lists the same.

use crossterm::event::KeyCode;

use super::keymap::{Action, Key};

/// Every action with its name in `settings.json`.
pub const ACTIONS: [(Action, &str); 82] = [
    (Action::Help, "help"),
    (Action::Safety, "safety"),
    (Action::Hide, "hide"),
    (Action::Quit, "quit"),
    (Action::Down, "down"),
    (Action::Up, "up"),
    (Action::PageDown, "page-down"),
    (Action::PageUp, "page-up"),
    (Action::First, "first"),
    (Action::Last, "last"),
    (Action::NextPane, "next-pane"),
    (Action::PreviousPane, "previous-pane"),
    (Action::Open, "open"),
    (Action::Back, "back"),
    (Action::Preview, "preview"),
    (Action::Area(1), "area-1"),
    (Action::Area(2), "area-2"),
    (Action::Area(3), "area-3"),
    (Action::Area(4), "area-4"),
    (Action::Area(5), "area-5"),
    (Action::Area(6), "area-6"),
    (Action::Area(7), "area-7"),
    (Action::Area(8), "area-8"),
    (Action::Area(9), "area-9"),
    (Action::Journal, "journal"),
    (Action::Session, "session"),
    (Action::Note, "note"),
    (Action::Progress, "progress"),
    (Action::Packs, "packs"),
    (Action::Strategies, "strategies"),
    (Action::Prep, "prep"),
    (Action::LookBack, "look-back"),
    (Action::Sessions, "sessions"),
    (Action::YearCalendar, "year-calendar"),
    (Action::Search, "search"),
    (Action::ToggleOwnWords, "toggle-own-words"),
    (Action::Find, "find"),
    (Action::Try, "try"),
    (Action::Review, "review"),
    (Action::FilterArea, "filter-area"),
    (Action::FilterKind, "filter-kind"),
    (Action::FilterTag, "filter-tag"),
    (Action::FilterRange, "filter-range"),
    (Action::ClearFilters, "clear-filters"),
    (Action::PickPeriod, "pick-period"),
    (Action::EarlierPeriod, "earlier-period"),
    (Action::LaterPeriod, "later-period"),
    (Action::PeriodUnit, "period-unit"),
    (Action::ToggleByMonth, "toggle-by-month"),
    (Action::OldestFirst, "oldest-first"),
    (Action::NextEntry, "next-entry"),
    (Action::PreviousEntry, "previous-entry"),
    (Action::ToggleDiscuss, "toggle-discuss"),
    (Action::TogglePrivate, "toggle-private"),
    (Action::Edit, "edit"),
    (Action::Delete, "delete"),
    (Action::DeleteAndErase, "delete-and-erase"),
    (Action::DoneTyping, "done-typing"),
    (Action::Erase, "erase"),
    (Action::EraseLine, "erase-line"),
    (Action::EraseWord, "erase-word"),
    (Action::AddPack, "add-pack"),
    (Action::ReportPack, "report-pack"),
    (Action::LeaveOut, "leave-out"),
    (Action::CountsOnly, "counts-only"),
    (Action::Write, "write"),
    (Action::CycleMeasure, "cycle-measure"),
    (Action::ToggleStreaks, "toggle-streaks"),
    (Action::ToggleAfterRatings, "toggle-after-ratings"),
    (Action::ToggleMonthlyMeans, "toggle-monthly-means"),
    (Action::Next, "next"),
    (Action::Previous, "previous"),
    (Action::Leave, "leave"),
    (Action::EditInEditor, "edit-in-editor"),
    (Action::Save, "save"),
    (Action::BackToSteps, "back-to-steps"),
    (Action::MakePlan, "make-plan"),
    (Action::Yes, "yes"),
    (Action::No, "no"),
    (Action::Discard, "discard"),
    (Action::StartAfresh, "start-afresh"),
    (Action::Mark, "mark"),
];

/// The name of `action` in `settings.json`.
pub fn action_name(action: Action) -> &'static str {
    ACTIONS
        .iter()
        .find(|(known, _)| *known == action)
        .map_or("", |(_, name)| name)
}

/// The action of `name`, if any has it.
pub fn action_named(name: &str) -> Option<Action> {
    ACTIONS
        .iter()
        .find(|(_, known)| *known == name)
        .map(|(action, _)| *action)
}

/// Keys by name, besides a character and `ctrl-` with a letter.
const NAMED: [(&str, KeyCode); 16] = [
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("shift-tab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("page-up", KeyCode::PageUp),
    ("page-down", KeyCode::PageDown),
    ("space", KeyCode::Char(' ')),
];

/// What a key may be, for the message about one that is not.
const KEY_FORMS: &str = "write one character (`j`, `J`, `?`), `ctrl-` and a letter \
    (`ctrl-n`), `f1` to `f12`, or one of enter, esc, tab, shift-tab, backspace, delete, \
    insert, up, down, left, right, home, end, page-up, page-down, space";

/// The key `text` names (`"j"`, `"J"`, `"ctrl-n"`, `"f5"`, `"page-down"`), or why it
/// names none, in plain words.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return if c.is_control() {
            Err(format!("a control character is not a key: {KEY_FORMS}"))
        } else {
            Ok(Key::Char(c))
        };
    }
    let lower = text.to_ascii_lowercase();
    if let Some((_, code)) = NAMED.iter().find(|(name, _)| *name == lower) {
        return Ok(match code {
            KeyCode::Char(c) => Key::Char(*c),
            code => Key::Code(*code),
        });
    }
    if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
        return match n {
            1..=12 => Ok(Key::Code(KeyCode::F(n))),
            _ => Err(format!("`{text}`: the function keys are f1 to f12")),
        };
    }
    if let Some(letter) = lower.strip_prefix("ctrl-") {
        let mut letters = letter.chars();
        return match (letters.next(), letters.next()) {
            // Terminals send these as Backspace, Tab, Enter and Enter.
            (Some(c @ ('h' | 'i' | 'j' | 'm')), None) => Err(format!(
                "`{text}`: terminals send Ctrl-{} as {}; choose another letter",
                c.to_ascii_uppercase(),
                match c {
                    'h' => "Backspace",
                    'i' => "Tab",
                    _ => "Enter",
                }
            )),
            (Some(c), None) if c.is_ascii_lowercase() => Ok(Key::Ctrl(c)),
            _ => Err(format!("`{text}`: Ctrl goes with one letter, a to z")),
        };
    }
    if lower.starts_with("shift-") {
        return Err(format!(
            "`{text}`: write the capital letter itself (`J`), or shift-tab"
        ));
    }
    if lower.starts_with("alt-") || lower.starts_with("meta-") {
        return Err(format!(
            "`{text}`: Alt and Meta are not used (terminals send them as Esc and a key)"
        ));
    }
    Err(format!("`{text}` is not a key: {KEY_FORMS}"))
}

/// `key` as the footer and `?` show it: `j`, `Ctrl-N`, `↓`, `PgDn`, `Space`.
pub fn show_key(key: Key) -> String {
    match key {
        Key::Char(' ') => "Space".into(),
        Key::Char(c) => c.to_string(),
        Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
        Key::Code(code) => match code {
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Insert => "Ins".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_from_their_names_and_show_as_the_footer_does() {
        for (text, key, shown) in [
            ("j", Key::Char('j'), "j"),
            ("J", Key::Char('J'), "J"),
            ("space", Key::Char(' '), "Space"),
            ("ctrl-n", Key::Ctrl('n'), "Ctrl-N"),
            ("Ctrl-Q", Key::Ctrl('q'), "Ctrl-Q"),
            ("f12", Key::Code(KeyCode::F(12)), "F12"),
            ("page-down", Key::Code(KeyCode::PageDown), "PgDn"),
            ("shift-tab", Key::Code(KeyCode::BackTab), "Shift-Tab"),
            ("esc", Key::Code(KeyCode::Esc), "Esc"),
            ("enter", Key::Code(KeyCode::Enter), "Enter"),
        ] {
            assert_eq!(parse_key(text), Ok(key), "{text}");
            assert_eq!(show_key(key), shown, "{text}");
        }
        for (text, says) in [
            ("ctrl-", "Ctrl goes with one letter"),
            ("ctrl-1", "Ctrl goes with one letter"),
            ("ctrl-i", "as Tab"),
            ("f13", "f1 to f12"),
            ("shift-j", "capital letter"),
            ("alt-x", "Alt and Meta"),
            ("jk", "is not a key"),
            ("", "is not a key"),
        ] {
            let error = parse_key(text).unwrap_err();
            assert!(error.contains(says), "{text}: {error}");
        }
    }

    #[test]
    fn every_action_has_one_name_of_its_own() {
        for (i, (action, name)) in ACTIONS.iter().enumerate() {
            assert_eq!(action_named(name), Some(*action));
            assert_eq!(action_name(*action), *name);
            assert!(
                ACTIONS[i + 1..]
                    .iter()
                    .all(|(a, n)| a != action && n != name)
            );
        }
    }
}
