//! The report back to the therapist through the binary: what is in it, what private
//! and excluded entries leave behind, the summary-only form and the rounds of a
//! homework. Reading reports with `--open` is `report_open.rs`, which shares the
//! helpers here that write a journal and a homework round.

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use between::data_dir::DataDir;
use between::journal::practice::{Decision, Frequency, PracticeData};
use between::journal::{Kind, Store};
use chrono::{Duration, Local};
use common::report::{
    add_pack, days_ago, entry, finished_round, report, text, two_rounds, two_weeks_of_sittings,
};
use common::{between, fixture, stderr, stdout};
use serde_json::{Value, json};

pub(crate) const OPENING: &str = "I feel shaky when we talk about money";
const SECRET: &str = "nobody should see this one";
const TRY_NOTE: &str = "It helped to sit down first";

/// A data directory with the homework pack installed (before-a-hard-talk twice a
/// week, far-apart once, from ten days ago to four days ahead) and a journal: one
/// exercise done, one done privately, one done before the homework was set, and a
/// plan from the exercise with a try and a review. Returns the ids of the public
/// exercise entry and the try.
pub(crate) fn setup(data: &Path) -> (String, String) {
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
    add_pack(data, &file);

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

/// "Week 1: 0 of 2, week 2: 1 of 2, week 3: 1 of 2" for the two entries `setup` makes
/// one and two days ago, in the weeks of homework set ten days ago (week 1 runs from
/// that day to its Sunday, then Monday to Sunday): which weeks they fall in depends on
/// the weekday of today.
fn weeks_of_the_two_done(today: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let set = today - Duration::days(10);
    let first_sunday = set + Duration::days(i64::from(6 - set.weekday().num_days_from_monday()));
    let week_of = |day: chrono::NaiveDate| {
        if day <= first_sunday {
            1
        } else {
            2 + (day - first_sunday - Duration::days(1)).num_days() / 7
        }
    };
    let weeks = week_of(today);
    let done = [today - Duration::days(1), today - Duration::days(2)];
    let words: Vec<String> = (1..=weeks)
        .map(|week| {
            let count = done.iter().filter(|day| week_of(**day) == week).count();
            format!("week {week}: {count} of 2")
        })
        .collect();
    let mut sentence = words.join(", ");
    sentence.replace_range(..1, "W");
    sentence
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
    let weeks = weeks_of_the_two_done(Local::now().date_naive());
    assert!(
        text.contains(&format!("- **Calm your body before a hard talk**: asked 2 times a week; done 2 times (1 kept private). {weeks}.")),
        "{text}"
    );
    assert!(text.contains(OPENING) && text.contains(TRY_NOTE), "{text}");
    assert!(
        text.contains("tried, went 4 of 5") && text.contains("reviewed: keep"),
        "{text}"
    );
    assert!(
        text.contains(
            "- **Notice how you move when you feel far apart**: asked once; not done yet.\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("### Strategies\n\n1 kept, 0 adjusted, 0 dropped, 0 not reviewed yet."),
        "{text}"
    );
    // Each prompt once, however many entries answer it.
    assert_eq!(text.matches("How it went").count(), 1, "{text}");
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
fn a_json_report_is_written_to_a_file_private_to_the_client() {
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

    // What the therapist makes of the file is `report_open.rs`.
}

#[test]
fn bad_requests_are_refused_with_a_clear_message() {
    let data = tempfile::tempdir().unwrap();
    setup(data.path());
    let cases: [(&[&str], i32, &str); 4] = [
        (&["no-such-pack"], 2, "no pack `no-such-pack`"),
        (&["patterns"], 2, "pack `patterns` sets no homework"),
        (&["example-steady", "--exclude", "ZZZZ"], 2, "ZZZZ"),
        (&[], 2, "PACK"),
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
}

fn json_report(data: &Path, args: &[&str]) -> Value {
    let mut all = vec!["example-steady", "--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_slice(&report(data, &all).stdout).unwrap()
}

#[test]
fn an_upgrade_keeps_the_earlier_round_and_each_round_counts_in_its_own_window() {
    let data = tempfile::tempdir().unwrap();
    let rounds = two_rounds(data.path());

    // The current round: version 2, counted from its own day set.
    let current = json_report(data.path(), &[]);
    assert_eq!(current["round"], 2);
    assert_eq!(current["pack"]["version"], 2);
    assert_eq!(current["assigned"], rounds.second.to_string());
    assert_eq!(current["items"][0]["days"].as_array().unwrap().len(), 1);

    // The earlier round still counts what was done for it.
    let earlier = json_report(data.path(), &["--round", "1"]);
    assert_eq!(earlier["round"], 1);
    assert_eq!(earlier["pack"]["version"], 1);
    assert_eq!(earlier["assigned"], rounds.first.0.to_string());
    assert_eq!(earlier["due"], rounds.first.1.to_string());
    assert_eq!(earlier["items"][0]["days"].as_array().unwrap().len(), 2);
    assert_eq!(
        earlier["items"][0]["title"],
        "Calm your body before a hard talk"
    );

    let text = stdout(&report(data.path(), &["example-steady", "--round", "1"]));
    assert!(text.contains("Round 1 of 2 (version 1)"), "{text}");
    assert!(
        text.contains(
            "asked 2 times a week; done 2 times. Week 1: 0 of 2, week 2: 2 of 2, week 3: 0 of 2."
        ),
        "{text}"
    );
    let text = stdout(&report(data.path(), &["example-steady"]));
    assert!(text.contains("Round 2 of 2 (version 2)"), "{text}");
    assert!(text.contains("asked 2 times a week; done once."), "{text}");
    assert!(
        text.contains("`between report example-steady --round 1`"),
        "{text}"
    );
}

#[test]
fn a_removed_pack_is_still_reported_from_its_kept_rounds() {
    let data = tempfile::tempdir().unwrap();
    two_rounds(data.path());
    let removed = between(data.path())
        .args(["pack", "remove", "--yes", "example-steady"])
        .output()
        .unwrap();
    assert!(
        stdout(&removed).contains("`between report example-steady` still reports it"),
        "{}",
        stdout(&removed)
    );

    let text = stdout(&report(data.path(), &["example-steady"]));
    assert!(text.contains("Round 2 of 2 (version 2)"), "{text}");
    assert!(text.contains("no longer installed"), "{text}");
    assert!(
        text.contains("- **Calm your body before a hard talk**: asked 2 times a week; done once. Week 1: 1 of 2, week 2: 0 of 2."),
        "{text}"
    );
    let earlier = json_report(data.path(), &["--round", "1"]);
    assert_eq!(earlier["installed"], false);
    assert_eq!(earlier["items"][0]["days"].as_array().unwrap().len(), 2);
}

#[test]
fn all_rounds_reports_each_in_its_own_window() {
    let data = tempfile::tempdir().unwrap();
    two_rounds(data.path());
    let all = json_report(data.path(), &["--all-rounds"]);
    let rounds = all.as_array().unwrap();
    assert_eq!(rounds.len(), 2);
    assert_eq!(rounds[0]["round"], 1);
    assert_eq!(rounds[0]["items"][0]["days"].as_array().unwrap().len(), 2);
    assert_eq!(rounds[1]["round"], 2);
    assert_eq!(rounds[1]["items"][0]["days"].as_array().unwrap().len(), 1);

    let text = stdout(&report(data.path(), &["example-steady", "--all-rounds"]));
    let first = text
        .find("Round 1 of 2")
        .unwrap_or_else(|| panic!("{text}"));
    let second = text
        .find("Round 2 of 2")
        .unwrap_or_else(|| panic!("{text}"));
    assert!(first < second, "{text}");

    // What --all-rounds wrote as JSON reads back with --open as the same Markdown,
    // each round in turn.
    let file = data.path().join("all.json");
    report(
        data.path(),
        &[
            "example-steady",
            "--all-rounds",
            "--format",
            "json",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(crate::report_open::as_markdown(&file), text);
}

#[test]
fn a_round_that_is_not_there_is_refused_naming_the_rounds_there_are() {
    let data = tempfile::tempdir().unwrap();
    two_rounds(data.path());
    for round in ["7", "0"] {
        let output = between(data.path())
            .args(["report", "example-steady", "--round", round])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        let said = stderr(&output);
        assert!(said.contains(&format!("no round {round}")), "{said}");
        assert!(
            said.contains("1 (version 1") && said.contains("2 (version 2"),
            "{said}"
        );
        assert!(stdout(&output).is_empty());
    }
    let output = between(data.path())
        .args(["report", "example-steady", "--round", "1", "--all-rounds"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn page_one_gives_each_week_against_what_was_asked_the_measures_within_and_across_sittings_and_what_to_discuss()
 {
    let data = tempfile::tempdir().unwrap();
    let monday = finished_round(data.path(), |_| {});
    let sittings = two_weeks_of_sittings(data.path(), monday, OPENING);
    let chosen = &sittings.chosen;
    let args = [
        "example-steady",
        "--note",
        "Week two was easier.\nI want to talk about Sunday.",
        "--include",
        chosen,
    ];
    let text = stdout(&report(data.path(), &args));
    let expected_lines = [
        "## A note from Alex\n\n> Week two was easier.\n> I want to talk about Sunday.\n",
        "- **Calm your body before a hard talk**: asked 3 times a week; done 5 times (1 kept private). Week 1: 2 of 3, week 2: 3 of 3.\n",
        "- **How steady you feel** (1–5, higher is better)\n",
        "  - Within a sitting: 2.5 before → 4 after, on average (4 sittings).\n",
        "  - Over the round (each sitting's first rating): week 1 1.5 → week 2 3.5.\n",
        "  - Latest 4: above the cutoff of 2 (at or below is of concern); 2 of 4 sittings at or below it.\n",
        "  - First 1 → latest 4: up 3 since the first, more than the reliable change of 2.\n",
        "### Marked to discuss\n",
        "The Sunday argument about his mother",
        "1 entry marked private is not in this report.",
    ];
    for expected in expected_lines {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    let page_one = &text[..text.find("## The entries").expect(&text)];
    assert!(
        page_one.contains(OPENING),
        "the flagged sitting's text: {page_one}"
    );
    assert!(
        !text.contains(sittings.not_chosen) && !text.contains(sittings.secret),
        "{text}"
    );
    // Each prompt once in the entries, however many sittings answer it.
    let entries = &text[text.find("## The entries").unwrap()..];
    assert_eq!(
        entries
            .matches("Write the first sentence you want to say.")
            .count(),
        1,
        "{entries}"
    );

    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let json: Value = serde_json::from_slice(&report(data.path(), &json_args).stdout).unwrap();
    assert_eq!(
        json["note"],
        "Week two was easier.\nI want to talk about Sunday."
    );
    assert_eq!(json["weeks"].as_array().unwrap().len(), 2);
    assert_eq!(json["items"][0]["per_week"], json!([2, 3]));
    assert_eq!(json["items"][0]["private"], 1);
    let measure = &json["measures"][0];
    assert_eq!(measure["title"], "How steady you feel");
    assert_eq!(
        measure["cutoff"],
        json!({ "at": 2.0, "concerning": "at-or-below" })
    );
    assert_eq!(
        measure["within"],
        json!({ "sittings": 4, "before": 2.5, "after": 4.0 })
    );
    assert_eq!(measure["per_week"], json!([1.5, 3.5]));
    assert_eq!(json["flagged"].as_array().unwrap().len(), 2);

    // Only an entry marked to discuss can be added, and never a private one.
    let refused = between(data.path())
        .args(["report", "example-steady", "--include", &sittings.private])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("private entries never go in a report"),
        "{}",
        stderr(&refused)
    );
}

/// Installs the steady pack with `assignment` and saves `entries`.
fn homework_with(data: &Path, assignment: Value, entries: &[&between::journal::Entry]) {
    let source = std::fs::read_to_string(fixture("packs/good/every-kind.json")).unwrap();
    let mut pack: Value = serde_json::from_str(&source).unwrap();
    pack["assignment"] = assignment;
    let file = data.join("homework.json");
    std::fs::write(&file, pack.to_string()).unwrap();
    add_pack(data, &file);
    common::report::save(data, entries);
}

#[test]
fn a_round_with_no_day_set_begins_its_weeks_on_a_monday_not_on_a_private_day() {
    use chrono::Datelike;
    let data = tempfile::tempdir().unwrap();
    let today = Local::now().date_naive();
    let monday = today
        - Duration::days(i64::from(today.weekday().num_days_from_monday()))
        - Duration::days(21);
    // The first time done is private, on a Wednesday.
    let mut private = common::report::sitting(monday, 2, 1, 1, SECRET);
    private.private = true;
    let shown = common::report::sitting(monday, 9, 2, 3, OPENING);
    homework_with(
        data.path(),
        json!({
            "from": "Sam",
            "items": [{ "exercise": "before-a-hard-talk", "times": 3, "per": "week" }]
        }),
        &[&private, &shown],
    );
    let json = json_report(data.path(), &[]);
    assert_eq!(json["weeks"][0]["from"], monday.to_string(), "{json}");
    assert_eq!(json["items"][0]["per_week"][0], 1);
    let text = stdout(&report(data.path(), &["example-steady"]));
    let wednesday = (monday + Duration::days(2)).format("%a %-d").to_string();
    assert!(!text.contains(&wednesday), "{text}");
}

#[test]
fn counts_only_leaves_out_the_written_title_of_a_plan_marked_to_discuss() {
    let data = tempfile::tempdir().unwrap();
    let today = Local::now().date_naive();
    let strategy = "Tell him about the letter from my mother";
    let mut plan = entry(
        Kind::Plan,
        Some("before-a-hard-talk"),
        1,
        vec![text("strategy", "What I will try", strategy)],
    );
    plan.title = Some(strategy.into());
    plan.discuss = true;
    plan.practice = Some(PracticeData::Plan {
        frequency: Frequency::Week { times: 2 },
        review_on: None,
    });
    homework_with(
        data.path(),
        json!({
            "from": "Sam",
            "assigned": (today - Duration::days(5)).to_string(),
            "items": [{ "exercise": "before-a-hard-talk", "times": 3, "per": "week" }]
        }),
        &[&plan],
    );
    for format in ["md", "json", "html"] {
        let output = report(
            data.path(),
            &["example-steady", "--summary-only", "--format", format],
        );
        let text = stdout(&output);
        assert!(!text.contains("letter from my mother"), "{format}: {text}");
    }
    // Not counts only, the client's words are what they marked.
    let text = stdout(&report(data.path(), &["example-steady"]));
    assert!(text.contains(strategy), "{text}");
}

#[test]
fn a_round_set_long_ago_lists_at_most_two_years_of_weeks() {
    let data = tempfile::tempdir().unwrap();
    let today = Local::now().date_naive();
    let done = common::report::sitting(today - Duration::days(1), 0, 2, 3, OPENING);
    homework_with(
        data.path(),
        json!({
            "from": "Sam",
            "assigned": "2001-01-01",
            "items": [{ "exercise": "before-a-hard-talk", "times": 3, "per": "week" }]
        }),
        &[&done],
    );
    let json = json_report(data.path(), &[]);
    let weeks = json["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 104, "{}", weeks.len());
    assert_eq!(weeks.last().unwrap()["to"], today.to_string());
    let text = stdout(&report(data.path(), &["example-steady"]));
    assert!(
        text.contains("set Mon 1 Jan 2001") && text.contains("the last 104 weeks"),
        "{}",
        &text[..text.len().min(2000)]
    );
}

#[test]
fn an_entry_both_left_out_and_added_is_left_out_and_counted_once() {
    let data = tempfile::tempdir().unwrap();
    let (done_id, _) = setup(data.path());
    let store = Store::new(DataDir::resolve(Some(data.path())).unwrap());
    let journal = store.load().unwrap();
    let mut flagged = journal
        .get(&between::journal::EntryId::parse(&done_id).unwrap())
        .unwrap()
        .clone();
    flagged.discuss = true;
    flagged.revision += 1;
    common::report::save(data.path(), &[&flagged]);
    let json = json_report(data.path(), &["--exclude", &done_id, "--include", &done_id]);
    assert_eq!(json["excluded"], 1, "{json}");
    assert_eq!(json["flagged"], json!(null), "{json}");
}

#[test]
fn include_refuses_an_entry_outside_the_homework_s_days_or_of_a_private_plan() {
    let data = tempfile::tempdir().unwrap();
    let today = Local::now().date_naive();
    let mut early = entry(Kind::Note, None, 30, vec![text("note", "Note", "Long ago")]);
    early.discuss = true;
    let mut plan = entry(
        Kind::Plan,
        None,
        2,
        vec![text("strategy", "What I will try", "Mine")],
    );
    plan.private = true;
    plan.practice = Some(PracticeData::Plan {
        frequency: Frequency::Week { times: 2 },
        review_on: None,
    });
    let mut attempt = entry(
        Kind::Try,
        None,
        1,
        vec![text("note", "How it went", "Fine")],
    );
    attempt.link = Some(plan.id.clone());
    attempt.discuss = true;
    attempt.practice = Some(PracticeData::Try {
        at: days_ago(1),
        rating: 4,
    });
    homework_with(
        data.path(),
        json!({
            "from": "Sam",
            "assigned": (today - Duration::days(5)).to_string(),
            "items": [{ "exercise": "before-a-hard-talk", "times": 3, "per": "week" }]
        }),
        &[&early, &plan, &attempt],
    );
    for (id, words) in [
        (early.id.as_str(), "outside the days of this homework"),
        (attempt.id.as_str(), "belongs to a private plan"),
    ] {
        let refused = between(data.path())
            .args(["report", "example-steady", "--include", id])
            .output()
            .unwrap();
        assert_eq!(refused.status.code(), Some(2), "{}", stdout(&refused));
        assert!(stderr(&refused).contains(words), "{}", stderr(&refused));
    }
}

#[test]
fn an_entry_marked_to_discuss_that_is_private_or_left_out_is_not_on_page_one() {
    let data = tempfile::tempdir().unwrap();
    let (done_id, _) = setup(data.path());
    let store = Store::new(DataDir::resolve(Some(data.path())).unwrap());
    let journal = store.load().unwrap();
    // Every entry of the journal marked to discuss, the private one too.
    let flagged: Vec<between::journal::Entry> = journal
        .entries()
        .map(|e| {
            let mut e = e.clone();
            e.discuss = true;
            e.revision += 1;
            e
        })
        .collect();
    common::report::save(data.path(), &flagged.iter().collect::<Vec<_>>());
    for format in ["md", "json", "html"] {
        let text = stdout(&report(
            data.path(),
            &["example-steady", "--exclude", &done_id, "--format", format],
        ));
        assert!(!text.contains(SECRET), "{format}: {text}");
        assert!(!text.contains(OPENING), "{format}: {text}");
    }
    let json = json_report(data.path(), &["--exclude", &done_id]);
    // The plan, its try and its review are the homework's, shared and flagged.
    assert_eq!(json["flagged"].as_array().unwrap().len(), 3, "{json}");
}
