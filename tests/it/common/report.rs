//! Helpers for the tests of `between report`: journal entries as the app writes
//! them, and a finished two-week round of homework with its sittings, shared by the
//! Markdown and JSON tests and the printable page's.

use std::path::Path;

use between::data_dir::DataDir;
use between::journal::entry::ExerciseSource;
use between::journal::{Answer, AnswerValue, Entry, Kind, Store};
use chrono::{DateTime, Duration, FixedOffset, Local, NaiveDate};
use serde_json::{Value, json};

use super::{between, fixture, stderr};

/// The moment `days` days before now.
pub fn days_ago(days: i64) -> DateTime<FixedOffset> {
    Local::now().fixed_offset() - Duration::days(days)
}

/// A written answer.
pub fn text(step: &str, prompt: &str, text: &str) -> Answer {
    Answer {
        step: step.into(),
        prompt: prompt.into(),
        value: AnswerValue::Text { text: text.into() },
    }
}

/// An entry of `kind` written `days` days ago, of `exercise` of the fixture pack.
pub fn entry(kind: Kind, exercise: Option<&str>, days: i64, answers: Vec<Answer>) -> Entry {
    let mut entry = Entry::new(kind);
    entry.created = days_ago(days);
    entry.updated = entry.created;
    entry.exercise = exercise.map(|id| ExerciseSource {
        pack: "example-steady".into(),
        pack_version: 1,
        exercise: id.into(),
        title: id.into(),
    });
    entry.answers = answers;
    entry
}

/// A rating of the steadiness measure on its 1–5 scale.
pub fn scale(step: &str, value: i64) -> Answer {
    Answer {
        step: step.into(),
        prompt: format!("How steady do you feel ({step})?").into(),
        value: AnswerValue::Scale {
            value,
            min: 1,
            max: 5,
            min_label: "shaky".into(),
            max_label: "steady".into(),
            measure: Some("steadiness".into()),
        },
    }
}

/// `between pack add FILE`, which must succeed.
pub fn add_pack(data: &Path, file: &Path) {
    between(data)
        .args(["pack", "add"])
        .arg(file)
        .assert()
        .success();
}

/// `between report ARGS…`, which must succeed.
pub fn report(data: &Path, args: &[&str]) -> std::process::Output {
    let output = between(data).arg("report").args(args).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    output
}

/// Writes version `version` of the homework pack into `dir`, set `assigned` days from
/// today and due `due` days from today (negative: in the past).
pub fn homework_version(dir: &Path, version: u32, assigned: i64, due: i64) -> std::path::PathBuf {
    let source = std::fs::read_to_string(fixture("packs/good/every-kind.json")).unwrap();
    let mut pack: Value = serde_json::from_str(&source).unwrap();
    let today = Local::now().date_naive();
    pack["version"] = version.into();
    pack["assignment"] = json!({
        "from": "Sam Rivera, LMFT",
        "for": "Alex",
        "assigned": (today + Duration::days(assigned)).to_string(),
        "due": (today + Duration::days(due)).to_string(),
        "items": [
            { "exercise": "before-a-hard-talk", "times": 2, "per": "week" },
            { "exercise": "far-apart", "times": 1, "per": "total" }
        ]
    });
    let file = dir.join(format!("homework-v{version}.json"));
    std::fs::write(&file, pack.to_string()).unwrap();
    file
}

/// Homework in two rounds: version 1 set on the Friday four weeks before this week's
/// Monday and due on the Friday two weeks before it (three weeks, the first and last
/// partly), with the exercise done twice in its second week; then version 2, set on
/// last week's Monday and due a week after this week's, with the exercise done once
/// in its first week.
pub fn two_rounds(data: &Path) -> TwoRounds {
    use chrono::Datelike;
    let today = Local::now().date_naive();
    let since_monday = i64::from(today.weekday().num_days_from_monday());
    // Days from today, counted from this week's Monday, so that the weeks (Monday to
    // Sunday) fall the same whatever today's weekday.
    let from_monday = |days: i64| days - since_monday;
    let rounds = TwoRounds {
        first: (
            today + Duration::days(from_monday(-24)),
            today + Duration::days(from_monday(-10)),
        ),
        second: today + Duration::days(from_monday(-7)),
    };
    add_pack(
        data,
        &homework_version(data, 1, from_monday(-24), from_monday(-10)),
    );
    let store = Store::new(DataDir::resolve(Some(data)).unwrap());
    let mut writer = store.open().unwrap();
    // Two in the first round's second week (Wednesday and Friday), one in the second
    // round's first week (a Thursday).
    for days in [18, 16, 4] {
        let done = entry(
            Kind::Exercise,
            Some("before-a-hard-talk"),
            days + since_monday,
            Vec::new(),
        );
        writer.save(&done).unwrap();
    }
    drop(writer);
    let v2 = homework_version(data, 2, from_monday(-7), from_monday(7));
    between(data)
        .args(["pack", "add", "--yes"])
        .arg(&v2)
        .assert()
        .success();
    rounds
}

/// The days of [`two_rounds`]: the first round's (set, due), the second's day set
/// (it is due a week after this week's Monday).
pub struct TwoRounds {
    pub first: (NaiveDate, NaiveDate),
    pub second: NaiveDate,
}

/// A finished two-week round, Monday to Sunday some weeks ago, so its weeks do not
/// hang on today's weekday: "before a hard talk" asked three times a week, with the
/// steadiness measure given a cutoff and a reliable change; `edit` changes the pack
/// before it is added. Returns the round's Monday.
pub fn finished_round(data: &Path, edit: impl FnOnce(&mut Value)) -> NaiveDate {
    use chrono::Datelike;
    let today = Local::now().date_naive();
    let monday = today
        - Duration::days(i64::from(today.weekday().num_days_from_monday()))
        - Duration::days(35);
    let source = std::fs::read_to_string(fixture("packs/good/every-kind.json")).unwrap();
    let mut pack: Value = serde_json::from_str(&source).unwrap();
    pack["measures"][0]["cutoff"] = json!({ "at": 2, "concerning": "at-or-below" });
    pack["measures"][0]["reliable_change"] = json!(2);
    pack["assignment"] = json!({
        "from": "Sam Rivera, LMFT",
        "for": "Alex",
        "assigned": monday.to_string(),
        "due": (monday + Duration::days(13)).to_string(),
        "items": [{ "exercise": "before-a-hard-talk", "times": 3, "per": "week" }]
    });
    edit(&mut pack);
    let file = data.join("homework.json");
    std::fs::write(&file, pack.to_string()).unwrap();
    add_pack(data, &file);
    monday
}

/// The entries of [`two_weeks_of_sittings`] a test asks about.
pub struct Sittings {
    /// A note marked to discuss that is not of the homework, to add with `--include`.
    pub chosen: String,
    /// A private sitting.
    pub private: String,
    /// What a note marked to discuss but not added says.
    pub not_chosen: &'static str,
    /// What the private sitting's opening says.
    pub secret: &'static str,
}

/// The round of [`finished_round`] done: in week 1 two sittings, in week 2 three (one
/// marked to discuss, one private), each rating steadiness before and after and
/// writing `opening`; and two notes marked to discuss.
pub fn two_weeks_of_sittings(data: &Path, monday: NaiveDate, opening: &str) -> Sittings {
    let secret = "Something only for me, in a private sitting";
    let not_chosen = "Something I am not ready to share";
    let at = |day: i64| noon(monday, day);
    let sitting = |day: i64, before: i64, after: i64, opening: &str| {
        sitting(monday, day, before, after, opening)
    };
    let mut flagged_sitting = sitting(8, 3, 4, opening);
    flagged_sitting.discuss = true;
    let mut private = sitting(10, 1, 1, secret);
    private.private = true;
    let note = |day: i64, words: &str| {
        let mut e = entry(Kind::Note, None, 0, vec![text("note", "Note", words)]);
        e.created = at(day);
        e.updated = e.created;
        e.discuss = true;
        e
    };
    let chosen = note(9, "The Sunday argument about his mother");
    let store = Store::new(DataDir::resolve(Some(data)).unwrap());
    let mut writer = store.open().unwrap();
    for e in [
        &sitting(0, 1, 3, opening),
        &sitting(2, 2, 4, opening),
        &flagged_sitting,
        &sitting(9, 4, 5, opening),
        &private,
        &chosen,
        &note(11, not_chosen),
    ] {
        writer.save(e).unwrap();
    }
    Sittings {
        chosen: chosen.id.as_str().to_owned(),
        private: private.id.as_str().to_owned(),
        not_chosen,
        secret,
    }
}

/// Installs version `version` of [`finished_round`]'s homework for `client`, set for
/// the two weeks from `monday` (a later version replaces the earlier: a new round).
pub fn homework_round(data: &Path, client: &str, version: u32, monday: NaiveDate) {
    let source = std::fs::read_to_string(fixture("packs/good/every-kind.json")).unwrap();
    let mut pack: Value = serde_json::from_str(&source).unwrap();
    pack["version"] = version.into();
    pack["measures"][0]["cutoff"] = json!({ "at": 2, "concerning": "at-or-below" });
    pack["measures"][0]["reliable_change"] = json!(2);
    pack["assignment"] = json!({
        "from": "Sam Rivera, LMFT",
        "for": client,
        "assigned": monday.to_string(),
        "due": (monday + Duration::days(13)).to_string(),
        "items": [{ "exercise": "before-a-hard-talk", "times": 3, "per": "week" }]
    });
    let file = data.join(format!("homework-{version}.json"));
    std::fs::write(&file, pack.to_string()).unwrap();
    between(data)
        .args(["pack", "add", "--yes"])
        .arg(&file)
        .assert()
        .success();
}

/// A sitting of "before a hard talk" at noon `day` days after `monday`: steadiness
/// rated `before` and `after`, and `opening` written.
pub fn sitting(monday: NaiveDate, day: i64, before: i64, after: i64, opening: &str) -> Entry {
    let mut e = entry(
        Kind::Exercise,
        Some("before-a-hard-talk"),
        0,
        vec![
            scale("before", before),
            text(
                "opening",
                "Write the first sentence you want to say.",
                opening,
            ),
            scale("after", after),
        ],
    );
    e.created = noon(monday, day);
    e.updated = e.created;
    e
}

/// Noon, local time, `day` days after `monday`.
pub fn noon(monday: NaiveDate, day: i64) -> DateTime<FixedOffset> {
    let noon = (monday + Duration::days(day))
        .and_hms_opt(12, 0, 0)
        .unwrap();
    noon.and_local_timezone(Local).unwrap().fixed_offset()
}

/// Saves `entries` to the journal in `data`.
pub fn save(data: &Path, entries: &[&Entry]) {
    let store = Store::new(DataDir::resolve(Some(data)).unwrap());
    let mut writer = store.open().unwrap();
    for e in entries {
        writer.save(e).unwrap();
    }
}
