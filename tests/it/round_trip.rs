//! The therapist's round trip as one journey through the real binary: a pack written
//! by hand with the mistakes people make, fixed from the checker's messages, previewed
//! in a real terminal, installed on the client's side, done over two weeks, reported,
//! upgraded to a second round, reported again for both rounds, removed, and reported
//! once more from the kept rounds.

use std::path::Path;

use between::journal::entry::ExerciseSource;
use between::journal::{Answer, AnswerValue, Entry, Kind};
use chrono::{Datelike, Duration, Local, NaiveDate};
use serde_json::{Value, json};

use crate::common::report::scale;
use crate::common::{between, fixture, stderr, stdout};
use crate::report_html::Browser;
use crate::tui_pty::{App, ENTER};

const OPENING: &str = "I feel shaky when we talk about money";
const SECRET: &str = "only for me, never for Sam";
const FLAGGED: &str = "The Sunday argument went better than I feared";

/// The homework pack as the therapist means it: one exercise three times a week over
/// two weeks, its steadiness measure with a cutoff and a reliable change.
fn pack(version: u32, assigned: NaiveDate, due: NaiveDate) -> Value {
    let source = std::fs::read_to_string(fixture("packs/good/every-kind.json")).unwrap();
    let mut pack: Value = serde_json::from_str(&source).unwrap();
    pack["id"] = "alex-steady".into();
    pack["version"] = version.into();
    pack["measures"][0]["cutoff"] = json!({ "at": 2, "concerning": "at-or-below" });
    pack["measures"][0]["reliable_change"] = json!(2);
    pack["assignment"] = json!({
        "from": "Sam Rivera",
        "for": "Alex",
        "assigned": assigned.to_string(),
        "due": due.to_string(),
        "items": [
            { "exercise": "before-a-hard-talk", "times": 3, "per": "week" },
            { "exercise": "far-apart", "times": 1, "per": "total" }
        ]
    });
    pack
}

fn check(file: &Path, data: &Path) -> std::process::Output {
    between(data)
        .args(["pack", "check"])
        .arg(file)
        .output()
        .unwrap()
}

/// Checks `text` as the pack file and expects it refused with `message`.
fn refused_with(file: &Path, data: &Path, text: &str, message: &str) {
    std::fs::write(file, text).unwrap();
    let output = check(file, data);
    assert!(!output.status.success(), "accepted: {text}");
    let said = format!("{}{}", stdout(&output), stderr(&output));
    assert!(said.contains(message), "{message:?} not in:\n{said}");
}

/// A sitting of "before a hard talk" at noon on `day`.
fn sitting(day: NaiveDate, before: i64, after: i64, opening: &str) -> Entry {
    let at = day
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_local_timezone(Local)
        .unwrap()
        .fixed_offset();
    let mut entry = Entry::new(Kind::Exercise);
    entry.created = at;
    entry.updated = at;
    entry.title = Some("Calm your body before a hard talk".into());
    entry.exercise = Some(ExerciseSource {
        pack: "alex-steady".into(),
        pack_version: 1,
        exercise: "before-a-hard-talk".into(),
        title: "Calm your body before a hard talk".into(),
    });
    entry.answers = vec![
        scale("before", before),
        Answer {
            step: "opening".into(),
            prompt: "Write the first sentence you want to say.".into(),
            value: AnswerValue::Text {
                text: opening.into(),
            },
        },
        scale("after", after),
    ];
    entry
}

fn report(data: &Path, args: &[&str]) -> String {
    let output = between(data).arg("report").args(args).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn a_therapist_s_two_week_round_trip() {
    let desk = tempfile::tempdir().unwrap();
    let client = tempfile::tempdir().unwrap();
    let today = Local::now().date_naive();
    // Round 1 ran two whole weeks, Monday to Sunday, some weeks ago.
    let monday = today
        - Duration::days(i64::from(today.weekday().num_days_from_monday()))
        - Duration::days(21);
    let due = monday + Duration::days(13);

    // Written by hand, with the mistakes a word processor and a hurried hand make.
    let file = desk.path().join("alex.json");
    let good = serde_json::to_string_pretty(&pack(1, monday, due)).unwrap();
    refused_with(
        &file,
        desk.path(),
        &good.replacen(
            "\"Calm your body before a hard talk\"",
            "“Calm your body before a hard talk”",
            1,
        ),
        "curly quotes (“ ”) found: use straight quotes (\")",
    );
    refused_with(
        &file,
        desk.path(),
        &good.replacen("\\\"I feel", "\"I feel", 1),
        "a quote (\") inside a text must be written \\\"",
    );
    refused_with(
        &file,
        desk.path(),
        &good.replacen(
            "\"exercise\": \"before-a-hard-talk\"",
            "\"exercise\": \"before-a-hard-tlak\"",
            1,
        ),
        "there is no exercise `before-a-hard-tlak`; did you mean `before-a-hard-talk`?",
    );
    refused_with(
        &file,
        desk.path(),
        &good.replacen("\"per\": \"week\"", "\"per\": \"weekly\"", 1),
        "`per` must be one of: week, total (not `weekly`)",
    );
    std::fs::write(&file, &good).unwrap();
    let checked = check(&file, desk.path());
    assert!(checked.status.success(), "{}", stderr(&checked));

    // Previewed as the client will see it, in a real terminal.
    let tmp = tempfile::tempdir().unwrap();
    let args = ["pack".as_ref(), "preview".as_ref(), file.as_os_str()];
    let mut app = App::start_with(desk.path(), &args, tmp.path());
    app.wait_for("not therapy, and it is not for emergencies");
    app.send(ENTER);
    app.wait_for("Homework from Sam Rivera");
    app.send("q");
    app.wait_for("The preview is closed and everything in it deleted.");
    assert!(app.wait_exit());

    // Installed on the client's side and done over the two weeks: five sittings (one
    // private, one marked to discuss).
    between(client.path())
        .args(["pack", "add"])
        .arg(&file)
        .assert()
        .success();
    let mut flagged = sitting(monday + Duration::days(8), 3, 4, FLAGGED);
    flagged.discuss = true;
    let mut private = sitting(monday + Duration::days(10), 1, 1, SECRET);
    private.private = true;
    let entries = [
        sitting(monday, 1, 3, OPENING),
        sitting(monday + Duration::days(2), 2, 4, OPENING),
        flagged,
        sitting(monday + Duration::days(9), 4, 5, OPENING),
        private,
    ];
    let export = json!({
        "format": "between-journal",
        "version": 1,
        "exported": Local::now().fixed_offset().to_rfc3339(),
        "entries": entries,
    });
    let import = desk.path().join("two-weeks.json");
    std::fs::write(&import, export.to_string()).unwrap();
    between(client.path())
        .arg("import")
        .arg(&import)
        .assert()
        .success();

    // The report: page one, then the entries, nothing private.
    let text = report(
        client.path(),
        &["alex-steady", "--note", "Week two was easier."],
    );
    for expected in [
        "## A note from Alex\n\n> Week two was easier.\n",
        "- **Calm your body before a hard talk**: asked 3 times a week; done 5 times (1 kept private). Week 1: 2 of 3, week 2: 3 of 3.\n",
        "- **Notice how you move when you feel far apart**: asked once; not done yet.\n",
        "  - Within a sitting: 2.5 before → 4 after, on average (4 sittings).\n",
        "  - Over the round (each sitting's first rating): week 1 1.5 → week 2 3.5.\n",
        "  - Latest 4: above the cutoff of 2 (at or below is of concern); 2 of 4 sittings at or below it.\n",
        "  - First 1 → latest 4: up 3 since the first, more than the reliable change of 2.\n",
        "### Marked to discuss\n",
        "1 entry marked private is not in this report.",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    let (flagged_at, entries_at) = (text.find(FLAGGED), text.find("## The entries"));
    assert!(
        flagged_at.is_some() && flagged_at < entries_at,
        "the flagged text on page one: {text}"
    );
    assert!(!text.contains(SECRET), "{text}");
    let round_one_json = desk.path().join("round-1.json");
    report(
        client.path(),
        &[
            "alex-steady",
            "--format",
            "json",
            "--out",
            round_one_json.to_str().unwrap(),
        ],
    );
    let json: Value = serde_json::from_slice(&std::fs::read(&round_one_json).unwrap()).unwrap();
    assert_eq!(json["items"][0]["per_week"], json!([2, 3]));
    // The printable page, as the therapist's browser builds it.
    let page = desk.path().join("round-1.html");
    report(
        client.path(),
        &[
            "alex-steady",
            "--format",
            "html",
            "--note",
            "Week two was easier.",
            "--out",
            page.to_str().unwrap(),
        ],
    );
    if let Some(browser) = Browser::find() {
        let dom = browser.dom(&page);
        for shown in [
            "Week two was easier.",
            "How steady you feel",
            ">cutoff 2</text>",
            FLAGGED,
            "Latest 4: above the cutoff of 2 (at or below is of concern)",
        ] {
            assert!(dom.contains(shown), "{shown:?} not in:\n{dom}");
        }
        assert!(dom.contains("<svg"), "{dom}");
        assert!(!dom.contains(SECRET), "{dom}");
    }
    assert!(!String::from_utf8_lossy(&std::fs::read(&round_one_json).unwrap()).contains(SECRET));

    // Version 2: new dates, a new round; the upgrade says what happens to them.
    let v2 = desk.path().join("alex-v2.json");
    std::fs::write(
        &v2,
        serde_json::to_string_pretty(&pack(2, today, today + Duration::days(13))).unwrap(),
    )
    .unwrap();
    let upgraded = between(client.path())
        .args(["pack", "add", "--yes"])
        .arg(&v2)
        .output()
        .unwrap();
    assert!(upgraded.status.success(), "{}", stderr(&upgraded));
    let said = stdout(&upgraded);
    assert!(said.contains("--round 1"), "{said}");
    let current = report(client.path(), &["alex-steady"]);
    assert!(current.contains("Round 2 of 2 (version 2)"), "{current}");
    assert!(
        current.contains("asked 3 times a week; not done yet."),
        "{current}"
    );
    let first = report(client.path(), &["alex-steady", "--round", "1"]);
    assert!(
        first.contains("done 5 times (1 kept private). Week 1: 2 of 3, week 2: 3 of 3."),
        "{first}"
    );
    let both: Value = serde_json::from_str(&report(
        client.path(),
        &["alex-steady", "--all-rounds", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(both.as_array().unwrap().len(), 2);
    assert_eq!(both[0]["items"][0]["per_week"], json!([2, 3]));

    // The therapist reads both rounds side by side.
    let round_two_json = desk.path().join("round-2.json");
    report(
        client.path(),
        &[
            "alex-steady",
            "--format",
            "json",
            "--out",
            round_two_json.to_str().unwrap(),
        ],
    );
    let opened = between(desk.path())
        .args(["report", "--summary-only", "--open"])
        .arg(&round_one_json)
        .arg(&round_two_json)
        .output()
        .unwrap();
    assert!(opened.status.success(), "{}", stderr(&opened));
    let read = stdout(&opened);
    assert!(
        read.contains("Alex r1") && read.contains("Alex r2"),
        "{read}"
    );
    let row = read
        .lines()
        .find(|line| line.starts_with("Calm your body before a hard talk"))
        .unwrap_or_else(|| panic!("{read}"));
    assert!(row.contains("5/6") && row.contains("0/3"), "{row}");
    assert!(!read.contains("## ") && !read.contains("**"), "{read}");
    assert!(!read.contains(SECRET) && !read.contains(OPENING), "{read}");

    // Removed: the kept rounds still report.
    between(client.path())
        .args(["pack", "remove", "--yes", "alex-steady"])
        .assert()
        .success();
    let after = report(client.path(), &["alex-steady", "--round", "1"]);
    assert!(after.contains("no longer installed"), "{after}");
    assert!(after.contains("Week 1: 2 of 3, week 2: 3 of 3."), "{after}");
    assert!(
        after.contains("How steady you feel"),
        "the measure's title from the kept round: {after}"
    );
}
