//! A journal entry: what the user did or wrote, self-contained.
//!
//! Each answer keeps the prompt it answered (and for scales the bounds and measure,
//! for questionnaires the scores), so history reads correctly after a pack changes or
//! is removed. Fields added later get serde defaults, so old records keep loading.

use std::fmt;

use chrono::{DateTime, FixedOffset, Local};
use serde::{Deserialize, Serialize};

use super::lineage::Lineage;
use super::practice::PracticeData;
use super::replica::ReplicaId;
use super::seen::Seen;
use super::shared_text::SharedText;
use crate::pack::questionnaire::Scores;

/// An entry's id: a ULID, sortable by creation time and unique across machines.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntryId(String);

/// The order of the ids' text, byte by byte. Its first 8 bytes are compared as one
/// number: they hold most of a ULID's time, so they decide nearly every comparison,
/// without a call to compare the whole text (the merge of a synced journal's logs
/// compares ids several times for each entry).
impl Ord for EntryId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        if let (Some(a8), Some(b8)) = (a.first_chunk::<8>(), b.first_chunk::<8>()) {
            let order = u64::from_be_bytes(*a8).cmp(&u64::from_be_bytes(*b8));
            if order.is_ne() {
                return order;
            }
        }
        a.cmp(b)
    }
}

impl PartialOrd for EntryId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl EntryId {
    /// A new id for an entry created now; ids made by one process only ever increase,
    /// even within one millisecond, so the journal's order is the order of creation.
    pub fn generate() -> Self {
        static GENERATOR: std::sync::Mutex<ulid::Generator> =
            std::sync::Mutex::new(ulid::Generator::new());
        let mut generator = GENERATOR
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let id = generator
            .generate()
            .unwrap_or_else(|_| ulid::Ulid::generate());
        Self(id.to_string())
    }

    /// Parses an id written as 26 Crockford base-32 characters (any case).
    pub fn parse(text: &str) -> Option<Self> {
        ulid::Ulid::from_string(text)
            .ok()
            .map(|u| Self(u.to_string()))
    }

    /// The id exactly as stored, unchecked, as reading a record's JSON takes it (the
    /// snapshot must give back what a full read of the log gives).
    pub(crate) fn as_stored(text: String) -> Self {
        Self(text)
    }

    /// The id of a ULID made elsewhere (by the journal's id mint).
    pub(crate) fn from_ulid(id: ulid::Ulid) -> Self {
        Self(id.to_string())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A completed exercise.
    Exercise,
    /// A strategy to try.
    Plan,
    /// One attempt at a plan in real life.
    Try,
    /// Keep, adjust or drop a plan.
    Review,
    /// A therapy session happened.
    Session,
    /// A free entry.
    Note,
}

impl Kind {
    /// The name as written in records and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Exercise => "exercise",
            Kind::Plan => "plan",
            Kind::Try => "try",
            Kind::Review => "review",
            Kind::Session => "session",
            Kind::Note => "note",
        }
    }
}

/// Which exercise an entry came from, copied at the time it was saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseSource {
    /// The pack's id.
    pub pack: SharedText,
    /// The pack's version.
    pub pack_version: u32,
    /// The exercise's id.
    pub exercise: SharedText,
    /// The exercise's title.
    pub title: SharedText,
}

/// One answer, with the prompt it answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The step's id in its exercise (for a note, `note`).
    pub step: SharedText,
    /// The prompt as it was shown.
    pub prompt: SharedText,
    /// The answer itself.
    pub value: AnswerValue,
}

/// The answer to one step, by kind, with what is needed to read it without the pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum AnswerValue {
    /// Written text.
    Text {
        /// The text.
        text: String,
    },
    /// A rating.
    Scale {
        /// The value chosen.
        value: i64,
        /// The scale's lowest value.
        min: i64,
        /// The scale's highest value.
        max: i64,
        /// What the lowest value meant.
        min_label: SharedText,
        /// What the highest value meant.
        max_label: SharedText,
        /// The measure recorded, for charts.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        measure: Option<SharedText>,
    },
    /// Options chosen.
    Choice {
        /// The labels chosen.
        chosen: Vec<SharedText>,
        /// Free text given as "other".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other: Option<String>,
    },
    /// Items ticked.
    Checklist {
        /// Every item, ticked or not.
        items: Vec<CheckedItem>,
    },
    /// A timed break.
    Timer {
        /// The planned length.
        seconds: u32,
        /// How long it actually ran.
        elapsed: u32,
    },
    /// A scored questionnaire.
    Questionnaire {
        /// Each statement with its answer.
        items: Vec<RatedItem>,
        /// The scores and region computed when it was saved (boxed: every answer
        /// takes the room of the largest kind, and this is the rarest).
        scores: Box<Scores>,
    },
}

/// A checklist item and whether it was ticked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckedItem {
    /// The item's text.
    pub text: SharedText,
    /// Whether it was ticked.
    pub checked: bool,
}

/// A questionnaire statement and its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatedItem {
    /// The statement.
    pub text: SharedText,
    /// The answer on the questionnaire's scale.
    pub answer: i64,
}

impl AnswerValue {
    /// The rating `value` on `step`'s scale, with its ends and measure: the answer the
    /// app's scale and linear mode both make.
    pub fn on_scale(step: &crate::pack::model::ScaleStep, value: i64) -> Self {
        AnswerValue::Scale {
            value,
            min: step.min,
            max: step.max,
            min_label: step.min_label.as_str().into(),
            max_label: step.max_label.as_str().into(),
            measure: step.measure.as_deref().map(Into::into),
        }
    }

    /// `step`'s statements answered `answers` (in the step's order), scored: none until
    /// every statement has an answer on the scale. The app's questionnaire and linear
    /// mode both make it so.
    pub fn rated(
        step: &crate::pack::model::QuestionnaireStep,
        answers: &[Option<i64>],
    ) -> Option<Self> {
        let by_id = step
            .items
            .iter()
            .zip(answers)
            .filter_map(|(item, answer)| answer.map(|a| (item.id.clone(), a)))
            .collect();
        let scores = step.score(&by_id).ok()?;
        let items = step
            .items
            .iter()
            .zip(answers)
            .map(|(item, answer)| {
                answer.map(|answer| RatedItem {
                    text: item.text.as_str().into(),
                    answer,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        (items.len() == step.items.len()).then(|| AnswerValue::Questionnaire {
            items,
            scores: Box::new(scores),
        })
    }

    /// The free text in this answer, if any: what search looks at and `edit` changes.
    pub fn text(&self) -> Option<&str> {
        match self {
            AnswerValue::Text { text } => Some(text),
            AnswerValue::Choice { other, .. } => other.as_deref(),
            _ => None,
        }
    }

    /// Replaces the free text of this answer; false if it has none.
    pub fn set_text(&mut self, new: String) -> bool {
        match self {
            AnswerValue::Text { text } => *text = new,
            AnswerValue::Choice { other: Some(o), .. } => *o = new,
            _ => return false,
        }
        true
    }

    /// The answer as one line of plain text, for lists and exports.
    pub fn summary(&self) -> String {
        match self {
            AnswerValue::Text { text } => text.clone(),
            AnswerValue::Scale {
                value,
                min,
                max,
                min_label,
                max_label,
                ..
            } => format!("{value} (of {min} = {min_label} to {max} = {max_label})"),
            AnswerValue::Choice { chosen, other } => chosen
                .iter()
                .map(|c| c.to_string())
                .chain(other.iter().map(|o| format!("other: {o}")))
                .collect::<Vec<_>>()
                .join("; "),
            AnswerValue::Checklist { items } => {
                let ticked: Vec<&str> = items
                    .iter()
                    .filter(|i| i.checked)
                    .map(|i| i.text.as_str())
                    .collect();
                if ticked.is_empty() {
                    "nothing ticked".into()
                } else {
                    ticked.join("; ")
                }
            }
            AnswerValue::Timer { seconds, elapsed } => {
                crate::words::timed_break(*seconds, *elapsed)
            }
            AnswerValue::Questionnaire { scores, .. } => {
                let mut parts: Vec<String> = scores
                    .dimensions
                    .iter()
                    .map(|d| format!("{}: {:.1} ({})", d.title, d.score, d.band_title))
                    .collect();
                if let Some(region) = &scores.region {
                    parts.push(region.title.clone());
                }
                parts.join("; ")
            }
        }
    }
}

/// One journal entry, as its latest revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Unique, sortable id.
    pub id: EntryId,
    /// 1 for the first version, one more for each edit.
    pub revision: u32,
    /// When it was first saved, with the local UTC offset of that moment.
    pub created: DateTime<FixedOffset>,
    /// When this revision was saved.
    pub updated: DateTime<FixedOffset>,
    /// What it records.
    pub kind: Kind,
    /// The work area, if it belongs to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<SharedText>,
    /// A title; for exercises, the exercise's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The exercise it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exercise: Option<ExerciseSource>,
    /// The answers, in order.
    #[serde(default)]
    pub answers: Vec<Answer>,
    /// Free tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<SharedText>,
    /// To bring to the next session.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub discuss: bool,
    /// Never in a report.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
    /// Another entry this one belongs to (a try to its plan, a review to its plan, an
    /// adjusted plan to the plan it replaces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<EntryId>,
    /// For plans, tries, reviews and sessions: their dates and numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice: Option<PracticeData>,
    /// In a synced journal, the other devices' revisions this one was made over (see
    /// [`crate::journal::seen`]); empty on a device of its own.
    #[serde(default, skip_serializing_if = "Seen::is_empty")]
    pub seen: Seen,
    /// In a synced journal, every earlier revision this one was made over, as
    /// digests (see [`crate::journal::lineage`]); empty for a first revision.
    #[serde(default, skip_serializing_if = "Lineage::is_empty")]
    pub lineage: Lineage,
    /// The device whose log this revision was read from, in a synced journal. Not
    /// stored: it is the log's own.
    #[serde(skip)]
    pub replica: Option<ReplicaId>,
}

impl Entry {
    /// A new entry of `kind`, created now in the local time zone, with nothing in it.
    /// The app makes its entries through the journal's mint instead, from its state.
    pub fn new(kind: Kind) -> Self {
        Self::new_at(kind, EntryId::generate(), now())
    }

    /// A new entry of `kind` with this id, created at `at`, with nothing in it.
    pub fn new_at(kind: Kind, id: EntryId, at: DateTime<FixedOffset>) -> Self {
        Self {
            id,
            revision: 1,
            created: at,
            updated: at,
            kind,
            area: None,
            title: None,
            exercise: None,
            answers: Vec::new(),
            tags: Vec::new(),
            discuss: false,
            private: false,
            link: None,
            practice: None,
            seen: Seen::default(),
            lineage: Lineage::default(),
            replica: None,
        }
    }

    /// Its lineage, when it is known (see [`Lineage::known`]).
    pub fn known_lineage(&self) -> Option<&Lineage> {
        self.lineage.known(self.revision)
    }

    /// Its digest, as later revisions' lineages name it.
    pub fn digest(&self) -> u64 {
        super::lineage::digest(self.revision, &self.updated)
    }

    /// A free note with one text answer.
    pub fn note(text: String) -> Self {
        let mut entry = Self::new(Kind::Note);
        entry.answers.push(Answer {
            step: "note".into(),
            prompt: "Note".into(),
            value: AnswerValue::Text { text },
        });
        entry
    }

    /// The next revision of this entry, stamped now.
    pub fn next_revision(&self) -> Self {
        self.revised_at(now())
    }

    /// The next revision of this entry, stamped `at`.
    pub fn revised_at(&self, at: DateTime<FixedOffset>) -> Self {
        Self {
            revision: self.revision + 1,
            updated: at,
            ..self.clone()
        }
    }

    /// When this plan is next to be looked back on, given entries that include its
    /// reviews (in journal order, so the latest last): its own review day until it has
    /// a review; then the day its latest review set, when that kept it. An adjusted
    /// plan is looked back on through the plan that adjusts it, a dropped one not at
    /// all. None for an entry that is not a plan.
    pub fn next_review<'a>(
        &self,
        entries: impl IntoIterator<Item = &'a Entry>,
    ) -> Option<chrono::NaiveDate> {
        let Some(PracticeData::Plan { review_on, .. }) = &self.practice else {
            return None;
        };
        let latest = entries
            .into_iter()
            .filter(|e| e.kind == Kind::Review && e.link.as_ref() == Some(&self.id))
            .last();
        match latest.map(|review| &review.practice) {
            None => *review_on,
            Some(Some(PracticeData::Review { next_review_on, .. })) => *next_review_on,
            Some(_) => None,
        }
    }

    /// The title to show: the entry's own, else the first words of its first text.
    pub fn display_title(&self) -> String {
        let title = self
            .title
            .clone()
            .unwrap_or_else(|| first_words(self.first_text().unwrap_or(""), 8));
        // Lists show the kind before the title ("review: …"); a title that says it
        // again, as older versions and other tools wrote them ("Review: …", "A try:
        // …"), would show it twice.
        let said_again: &[&str] = match self.kind {
            Kind::Try => &["try:", "a try:"],
            Kind::Review => &["review:", "look back:"],
            _ => &[],
        };
        let said = said_again.iter().find(|prefix| {
            title
                .get(..prefix.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
        });
        match said {
            Some(prefix) => title[prefix.len()..].trim_start().to_owned(),
            None => title,
        }
    }

    /// The first free text of the entry.
    pub fn first_text(&self) -> Option<&str> {
        self.answers
            .iter()
            .find_map(|a| a.value.text().filter(|t| !t.trim().is_empty()))
    }
}

/// The current moment with the local UTC offset.
pub fn now() -> DateTime<FixedOffset> {
    Local::now().fixed_offset()
}

/// Up to `count` words of `text` on one line, with "…" when cut.
pub fn first_words(text: &str, count: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = words[..words.len().min(count)].join(" ");
    if words.len() > count {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn ids_are_in_the_order_of_their_text(a in "[0-9A-Z]{0,12}", b in "[0-9A-Z]{0,12}", common in "[0-9A-Z]{0,10}") {
            // A common start makes the first 8 bytes equal as often as not.
            let (a, b) = (format!("{common}{a}"), format!("{common}{b}"));
            let order = EntryId::as_stored(a.clone()).cmp(&EntryId::as_stored(b.clone()));
            proptest::prop_assert_eq!(order, a.cmp(&b));
        }
    }

    #[test]
    fn ulids_sort_by_time_whatever_their_first_bytes() {
        let ids = [
            "01M8T0000000000000000000AA",
            "01M8T0000000000000000000AB",
            "01M8T1",
            "01M8",
            "",
        ];
        for a in ids {
            for b in ids {
                let order = EntryId::as_stored(a.into()).cmp(&EntryId::as_stored(b.into()));
                assert_eq!(order, a.cmp(b), "{a} against {b}");
            }
        }
    }
}
