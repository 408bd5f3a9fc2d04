//! Reading the journal from the command line: `journal show` and the exports say
//! each entry's day, a try's rating and the day it happened, a review's decision, a
//! plan's frequency, look back and tries; the Markdown export leaves ids out unless
//! asked, writes a long prompt once and a timed break in words.

use std::path::Path;

use between::journal::entry::ExerciseSource;
use between::journal::export::{EXPORT_FORMAT, EXPORT_VERSION, JsonExport};
use between::journal::practice::{Decision, Frequency, PracticeData};
use between::journal::{Answer, AnswerValue, Entry, EntryId, Kind};
use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::common::{between, stderr, stdout};

const MOMENT: &str = "Pick one recent moment that set you off. What happened? Just the facts: \
                      where, when, and who said or did what.";

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn entry(kind: Kind, id: &str, when: &str) -> Entry {
    let mut entry = Entry::new_at(kind, EntryId::parse(id).unwrap(), at(when));
    entry.area = Some("triggers".into());
    entry
}

fn text(step: &str, prompt: &str, words: &str) -> Answer {
    Answer {
        step: step.into(),
        prompt: prompt.into(),
        value: AnswerValue::Text { text: words.into() },
    }
}

/// A thought record with a break, done twice; a plan made from it, tried once and
/// kept; all in September and October 2025.
fn year_entries() -> Vec<Entry> {
    let record = |id: &str, when: &str, what: &str, taken: u32| {
        let mut done = entry(Kind::Exercise, id, when);
        done.title = Some("Thought record".into());
        done.exercise = Some(ExerciseSource {
            pack: "core".into(),
            pack_version: 1,
            exercise: "thought-record".into(),
            title: "Thought record".into(),
        });
        done.tags = vec!["chores".into()];
        done.answers = vec![
            text("moment", MOMENT, what),
            Answer {
                step: "break".into(),
                prompt: "Take a break".into(),
                value: AnswerValue::Timer {
                    seconds: 1200,
                    elapsed: taken,
                },
            },
        ];
        done
    };
    let mut plan = entry(
        Kind::Plan,
        "01K5000000000000000000PAN0",
        "2025-09-20T10:00:00+02:00",
    );
    plan.title = Some("A break with a time to come back".into());
    plan.answers = vec![text(
        "strategy",
        "What will you try?",
        "Say when I will be back",
    )];
    plan.practice = Some(PracticeData::Plan {
        frequency: Frequency::Week { times: 2 },
        review_on: NaiveDate::from_ymd_opt(2025, 10, 4),
    });
    let mut attempt = entry(
        Kind::Try,
        "01K5000000000000000000QTRY",
        "2025-09-30T21:00:00+02:00",
    );
    attempt.link = Some(plan.id.clone());
    attempt.answers = vec![text(
        "situation",
        "What was the situation?",
        "Laundry again",
    )];
    attempt.practice = Some(PracticeData::Try {
        at: at("2025-09-28T19:40:00+02:00"),
        rating: 3,
    });
    let mut review = entry(
        Kind::Review,
        "01K5000000000000000000REV0",
        "2025-10-04T09:00:00+02:00",
    );
    review.link = Some(plan.id.clone());
    review.practice = Some(PracticeData::Review {
        decision: Decision::Keep,
        next_review_on: NaiveDate::from_ymd_opt(2025, 10, 18),
    });
    vec![
        record(
            "01K4000000000000000000REC1",
            "2025-09-14T19:40:00+02:00",
            "The dishes",
            725,
        ),
        plan,
        attempt,
        review,
        record(
            "01K6000000000000000000REC2",
            "2025-10-10T08:15:00+02:00",
            "The bins",
            1200,
        ),
    ]
}

/// A data folder whose journal has `year_entries`, brought in by `import`.
fn year_journal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let export = JsonExport {
        format: EXPORT_FORMAT.into(),
        version: EXPORT_VERSION,
        exported: at("2025-11-01T12:00:00+01:00"),
        entries: year_entries(),
    };
    let file = dir.path().join("year.json");
    std::fs::write(&file, serde_json::to_vec(&export).unwrap()).unwrap();
    let output = between(dir.path())
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    dir
}

fn run(dir: &Path, args: &[&str]) -> String {
    let output = between(dir).args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    stdout(&output)
}

#[test]
fn journal_show_says_the_day_a_try_went_and_happened_and_what_a_review_decided() {
    let dir = year_journal();
    let shown = run(
        dir.path(),
        &["journal", "show", "01K5000000000000000000QTRY"],
    );
    assert!(
        shown.starts_with("### Tue Sep 30 2025, 21:00 · try"),
        "the day in the header: {shown}"
    );
    assert!(
        shown.contains("How it went: 3 of 5 · happened Sun Sep 28 2025, 19:40"),
        "{shown}"
    );
    let shown = run(
        dir.path(),
        &["journal", "show", "01K5000000000000000000REV0"],
    );
    assert!(
        shown.contains("Decision: kept · look back again by Sat Oct 18 2025"),
        "{shown}"
    );
    let shown = run(
        dir.path(),
        &["journal", "show", "01K5000000000000000000PAN0"],
    );
    for said in [
        "Planned: 2 times a week · look back by Sat Oct 4 2025",
        "Next look back: Sat Oct 18 2025",
        "**Tries: 1, average 3 of 5**\n\n- Sun Sep 28 2025: 3 of 5 · Laundry again",
        "**Looked back**\n\n- Sat Oct 4 2025: kept",
    ] {
        assert!(shown.contains(said), "{said:?} in {shown}");
    }
    assert!(shown.contains("id 01K5000000000000000000PAN0"), "{shown}");
}

#[test]
fn the_markdown_export_goes_by_month_with_each_entry_s_day_and_no_ids_unless_asked() {
    let dir = year_journal();
    let md = run(dir.path(), &["export"]);
    let september = md.find("\n## September 2025\n").expect(&md);
    let october = md.find("\n## October 2025\n").expect(&md);
    let first = md
        .find("### Sun Sep 14 2025, 19:40 · exercise · triggers · Thought record")
        .expect(&md);
    assert!(september < first && first < october, "{md}");
    assert!(md.contains("_tags: chores_\n"), "{md}");
    assert!(!md.contains("id 01K"), "no id lines: {md}");
    // A plan's tries and decisions, a try's rating and day, a review's decision.
    for said in [
        "Planned: 2 times a week · look back by Sat Oct 4 2025",
        "**Tries: 1, average 3 of 5**",
        "How it went: 3 of 5 · happened Sun Sep 28 2025, 19:40",
        "Decision: kept",
    ] {
        assert!(md.contains(said), "{said:?} in {md}");
    }

    let with_ids = run(dir.path(), &["export", "--ids"]);
    assert!(
        with_ids.contains("_tags: chores · id 01K4000000000000000000REC1_"),
        "{with_ids}"
    );
    assert!(
        with_ids.contains("_id 01K5000000000000000000PAN0_"),
        "{with_ids}"
    );
}

#[test]
fn the_markdown_export_writes_a_long_prompt_once_and_a_break_in_words() {
    let dir = year_journal();
    let md = run(dir.path(), &["export"]);
    assert_eq!(
        md.matches(MOMENT).count(),
        1,
        "the prompt in full once: {md}"
    );
    assert!(md.contains("\n\n## The prompts in full\n\n- (1) Pick one recent moment"));
    assert_eq!(
        md.matches("**(1) Pick one recent moment that set you off.**\n\nThe dishes")
            .count(),
        1,
        "{md}"
    );
    assert!(md.contains("**(1) Pick one recent moment that set you off.**\n\nThe bins"));
    // A short prompt stays where it is.
    assert!(
        md.contains("**What was the situation?**\n\nLaundry again"),
        "{md}"
    );
    assert!(md.contains("A 20-minute break (12 minutes taken)."), "{md}");
    assert!(md.contains("A 20-minute break (20 minutes taken)."), "{md}");
}

#[test]
fn the_csv_export_has_the_day_a_try_s_rating_and_when_it_happened_and_a_decision() {
    let dir = year_journal();
    let csv = run(dir.path(), &["export", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let of = |kind: &str| rows.iter().find(|r| &r[column("kind")] == kind).unwrap();
    assert_eq!(&of("exercise")[column("date")], "2025-09-14");
    assert_eq!(&of("try")[column("rating")], "3");
    assert_eq!(&of("try")[column("happened")], "2025-09-28T19:40:00+02:00");
    assert_eq!(&of("review")[column("decision")], "kept");
    assert_eq!(&of("plan")[column("decision")], "");
}

#[test]
fn ids_are_asked_for_only_where_they_are_left_out() {
    let dir = year_journal();
    let output = between(dir.path())
        .args(["export", "--format", "json", "--ids"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("--ids is for the Markdown export (--format md)"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).is_empty());
}

#[test]
fn journal_list_shows_each_entry_s_tags() {
    let dir = year_journal();
    let listed = run(dir.path(), &["journal", "list"]);
    let record = listed
        .lines()
        .find(|line| line.contains("2025-09-14 19:40"))
        .expect(&listed);
    assert!(
        record.contains("Thought record #chores — The dishes"),
        "{record}"
    );
}
