//! Finding entries: filters, case-insensitive search, id prefixes. One engine for
//! the command line and the TUI.

use chrono::NaiveDate;

use super::entry::{AnswerValue, Entry, Kind};
use super::shared_text::SharedText;
use super::store::Journal;

/// Which entries to show; every field that is set must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only this area.
    pub area: Option<String>,
    /// Only this kind.
    pub kind: Option<Kind>,
    /// Only entries with this tag.
    pub tag: Option<String>,
    /// Only entries created on or after this day (the entry's own local date).
    pub since: Option<NaiveDate>,
    /// Only entries created on or before this day.
    pub until: Option<NaiveDate>,
}

impl Filter {
    /// Whether `entry` passes the filter.
    pub fn matches(&self, entry: &Entry) -> bool {
        let day = entry.created.date_naive();
        self.area
            .as_ref()
            .is_none_or(|a| entry.area.as_deref() == Some(a.as_str()))
            && self.kind.is_none_or(|k| entry.kind == k)
            && self
                .tag
                .as_ref()
                .is_none_or(|t| entry.tags.iter().any(|tag| tag == t))
            && self.since.is_none_or(|since| day >= since)
            && self.until.is_none_or(|until| day <= until)
    }

    /// Entries passing the filter, newest first.
    pub fn apply<'j>(&self, journal: &'j Journal) -> impl Iterator<Item = &'j Entry> {
        journal.entries().rev().filter(|e| self.matches(e))
    }
}

/// Every piece of text of an entry that search looks at: title, exercise title,
/// prompts, answers and tags.
pub fn texts(entry: &Entry) -> Vec<&str> {
    let mut all = Vec::new();
    let mut shared = Vec::new();
    parts(entry, |text| all.push(text), |text| shared.push(text));
    all.extend(shared.into_iter().map(SharedText::as_str));
    all
}

/// A case-insensitive search for entries that contain every word.
#[derive(Debug, Clone)]
pub struct Search {
    words: Vec<String>,
    finders: Vec<memchr::memmem::Finder<'static>>,
}

impl Search {
    /// A search for every whitespace-separated word of `query`.
    pub fn new(query: &str) -> Self {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        let finders = words
            .iter()
            .map(|w| memchr::memmem::Finder::new(w.as_bytes()).into_owned())
            .collect();
        Self { words, finders }
    }

    /// The lowercased words searched for.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Whether every word occurs somewhere in the entry (an empty search matches all).
    pub fn matches(&self, entry: &Entry) -> bool {
        let mut buffer = String::new();
        let mut found = vec![false; self.words.len()];
        for text in texts(entry) {
            lowercase_into(text, &mut buffer);
            for (finder, hit) in self.finders.iter().zip(found.iter_mut()) {
                if !*hit && finder.find(buffer.as_bytes()).is_some() {
                    *hit = true;
                }
            }
            if found.iter().all(|hit| *hit) {
                return true;
            }
        }
        found.iter().all(|hit| *hit)
    }

    /// The byte ranges of `text` where a word matches, in order, not overlapping.
    pub fn highlights(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        let mut ranges = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let hit = self
                .words
                .iter()
                .filter(|w| !w.is_empty())
                .find_map(|word| match_at(text, at, word));
            match hit {
                Some(end) => {
                    ranges.push(at..end);
                    at = end;
                }
                None => at += text[at..].chars().next().map_or(1, char::len_utf8),
            }
        }
        ranges
    }
}

fn lowercase_into(text: &str, buffer: &mut String) {
    buffer.clear();
    if text.is_ascii() {
        buffer.push_str(text);
        buffer.make_ascii_lowercase();
    } else {
        buffer.extend(text.chars().flat_map(char::to_lowercase));
    }
}

/// If `word` (lowercase) matches `text` at byte `at`, ignoring case, where it ends.
fn match_at(text: &str, at: usize, word: &str) -> Option<usize> {
    let mut wanted = word.chars().peekable();
    for (offset, c) in text[at..].char_indices() {
        for lower in c.to_lowercase() {
            if wanted.next() != Some(lower) {
                return None;
            }
        }
        if wanted.peek().is_none() {
            return Some(at + offset + c.len_utf8());
        }
    }
    None
}

/// The text of one entry split by where it comes from: what the user wrote or chose
/// (`own`), and the texts copied from packs that many entries repeat (`shared`).
fn parts<'e>(
    entry: &'e Entry,
    mut own: impl FnMut(&'e str),
    mut shared: impl FnMut(&'e SharedText),
) {
    if let Some(title) = &entry.title {
        own(title);
    }
    if let Some(exercise) = &entry.exercise {
        shared(&exercise.title);
    }
    for answer in &entry.answers {
        shared(&answer.prompt);
        match &answer.value {
            AnswerValue::Text { text } => own(text),
            AnswerValue::Choice { chosen, other } => {
                chosen.iter().for_each(&mut shared);
                if let Some(other) = other {
                    own(other);
                }
            }
            AnswerValue::Checklist { items } => items.iter().for_each(|i| shared(&i.text)),
            AnswerValue::Questionnaire { items, .. } => items.iter().for_each(|i| shared(&i.text)),
            AnswerValue::Scale { .. } | AnswerValue::Timer { .. } => {}
        }
    }
    entry.tags.iter().for_each(shared);
}

/// Everything search looks at, lowercased once, in the journal's order: each entry's
/// own text, and a list of numbers naming the pack texts it repeats (each distinct
/// text is kept and searched once). Searching then scans compact memory instead of
/// every field of every entry, which keeps a keystroke fast at 100,000 entries.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    generation: u64,
    own: Vec<Box<str>>,
    shared_of: Vec<std::ops::Range<u32>>,
    shared_ids: Vec<u32>,
    shared: Vec<Box<str>>,
}

impl SearchIndex {
    /// The index of every entry of `journal`, oldest first.
    pub fn build(journal: &Journal) -> Self {
        let mut index = Self {
            generation: journal.generation(),
            ..Self::default()
        };
        let mut numbers: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let mut own = String::new();
        let mut own_buffer = String::new();
        let mut shared_buffer = String::new();
        for entry in journal.entries() {
            own.clear();
            let start = index.shared_ids.len() as u32;
            parts(
                entry,
                |text| {
                    lowercase_into(text, &mut own_buffer);
                    own.push_str(&own_buffer);
                    own.push('\n');
                },
                |text| {
                    let next = numbers.len() as u32;
                    let number = *numbers.entry(text.as_str()).or_insert(next);
                    if number == next {
                        lowercase_into(text, &mut shared_buffer);
                        index.shared.push(shared_buffer.as_str().into());
                    }
                    index.shared_ids.push(number);
                },
            );
            index.own.push(own.as_str().into());
            index.shared_of.push(start..index.shared_ids.len() as u32);
        }
        index
    }

    /// Whether the index still describes `journal`.
    pub fn is_current(&self, journal: &Journal) -> bool {
        self.generation == journal.generation() && self.own.len() == journal.len()
    }

    /// For each entry, oldest first, whether it contains every word of `search`.
    pub fn matches(&self, search: &Search) -> Vec<bool> {
        if search.finders.is_empty() {
            return vec![true; self.own.len()];
        }
        let shared_hits: Vec<Vec<bool>> = search
            .finders
            .iter()
            .map(|finder| {
                self.shared
                    .iter()
                    .map(|text| finder.find(text.as_bytes()).is_some())
                    .collect()
            })
            .collect();
        (0..self.own.len())
            .map(|i| {
                let range = self.shared_of[i].start as usize..self.shared_of[i].end as usize;
                let shared = &self.shared_ids[range];
                search
                    .finders
                    .iter()
                    .zip(&shared_hits)
                    .all(|(finder, hits)| {
                        finder.find(self.own[i].as_bytes()).is_some()
                            || shared.iter().any(|&n| hits[n as usize])
                    })
            })
            .collect()
    }
}

/// The entries of `journal` that pass `filter` and contain every word of `search`,
/// newest first; `index` must be current (see [`SearchIndex::is_current`]).
pub fn find<'j>(
    journal: &'j Journal,
    index: &SearchIndex,
    filter: &Filter,
    search: &Search,
) -> Vec<&'j Entry> {
    journal
        .entries()
        .zip(index.matches(search))
        .rev()
        .filter(|(entry, hit)| *hit && filter.matches(entry))
        .map(|(entry, _)| entry)
        .collect()
}

/// Why an id prefix did not name exactly one entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    /// No entry's id starts with it.
    #[error("no entry has an id starting with `{0}`; `between journal list` shows ids")]
    NotFound(String),
    /// Several do.
    #[error("`{prefix}` is the start of {count} entries' ids; type more of the id")]
    Ambiguous {
        /// What was typed.
        prefix: String,
        /// How many ids start with it.
        count: usize,
    },
}

/// The one entry whose id starts with `prefix` (ignoring case).
pub fn find_by_prefix<'j>(journal: &'j Journal, prefix: &str) -> Result<&'j Entry, LookupError> {
    let wanted = prefix.trim().to_ascii_uppercase();
    let shown = crate::sanitize::text(prefix).into_owned();
    if wanted.is_empty() {
        return Err(LookupError::NotFound(shown));
    }
    let mut matches = journal
        .entries()
        .filter(|e| e.id.as_str().starts_with(&wanted));
    match (matches.next(), matches.count()) {
        (Some(entry), 0) => Ok(entry),
        (Some(_), more) => Err(LookupError::Ambiguous {
            prefix: shown,
            count: more + 1,
        }),
        (None, _) => Err(LookupError::NotFound(shown)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_ignores_case_and_needs_every_word() {
        let mut entry = Entry::note("We argued about the DISHES again. Ärger!".into());
        entry.tags.push("Weekend".into());
        assert!(Search::new("dishes").matches(&entry));
        assert!(Search::new("dishes weekend").matches(&entry));
        assert!(Search::new("ärger").matches(&entry));
        assert!(Search::new("note").matches(&entry)); // the prompt
        assert!(!Search::new("dishes laundry").matches(&entry));
        assert!(Search::new("").matches(&entry));
    }

    #[test]
    fn the_index_finds_what_matches_finds() {
        use crate::journal::entry::{Answer, CheckedItem};
        use crate::journal::record::Record;

        let mut journal = Journal::default();
        let mut one = Entry::note("We argued about the DISHES again.".into());
        one.tags.push("Weekend".into());
        let mut two = Entry::note("A quiet walk. Ärger vergeht.".into());
        two.answers.push(Answer {
            step: "body".into(),
            prompt: "What do you notice in your body?".into(),
            value: AnswerValue::Checklist {
                items: vec![CheckedItem {
                    text: "Tight jaw".into(),
                    checked: true,
                }],
            },
        });
        two.title = Some("Evening".into());
        for entry in [one, two] {
            journal.apply(Record::put(entry));
        }
        let index = SearchIndex::build(&journal);
        assert!(index.is_current(&journal));
        for query in [
            "",
            "dishes",
            "weekend dishes",
            "ärger",
            "jaw body",
            "evening quiet",
            "note",
            "nowhere",
            "dishes jaw",
        ] {
            let search = Search::new(query);
            let expected: Vec<bool> = journal.entries().map(|e| search.matches(e)).collect();
            assert_eq!(index.matches(&search), expected, "{query}");
        }
        journal.apply(Record::put(Entry::note("more".into())));
        assert!(!index.is_current(&journal));
    }

    #[test]
    fn highlights_find_every_match_in_the_original_text() {
        let search = Search::new("the ärg");
        let text = "The dishes, then ÄRGER";
        let shown: Vec<&str> = search
            .highlights(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(shown, ["The", "the", "ÄRG"]);
    }
}
