//! The report back to the therapist through the binary: what is in it, what private
//! and excluded entries leave behind, the summary-only form, and reading a JSON
//! report with `--open`.

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use between::data_dir::DataDir;
use between::journal::entry::ExerciseSource;
use between::journal::practice::{Decision, Frequency, PracticeData};
use between::journal::{Answer, AnswerValue, Entry, Kind, Store};
use chrono::{DateTime, Duration, FixedOffset, Local};
use common::{between, fixture, stderr, stdout};
use serde_json::{Value, json};

const OPENING: &str = "I feel shaky when we talk about money";
const SECRET: &str = "nobody should see this one";
const TRY_NOTE: &str = "It helped to sit down first";

fn days_ago(days: i64) -> DateTime<FixedOffset> {
    Local::now().fixed_offset() - Duration::days(days)
}

fn text(step: &str, prompt: &str, text: &str) -> Answer {
    Answer {
        step: step.into(),
        prompt: prompt.into(),
        value: AnswerValue::Text { text: text.into() },
    }
}

fn entry(kind: Kind, exercise: Option<&str>, days: i64, answers: Vec<Answer>) -> Entry {
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

/// A data directory with the homework pack installed (before-a-hard-talk twice a
/// week, far-apart once, from ten days ago to four days ahead) and a journal: one
/// exercise done, one done privately, one done before the homework was set, and a
/// plan from the exercise with a try and a review. Returns the ids of the public
/// exercise entry and the try.
fn setup(data: &Path) -> (String, String) {
    let source = std::fs::read_to_string(fixture("packs/good/every-kind.json")).unwrap();
    let mut pack: Value = serde_json::from_str(&source).unwrap();
    let today = Local::now().date_naive();
    pack["assignment"] = json!({
        "from": "Sam Rivera, LMFT",
        "for": "Alex",
        "assigned": (today - Duration::days(10)).to_string(),
        "due": (today + Duration::days(4)).to_string(),
        "items": [
            { "exercise": "before-a-hard-talk", "times": 2, "per": "week" },
            { "exercise": "far-apart", "times": 1, "per": "total" }
        ]
    });
    let file = data.join("homework.json");
    std::fs::write(&file, pack.to_string()).unwrap();
    between(data)
        .args(["pack", "add"])
        .arg(&file)
        .assert()
        .success();

    let store = Store::new(DataDir::resolve(Some(data)).unwrap());
    let mut writer = store.open().unwrap();
    let prompt = "Write the first sentence you want to say.";
    let done = entry(
        Kind::Exercise,
        Some("before-a-hard-talk"),
        1,
        vec![text("opening", prompt, OPENING)],
    );
    let mut private = entry(
        Kind::Exercise,
        Some("before-a-hard-talk"),
        2,
        vec![text("opening", prompt, SECRET)],
    );
    private.private = true;
    let too_early = entry(
        Kind::Exercise,
        Some("before-a-hard-talk"),
        20,
        vec![text("opening", prompt, "before the homework")],
    );
    let mut plan = entry(
        Kind::Plan,
        Some("before-a-hard-talk"),
        3,
        vec![text(
            "strategy",
            "What I will try",
            "Five slow minutes first",
        )],
    );
    plan.practice = Some(PracticeData::Plan {
        frequency: Frequency::Week { times: 2 },
        review_on: None,
    });
    let mut attempt = entry(
        Kind::Try,
        None,
        1,
        vec![text("note", "How it went", TRY_NOTE)],
    );
    attempt.link = Some(plan.id.clone());
    attempt.practice = Some(PracticeData::Try {
        at: days_ago(1),
        rating: 4,
    });
    let mut review = entry(Kind::Review, None, 0, Vec::new());
    review.link = Some(plan.id.clone());
    review.practice = Some(PracticeData::Review {
        decision: Decision::Keep,
        next_review_on: None,
    });
    for e in [&done, &private, &too_early, &plan, &attempt, &review] {
        writer.save(e).unwrap();
    }
    (done.id.as_str().to_owned(), attempt.id.as_str().to_owned())
}

fn report(data: &Path, args: &[&str]) -> std::process::Output {
    let output = between(data).arg("report").args(args).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    output
}

#[test]
fn the_report_holds_the_homework_answers_and_plans_and_counts_private_entries() {
    let data = tempfile::tempdir().unwrap();
    let (done_id, _) = setup(data.path());

    let json: Value = serde_json::from_slice(
        &report(data.path(), &["example-steady", "--format", "json"]).stdout,
    )
    .unwrap();
    assert_eq!(json["report_format"], 1);
    assert_eq!(json["from"], "Sam Rivera, LMFT");
    assert_eq!(json["for"], "Alex");
    assert_eq!(json["summary_only"], false);
    assert_eq!(json["private_left_out"], 1);
    assert_eq!(json["excluded"], 0);
    let first = &json["items"][0];
    assert_eq!(first["exercise"], "before-a-hard-talk");
    assert_eq!(first["title"], "Calm your body before a hard talk");
    assert_eq!(first["days"].as_array().unwrap().len(), 1);
    assert_eq!(first["entries"][0]["id"], done_id.as_str());
    assert_eq!(first["entries"][0]["answers"][0]["answer"], OPENING);
    let plan = &first["plans"][0];
    assert_eq!(plan["tries"], 1);
    assert_eq!(plan["average_rating"], 4.0);
    let kinds: Vec<&str> = plan["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["plan", "try", "review"]);
    assert_eq!(plan["entries"][2]["decision"], "keep");
    assert_eq!(json["items"][1]["days"], json!([]));

    let text = stdout(&report(data.path(), &["example-steady"]));
    assert!(
        text.starts_with("# Homework report: Staying steady in a hard talk\n"),
        "{text}"
    );
    assert!(
        text.contains("Homework from Sam Rivera, LMFT for Alex, set "),
        "{text}"
    );
    assert!(
        text.contains("1 entry marked private is not in this report."),
        "{text}"
    );
    assert!(
        text.contains("Asked: 2 times a week. Done: once ("),
        "{text}"
    );
    assert!(text.contains(OPENING) && text.contains(TRY_NOTE), "{text}");
    assert!(
        text.contains("Tried, went 4 of 5") && text.contains("Reviewed: keep"),
        "{text}"
    );
    assert!(text.contains("Asked: once. Done: not yet"), "{text}");
    assert!(
        !text.contains(SECRET) && !text.contains("before the homework"),
        "{text}"
    );
}

#[test]
fn summary_only_and_excluded_entries_leave_no_text_behind() {
    let data = tempfile::tempdir().unwrap();
    let (done_id, try_id) = setup(data.path());

    for format in ["md", "json"] {
        let output = report(
            data.path(),
            &["example-steady", "--summary-only", "--format", format],
        );
        let text = stdout(&output);
        for written in [OPENING, SECRET, TRY_NOTE, "Five slow minutes first"] {
            assert!(!text.contains(written), "{format}: {written} in {text}");
        }
        if format == "json" {
            let json: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(json["summary_only"], true);
            assert_eq!(json["items"][0]["days"].as_array().unwrap().len(), 1);
            assert_eq!(json["items"][0]["plans"][0]["tries"], 1);
        } else {
            assert!(text.contains("Counts and ratings only"), "{text}");
        }
    }

    let json: Value = serde_json::from_slice(
        &report(
            data.path(),
            &[
                "example-steady",
                "--format",
                "json",
                "--exclude",
                &done_id,
                "--exclude",
                &try_id,
            ],
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(json["excluded"], 2);
    assert_eq!(json["private_left_out"], 1);
    assert_eq!(json["items"][0]["days"], json!([]));
    assert_eq!(json["items"][0]["plans"][0]["tries"], 0);
    assert!(!json.to_string().contains(OPENING) && !json.to_string().contains(TRY_NOTE));
}

#[test]
fn a_json_report_written_to_a_file_reads_back_as_the_same_text() {
    let data = tempfile::tempdir().unwrap();
    setup(data.path());
    let file = data.path().join("for-sam.json");
    let output = report(
        data.path(),
        &[
            "example-steady",
            "--format",
            "json",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert!(stdout(&output).is_empty());
    assert!(stderr(&output).contains("Read it before you share it."));
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let therapist = tempfile::tempdir().unwrap();
    let opened = report(therapist.path(), &["--open", file.to_str().unwrap()]);
    let markdown = report(data.path(), &["example-steady"]);
    assert_eq!(stdout(&opened), stdout(&markdown));

    // A report is someone else's file: escape sequences in it are neutralised.
    let mut json: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    json["from"] = "Sam\u{1b}]0;pwned\u{7}".into();
    std::fs::write(&file, json.to_string()).unwrap();
    let opened = report(therapist.path(), &["--open", file.to_str().unwrap()]);
    assert!(!stdout(&opened).contains('\u{1b}'));
    assert!(stdout(&opened).contains("Homework from Sam"));

    json["report_format"] = 2.into();
    std::fs::write(&file, json.to_string()).unwrap();
    let output = between(therapist.path())
        .args(["report", "--open"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(65));
    assert!(stderr(&output).contains("written by a newer version of between"));
}

#[test]
fn bad_requests_are_refused_with_a_clear_message() {
    let data = tempfile::tempdir().unwrap();
    setup(data.path());
    let cases: [(&[&str], i32, &str); 5] = [
        (&["no-such-pack"], 2, "no pack `no-such-pack`"),
        (&["patterns"], 2, "pack `patterns` sets no homework"),
        (&["example-steady", "--exclude", "ZZZZ"], 2, "ZZZZ"),
        (&[], 2, "PACK"),
        // A file that cannot be read failed while running (1), as the README says; a
        // file that is not a report is invalid data (65, below).
        (
            &["--open", "/nonexistent/report.json"],
            1,
            "/nonexistent/report.json",
        ),
    ];
    for (args, code, message) in cases {
        let output = between(data.path())
            .arg("report")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(code),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(message),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    for (name, content) in [
        ("garbage.json", "not json at all"),
        ("a-pack.json", r#"{"format": 1, "id": "x"}"#),
        (
            "a-whole-pack.json",
            &std::fs::read_to_string(fixture("packs/good/minimal.json")).unwrap(),
        ),
    ] {
        let file = data.path().join(name);
        std::fs::write(&file, content).unwrap();
        let output = between(data.path())
            .args(["report", "--open"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(65), "{name}");
        assert!(
            stderr(&output).contains("is not a between report"),
            "{name}: {}",
            stderr(&output)
        );
    }
}
