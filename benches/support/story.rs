//! A year of one person's journal, told as a story, for trying the reviewer's screens
//! and for the tests that ask a year what a reviewer asks it.
//!
//! December 2024 to November 2025: fights about chores that peak in spring at
//! intensity 7–9 and calm in autumn; a lunchtime check-in tried in February and
//! dropped in March; a 20-minute break tried from April, adjusted in May (say when you
//! will be back) and kept through the summer and autumn; telling the partner about
//! therapy in January; an invitation to couples therapy drafted in August and declined
//! in September ("not now"); a therapy session every month with homework, and the
//! entries marked to discuss that were brought to each; a few private notes. The same seed gives the same
//! bytes; [`story`] returns the entries in the order they were written.
//!
//! Included with `#[path = "..."] mod story;` by the `gen_journal` example (`--story`)
//! and the integration tests.

#![allow(dead_code)]

use between::journal::entry::{Answer, AnswerValue, CheckedItem, Entry, ExerciseSource, Kind};
use between::journal::mint::{IdMint, Minting};
use between::journal::practice::{Decision, Frequency};
use between::journal::record::Record;
use between::pack::Catalog;
use between::pack::model::{Exercise, Step};
use between::practice::forms;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta, Weekday};
use rand::rngs::ChaCha8Rng;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};

/// The first day of the story.
pub const FIRST: NaiveDate = NaiveDate::from_ymd_opt(2024, 12, 1).unwrap();
/// The last day of the story.
pub const LAST: NaiveDate = NaiveDate::from_ymd_opt(2025, 11, 30).unwrap();
/// A phrase written once, in one April note, for finding an entry by phrase.
pub const PHRASE: &str = "the blue mug";
/// The strategy that is adjusted and kept.
pub const BREAK: &str = "Take a 20-minute break when our voices rise";
/// What the break became after its first look back.
pub const BREAK_ADJUSTED: &str =
    "Say \"I need 20 minutes, I'll come back at …\", set a timer, and come back";
/// The strategy tried and dropped.
pub const CHECK_IN: &str = "Text a kind check-in at lunch";
/// The invitation to couples therapy.
pub const INVITATION: &str = "Ask about couples therapy on our Sunday walk";
/// What happened when the invitation was made.
pub const DECLINED: &str = "They said no, not now. They worry it would be two against one.";

/// Fights written up per month, December first.
const FIGHTS: [usize; 12] = [4, 5, 6, 12, 14, 12, 7, 5, 4, 5, 2, 2];
/// Of those, the ones about chores.
const FIGHTS_ABOUT_CHORES: [usize; 12] = [3, 3, 4, 9, 11, 9, 4, 3, 2, 2, 1, 1];
/// The intensity a fight starts at, per month (lowest, highest).
const INTENSITY: [(i64, i64); 12] = [
    (5, 7),
    (5, 7),
    (6, 7),
    (7, 9),
    (7, 9),
    (7, 9),
    (5, 7),
    (4, 6),
    (4, 6),
    (5, 7),
    (3, 5),
    (3, 5),
];
/// Notes per month.
const NOTES: [usize; 12] = [12, 12, 12, 14, 15, 14, 13, 12, 13, 14, 12, 12];
/// Of those, the ones about chores.
const NOTES_ABOUT_CHORES: [usize; 12] = [2, 3, 4, 6, 6, 5, 3, 2, 2, 1, 1, 1];
/// Other exercises per month.
const EXERCISES: [usize; 12] = [5, 5, 5, 6, 6, 6, 5, 5, 5, 6, 5, 5];
/// The areas other exercises come from.
const OTHER_AREAS: [&str; 5] = [
    "communication",
    "triggers",
    "attachment",
    "boundaries",
    "past-wounds",
];

/// The story's entries, in the order they were written.
pub fn story(seed: u64) -> Vec<Entry> {
    let catalog = Catalog::builtin().expect("the built-in packs load");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut events: Vec<(DateTime<FixedOffset>, Event)> = Vec::new();
    for month in 0..12 {
        let (year, number) = month_of(month);
        for i in 0..FIGHTS[month] {
            let at = random_time(&mut rng, year, number, 20, 23);
            let (low, high) = INTENSITY[month];
            let before = rng.random_range(low..=high);
            let after = (before - rng.random_range(1..=3)).max(1);
            let chores = i < FIGHTS_ABOUT_CHORES[month];
            events.push((
                at,
                Event::Fight {
                    before,
                    after,
                    chores,
                },
            ));
        }
        for i in 0..NOTES[month] {
            let at = random_time(&mut rng, year, number, 7, 23);
            let chores = i < NOTES_ABOUT_CHORES[month];
            events.push((at, Event::Note { chores }));
        }
        for _ in 0..EXERCISES[month] {
            let at = random_time(&mut rng, year, number, 8, 22);
            let area = *OTHER_AREAS.choose(&mut rng).expect("not empty");
            events.push((at, Event::Exercise { area }));
        }
        // A session on the second Thursday of every month, at five.
        let on = NaiveDate::from_weekday_of_month_opt(year, number, Weekday::Thu, 2)
            .expect("every month has a second Thursday");
        events.push((moment(on, 17, 0), Event::Session { month }));
    }
    planned(&mut events);
    // The phrase, once, in an April note.
    events.push((
        moment(day(2025, 4, 16), 22, 10),
        Event::Written {
            text: format!(
                "We fought about {PHRASE} left in the sink again. It was never about the mug: \
                 I felt like the only one who notices."
            ),
            tags: vec!["chores"],
            private: false,
        },
    ));
    // Private notes, never in a report or a look back's page.
    for (on, text) in [
        (
            day(2025, 3, 9),
            "Thinking about whether I want to stay. Not ready to say this to anyone.",
        ),
        (
            day(2025, 7, 20),
            "Wrote a letter to my father I will never send.",
        ),
        (
            day(2025, 10, 12),
            "Money worries I have not told them about.",
        ),
    ] {
        events.push((
            moment(on, 23, 5),
            Event::Written {
                text: text.to_owned(),
                tags: vec![],
                private: true,
            },
        ));
    }
    events.sort_by_key(|(at, _)| *at);

    let mut ids = IdMint::new(u128::from(seed));
    let mut plans: Vec<(&'static str, Entry)> = Vec::new();
    let mut entries: Vec<Entry> = Vec::with_capacity(events.len());
    for (at, event) in events {
        let mut mint = Minting { ids: &mut ids, at };
        let made = event.entries(&catalog, &mut rng, &mut mint, &mut plans);
        entries.extend(made);
    }
    mark_to_discuss(&mut entries);
    entries
}

/// `entries` as the bytes of a `journal.jsonl`.
pub fn log_of(entries: Vec<Entry>) -> Vec<u8> {
    entries
        .into_iter()
        .flat_map(|entry| Record::put(entry).to_line())
        .collect()
}

/// What happened at one moment of the story.
enum Event {
    /// A fight written up in "debrief a fight", with the intensity before and after.
    Fight {
        before: i64,
        after: i64,
        chores: bool,
    },
    /// A short note.
    Note { chores: bool },
    /// A note with these words.
    Written {
        text: String,
        tags: Vec<&'static str>,
        private: bool,
    },
    /// Another exercise of an area.
    Exercise { area: &'static str },
    /// A built-in exercise by its id, its ratings before and after.
    Named {
        exercise: &'static str,
        before: i64,
        after: i64,
    },
    /// A session of the story's `month`.
    Session { month: usize },
    /// A plan, known to later events by `key`.
    Plan {
        key: &'static str,
        area: &'static str,
        words: &'static str,
        frequency: Frequency,
        review_on: NaiveDate,
    },
    /// A try of the plan `key`.
    Try {
        key: &'static str,
        rating: u8,
        happened: &'static str,
        partner: Option<&'static str>,
    },
    /// A look back on the plan `key`; an adjustment becomes plan `adjusted`.
    Review {
        key: &'static str,
        decision: Decision,
        worked: &'static str,
        didnt: &'static str,
        adjusted: Option<(&'static str, &'static str)>,
        again: Option<NaiveDate>,
    },
}

impl Event {
    fn entries(
        self,
        catalog: &Catalog,
        rng: &mut ChaCha8Rng,
        mint: &mut Minting<'_>,
        plans: &mut Vec<(&'static str, Entry)>,
    ) -> Vec<Entry> {
        let plan_of = |plans: &[(&str, Entry)], key: &str| {
            plans
                .iter()
                .rev()
                .find(|(k, _)| *k == key)
                .map(|(_, plan)| plan.clone())
                .expect("a plan is made before it is tried")
        };
        match self {
            Event::Fight {
                before,
                after,
                chores,
            } => {
                let exercise = find(catalog, "patterns", "patterns-conflict-debrief");
                let mut entry = exercise_entry(rng, mint, exercise, before, after, chores);
                let tag = if chores {
                    "chores"
                } else {
                    *["money", "in-laws", "phone", "weekend"]
                        .choose(rng)
                        .expect("not empty")
                };
                entry.tags = tags(&[tag]);
                vec![entry]
            }
            Event::Note { chores } => {
                let text = if chores {
                    *CHORE_NOTES.choose(rng).expect("not empty")
                } else {
                    *NOTE_TEXTS.choose(rng).expect("not empty")
                };
                let tags = if chores {
                    vec!["chores".to_owned()]
                } else if rng.random_bool(0.3) {
                    vec![
                        (*["good-day", "work", "family", "sleep"]
                            .choose(rng)
                            .expect("not empty"))
                        .to_owned(),
                    ]
                } else {
                    vec![]
                };
                vec![forms::note(text.to_owned(), None, tags, false, false, mint)]
            }
            Event::Written {
                text,
                tags,
                private,
            } => {
                let tags = tags.into_iter().map(str::to_owned).collect();
                vec![forms::note(text, None, tags, false, private, mint)]
            }
            Event::Exercise { area } => {
                let pack = catalog.pack(area).expect("a built-in area");
                let exercise = pack
                    .pack
                    .exercises
                    .choose(rng)
                    .expect("the area has exercises");
                let before = rng.random_range(3..=7);
                let after = (before + rng.random_range(-1..=2)).clamp(0, 10);
                vec![exercise_entry(
                    rng,
                    mint,
                    (area, exercise),
                    before,
                    after,
                    false,
                )]
            }
            Event::Named {
                exercise,
                before,
                after,
            } => {
                let found = find(catalog, "inviting-partner", exercise);
                vec![exercise_entry(rng, mint, found, before, after, false)]
            }
            Event::Session { month } => {
                let (notes, homework) = SESSIONS[month];
                let on = mint.at.date_naive();
                let given = |id: &str| match id {
                    "notes" => Some(notes.to_owned()),
                    "homework" => Some(homework.to_owned()),
                    _ => None,
                };
                vec![forms::session(on, &given, Vec::new(), mint)]
            }
            Event::Plan {
                key,
                area,
                words,
                frequency,
                review_on,
            } => {
                let mut plan = forms::plan(
                    words.to_owned(),
                    Some("How my body feels before and after".to_owned()),
                    frequency,
                    Some(review_on),
                    mint,
                );
                plan.area = Some(area.into());
                plans.push((key, plan.clone()));
                vec![plan]
            }
            Event::Try {
                key,
                rating,
                happened,
                partner,
            } => {
                let plan = plan_of(plans, key);
                let given = |id: &str| match id {
                    "happened" => Some(happened.to_owned()),
                    "partner" => partner.map(str::to_owned),
                    _ => None,
                };
                let at = mint.at - TimeDelta::hours(2);
                vec![forms::attempt(&plan, rating, at, &given, mint)]
            }
            Event::Review {
                key,
                decision,
                worked,
                didnt,
                adjusted,
                again,
            } => {
                let plan = plan_of(plans, key);
                let given = |id: &str| match id {
                    "worked" => Some(worked.to_owned()),
                    "didnt" => Some(didnt.to_owned()),
                    _ => None,
                };
                let words = adjusted.map(|(_, words)| words.to_owned());
                let (review, next) = forms::review(&plan, decision, &given, words, again, mint);
                let mut made = vec![review];
                if let (Some(next), Some((new_key, _))) = (next, adjusted) {
                    plans.push((new_key, next.clone()));
                    made.push(next);
                }
                made
            }
        }
    }
}

/// The dated part of the story: plans, their tries and looks back, the invitation.
fn planned(events: &mut Vec<(DateTime<FixedOffset>, Event)>) {
    let mut at =
        |on: NaiveDate, hour: u32, event: Event| events.push((moment(on, hour, 30), event));

    // January: telling the partner about therapy.
    at(
        day(2025, 1, 5),
        21,
        Event::Named {
            exercise: "tell-partner-about-therapy",
            before: 3,
            after: 6,
        },
    );
    at(
        day(2025, 1, 8),
        20,
        Event::Plan {
            key: "tell",
            area: "inviting-partner",
            words: "Tell them I am in therapy, without blame",
            frequency: Frequency::Total {
                times: 1,
                by: day(2025, 1, 26),
            },
            review_on: day(2025, 1, 26),
        },
    );
    at(
        day(2025, 1, 19),
        22,
        Event::Try {
            key: "tell",
            rating: 4,
            happened: "I told them over dinner. They listened, and asked if I talk about them.",
            partner: Some("Quiet, then curious. No anger."),
        },
    );

    // February: a lunchtime check-in, tried and dropped.
    at(
        day(2025, 2, 3),
        20,
        Event::Plan {
            key: "check-in",
            area: "attachment",
            words: CHECK_IN,
            frequency: Frequency::Week { times: 3 },
            review_on: day(2025, 3, 3),
        },
    );
    for (d, rating, happened) in [
        (5, 2, "Sent it; no answer until evening. I felt silly."),
        (10, 2, "They replied with a thumbs up. I wanted more."),
        (14, 3, "A nice reply today. We joked about lunch."),
        (19, 2, "No reply. I checked my phone all afternoon."),
        (
            24,
            1,
            "It turned into me waiting for an answer. It made me anxious.",
        ),
    ] {
        at(
            day(2025, 2, d),
            21,
            Event::Try {
                key: "check-in",
                rating,
                happened,
                partner: None,
            },
        );
    }
    at(
        day(2025, 3, 3),
        21,
        Event::Review {
            key: "check-in",
            decision: Decision::Drop,
            worked: "Once it was warm.",
            didnt: "Waiting for the reply made me more anxious, not less.",
            adjusted: None,
            again: None,
        },
    );

    // April to November: the break, adjusted in May and kept.
    at(
        day(2025, 4, 10),
        21,
        Event::Plan {
            key: "break",
            area: "communication",
            words: BREAK,
            frequency: Frequency::Week { times: 3 },
            review_on: day(2025, 5, 22),
        },
    );
    let first_tries = [2, 3, 2, 2, 3, 3, 2, 3, 3, 2, 3, 3];
    for (i, rating) in first_tries.into_iter().enumerate() {
        at(
            day(2025, 4, 12) + TimeDelta::days(3 * i as i64 + 1),
            22,
            Event::Try {
                key: "break",
                rating,
                happened: if rating == 2 {
                    "I walked out without saying when I would be back. They followed me."
                } else {
                    "I took the break but came back still angry."
                },
                partner: Some("Felt left, said so."),
            },
        );
    }
    at(
        day(2025, 5, 22),
        21,
        Event::Review {
            key: "break",
            decision: Decision::Adjust,
            worked: "Leaving the room stopped the shouting.",
            didnt: "Leaving without saying when I'd come back felt like abandonment to them.",
            adjusted: Some(("break-2", BREAK_ADJUSTED)),
            again: Some(day(2025, 7, 3)),
        },
    );
    let second_tries = [3, 4, 3, 4, 4, 5, 4, 4, 3, 4, 5, 4, 5, 4];
    for (i, rating) in second_tries.into_iter().enumerate() {
        at(
            day(2025, 5, 25) + TimeDelta::days(3 * i as i64),
            22,
            Event::Try {
                key: "break-2",
                rating,
                happened: "I said when I'd be back, set the timer, and came back. We talked \
                           more calmly.",
                partner: Some("Waited; was calmer when I came back."),
            },
        );
    }
    at(
        day(2025, 7, 3),
        21,
        Event::Review {
            key: "break-2",
            decision: Decision::Keep,
            worked: "Saying when I'd be back. They don't follow me any more.",
            didnt: "Sometimes 20 minutes is not enough.",
            adjusted: None,
            again: Some(day(2025, 8, 28)),
        },
    );
    for i in 0..20 {
        let on = day(2025, 7, 6) + TimeDelta::days(7 * i);
        at(
            on,
            22,
            Event::Try {
                key: "break-2",
                rating: if i % 3 == 0 { 4 } else { 5 },
                happened: "A break, and back on time. It is becoming our habit.",
                partner: Some("Said 'see you in twenty'."),
            },
        );
    }
    at(
        day(2025, 8, 28),
        21,
        Event::Review {
            key: "break-2",
            decision: Decision::Keep,
            worked: "It is our habit now; they take breaks too.",
            didnt: "Nothing much.",
            adjusted: None,
            again: Some(day(2025, 10, 30)),
        },
    );
    at(
        day(2025, 10, 30),
        21,
        Event::Review {
            key: "break-2",
            decision: Decision::Keep,
            worked: "Fights are shorter and calmer.",
            didnt: "When we are both tired it is still hard.",
            adjusted: None,
            again: Some(day(2025, 12, 30)),
        },
    );

    // August and September: the invitation, declined.
    at(
        day(2025, 8, 20),
        21,
        Event::Named {
            exercise: "invite-without-pressure",
            before: 3,
            after: 6,
        },
    );
    at(
        day(2025, 9, 6),
        20,
        Event::Named {
            exercise: "timing-and-place",
            before: 4,
            after: 7,
        },
    );
    at(
        day(2025, 9, 7),
        21,
        Event::Plan {
            key: "invite",
            area: "inviting-partner",
            words: INVITATION,
            frequency: Frequency::Total {
                times: 1,
                by: day(2025, 9, 21),
            },
            review_on: day(2025, 9, 30),
        },
    );
    at(
        day(2025, 9, 14),
        19,
        Event::Try {
            key: "invite",
            rating: 2,
            happened: DECLINED,
            partner: Some("Quiet, then changed the subject."),
        },
    );
    at(
        day(2025, 9, 14),
        21,
        Event::Named {
            exercise: "steady-after-a-no",
            before: 8,
            after: 5,
        },
    );
    at(
        day(2025, 9, 28),
        20,
        Event::Named {
            exercise: "calm-gap-before-asking",
            before: 7,
            after: 4,
        },
    );
    at(
        day(2025, 9, 30),
        21,
        Event::Review {
            key: "invite",
            decision: Decision::Keep,
            worked: "I asked calmly and did not push.",
            didnt: "They said no. I will wait two or three months before asking again.",
            adjusted: None,
            again: Some(day(2025, 12, 15)),
        },
    );
}

/// Brings the two latest fights or notes of the fortnight before each session to it,
/// as a person gathers what to bring: each was marked to discuss, and the session
/// keeps it as discussed (its mark taken off, as the app does when a session is
/// recorded). The two latest after the last session stay marked, for the next one.
fn mark_to_discuss(entries: &mut [Entry]) {
    use between::journal::practice::PracticeData;
    let candidate = |e: &Entry| matches!(e.kind, Kind::Exercise | Kind::Note) && !e.private;
    let sessions: Vec<usize> = (0..entries.len())
        .filter(|&i| entries[i].kind == Kind::Session)
        .collect();
    for &at in &sessions {
        let fortnight = entries[at].created - TimeDelta::days(14);
        let brought: Vec<usize> = (0..at)
            .rev()
            .filter(|&i| candidate(&entries[i]) && entries[i].created >= fortnight)
            .take(2)
            .collect();
        let ids: Vec<_> = brought
            .iter()
            .rev()
            .map(|&i| entries[i].id.clone())
            .collect();
        if let Some(PracticeData::Session { discussed, .. }) = &mut entries[at].practice {
            *discussed = ids;
        }
    }
    let after_last = sessions.last().map_or(0, |&last| last + 1);
    for i in (after_last..entries.len())
        .rev()
        .filter(|&i| candidate(&entries[i]))
        .take(2)
        .collect::<Vec<_>>()
    {
        entries[i].discuss = true;
    }
}

/// An exercise's entry: its first rating `before`, its last `after`, written answers
/// from the story's words, the first safe option of each choice, every item ticked.
fn exercise_entry(
    rng: &mut ChaCha8Rng,
    mint: &mut Minting<'_>,
    (pack, exercise): (&str, &Exercise),
    before: i64,
    after: i64,
    chores: bool,
) -> Entry {
    use between::journal::mint::Mint;
    let mut entry = mint.entry(Kind::Exercise);
    entry.area = Some(exercise.area.as_str().into());
    entry.title = Some(exercise.title.clone());
    entry.exercise = Some(ExerciseSource {
        pack: pack.into(),
        pack_version: 1,
        exercise: exercise.id.as_str().into(),
        title: exercise.title.as_str().into(),
    });
    let scales = exercise
        .steps
        .iter()
        .filter(|s| matches!(s, Step::Scale(_)))
        .count();
    let mut scale_index = 0;
    let mut first_text = true;
    for step in &exercise.steps {
        let value = match step {
            Step::Read(_) | Step::Questionnaire(_) => continue,
            Step::Text(_) => {
                let text = if first_text && chores {
                    *CHORE_FIGHTS.choose(rng).expect("not empty")
                } else if first_text {
                    *OTHER_FIGHTS.choose(rng).expect("not empty")
                } else {
                    *ANSWERS.choose(rng).expect("not empty")
                };
                first_text = false;
                AnswerValue::Text {
                    text: text.to_owned(),
                }
            }
            Step::Scale(s) => {
                let wanted = if scale_index == 0 && scales > 1 {
                    before
                } else if scale_index == 0 {
                    before.min(7)
                } else {
                    after
                };
                scale_index += 1;
                AnswerValue::Scale {
                    value: wanted.clamp(s.min, s.max),
                    min: s.min,
                    max: s.max,
                    min_label: s.min_label.as_str().into(),
                    max_label: s.max_label.as_str().into(),
                    measure: s.measure.as_deref().map(Into::into),
                }
            }
            Step::Choice(s) => {
                let first_safe = s
                    .options
                    .iter()
                    .find(|o| !o.safety)
                    .expect("a choice has a safe option");
                AnswerValue::Choice {
                    chosen: vec![first_safe.label.as_str().into()],
                    other: None,
                }
            }
            Step::Checklist(s) => AnswerValue::Checklist {
                items: s
                    .items
                    .iter()
                    .map(|text| CheckedItem {
                        text: text.as_str().into(),
                        checked: true,
                    })
                    .collect(),
            },
            Step::Timer(s) => AnswerValue::Timer {
                seconds: s.seconds,
                elapsed: s.seconds,
            },
        };
        entry.answers.push(Answer {
            step: step.id().into(),
            prompt: step.prompt().into(),
            value,
        });
    }
    entry
}

fn find<'c>(catalog: &'c Catalog, pack: &'static str, id: &str) -> (&'static str, &'c Exercise) {
    let exercise = catalog
        .pack(pack)
        .and_then(|p| p.pack.exercises.iter().find(|e| e.id == id))
        .unwrap_or_else(|| panic!("the built-in exercise {pack}/{id}"));
    (pack, exercise)
}

fn tags(names: &[&str]) -> Vec<between::journal::shared_text::SharedText> {
    names.iter().map(|&n| n.into()).collect()
}

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a real day")
}

/// The year and month of the story's month `index` (0 is December 2024).
fn month_of(index: usize) -> (i32, u32) {
    let months = FIRST.month0() as usize + index;
    (
        FIRST.year() + (months / 12) as i32,
        (months % 12) as u32 + 1,
    )
}

/// The offset of the story's town: Central European time, summer time April to
/// October.
fn offset_on(date: NaiveDate) -> FixedOffset {
    let hours = if (4..=10).contains(&date.month()) {
        2
    } else {
        1
    };
    FixedOffset::east_opt(hours * 3600).expect("a valid offset")
}

fn moment(on: NaiveDate, hour: u32, minute: u32) -> DateTime<FixedOffset> {
    on.and_hms_opt(hour, minute, 0)
        .expect("a real time")
        .and_local_timezone(offset_on(on))
        .single()
        .expect("a fixed offset has one time")
}

/// A time on a random day of the month, between `from` and `to` o'clock.
fn random_time(
    rng: &mut ChaCha8Rng,
    year: i32,
    month: u32,
    from: u32,
    to: u32,
) -> DateTime<FixedOffset> {
    let first = day(year, month, 1);
    let days = (first + chrono::Months::new(1) - first).num_days();
    let on = first + TimeDelta::days(rng.random_range(0..days));
    moment(on, rng.random_range(from..to), rng.random_range(0..60))
}

// ---------------------------------------------------------------------------------
// Words

const CHORE_FIGHTS: &[&str] = &[
    "The dishes again. I came home to a full sink and said \"you never do anything\" before \
     I had put my bag down.",
    "Laundry left on the bed for three days. I folded it loudly and they left the room.",
    "Whose turn it was to take the bins out. It went from bins to 'you always' in a minute.",
    "I asked for help with the kitchen and it came out as an accusation.",
    "We argued about the hoovering schedule. I felt like the only one who keeps track.",
    "Shopping list forgotten again. I said something sharp and we both went quiet.",
];

const OTHER_FIGHTS: &[&str] = &[
    "An argument about money after the car repair bill came.",
    "They were on the phone all through dinner and I snapped.",
    "Plans with their parents made without asking me.",
    "A weekend plan fell through and we blamed each other.",
    "I felt ignored when I talked about my day.",
];

const ANSWERS: &[&str] = &[
    "I felt alone with it, and afraid we are drifting.",
    "Underneath I wanted to know that I matter to them.",
    "They probably felt criticised and shut down to protect themselves.",
    "My part: I started with blame instead of saying what I needed.",
    "I could say sorry for the tone and ask again, softly.",
    "The more I push, the more they pull away; the more they pull away, the more I push.",
    "I noticed my jaw was tight and my voice got louder.",
    "Next time I will start with how I feel, not what they did wrong.",
    "It helped to breathe before answering.",
    "I want us to feel like a team again.",
];

const CHORE_NOTES: &[&str] = &[
    "Another tense evening about the kitchen.",
    "Did the chores chart together. Felt hopeful for an hour.",
    "Sink full again. I did not say anything, but I felt it.",
    "Talked about chores without shouting, for once.",
    "The bins again. I noticed the old loop start.",
];

const NOTE_TEXTS: &[&str] = &[
    "A calm evening. We watched a film and laughed.",
    "Work stress made me short with them. I apologised later.",
    "Slept badly; everything felt bigger.",
    "We went for a long walk and held hands.",
    "Their mother called; I felt the old tension.",
    "Felt lonely tonight even though we were in the same room.",
    "A good Sunday: breakfast together, no phones.",
    "I caught myself about to criticise and asked a question instead.",
    "They made me tea without asking. Small things matter.",
    "Quiet day. Nothing to report, which is good.",
];

/// Each month's session: what was talked about, and the homework.
const SESSIONS: [(&str, &str); 12] = [
    (
        "The chores fights, and how fast they escalate.",
        "Debrief one fight a week.",
    ),
    (
        "Whether to tell them I am in therapy, and how.",
        "Tell them about therapy, without blame.",
    ),
    (
        "My anxiety when messages go unanswered.",
        "Try a lunchtime check-in three times a week.",
    ),
    (
        "Why the check-in made things worse; the chores cycle at its peak.",
        "Map the cycle in one fight.",
    ),
    (
        "Taking breaks instead of escalating.",
        "Take a 20-minute break when voices rise, three times a week.",
    ),
    (
        "The break: walking out without saying when I will be back feels like abandonment to them.",
        "Keep the adjusted break plan.",
    ),
    (
        "The break is working; shorter fights.",
        "Keep the break; notice what calms me.",
    ),
    (
        "Thinking about inviting them to couples therapy.",
        "Draft an invitation without pressure.",
    ),
    (
        "Planning when and where to ask.",
        "Pick a calm time and place.",
    ),
    (
        "They said no. Grief, and what a no can mean.",
        "Set a calm gap before asking again.",
    ),
    (
        "A calmer autumn; my own growth regardless of their answer.",
        "Keep the break; write one good moment a week.",
    ),
    (
        "Looking back on the year.",
        "Read back over the year before the next session.",
    ),
];
