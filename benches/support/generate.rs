//! A seeded generator of realistic journal logs, for benchmarks and the
//! `gen_journal` example.
//!
//! [`generate`] returns the bytes of a `journal.jsonl` with `entries` live entries
//! spread over the ten years before [`END`], created times (and so ids) increasing.
//! Like a log that has been used for years, it also holds superseded records: about
//! 5% of the entries get a second revision later in the log, and about 1% more
//! entries are created and later deleted by a tombstone.
//!
//! Exactly [`needle_count`] live entries (chosen by the seeded generator) contain the
//! word [`NEEDLE`] in one text answer; nothing else in the log contains it, so a
//! search for it has a known answer. The same `entries` and `seed` give the same bytes.
//!
//! Included with `#[path = "..."] mod generate;` by the bench and the example.

#![allow(dead_code)]

use std::collections::BTreeMap;

use between::journal::entry::{
    Answer, AnswerValue, CheckedItem, Entry, EntryId, ExerciseSource, Kind, RatedItem,
};
use between::journal::record::Record;
use between::pack::Catalog;
use between::pack::model::{Exercise, Step};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta};
use rand::rngs::ChaCha8Rng;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};

/// The word that [`needle_count`] entries contain, and no other.
pub const NEEDLE: &str = "lighthouse";

/// The day after the last generated day, fixed so that output never depends on
/// the clock: entries are spread over the ten years before it.
pub const END: NaiveDate = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();

/// How many days back from [`END`] entries are spread over.
const DAYS: i64 = 3652;

/// How many of `entries` live entries contain [`NEEDLE`]: 1%, at least one.
pub fn needle_count(entries: usize) -> usize {
    if entries == 0 {
        0
    } else {
        (entries / 100).max(1)
    }
}

/// What [`generate_with_stats`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Live entries after replaying the log (the `entries` asked for).
    pub entries: usize,
    /// Lines in the log.
    pub records: usize,
    /// Records that are a second revision of an earlier entry.
    pub revisions: usize,
    /// Entries created and later deleted (each has a put and a tombstone).
    pub deleted: usize,
    /// Live entries containing [`NEEDLE`].
    pub needles: usize,
}

/// The bytes of a `journal.jsonl` with `entries` live entries, from `seed`.
pub fn generate(entries: usize, seed: u64) -> Vec<u8> {
    generate_with_stats(entries, seed).0
}

/// [`generate`], with counts of what was written.
pub fn generate_with_stats(entries: usize, seed: u64) -> (Vec<u8>, Stats) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let catalog = Catalog::builtin().expect("the built-in packs load");
    let exercises: Vec<(String, u32, &Exercise)> = catalog
        .exercises()
        .map(|found| {
            (
                found.pack.pack.id.clone(),
                found.pack.pack.version,
                found.exercise,
            )
        })
        .collect();
    let deleted = entries / 100;
    let total = entries + deleted;

    // Which slots of the timeline are deleted later, and which live ones get the needle.
    let mut is_deleted = vec![false; total];
    for i in rand::seq::index::sample(&mut rng, total, deleted) {
        is_deleted[i] = true;
    }
    let live_slots: Vec<usize> = (0..total).filter(|&i| !is_deleted[i]).collect();
    let mut has_needle = vec![false; total];
    for i in rand::seq::index::sample(&mut rng, entries, needle_count(entries)) {
        has_needle[live_slots[i]] = true;
    }
    let mut is_revised = vec![false; total];
    for i in rand::seq::index::sample(&mut rng, entries, entries / 20) {
        is_revised[live_slots[i]] = true;
    }

    let times = created_times(&mut rng, total);
    let end_ms = day_start_ms(DAYS);
    let mut plans: Vec<(EntryId, Option<String>, String)> = Vec::new();
    // (when, order, record): sorted by time, then by the order made.
    let mut records: Vec<(i64, usize, Record)> = Vec::with_capacity(total + total / 10);
    for (slot, created) in times.into_iter().enumerate() {
        let created_ms = created.timestamp_millis();
        let random = rng.random::<u128>();
        let ulid = ulid::Ulid::from_parts(created_ms as u64, random);
        let id = EntryId::parse(&ulid.to_string()).expect("a ULID's text parses");
        let mut entry = make_entry(&mut rng, &exercises, &mut plans, id, created);
        if has_needle[slot] {
            plant_needle(&mut rng, &mut entry);
        }
        let later = |rng: &mut ChaCha8Rng, max_minutes: i64| {
            let at = created_ms + rng.random_range(10..max_minutes) * 60_000;
            at.min(end_ms + rng.random_range(0..60_000))
        };
        if is_revised[slot] {
            let at = later(&mut rng, 14 * 24 * 60);
            let revision = revise(&mut rng, &entry, stamp(at, *created.offset()));
            records.push((at, records.len(), Record::put(revision)));
        } else if is_deleted[slot] {
            let at = later(&mut rng, 30 * 24 * 60);
            // `Record::delete` stamps the tombstone with the clock; restamp it.
            let mut tombstone = Record::delete(entry.id.clone());
            if let Some(deletion) = tombstone.delete.as_mut() {
                deletion.at = stamp(at, *created.offset());
            }
            records.push((at, records.len(), tombstone));
        }
        records.push((created_ms, records.len(), Record::put(entry)));
    }
    records.sort_by_key(|(at, order, _)| (*at, *order));

    let mut bytes = Vec::new();
    for (_, _, record) in &records {
        bytes.extend_from_slice(&record.to_line());
    }
    let stats = Stats {
        entries,
        records: records.len(),
        revisions: entries / 20,
        deleted,
        needles: needle_count(entries),
    };
    (bytes, stats)
}

/// One more realistic exercise entry, created at [`END`], for appending.
pub fn one_entry(seed: u64) -> Entry {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let catalog = Catalog::builtin().expect("the built-in packs load");
    let exercises: Vec<(String, u32, &Exercise)> = catalog
        .exercises()
        .map(|found| {
            (
                found.pack.pack.id.clone(),
                found.pack.pack.version,
                found.exercise,
            )
        })
        .collect();
    let created = stamp(day_start_ms(DAYS) + 9 * 3_600_000, offset_on(END));
    let ulid = ulid::Ulid::from_parts(created.timestamp_millis() as u64, rng.random());
    let id = EntryId::parse(&ulid.to_string()).expect("a ULID's text parses");
    let (pack, version, exercise) = exercises.choose(&mut rng).expect("there are exercises");
    exercise_entry(&mut rng, pack, *version, exercise, id, created)
}

// ---------------------------------------------------------------------------------
// Time

fn start_day() -> NaiveDate {
    END - TimeDelta::days(DAYS)
}

/// Milliseconds since the epoch of UTC midnight starting day `day` of the span.
fn day_start_ms(day: i64) -> i64 {
    (start_day() + TimeDelta::days(day))
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc()
        .timestamp_millis()
}

/// The local offset on `date`: Central European time, summer time April to October.
fn offset_on(date: NaiveDate) -> FixedOffset {
    let hours = if (4..=10).contains(&date.month()) {
        2
    } else {
        1
    };
    FixedOffset::east_opt(hours * 3600).expect("a valid offset")
}

fn stamp(ms: i64, offset: FixedOffset) -> DateTime<FixedOffset> {
    DateTime::from_timestamp_millis(ms)
        .expect("in range")
        .with_timezone(&offset)
}

/// `count` creation times, strictly increasing by at least a millisecond: each on a
/// random day of the span (so some days have none and some several), between 07:00
/// and 23:30 local time.
fn created_times(rng: &mut ChaCha8Rng, count: usize) -> Vec<DateTime<FixedOffset>> {
    let mut per_day = vec![0usize; DAYS as usize];
    for _ in 0..count {
        per_day[rng.random_range(0..DAYS as usize)] += 1;
    }
    let mut times = Vec::with_capacity(count);
    let mut last = i64::MIN;
    for (day, &n) in per_day.iter().enumerate() {
        if n == 0 {
            continue;
        }
        let date = start_day() + TimeDelta::days(day as i64);
        let offset = offset_on(date);
        let local_midnight = day_start_ms(day as i64) - i64::from(offset.local_minus_utc()) * 1000;
        let mut of_day: Vec<i64> = (0..n)
            .map(|_| rng.random_range(7 * 3_600_000..(23 * 60 + 30) * 60_000))
            .collect();
        of_day.sort_unstable();
        for ms in of_day {
            let at = (local_midnight + ms).max(last + 1);
            last = at;
            times.push(stamp(at, offset));
        }
    }
    times
}

// ---------------------------------------------------------------------------------
// Entries

fn blank(kind: Kind, id: EntryId, created: DateTime<FixedOffset>) -> Entry {
    let mut entry = Entry::new(kind);
    entry.id = id;
    entry.created = created;
    entry.updated = created;
    entry
}

fn text_answer(step: &str, prompt: &str, text: String) -> Answer {
    Answer {
        step: step.into(),
        prompt: prompt.into(),
        value: AnswerValue::Text { text },
    }
}

fn make_entry(
    rng: &mut ChaCha8Rng,
    exercises: &[(String, u32, &Exercise)],
    plans: &mut Vec<(EntryId, Option<String>, String)>,
    id: EntryId,
    created: DateTime<FixedOffset>,
) -> Entry {
    let roll = rng.random_range(0..100);
    let mut entry = match roll {
        0..50 => {
            let (pack, version, exercise) = exercises.choose(rng).expect("there are exercises");
            exercise_entry(rng, pack, *version, exercise, id, created)
        }
        50..70 => note_entry(rng, exercises, id, created),
        70..78 => {
            let (_, _, exercise) = exercises.choose(rng).expect("there are exercises");
            let entry = plan_entry(rng, exercise, id, created);
            plans.push((
                entry.id.clone(),
                entry.area.as_deref().map(str::to_owned),
                exercise.title.clone(),
            ));
            entry
        }
        78..95 if !plans.is_empty() => {
            // Tries and reviews follow one of the last few plans.
            let recent = &plans[plans.len().saturating_sub(3)..];
            let plan = recent.choose(rng).expect("not empty").clone();
            if roll < 90 {
                try_entry(rng, &plan, id, created)
            } else {
                review_entry(rng, &plan, id, created)
            }
        }
        78..95 => note_entry(rng, exercises, id, created),
        _ => session_entry(rng, id, created),
    };
    if rng.random_bool(0.35) {
        let count = rng.random_range(1..=2);
        let mut tags: Vec<String> = TAGS.sample(rng, count).map(|t| (*t).to_owned()).collect();
        tags.sort();
        entry.tags = tags.into_iter().map(Into::into).collect();
    }
    entry.discuss = entry.discuss || rng.random_bool(0.08);
    entry.private = rng.random_bool(0.03);
    entry
}

fn exercise_entry(
    rng: &mut ChaCha8Rng,
    pack: &str,
    version: u32,
    exercise: &Exercise,
    id: EntryId,
    created: DateTime<FixedOffset>,
) -> Entry {
    let mut entry = blank(Kind::Exercise, id, created);
    entry.area = Some(exercise.area.as_str().into());
    entry.title = Some(exercise.title.clone());
    entry.exercise = Some(ExerciseSource {
        pack: pack.into(),
        pack_version: version,
        exercise: exercise.id.as_str().into(),
        title: exercise.title.as_str().into(),
    });
    let mut first_scale: Option<i64> = None;
    for step in &exercise.steps {
        let value = match step {
            Step::Read(_) => continue,
            Step::Text(s) => {
                if !s.required && rng.random_bool(0.15) {
                    continue;
                }
                AnswerValue::Text {
                    text: paragraph(rng, 1, 4),
                }
            }
            Step::Scale(s) => {
                // A "before" rating, then an "after" one a little better.
                let value = match first_scale {
                    None => {
                        let v = rng.random_range(s.min..=s.max);
                        first_scale = Some(v);
                        v
                    }
                    Some(before) => {
                        let shift = rng.random_range(-1..=3);
                        let lower_is_better =
                            matches!(s.measure.as_deref(), Some("intensity") | Some("reactivity"));
                        let v = if lower_is_better {
                            before - shift
                        } else {
                            before + shift
                        };
                        v.clamp(s.min, s.max)
                    }
                };
                AnswerValue::Scale {
                    value,
                    min: s.min,
                    max: s.max,
                    min_label: s.min_label.as_str().into(),
                    max_label: s.max_label.as_str().into(),
                    measure: s.measure.as_deref().map(Into::into),
                }
            }
            Step::Choice(s) => {
                // Never a safety option: those stop the exercise for the safety screen.
                let safe: Vec<&str> = s
                    .options
                    .iter()
                    .filter(|o| !o.safety)
                    .map(|o| o.label.as_str())
                    .collect();
                let other = s
                    .other
                    .as_ref()
                    .filter(|_| rng.random_bool(0.1))
                    .map(|_| phrase(rng));
                let count = if s.multiple {
                    rng.random_range(usize::from(other.is_none())..=3.min(safe.len()))
                } else if other.is_some() {
                    0
                } else {
                    1
                };
                let mut chosen: Vec<usize> =
                    rand::seq::index::sample(rng, safe.len(), count).into_vec();
                chosen.sort_unstable();
                AnswerValue::Choice {
                    chosen: chosen.into_iter().map(|i| safe[i].into()).collect(),
                    other,
                }
            }
            Step::Checklist(s) => AnswerValue::Checklist {
                items: s
                    .items
                    .iter()
                    .map(|text| CheckedItem {
                        text: text.as_str().into(),
                        checked: rng.random_bool(0.7),
                    })
                    .collect(),
            },
            Step::Timer(s) => AnswerValue::Timer {
                seconds: s.seconds,
                elapsed: if rng.random_bool(0.8) {
                    s.seconds
                } else {
                    rng.random_range(s.seconds / 4..s.seconds.max(1))
                },
            },
            Step::Questionnaire(s) => {
                let answers: BTreeMap<String, i64> = s
                    .items
                    .iter()
                    .map(|item| (item.id.clone(), rng.random_range(s.scale.min..=s.scale.max)))
                    .collect();
                let scores = s.score(&answers).expect("every item is answered in scale");
                AnswerValue::Questionnaire {
                    items: s
                        .items
                        .iter()
                        .map(|item| RatedItem {
                            text: item.text.as_str().into(),
                            answer: answers[&item.id],
                        })
                        .collect(),
                    scores: Box::new(scores),
                }
            }
        };
        entry.answers.push(Answer {
            step: step.id().into(),
            prompt: step.prompt().into(),
            value,
        });
    }
    if !entry
        .answers
        .iter()
        .any(|a| matches!(a.value, AnswerValue::Text { .. }))
    {
        // Keep at least one written answer (every built-in exercise has a text step).
        if let Some(step) = exercise.steps.iter().find(|s| matches!(s, Step::Text(_))) {
            entry
                .answers
                .push(text_answer(step.id(), step.prompt(), paragraph(rng, 1, 3)));
        }
    }
    entry
}

fn note_entry(
    rng: &mut ChaCha8Rng,
    exercises: &[(String, u32, &Exercise)],
    id: EntryId,
    created: DateTime<FixedOffset>,
) -> Entry {
    let mut entry = blank(Kind::Note, id, created);
    if rng.random_bool(0.3) {
        let (_, _, exercise) = exercises.choose(rng).expect("there are exercises");
        entry.area = Some(exercise.area.as_str().into());
    }
    if rng.random_bool(0.2) {
        entry.title = Some((*NOTE_TITLES.choose(rng).expect("not empty")).to_owned());
    }
    // Same shape as `Entry::note`.
    entry
        .answers
        .push(text_answer("note", "Note", paragraph(rng, 1, 4)));
    entry
}

fn plan_entry(
    rng: &mut ChaCha8Rng,
    exercise: &Exercise,
    id: EntryId,
    created: DateTime<FixedOffset>,
) -> Entry {
    let mut entry = blank(Kind::Plan, id, created);
    entry.area = Some(exercise.area.as_str().into());
    entry.title = Some(format!("Practise: {}", exercise.title));
    let (attempt, notice) = match &exercise.practice {
        Some(p) => (p.attempt.clone(), p.notice.clone()),
        None => (paragraph(rng, 1, 2), paragraph(rng, 1, 1)),
    };
    entry
        .answers
        .push(text_answer("try", "What will you try?", attempt));
    entry
        .answers
        .push(text_answer("notice", "What will you notice?", notice));
    entry.answers.push(text_answer(
        "when",
        "When will you try it?",
        (*WHEN.choose(rng).expect("not empty")).to_owned(),
    ));
    entry
}

fn try_entry(
    rng: &mut ChaCha8Rng,
    plan: &(EntryId, Option<String>, String),
    id: EntryId,
    created: DateTime<FixedOffset>,
) -> Entry {
    let mut entry = blank(Kind::Try, id, created);
    entry.area = plan.1.as_deref().map(Into::into);
    entry.link = Some(plan.0.clone());
    entry.answers.push(text_answer(
        "what-happened",
        "What happened when you tried it?",
        paragraph(rng, 1, 4),
    ));
    entry.answers.push(Answer {
        step: "how-it-went".into(),
        prompt: "How did it go?".into(),
        value: AnswerValue::Scale {
            value: rng.random_range(0..=10),
            min: 0,
            max: 10,
            min_label: "not at all as hoped".into(),
            max_label: "better than hoped".into(),
            measure: Some("connection".into()),
        },
    });
    if rng.random_bool(0.6) {
        entry.answers.push(text_answer(
            "noticed",
            "What did you notice?",
            paragraph(rng, 1, 2),
        ));
    }
    entry
}

fn review_entry(
    rng: &mut ChaCha8Rng,
    plan: &(EntryId, Option<String>, String),
    id: EntryId,
    created: DateTime<FixedOffset>,
) -> Entry {
    let mut entry = blank(Kind::Review, id, created);
    entry.area = plan.1.as_deref().map(Into::into);
    entry.link = Some(plan.0.clone());
    entry.title = Some(format!("Review: {}", plan.2));
    let decision = *["Keep it", "Adjust it", "Drop it"]
        .choose(rng)
        .expect("not empty");
    entry.answers.push(Answer {
        step: "decision".into(),
        prompt: "Keep, adjust or drop this plan?".into(),
        value: AnswerValue::Choice {
            chosen: vec![decision.into()],
            other: None,
        },
    });
    entry
        .answers
        .push(text_answer("why", "Why?", paragraph(rng, 1, 3)));
    entry
}

fn session_entry(rng: &mut ChaCha8Rng, id: EntryId, created: DateTime<FixedOffset>) -> Entry {
    let mut entry = blank(Kind::Session, id, created);
    entry.title = Some("Therapy session".into());
    entry.answers.push(text_answer(
        "takeaways",
        "What do you want to remember from the session?",
        paragraph(rng, 1, 4),
    ));
    entry.answers.push(text_answer(
        "homework",
        "What will you work on before the next one?",
        paragraph(rng, 1, 2),
    ));
    entry
}

/// Puts a sentence with [`NEEDLE`] into one of the entry's text answers.
fn plant_needle(rng: &mut ChaCha8Rng, entry: &mut Entry) {
    let texts: Vec<usize> = entry
        .answers
        .iter()
        .enumerate()
        .filter(|(_, a)| matches!(a.value, AnswerValue::Text { .. }))
        .map(|(i, _)| i)
        .collect();
    let index = *texts.choose(rng).expect("every entry has a text answer");
    let sentence = *NEEDLE_SENTENCES.choose(rng).expect("not empty");
    if let AnswerValue::Text { text } = &mut entry.answers[index].value {
        if rng.random_bool(0.5) {
            *text = format!("{sentence} {text}");
        } else {
            text.push(' ');
            text.push_str(sentence);
        }
    }
}

/// A second revision of `entry`, saved at `updated`: more text, a tag, or a flag.
fn revise(rng: &mut ChaCha8Rng, entry: &Entry, updated: DateTime<FixedOffset>) -> Entry {
    let mut next = Entry {
        revision: entry.revision + 1,
        updated,
        ..entry.clone()
    };
    match rng.random_range(0..10) {
        0..6 => {
            let texts: Vec<&mut String> = next
                .answers
                .iter_mut()
                .filter_map(|a| match &mut a.value {
                    AnswerValue::Text { text } => Some(text),
                    _ => None,
                })
                .collect();
            if let Some(text) = texts.into_iter().last() {
                text.push(' ');
                text.push_str(&sentence(rng));
            }
        }
        6..8 => {
            let tag = (*TAGS.choose(rng).expect("not empty")).to_owned();
            if !next.tags.iter().any(|t| *t == tag) {
                next.tags.push(tag.into());
                next.tags.sort();
            }
        }
        _ => next.discuss = !next.discuss,
    }
    next
}

// ---------------------------------------------------------------------------------
// Words. Nothing here may contain NEEDLE.

const TAGS: &[&str] = &[
    "weekend", "money", "kids", "in-laws", "work", "holiday", "chores", "phone", "sleep", "family",
];

const NOTE_TITLES: &[&str] = &[
    "After the call",
    "Sunday evening",
    "Before the session",
    "A good day",
    "Dinner",
    "Something I noticed",
    "The drive home",
];

const WHEN: &[&str] = &[
    "This weekend, when we are both rested.",
    "After dinner on a quiet evening.",
    "Next time it comes up, whenever that is.",
    "On our walk on Sunday.",
    "Before the next session.",
];

const NEEDLE_SENTENCES: &[&str] = &[
    "We walked out to the lighthouse and for once nobody checked a phone.",
    "The lighthouse trip came up again, and I felt the old hurt.",
    "Lighthouse weekend: we laughed more than we argued.",
    "I kept thinking of the lighthouse where we got engaged.",
    "Maybe we should go back to the lighthouse, just the two of us.",
];

const PARTNER: &[&str] = &["my partner", "Sam", "Alex"];
const FEELING: &[&str] = &[
    "hurt",
    "anxious",
    "angry",
    "lonely",
    "calmer",
    "relieved",
    "ashamed",
    "hopeful",
    "tired",
    "close to them",
    "unheard",
    "overwhelmed",
];
const TOPIC: &[&str] = &[
    "the dishes",
    "money",
    "the kids' bedtime",
    "my mother's visit",
    "the holiday plans",
    "who does the shopping",
    "screen time at dinner",
    "being late again",
    "the car",
    "our weekend plans",
    "the bills",
    "work calls in the evening",
];
const MOMENT: &[&str] = &[
    "this morning",
    "last night",
    "at dinner",
    "on the way home",
    "before bed",
    "on Saturday",
    "during the call",
    "at breakfast",
];
const ACTION: &[&str] = &[
    "went quiet",
    "raised their voice",
    "walked out of the room",
    "rolled their eyes",
    "said it was my fault",
    "checked their phone",
    "brought up the past",
    "made a joke",
    "reached for my hand",
    "asked what I needed",
];

const TEMPLATES: &[&str] = &[
    "When {p} {a} {m}, I felt {f}.",
    "We talked about {t} {m} and it went better than I expected.",
    "I noticed I was {f} long before we even started on {t}.",
    "It was really about {t}, or at least that is how it started.",
    "Underneath the anger I think I was {f}.",
    "I wanted to say that I felt {f}, but I said something sharp instead.",
    "{m} {p} {a}, and I did my usual thing.",
    "Next time I want to slow down before I answer.",
    "I took a break and came back after twenty minutes, as we agreed.",
    "It helped to name the pattern out loud.",
    "My chest went tight and my voice got louder.",
    "I remembered that this is the loop, not the person.",
    "I asked for what I needed without blaming, and {p} listened.",
    "The old feeling from childhood came back, of not being good enough.",
    "We ended up laughing about {t}, which surprised both of us.",
    "I am {f} about {t} and I do not know what to do with it.",
    "I said one kind thing to myself before I responded.",
    "I could tell {p} was {f} too.",
    "It is hard to stay curious when I feel {f}.",
    "We agreed to come back to {t} on the weekend.",
    "I kept my part of the boundary, calmly.",
    "Writing this down makes it feel smaller.",
    "I want to bring this to the next session.",
    "Honestly, most of it was about being tired.",
    "I started gently, with a small thing, and it worked.",
    "{p} {a} and I managed not to take it personally.",
    "I think I expected {p} to read my mind again.",
    "Small progress, but progress.",
];

const PHRASES: &[&str] = &[
    "Felt invisible",
    "Stayed in the car for a while",
    "Cleaned the kitchen very loudly",
    "Called my sister",
    "Respect for my time",
    "Wanted to be asked first",
    "Scared of the same old fight",
];

fn pick(rng: &mut ChaCha8Rng, words: &[&'static str]) -> &'static str {
    words.choose(rng).expect("not empty")
}

fn sentence(rng: &mut ChaCha8Rng) -> String {
    let template = pick(rng, TEMPLATES);
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let slot = &rest[open + 1..open + 2];
        let word = match slot {
            "p" => pick(rng, PARTNER),
            "f" => pick(rng, FEELING),
            "t" => pick(rng, TOPIC),
            "m" => pick(rng, MOMENT),
            _ => pick(rng, ACTION),
        };
        if open == 0 && out.is_empty() {
            // At the start of a sentence.
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push_str(word);
        }
        rest = &rest[open + 3..];
    }
    out.push_str(rest);
    out
}

/// Between `min` and `max` sentences.
fn paragraph(rng: &mut ChaCha8Rng, min: usize, max: usize) -> String {
    let count = rng.random_range(min..=max);
    let sentences: Vec<String> = (0..count).map(|_| sentence(rng)).collect();
    sentences.join(" ")
}

fn phrase(rng: &mut ChaCha8Rng) -> String {
    pick(rng, PHRASES).to_owned()
}
