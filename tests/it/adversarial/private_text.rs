//! Private text never reaches a summary meant for someone else: prep (the app's
//! "since my last session" is the same function), homework reports in Markdown and
//! JSON. Through the binary for the break that was found, and as a property over random
//! journals with random private flags.

use std::path::Path;

use between::data_dir::DataDir;
use between::journal::entry::ExerciseSource;
use between::journal::practice::{Decision, Frequency, PracticeData};
use between::journal::record::Record;
use between::journal::{Answer, AnswerValue, Entry, EntryId, Journal, Kind, Store};
use between::pack::{Catalog, load_str};
use between::practice::{Shared, prep};
use chrono::{DateTime, Duration, FixedOffset, Local};
use proptest::prelude::*;

use crate::common::{between, stderr, stdout};

fn run(dir: &Path, args: &[&str]) -> String {
    let output = between(dir).args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    stdout(&output)
}

/// The id `plan add` and `try` print: "Saved <kind> <id> …".
fn saved_id(text: &str) -> String {
    text.split_whitespace().nth(2).unwrap().to_owned()
}

#[test]
fn prep_leaves_out_a_private_plan_its_tries_and_a_private_try_s_rating() {
    let dir = tempfile::tempdir().unwrap();
    // A private plan, tried once: the plan's words must not appear, in "What I tried"
    // or "My strategies", and its try goes with it.
    let secret = saved_id(&run(
        dir.path(),
        &[
            "plan",
            "add",
            "Walk it off SECRETPLAN",
            "--per-week",
            "2",
            "--private",
        ],
    ));
    run(dir.path(), &["try", &secret[..12], "--rating", "4"]);
    // An open plan, tried twice: once well, once badly in a try marked private. The
    // average is of the open try alone.
    let open = saved_id(&run(
        dir.path(),
        &["plan", "add", "Start softly", "--per-week", "2"],
    ));
    run(dir.path(), &["try", &open[..12], "--rating", "5"]);
    let store = Store::new(DataDir::resolve(Some(dir.path())).unwrap());
    let mut writer = store.open().unwrap();
    let plan = writer
        .journal()
        .get(&EntryId::parse(&open).unwrap())
        .unwrap()
        .clone();
    let mut bad = Entry::new(Kind::Try);
    bad.link = Some(plan.id.clone());
    bad.private = true;
    bad.answers.push(Answer {
        step: "happened".into(),
        prompt: "What happened".into(),
        value: AnswerValue::Text {
            text: "PRIVATETRY it went wrong".into(),
        },
    });
    bad.practice = Some(PracticeData::Try {
        at: bad.created,
        rating: 1,
    });
    writer.save(&bad).unwrap();
    drop(writer);

    let prep = run(dir.path(), &["prep"]);
    for secret in [
        "SECRETPLAN",
        "PRIVATETRY",
        "went 4/5",
        "went 1/5",
        "average 3.0",
    ] {
        assert!(!prep.contains(secret), "{secret} in:\n{prep}");
    }
    assert!(
        prep.contains("Start softly · 1 try · average 5.0/5"),
        "{prep}"
    );
    assert!(prep.contains("3 private entries were left out."), "{prep}");
    // Asked for, everything is there: the filter is the only thing that hid it.
    let all = run(dir.path(), &["prep", "--include-private"]);
    assert!(
        all.contains("SECRETPLAN") && all.contains("average 3.0/5"),
        "{all}"
    );
}

/// One entry of a generated journal.
#[derive(Debug, Clone)]
enum Made {
    Exercise,
    Plan,
    Try { plan: usize },
    Review { plan: usize },
    Note,
    Session,
}

fn kinds() -> impl Strategy<Value = Vec<(u8, bool, bool)>> {
    // (kind chooser, private, discuss), up to 40 entries; 6 deletes a plan.
    proptest::collection::vec((0u8..7, any::<bool>(), any::<bool>()), 1..40)
}

/// A journal from `made`: private entries carry the token PRIVATE<n> in every text and
/// title, rate tries 1 and the intensity measure 0; open ones carry open<n>, rate 5
/// and 10. So any private word, and any private rating in an average or a measure,
/// shows in the output.
fn journal_of(made: &[(u8, bool, bool)]) -> Journal {
    let start: DateTime<FixedOffset> = Local::now().fixed_offset() - Duration::days(20);
    let mut journal = Journal::default();
    let mut plans: Vec<usize> = Vec::new();
    let mut ids: Vec<EntryId> = Vec::new();
    let mut titles: Vec<String> = Vec::new();
    for (n, (choice, private, discuss)) in made.iter().enumerate() {
        let kind = match choice {
            0 => Made::Exercise,
            1 => Made::Plan,
            2 if !plans.is_empty() => Made::Try {
                plan: plans[n % plans.len()],
            },
            3 if !plans.is_empty() => Made::Review {
                plan: plans[n % plans.len()],
            },
            4 => Made::Note,
            5 => Made::Session,
            6 if !plans.is_empty() => {
                // A plan deleted: what belonged to it must stay hidden if it was private.
                let plan = plans[n % plans.len()];
                journal.apply(Record::delete(ids[plan].clone()));
                Made::Note
            }
            _ => Made::Plan,
        };
        let word = if *private {
            format!("PRIVATE{n}")
        } else {
            format!("open{n}")
        };
        // Every third try is dated before everything else, as from a machine whose clock
        // was behind: its id sorts before its plan's.
        let early = matches!(kind, Made::Try { .. }) && n % 3 == 0;
        let created = if early {
            start - Duration::minutes(n as i64)
        } else {
            start + Duration::minutes(30 * n as i64)
        };
        let mut entry = Entry::note(format!("{word} text"));
        let millis = created.timestamp_millis() as u64;
        entry.id =
            EntryId::parse(&ulid::Ulid::from_parts(millis, u128::from(n as u64)).to_string())
                .unwrap();
        entry.created = created;
        entry.updated = created;
        entry.private = *private;
        entry.discuss = *discuss;
        entry.title = Some(format!("{word} title"));
        let source = ExerciseSource {
            pack: "communication".into(),
            pack_version: 2,
            exercise: "gentle-start-up".into(),
            title: "Rewrite a complaint as a gentle start-up".into(),
        };
        match kind {
            Made::Exercise => {
                entry.kind = Kind::Exercise;
                entry.exercise = Some(source);
                entry.answers.push(Answer {
                    step: "before".into(),
                    prompt: "How strong".into(),
                    value: AnswerValue::Scale {
                        value: if *private { 0 } else { 10 },
                        min: 0,
                        max: 10,
                        min_label: "none".into(),
                        max_label: "strong".into(),
                        measure: Some("intensity".into()),
                    },
                });
            }
            Made::Plan => {
                entry.kind = Kind::Plan;
                entry.exercise = Some(source);
                entry.practice = Some(PracticeData::Plan {
                    frequency: Frequency::Week { times: 2 },
                    review_on: None,
                });
                plans.push(n);
            }
            Made::Try { plan } => {
                // As `between try` and the app write it: the plan's title copied.
                entry.title = Some(titles[plan].clone());
                entry.kind = Kind::Try;
                entry.link = Some(ids[plan].clone());
                entry.practice = Some(PracticeData::Try {
                    at: created,
                    rating: if *private { 1 } else { 5 },
                });
            }
            Made::Review { plan } => {
                entry.title = Some(titles[plan].clone());
                entry.kind = Kind::Review;
                entry.link = Some(ids[plan].clone());
                entry.practice = Some(PracticeData::Review {
                    decision: Decision::Keep,
                    next_review_on: None,
                });
            }
            Made::Note => {}
            Made::Session => {
                entry.kind = Kind::Session;
                entry.practice = Some(PracticeData::Session {
                    on: created.date_naive(),
                    discussed: Vec::new(),
                });
            }
        }
        ids.push(entry.id.clone());
        titles.push(entry.title.clone().unwrap_or_default());
        journal.apply(Record::put(entry));
    }
    journal
}

/// A homework pack that assigns the exercise every generated exercise and plan is of.
fn homework() -> between::pack::Pack {
    let today = Local::now().date_naive();
    let text = serde_json::json!({
        "format": 1, "id": "homework", "version": 1, "title": "Homework",
        "description": "Gentle starts.", "exercises": [],
        "assignment": {
            "from": "Sam",
            "assigned": (today - chrono::Days::new(30)).to_string(),
            "due": (today + chrono::Days::new(10)).to_string(),
            "items": [{ "exercise": "communication/gentle-start-up", "times": 3, "per": "week" }]
        }
    });
    load_str("homework.json", &text.to_string()).unwrap()
}

/// The built-in packs, loaded once for every case.
static CATALOG: std::sync::LazyLock<Catalog> =
    std::sync::LazyLock::new(|| Catalog::builtin().unwrap());

/// What must never be in a summary for someone else.
fn assert_nothing_private(what: &str, text: &str) {
    assert!(
        !text.contains("PRIVATE"),
        "{what} holds private text:\n{text}"
    );
    for leak in ["went 1/5", "from 0 ", "to 0 ", "\"first\":0", "\"last\":0"] {
        assert!(
            !text.contains(leak),
            "{what} holds a private rating ({leak}):\n{text}"
        );
    }
    for average in text.match_indices("average ") {
        let rest = &text[average.0 + "average ".len()..];
        assert!(
            rest.starts_with("5.0") || rest.starts_with("rating"),
            "{what} averages a private rating: {rest:.20}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_private_text_title_or_rating_reaches_a_summary_for_someone_else(made in kinds()) {
        let journal = journal_of(&made);
        let shared = Shared::new(&journal, false);
        let summary = prep::since_last_session(&shared);
        assert_nothing_private("prep", &prep::markdown(&summary));

        let pack = homework();
        let catalog = &*CATALOG;
        let today = Local::now().date_naive();
        let report = between::report::build(
            &pack,
            catalog,
            &journal,
            today,
            &between::report::Options::default(),
        )
        .unwrap();
        assert_nothing_private("the report", &between::report::markdown(&report));
        let json = serde_json::to_string(&report).unwrap();
        assert_nothing_private("the JSON report", &json);
        for item in &report.items {
            for plan in &item.plans {
                prop_assert!(plan.average_rating.is_none_or(|a| a == 5.0));
            }
            for m in &item.measures {
                prop_assert!(m.first == 10 && m.last == 10, "{m:?}");
            }
        }
    }
}

#[test]
fn deleting_a_private_plan_does_not_set_its_tries_free() {
    let dir = tempfile::tempdir().unwrap();
    let plan = saved_id(&run(
        dir.path(),
        &[
            "plan",
            "add",
            "SECRETPLAN leave",
            "--per-week",
            "2",
            "--private",
        ],
    ));
    run(
        dir.path(),
        &[
            "try",
            &plan[..12],
            "--rating",
            "2",
            "--did",
            "SECRETDETAIL packed a bag",
        ],
    );
    run(dir.path(), &["journal", "delete", &plan[..12], "--yes"]);
    let prep = run(dir.path(), &["prep"]);
    assert!(!prep.contains("SECRET"), "{prep}");
    assert!(!prep.contains("went 2/5"), "{prep}");
    assert!(prep.contains("1 private entry was left out."), "{prep}");
}

#[test]
fn due_which_may_print_in_a_shell_s_start_up_names_no_private_plan() {
    let dir = tempfile::tempdir().unwrap();
    run(
        dir.path(),
        &[
            "plan",
            "add",
            "SECRETPLAN walk",
            "--per-week",
            "2",
            "--private",
        ],
    );
    run(
        dir.path(),
        &["plan", "add", "Start softly", "--per-week", "1"],
    );
    let due = run(dir.path(), &["due"]);
    assert!(!due.contains("SECRETPLAN"), "{due}");
    assert!(
        due.contains("between: try a private plan: 0 of 2 this week"),
        "{due}"
    );
    assert!(
        due.contains("between: try \"Start softly\": 0 of 1 this week"),
        "{due}"
    );
}
