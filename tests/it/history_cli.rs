//! The reviewer's history through the binary: `strategies show` (each version of a
//! plan with its own average), `sessions`, and `session --discussed`, which takes the
//! flag off what the session talked about and keeps it, through an export and back.

use crate::common;

use std::path::Path;

use common::{between, stderr, stdout};

fn run(dir: &Path, args: &[&str]) -> String {
    let output = between(dir).args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    stdout(&output)
}

/// The id in a "Saved KIND ID" line.
fn saved_id(text: &str) -> String {
    text.split_whitespace().nth(2).unwrap().to_owned()
}

/// Fails with a message on standard error that says `message`.
fn refused(dir: &Path, args: &[&str], message: &str) {
    let output = between(dir).args(args).output().unwrap();
    assert!(!output.status.success(), "{args:?}");
    assert!(
        stderr(&output).contains(message),
        "{args:?}: {}",
        stderr(&output)
    );
}

#[test]
fn strategies_show_prints_each_version_with_its_own_average() {
    let dir = tempfile::tempdir().unwrap();
    let first = saved_id(&run(
        dir.path(),
        &["plan", "add", "Pause when flooded", "--per-week", "2"],
    ));
    for (on, rating) in [("2025-04-05", "2"), ("2025-04-12", "4")] {
        run(dir.path(), &["try", &first, "--rating", rating, "--on", on]);
    }
    let reviewed = run(
        dir.path(),
        &[
            "review",
            &first,
            "--decision",
            "adjust",
            "--worked",
            "Stopping before shouting",
            "--new",
            "Pause, and say when I will be back",
        ],
    );
    let second = saved_id(reviewed.lines().nth(1).unwrap());
    for (on, rating) in [
        ("2025-05-03", "5"),
        ("2025-05-10", "5"),
        ("2025-05-17", "4"),
    ] {
        run(
            dir.path(),
            &["try", &second, "--rating", rating, "--on", on],
        );
    }
    // Any plan of the strategy names it.
    for id in [&first[..], &second[..]] {
        let page = run(dir.path(), &["strategies", "show", id]);
        assert!(
            page.starts_with("# Pause, and say when I will be back\n"),
            "{page}"
        );
        assert!(
            page.contains("2 versions · 5 tries · latest decision: adjust"),
            "{page}"
        );
        assert!(page.contains("## Version 1 of 2"), "{page}");
        assert!(
            page.contains("_Average 3.0/5 over 2 tries of this version_"),
            "{page}"
        );
        assert!(
            page.contains("_Average 4.7/5 over 3 tries of this version_"),
            "{page}"
        );
        assert!(page.contains("- Sat Apr 5 2025 · went 2/5"), "{page}");
        assert!(
            page.contains("What worked? Stopping before shouting"),
            "{page}"
        );
    }
    // The list is as it was.
    assert!(run(dir.path(), &["strategies"]).contains("Pause, and say when I will be back"));
    refused(
        dir.path(),
        &["strategies", "show", "ZZZZ"],
        "no plan has an id starting with `ZZZZ`",
    );
    let note = saved_id(&run(dir.path(), &["journal", "add", "A walk"]));
    refused(
        dir.path(),
        &["strategies", "show", &note],
        &format!("no plan has an id starting with `{note}`"),
    );
}

#[test]
fn a_session_marks_flagged_entries_discussed_and_keeps_them_through_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let chores = saved_id(&run(
        dir.path(),
        &["journal", "add", "The chores again", "--discuss"],
    ));
    let money = saved_id(&run(
        dir.path(),
        &["journal", "add", "Money worries", "--discuss"],
    ));
    let walk = saved_id(&run(dir.path(), &["journal", "add", "A walk"]));
    // Only flagged entries can be marked discussed, and every id must be one.
    refused(
        dir.path(),
        &["session", "--discussed", &walk],
        &format!("--discussed {walk}: that entry is not flagged to discuss"),
    );
    refused(
        dir.path(),
        &["session", "--discussed", "ZZZZ"],
        "no entry has an id starting with `ZZZZ`",
    );
    assert!(!run(dir.path(), &["sessions"]).contains("## Session on"));
    let said = run(
        dir.path(),
        &[
            "session",
            "--on",
            "2025-11-30",
            "--notes",
            "The Sunday chores",
            "--homework",
            "Take turns choosing",
            "--discussed",
            &chores[..10],
        ],
    );
    assert!(said.contains("Took the flag off 1 entry."), "{said}");
    let sessions = run(dir.path(), &["sessions"]);
    assert!(
        sessions.contains("## To discuss next time (1)"),
        "{sessions}"
    );
    assert!(
        sessions.contains("## Session on Sun Nov 30 2025"),
        "{sessions}"
    );
    assert!(sessions.contains("Take turns choosing"), "{sessions}");
    let brought = sessions.split("Brought to it").nth(1).unwrap();
    assert!(brought.contains("note: The chores again"), "{sessions}");
    assert!(!brought.contains("Money worries"), "{sessions}");
    // The flag is off the chores only, and "since my last session" agrees.
    let prep = run(dir.path(), &["prep"]);
    assert!(
        prep.contains("Money worries") && !prep.contains("The chores again"),
        "{prep}"
    );
    // Through a JSON export into a new journal, the session keeps what it covered.
    let export = dir.path().join("year.json");
    run(
        dir.path(),
        &[
            "export",
            "--format",
            "json",
            "--out",
            export.to_str().unwrap(),
        ],
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&export).unwrap()).unwrap();
    let session = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "session")
        .unwrap();
    assert_eq!(
        session["practice"]["discussed"],
        serde_json::json!([chores])
    );
    assert!(
        !json
            .to_string()
            .contains(&format!("\"discussed\":[\"{money}"))
    );
    let other = tempfile::tempdir().unwrap();
    run(other.path(), &["import", export.to_str().unwrap()]);
    assert_eq!(run(other.path(), &["sessions"]), sessions);
}
