//! Practice between sessions through the binary: plans, tries, reviews (with an
//! adjusted plan continuing the strategy), sessions, what is due, the summary to bring
//! along, and the figures.

use crate::common;

use std::path::Path;

use common::{between, stderr, stdout};
use serde_json::Value;

fn run(dir: &Path, args: &[&str]) -> String {
    let output = between(dir).args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    stdout(&output)
}

fn saved_id(text: &str) -> String {
    text.lines()
        .next()
        .unwrap()
        .split_whitespace()
        .nth(2)
        .unwrap()
        .to_owned()
}

fn strategies(dir: &Path) -> Vec<Value> {
    serde_json::from_str::<Value>(&run(dir, &["strategies", "--json"]))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_strategy_is_planned_tried_reviewed_adjusted_and_brought_to_the_session() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing planned: `due` is silent, so it can sit in .bashrc.
    assert_eq!(run(dir.path(), &["due"]), "");

    let plan = saved_id(&run(
        dir.path(),
        &[
            "plan",
            "add",
            "Start with how I feel",
            "--from",
            "communication/gentle-start-up",
            "--per-week",
            "2",
            "--review",
            "today",
        ],
    ));
    let due = run(dir.path(), &["due"]);
    assert_eq!(
        due,
        "between: try \"Start with how I feel\": 0 of 2 this week\n\
         between: review \"Start with how I feel\" (due "
            .to_owned()
            + &chrono::Local::now()
                .date_naive()
                .format(between::journal::practice::DAY)
                .to_string()
            + ")\n"
    );
    run(
        dir.path(),
        &[
            "try",
            &plan[..12],
            "--rating",
            "4",
            "--situation",
            "Dinner",
            "--partner",
            "They listened",
        ],
    );
    run(
        dir.path(),
        &[
            "try",
            &plan[..12],
            "--rating",
            "2",
            "--did",
            "Raised my voice",
        ],
    );
    let all = strategies(dir.path());
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["tries"], 2);
    assert_eq!(all[0]["average_rating"], 3.0);
    assert_eq!(all[0]["area"], "communication");
    assert_eq!(
        run(dir.path(), &["due"]).lines().count(),
        1,
        "only the review is due now"
    );

    let output = run(
        dir.path(),
        &[
            "review",
            &plan[..12],
            "--decision",
            "adjust",
            "--worked",
            "Calm evenings",
            "--new",
            "Start with how I feel, after dinner",
        ],
    );
    assert_eq!(
        output.lines().count(),
        2,
        "a review and the adjusted plan: {output}"
    );
    let all = strategies(dir.path());
    assert_eq!(
        all.len(),
        1,
        "the adjusted plan continues the same strategy"
    );
    assert_eq!(all[0]["plans"], 2);
    assert_eq!(all[0]["strategy"], "Start with how I feel, after dinner");
    assert_eq!(all[0]["decision"], "adjust");
    assert_eq!(all[0]["tries"], 2);

    run(
        dir.path(),
        &["journal", "add", "--discuss", "Ask about the holidays"],
    );
    run(
        dir.path(),
        &[
            "journal",
            "add",
            "--private",
            "--discuss",
            "Not for the report",
        ],
    );
    let prep = run(dir.path(), &["prep"]);
    assert!(
        prep.starts_with("# Since my last session\n\nNo session is recorded yet"),
        "{prep}"
    );
    assert!(prep.contains("## What I tried (2)"));
    assert!(prep.contains("Start with how I feel · went 4/5"), "{prep}");
    assert!(
        prep.contains("## Reviews (1)\n\n- Start with how I feel: adjust"),
        "{prep}"
    );
    assert!(prep.contains("Ask about the holidays"));
    assert!(!prep.contains("Not for the report"));
    assert!(prep.contains("1 private entry was left out."));
    let with_private = run(dir.path(), &["prep", "--include-private"]);
    assert!(with_private.contains("Not for the report"));

    // After a session, the summary starts again from it.
    run(
        dir.path(),
        &[
            "session",
            "--notes",
            "Talked about pausing",
            "--homework",
            "Two soft start-ups",
        ],
    );
    let prep = run(dir.path(), &["prep"]);
    assert!(prep.contains("Last session: "), "{prep}");
    assert!(prep.contains("## What I tried (0)\n\nNone."), "{prep}");
    let out = dir.path().join("prep.md");
    run(dir.path(), &["prep", "--out", out.to_str().unwrap()]);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let stats: Value = serde_json::from_str(&run(dir.path(), &["stats", "--json"])).unwrap();
    assert_eq!(stats["practice_days"], 1);
    assert_eq!(stats["streaks"]["current"], 1);
}

#[test]
fn wrong_plans_ratings_and_decisions_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let plan = saved_id(&run(
        dir.path(),
        &["plan", "add", "Take a pause", "--times", "3", "--by", "7d"],
    ));
    let note = saved_id(&run(dir.path(), &["journal", "add", "just a note"]));
    for (args, message) in [
        (
            vec!["try", "ZZZZ", "--rating", "3"],
            "no plan has an id starting with `ZZZZ`",
        ),
        (
            vec!["try", &note[..12], "--rating", "3"],
            "no plan has an id starting with",
        ),
        (
            vec!["try", &plan[..12], "--rating", "9"],
            "9 is not in 1..=5",
        ),
        (vec!["review", &plan[..12], "--decision", "adjust"], "--new"),
        (vec!["plan", "add", "no frequency"], "say how often"),
        (vec!["plan", "add", "x", "--times", "2"], "--by"),
    ] {
        let output = between(dir.path()).args(&args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
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

#[test]
fn the_command_line_asks_and_keeps_the_questions_the_app_asks() {
    use between::practice::forms;
    let dir = tempfile::tempdir().unwrap();
    let plan = saved_id(&run(
        dir.path(),
        &[
            "plan",
            "add",
            "Start softly",
            "--per-week",
            "2",
            "--notice",
            "My voice",
        ],
    ));
    run(
        dir.path(),
        &[
            "try",
            &plan[..12],
            "--rating",
            "4",
            "--situation",
            "At dinner",
            "--partner",
            "Listened",
        ],
    );
    run(
        dir.path(),
        &[
            "review",
            &plan[..12],
            "--decision",
            "keep",
            "--worked",
            "Slowing down",
        ],
    );
    run(dir.path(), &["session", "--notes", "Talked about Sundays"]);
    let output = between(dir.path())
        .args(["journal", "list", "--json"])
        .output()
        .unwrap();
    let entries: Value = serde_json::from_slice(&output.stdout).unwrap();
    let asked: Vec<(String, String)> = entries
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["answers"].as_array().unwrap().clone())
        .map(|a| {
            (
                a["step"].as_str().unwrap().to_owned(),
                a["prompt"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let all = forms::PLAN
        .iter()
        .chain(&forms::TRY)
        .chain(&forms::REVIEW)
        .chain(&forms::SESSION);
    for (step, prompt) in &asked {
        let question = all.clone().find(|q| q.id == step).unwrap();
        assert_eq!(prompt, question.asked, "{step}");
    }
    assert_eq!(asked.len(), 6, "{asked:?}");
}

#[test]
fn an_entry_shown_alone_has_its_day_and_a_plan_its_frequency_review_and_tries() {
    let dir = tempfile::tempdir().unwrap();
    let plan = saved_id(&run(
        dir.path(),
        &[
            "plan",
            "add",
            "Start with how I feel",
            "--per-week",
            "2",
            "--review",
            "2026-12-20",
        ],
    ));
    run(
        dir.path(),
        &[
            "try",
            &plan[..12],
            "--rating",
            "4",
            "--situation",
            "Sunday dinner with his parents",
            "--on",
            "2026-11-29",
        ],
    );
    let shown = run(dir.path(), &["journal", "show", &plan[..12]]);
    let today = chrono::Local::now().format("%a %b %-d %Y").to_string();
    assert!(
        shown.starts_with(&format!("### {today}, ")),
        "the day, not only the time: {shown}"
    );
    assert!(
        shown.contains("Planned: 2 times a week · look back by Sun Dec 20 2026"),
        "{shown}"
    );
    assert!(
        shown.contains("**Tries: 1, average 4 of 5**\n\n- Sun Nov 29 2026: 4 of 5 · Sunday dinner with his parents"),
        "{shown}"
    );
    let entries: Vec<Value> =
        serde_json::from_str(&run(dir.path(), &["journal", "list", "--json"])).unwrap();
    let attempt = entries
        .iter()
        .find(|e| e["kind"] == "try")
        .and_then(|e| e["id"].as_str())
        .unwrap()
        .to_owned();
    let shown = run(dir.path(), &["journal", "show", &attempt[..12]]);
    assert!(
        shown.contains("How it went: 4 of 5 · happened Sun Nov 29 2026"),
        "{shown}"
    );
}

#[test]
fn prep_says_when_an_entry_to_discuss_was_left_out_for_being_private() {
    let dir = tempfile::tempdir().unwrap();
    run(
        dir.path(),
        &[
            "journal",
            "add",
            "--discuss",
            "--private",
            "What I could not say",
        ],
    );
    run(dir.path(), &["journal", "add", "--discuss", "The car"]);
    let prep = run(dir.path(), &["prep"]);
    assert!(prep.contains("## To discuss (1)"), "{prep}");
    assert!(!prep.contains("could not say"), "{prep}");
    assert!(
        prep.contains("1 private entry to discuss was left out, because you marked it private."),
        "{prep}"
    );
}

#[test]
fn prep_shows_the_homework_of_the_last_session() {
    let dir = tempfile::tempdir().unwrap();
    run(
        dir.path(),
        &[
            "session",
            "--notes",
            "The pause",
            "--homework",
            "Two soft start-ups a week",
        ],
    );
    let prep = run(dir.path(), &["prep"]);
    assert!(
        prep.contains("Homework from it: Two soft start-ups a week"),
        "{prep}"
    );
}

#[test]
fn a_plan_kept_on_the_command_line_is_due_again_on_its_next_review_day() {
    let dir = tempfile::tempdir().unwrap();
    let plan = saved_id(&run(
        dir.path(),
        &[
            "plan",
            "add",
            "Pause",
            "--per-week",
            "1",
            "--review",
            "today",
        ],
    ));
    let today = chrono::Local::now().date_naive();
    let later = today + chrono::Days::new(14);
    run(
        dir.path(),
        &[
            "review",
            &plan[..12],
            "--decision",
            "keep",
            "--next-review",
            &later.to_string(),
        ],
    );
    let due = run(dir.path(), &["due"]);
    assert!(!due.contains("review"), "not before its day: {due}");
    let shown = run(dir.path(), &["journal", "show", &plan[..12]]);
    assert!(
        shown.contains(&format!("Next look back: {}", later.format("%a %b %-d %Y"))),
        "{shown}"
    );
    run(
        dir.path(),
        &[
            "review",
            &plan[..12],
            "--decision",
            "keep",
            "--next-review",
            "today",
        ],
    );
    let due = run(dir.path(), &["due"]);
    assert!(
        due.contains(&format!(
            "review \"Pause\" (due {})",
            today.format(between::journal::practice::DAY)
        )),
        "{due}"
    );
    // The next review day is for keeping; an adjusted plan takes --review-new.
    let output = between(dir.path())
        .args([
            "review",
            &plan[..12],
            "--decision",
            "adjust",
            "--new",
            "Pause longer",
            "--next-review",
            "today",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("--review-new"),
        "{}",
        stderr(&output)
    );
}
