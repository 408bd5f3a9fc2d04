//! Finding entries: filters, case-insensitive search, id prefixes. One engine for
//! the command line and the TUI.

use chrono::NaiveDate;

use super::entry::{AnswerValue, Entry, Kind};
use super::shared_text::SharedText;
use super::store::Journal;

pub mod syntax;

pub use syntax::Reading;

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
    let mut made = Vec::new();
    let mut own = Vec::new();
    let mut shared = Vec::new();
    parts(
        entry,
        |text| made.push(text),
        |text| own.push(text),
        |text| shared.push(text),
    );
    made.extend(own);
    made.extend(shared.into_iter().map(SharedText::as_str));
    made
}

/// The texts of an entry that the person wrote themselves: their answers in words
/// (and a choice's "other"), and a title they gave; not prompts, exercise titles,
/// pack text or tags.
pub fn own_texts(entry: &Entry) -> Vec<&str> {
    let mut own = Vec::new();
    parts(entry, |_| {}, |text| own.push(text), |_| {});
    own
}

/// A search, read by [`syntax::parse`]: words and `"phrases"` that must all occur,
/// groups of them joined by `OR`, and `-terms` that must not occur; ignoring case,
/// and matching inside words (`dish` finds "dishes"). By default it looks at every
/// text of an entry ([`texts`]); [`Search::own_words`] narrows it to [`own_texts`].
#[derive(Debug, Clone)]
pub struct Search {
    /// Every distinct term, normalised.
    terms: Vec<String>,
    finders: Vec<memchr::memmem::Finder<'static>>,
    /// The groups, as numbers of `terms`.
    any_of: Vec<Vec<usize>>,
    /// The terms to leave out, as numbers of `terms`.
    none_of: Vec<usize>,
    /// The terms to mark in a text, longest first, so a phrase wins over its words.
    marked: Vec<usize>,
    own_words: bool,
    readings: Vec<Reading>,
}

impl Search {
    /// The search `query` types (see [`syntax`] for how it is read).
    pub fn new(query: &str) -> Self {
        let parsed = syntax::parse(query);
        let mut terms: Vec<String> = Vec::new();
        let mut number = |term: String| match terms.iter().position(|t| *t == term) {
            Some(at) => at,
            None => {
                terms.push(term);
                terms.len() - 1
            }
        };
        let any_of: Vec<Vec<usize>> = parsed
            .any_of
            .into_iter()
            .map(|group| group.into_iter().map(&mut number).collect())
            .collect();
        let none_of: Vec<usize> = parsed.none_of.into_iter().map(&mut number).collect();
        let mut marked: Vec<usize> = any_of.concat();
        marked.sort_unstable();
        marked.dedup();
        marked.sort_by_key(|&n| std::cmp::Reverse(terms[n].len()));
        let finders = terms
            .iter()
            .map(|t| memchr::memmem::Finder::new(t.as_bytes()).into_owned())
            .collect();
        Self {
            terms,
            finders,
            any_of,
            none_of,
            marked,
            own_words: false,
            readings: parsed.readings,
        }
    }

    /// The same search over the person's own words only ([`own_texts`]), or over
    /// every text again.
    pub fn own_words(mut self, own: bool) -> Self {
        self.own_words = own;
        self
    }

    /// Whether it looks at the person's own words only.
    pub fn is_own_words(&self) -> bool {
        self.own_words
    }

    /// What was typed that is not quite the syntax, and how it was read.
    pub fn readings(&self) -> &[Reading] {
        &self.readings
    }

    /// Whether it has no terms at all, and so matches every entry.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The texts of `entry` this search looks at.
    pub fn texts_of<'e>(&self, entry: &'e Entry) -> Vec<&'e str> {
        if self.own_words {
            own_texts(entry)
        } else {
            texts(entry)
        }
    }

    /// Whether `entry` matches (an empty search matches all). Words may be in
    /// different texts of the entry; a phrase must be within one.
    pub fn matches(&self, entry: &Entry) -> bool {
        let mut buffer = String::new();
        let mut found = vec![false; self.terms.len()];
        for text in self.texts_of(entry) {
            syntax::normalize_into(text, &mut buffer);
            for (finder, hit) in self.finders.iter().zip(found.iter_mut()) {
                *hit = *hit || finder.find(buffer.as_bytes()).is_some();
            }
        }
        self.decide(|n| found[n])
    }

    /// The verdict, given whether each term (by number) occurs: one group's terms
    /// all, and none of the terms left out.
    fn decide(&self, mut found: impl FnMut(usize) -> bool) -> bool {
        (self.any_of.is_empty() || self.any_of.iter().any(|g| g.iter().all(|&n| found(n))))
            && self.none_of.iter().all(|&n| !found(n))
    }

    /// The byte ranges of `text` where a term to find matches (not one left out), in
    /// order, not overlapping; a phrase matches across any white space.
    pub fn highlights(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        let mut ranges = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let hit = self
                .marked
                .iter()
                .find_map(|&n| match_at(text, at, &self.terms[n]));
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

/// If `term` (normalised) matches `text` at byte `at`, ignoring case, where it
/// ends; a space of the term matches any run of white space.
fn match_at(text: &str, at: usize, term: &str) -> Option<usize> {
    let mut wanted = term.chars().peekable();
    let mut chars = text[at..].char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        if wanted.peek() == Some(&' ') {
            if !c.is_whitespace() {
                return None;
            }
            wanted.next();
            while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
            continue;
        }
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

/// The text of one entry split by where it comes from: what the app wrote for this
/// entry alone (an exercise's title as the entry's, a session's "Session on …"),
/// what the user wrote or chose (`own`), and the texts copied from packs that many
/// entries repeat (`shared`).
fn parts<'e>(
    entry: &'e Entry,
    mut made: impl FnMut(&'e str),
    mut own: impl FnMut(&'e str),
    mut shared: impl FnMut(&'e SharedText),
) {
    if let Some(title) = &entry.title {
        let from_exercise = entry.exercise.as_ref().is_some_and(|e| e.title == *title);
        if from_exercise || entry.kind == Kind::Session {
            made(title);
        } else {
            own(title);
        }
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

/// Everything search looks at, normalised once ([`syntax::normalize_into`]), in the
/// journal's order: each entry's own text (what the app made for it alone first,
/// then what the person wrote, from `own_from`), and a list of numbers naming the
/// pack texts it repeats (each distinct text is kept and searched once). Searching
/// then scans compact memory instead of every field of every entry, which keeps a
/// keystroke fast at 100,000 entries. A phrase is found in it as a word is, since
/// every text's white space is folded as the phrase's is.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    generation: u64,
    own: Vec<Box<str>>,
    own_from: Vec<u32>,
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
        let mut made = String::new();
        let mut own = String::new();
        let (mut made_buffer, mut own_buffer, mut shared_buffer) =
            (String::new(), String::new(), String::new());
        for entry in journal.entries() {
            made.clear();
            own.clear();
            let start = index.shared_ids.len() as u32;
            parts(
                entry,
                |text| push_text(&mut made, text, &mut made_buffer),
                |text| push_text(&mut own, text, &mut own_buffer),
                |text| {
                    let next = numbers.len() as u32;
                    let number = *numbers.entry(text.as_str()).or_insert(next);
                    if number == next {
                        syntax::normalize_into(text, &mut shared_buffer);
                        index.shared.push(shared_buffer.as_str().into());
                    }
                    index.shared_ids.push(number);
                },
            );
            index.own_from.push(made.len() as u32);
            made.push_str(&own);
            index.own.push(made.as_str().into());
            index.shared_of.push(start..index.shared_ids.len() as u32);
        }
        index
    }

    /// Whether the index still describes `journal`.
    pub fn is_current(&self, journal: &Journal) -> bool {
        self.generation == journal.generation() && self.own.len() == journal.len()
    }

    /// For each entry, oldest first, whether it matches `search`.
    pub fn matches(&self, search: &Search) -> Vec<bool> {
        if search.is_empty() {
            return vec![true; self.own.len()];
        }
        let shared_hits: Vec<Vec<bool>> = if search.own_words {
            Vec::new()
        } else {
            search
                .finders
                .iter()
                .map(|finder| {
                    self.shared
                        .iter()
                        .map(|text| finder.find(text.as_bytes()).is_some())
                        .collect()
                })
                .collect()
        };
        (0..self.own.len())
            .map(|i| {
                let (own, shared): (&str, &[u32]) = if search.own_words {
                    (&self.own[i][self.own_from[i] as usize..], &[])
                } else {
                    let range = self.shared_of[i].start as usize..self.shared_of[i].end as usize;
                    (&self.own[i], &self.shared_ids[range])
                };
                search.decide(|n| {
                    search.finders[n].find(own.as_bytes()).is_some()
                        || shared.iter().any(|&s| shared_hits[n][s as usize])
                })
            })
            .collect()
    }
}

/// Appends `text`, normalised through `buffer`, and a line break (which no term
/// holds, so no phrase runs from one text into the next) to `into`.
fn push_text(into: &mut String, text: &str, buffer: &mut String) {
    syntax::normalize_into(text, buffer);
    into.push_str(buffer);
    into.push('\n');
}

/// The entries of `journal` that pass `filter` and match `search`, newest first;
/// `index` must be current (see [`SearchIndex::is_current`]).
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
            "\"the dishes\"",
            "\"tight jaw\" OR weekend",
            "\"dishes again\" -weekend",
            "-dishes",
            "quiet OR nowhere -ärger",
            "evening OR",
            "OR",
            "\"walk. ärger",
        ] {
            let search = Search::new(query);
            let expected: Vec<bool> = journal.entries().map(|e| search.matches(e)).collect();
            assert_eq!(index.matches(&search), expected, "{query}");
            let own = search.own_words(true);
            let expected: Vec<bool> = journal.entries().map(|e| own.matches(e)).collect();
            assert_eq!(index.matches(&own), expected, "own words: {query}");
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

    /// An exercise entry whose prompt says "time out" and whose answer does not.
    fn exercise(answer: &str) -> Entry {
        use crate::journal::entry::{Answer, ExerciseSource};
        let mut entry = Entry::new(Kind::Exercise);
        entry.title = Some("Take a time out".into());
        entry.exercise = Some(ExerciseSource {
            pack: "core".into(),
            pack_version: 1,
            exercise: "time-out".into(),
            title: "Take a time out".into(),
        });
        entry.answers.push(Answer {
            step: "what".into(),
            prompt: "When did you call a time out?".into(),
            value: AnswerValue::Text {
                text: answer.into(),
            },
        });
        entry.tags.push("pause".into());
        entry
    }

    #[test]
    fn phrases_need_their_words_adjacent_across_any_white_space() {
        let entry = Entry::note("We took a Time\n  out before dinner.".into());
        assert!(Search::new("\"time out\"").matches(&entry));
        assert!(Search::new("\"TIME OUT before\"").matches(&entry));
        assert!(!Search::new("\"out time\"").matches(&entry));
        assert!(!Search::new("\"time before\"").matches(&entry));
        // A phrase stays within one text: here the title and the answer.
        let mut split = Entry::note("out of words".into());
        split.title = Some("Some time".into());
        assert!(Search::new("time out").matches(&split));
        assert!(!Search::new("\"time out\"").matches(&split));
    }

    #[test]
    fn or_and_leaving_out_decide_together() {
        let chores = Entry::note("The chores again, and the kids watched.".into());
        let dishes = Entry::note("Dishes in the sink.".into());
        let search = Search::new("chores OR dishes -kids");
        assert!(!search.matches(&chores));
        assert!(search.matches(&dishes));
        assert!(Search::new("sink dishes OR nothing").matches(&dishes));
        assert!(!Search::new("sink chores OR nothing").matches(&dishes));
        assert!(Search::new("-kids").matches(&dishes));
        assert!(!Search::new("-\"the kids\"").matches(&chores));
        assert!(Search::new("-\"kids the\"").matches(&chores));
    }

    #[test]
    fn own_words_leave_out_prompts_titles_and_tags() {
        let entry = exercise("After dinner, when voices rose.");
        for prompt_only in ["\"time out\"", "call", "pause", "take"] {
            assert!(Search::new(prompt_only).matches(&entry), "{prompt_only}");
            assert!(
                !Search::new(prompt_only).own_words(true).matches(&entry),
                "{prompt_only}"
            );
        }
        assert!(Search::new("voices").own_words(true).matches(&entry));
        assert_eq!(own_texts(&entry), ["After dinner, when voices rose."]);
        // A title the person gave is their own.
        let mut note = Entry::note("text".into());
        note.title = Some("Sunday".into());
        assert!(Search::new("sunday").own_words(true).matches(&note));
    }

    #[test]
    fn highlights_mark_phrases_whole_and_not_what_is_left_out() {
        let search = Search::new("\"time out\" time -dinner");
        let text = "Time\n out, then time for dinner";
        let shown: Vec<&str> = search
            .highlights(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(shown, ["Time\n out", "time"]);
    }

    proptest::proptest! {
        /// The index and the plain matcher agree on every mix of syntax, over
        /// entries with words in their own text, prompts, titles and tags.
        #[test]
        fn the_index_agrees_with_matches_on_any_query(
            texts in proptest::collection::vec("(time|out|dish|Ärger|or|kids)( |\n|  )(time|out|dish|Ärger|kids)", 1..6),
            query in proptest::collection::vec(r#"(-?"?(time|out|dish|ärger|kids)( out)?"?|OR)"#, 0..5),
            own in proptest::bool::ANY,
        ) {
            use crate::journal::record::Record;
            let mut journal = Journal::default();
            for (i, text) in texts.iter().enumerate() {
                let mut entry = if i % 2 == 0 { exercise(text) } else { Entry::note(text.clone()) };
                if i % 3 == 0 {
                    entry.tags.push("kids".into());
                }
                journal.apply(Record::put(entry));
            }
            let search = Search::new(&query.join(" ")).own_words(own);
            let expected: Vec<bool> = journal.entries().map(|e| search.matches(e)).collect();
            proptest::prop_assert_eq!(SearchIndex::build(&journal).matches(&search), expected);
        }
    }
}
