//! Finding entries: filters, case-insensitive search, id prefixes. One engine for
//! the command line and the TUI.

use chrono::NaiveDate;

use super::entry::{AnswerValue, Entry, Kind};
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
pub fn texts(entry: &Entry) -> impl Iterator<Item = &str> {
    let answers = entry.answers.iter().flat_map(|answer| {
        let values: Vec<&str> = match &answer.value {
            AnswerValue::Text { text } => vec![text],
            AnswerValue::Choice { chosen, other } => chosen
                .iter()
                .map(|c| c.as_str())
                .chain(other.as_deref())
                .collect(),
            AnswerValue::Checklist { items } => items.iter().map(|i| i.text.as_str()).collect(),
            AnswerValue::Questionnaire { items, .. } => {
                items.iter().map(|i| i.text.as_str()).collect()
            }
            AnswerValue::Scale { .. } | AnswerValue::Timer { .. } => Vec::new(),
        };
        std::iter::once(answer.prompt.as_str()).chain(values)
    });
    entry
        .title
        .as_deref()
        .into_iter()
        .chain(entry.exercise.as_ref().map(|e| e.title.as_str()))
        .chain(answers)
        .chain(entry.tags.iter().map(|t| t.as_str()))
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
