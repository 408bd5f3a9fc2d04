//! Keys of one's own: `settings.json`'s `"keys"` give actions other keys. An action
//! given keys takes them in every table that binds it (less, where text is typed,
//! the keys that type); every other action keeps its keys. They are checked against
//! every table at start ([`resolve`]): an entry that would make a key stand for two
//! actions in one place, or leave an action with no key somewhere, is refused with
//! the reason, and its action keeps its own keys.

use std::borrow::Cow;

use super::key_names::{action_name, action_named, parse_key, show_key};
use super::keymap::{Action, Binding, Key, Table, Typing};
use crate::settings::{OwnKey, Problem};

/// The actions given keys of one's own, with their keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OwnKeys {
    given: Vec<(Action, Vec<Key>)>,
}

impl OwnKeys {
    /// The keys given to `action`, if it was given any.
    pub fn keys_of(&self, action: Action) -> Option<&[Key]> {
        self.given
            .iter()
            .find(|(given, _)| *given == action)
            .map(|(_, keys)| keys.as_slice())
    }

    /// Where `action` is among the entries, if it was given keys.
    fn place_of(&self, action: Action) -> Option<usize> {
        self.given.iter().position(|(given, _)| *given == action)
    }

    /// `bindings` with the keys of one's own: an action given keys has them (those
    /// that `typing` leaves), and a line that shows an action given keys shows the
    /// keys of its actions instead of its words for them.
    pub fn apply(&self, bindings: &[Binding], typing: Typing) -> Vec<Binding> {
        let mut out = bindings.to_vec();
        if self.given.is_empty() {
            return out;
        }
        let mut changed = vec![false; out.len()];
        for (binding, changed) in out.iter_mut().zip(&mut changed) {
            if let Some(keys) = binding.action.and_then(|action| self.keys_of(action)) {
                let usable = keys.iter().copied().filter(|key| typing.leaves(*key));
                binding.keys = Cow::Owned(usable.collect());
                *changed = true;
            }
        }
        for start in 0..out.len() {
            if out[start].joins || out[start].shown.is_none() {
                continue;
            }
            let end = (start + 1..out.len())
                .find(|&i| !out[i].joins)
                .unwrap_or(out.len());
            if !changed[start..end].contains(&true) {
                continue;
            }
            let mut labels: Vec<String> = Vec::new();
            for keys in out[start..end]
                .iter()
                .map(|binding| shown_keys(&binding.keys))
            {
                // Two bindings of one action given keys show them once.
                if !keys.is_empty() && !labels.contains(&keys) {
                    labels.push(keys);
                }
            }
            let label = labels.join(" ");
            if let Some((shown, _)) = &mut out[start].shown {
                *shown = Cow::Owned(label);
            }
        }
        out
    }
}

/// Keys as a line shows one action's: `j/Ctrl-N`.
fn shown_keys(keys: &[Key]) -> String {
    keys.iter()
        .map(|key| show_key(*key))
        .collect::<Vec<_>>()
        .join("/")
}

/// The keys of one's own that `choices` give, checked against `places`: each is a
/// table of keys that work together (the keys that work everywhere, and a screen's
/// or a window's). What cannot be used is a problem naming the entry, and its action
/// keeps its keys.
pub fn resolve(choices: &[OwnKey], places: &[[Table; 2]]) -> (OwnKeys, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut given: Vec<(&OwnKey, Action, Vec<Key>)> = Vec::new();
    for choice in choices {
        let problem = |what: String| Problem {
            field: format!("keys.{}", choice.action),
            place: choice.place,
            what,
        };
        let Some(action) = action_named(&choice.action) else {
            problems.push(problem(format!(
                "`{}` is not an action; the README lists their names (`down`, `quit`, …)",
                crate::sanitize::text(&choice.action)
            )));
            continue;
        };
        let keys: Result<Vec<Key>, String> = choice
            .keys
            .iter()
            .map(|key| parse_key(key).map_err(|why| crate::sanitize::text(&why).into_owned()))
            .collect();
        match keys {
            Err(why) => problems.push(problem(why)),
            Ok(keys) if keys.is_empty() => problems.push(problem(format!(
                "no key given: {} would have none (leave it out to keep its keys)",
                choice.action
            ))),
            Ok(keys) => given.push((choice, action, keys)),
        }
    }
    // Refused entries go, and the rest is checked again: their actions' own keys
    // may clash with another entry's.
    loop {
        let own = OwnKeys {
            given: given.iter().map(|(_, a, k)| (*a, k.clone())).collect(),
        };
        let found = clashes(&own, places);
        if found.is_empty() {
            return (own, problems);
        }
        for (action, what) in &found {
            if let Some((choice, ..)) = given.iter().find(|(_, a, _)| a == action) {
                problems.push(Problem {
                    field: format!("keys.{}", choice.action),
                    place: choice.place,
                    what: what.clone(),
                });
            }
        }
        given.retain(|(_, action, _)| found.iter().all(|(a, _)| a != action));
    }
}

/// What is wrong with `own` in `places`, by the action given keys it is about: an
/// action that would have no key in a table, and a key that would stand for two
/// actions where they work together. Each is said once, with every table it is so in.
fn clashes(own: &OwnKeys, places: &[[Table; 2]]) -> Vec<(Action, String)> {
    // (action, what, where) in the order found.
    let mut found: Vec<(Action, String, Vec<&'static str>)> = Vec::new();
    let mut note = |action: Action, what: String, table: &'static str| match found
        .iter_mut()
        .find(|(a, w, _)| *a == action && *w == what)
    {
        Some((.., tables)) if !tables.contains(&table) => tables.push(table),
        Some(_) => {}
        None => found.push((action, what, vec![table])),
    };
    for [global, screen] in places {
        let mut bound: Vec<(Key, Action)> = Vec::new();
        for table in [global, screen] {
            for binding in own.apply(table.bindings, table.typing) {
                let Some(action) = binding.action else {
                    continue;
                };
                let given = own.keys_of(action);
                if given.is_some() && binding.keys.is_empty() {
                    note(action, no_key(table.typing), table.name);
                }
                for key in binding.keys.iter().copied() {
                    match bound.iter().find(|(k, _)| *k == key) {
                        Some((_, other)) if *other != action => {
                            // Said of the entry that brought the key, the later in
                            // the file when both did (the tables' own keys never
                            // clash: a test checks it).
                            let brought =
                                |a: Action| own.keys_of(a).is_some_and(|k| k.contains(&key));
                            let later = own.place_of(action) > own.place_of(*other);
                            let (by, other) = if brought(action) && (later || !brought(*other)) {
                                (action, *other)
                            } else {
                                (*other, action)
                            };
                            if brought(by) {
                                note(by, two_actions(key, other, own), table.name);
                            }
                        }
                        Some(_) => {}
                        None => bound.push((key, action)),
                    }
                }
            }
        }
    }
    found
        .into_iter()
        .map(|(action, what, tables)| (action, format!("{what} (in {})", in_words(&tables))))
        .collect()
}

/// "home, the journal and the report".
fn in_words(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Why an action given keys has none in a table of this kind.
fn no_key(typing: Typing) -> String {
    let types = match typing {
        Typing::No => "none of its keys works there".to_owned(),
        Typing::Line => "there characters type".to_owned(),
        Typing::Step => format!(
            "while you type, characters, Enter, Backspace, Delete, the arrows, Home, End, the \
             pages and Ctrl-{} type or move in the text",
            {
                let mut letters: Vec<String> = crate::tui::widgets::CTRL_EDITS
                    .to_ascii_uppercase()
                    .chars()
                    .map(String::from)
                    .collect();
                letters.sort();
                letters.join(" ")
            }
        ),
    };
    format!(
        "it would have no key: {types}; add one that types nothing, such as a function key or \
         `ctrl-` and a letter the text leaves (`ctrl-q`)"
    )
}

/// Why a key cannot stand for two actions.
fn two_actions(key: Key, other: Action, own: &OwnKeys) -> String {
    let mend = if own.keys_of(other).is_some() {
        "give one of them another key"
    } else {
        "choose another key, or give it other keys too"
    };
    format!(
        "{} already stands for `{}`: {mend}",
        show_key(key),
        action_name(other)
    )
}
