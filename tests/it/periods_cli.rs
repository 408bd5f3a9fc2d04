//! Periods on the command line: `--since 2025-03`, `--until 2025-03`, `--month`,
//! `--season`, `--year` on list, search and export, and `stats --by month`, on a
//! journal of entries written on days chosen here.

use crate::common;

use std::path::Path;

use between::journal::Entry;
use between::journal::record::Record;
use common::{between, stderr, stdout};
use serde_json::Value;

/// Writes notes created at noon UTC on each `(day, tags)`, with the day as its text.
fn journal_of(dir: &Path, notes: &[(&str, &[&str])]) {
    let store =
        between::journal::Store::new(between::data_dir::DataDir::resolve(Some(dir)).unwrap());
    let mut log = store.open_append().unwrap();
    for (day, tags) in notes {
        let mut entry = Entry::note(format!("written {day}"));
        entry.created =
            chrono::DateTime::parse_from_rfc3339(&format!("{day}T12:00:00+00:00")).unwrap();
        entry.updated = entry.created;
        entry.tags = tags.iter().map(|t| (*t).into()).collect();
        log.append(&Record::put(entry)).unwrap();
    }
}

/// A spread over the turn of 2024 and the spring of 2025.
fn a_year(dir: &Path) {
    journal_of(
        dir,
        &[
            ("2024-11-30", &[]),
            ("2024-12-01", &["chores"]),
            ("2025-02-28", &["chores"]),
            ("2025-03-01", &["chores"]),
            ("2025-03-31", &["chores", "money"]),
            ("2025-04-01", &["chores"]),
            ("2025-04-30", &[]),
            ("2025-05-01", &["chores"]),
            ("2025-06-01", &["money"]),
        ],
    );
}

/// The days of the entries `journal list` prints as JSON with `args`, oldest first.
fn days(dir: &Path, args: &[&str]) -> Vec<String> {
    let output = between(dir)
        .args(["journal", "list", "--json"])
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut days: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["created"].as_str().unwrap()[..10].to_owned())
        .collect();
    days.sort();
    days
}

#[test]
fn since_a_month_starts_on_its_first_and_until_a_month_ends_on_its_last() {
    let dir = tempfile::tempdir().unwrap();
    a_year(dir.path());
    assert_eq!(
        days(dir.path(), &["--since", "2025-03", "--until", "2025-04"]),
        ["2025-03-01", "2025-03-31", "2025-04-01", "2025-04-30"]
    );
    assert_eq!(
        days(dir.path(), &["--month", "2025-04"]),
        ["2025-04-01", "2025-04-30"]
    );
    assert_eq!(days(dir.path(), &["--month", "apr-2025"]).len(), 2);
    // Winter 2025 is December 2024 to February 2025.
    assert_eq!(
        days(dir.path(), &["--season", "winter-2025"]),
        ["2024-12-01", "2025-02-28"]
    );
    assert_eq!(
        days(dir.path(), &["--season", "spring-2025", "--tag", "chores"]),
        ["2025-03-01", "2025-03-31", "2025-04-01", "2025-05-01"]
    );
    assert_eq!(days(dir.path(), &["--season", "2025-q2"]).len(), 4);
    assert_eq!(
        days(dir.path(), &["--year", "2024"]),
        ["2024-11-30", "2024-12-01"]
    );
    assert_eq!(days(dir.path(), &["--until", "2024"]).len(), 2);
}

#[test]
fn search_and_export_take_the_same_periods() {
    let dir = tempfile::tempdir().unwrap();
    a_year(dir.path());
    let output = between(dir.path())
        .args([
            "journal", "search", "written", "--month", "2025-03", "--json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let found: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(found.as_array().unwrap().len(), 2);
    let output = between(dir.path())
        .args(["export", "--format", "csv", "--season", "spring-2025"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let csv = stdout(&output);
    assert!(csv.contains("written 2025-05-01"), "{csv}");
    assert!(!csv.contains("written 2025-02-28"), "{csv}");
    assert!(!csv.contains("written 2025-06-01"), "{csv}");
}

#[test]
fn a_bad_period_names_the_flag_what_is_wrong_and_the_forms() {
    let dir = tempfile::tempdir().unwrap();
    for (args, said) in [
        (
            &["journal", "list", "--month", "2025-13"][..],
            &[
                "--month",
                "`2025-13`: there is no month 13; use YYYY-MM, e.g. 2025-04",
            ][..],
        ),
        (
            &["journal", "list", "--season", "sprung-2025"],
            &[
                "--season",
                "`sprung` is not a month or a season",
                "spring-2025",
            ],
        ),
        (
            &["export", "--year", "25"],
            &["--year", "four digits, e.g. 2025"],
        ),
        (
            &["journal", "list", "--since", "2025-q5"],
            &[
                "--since",
                "there is no quarter 5",
                "YYYY-MM-DD",
                "spring-2025",
            ],
        ),
        (
            &[
                "journal", "list", "--month", "2025-04", "--since", "2025-01",
            ],
            &["--month", "--since", "cannot be used with"],
        ),
        (
            &[
                "journal",
                "list",
                "--season",
                "spring-2025",
                "--year",
                "2025",
            ],
            &["--season", "--year", "cannot be used with"],
        ),
        (&["stats", "--tag", "chores"], &["add `--by month`"]),
    ] {
        let output = between(dir.path()).args(args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        let error = stderr(&output);
        for words in said {
            assert!(error.contains(words), "{args:?}: {error}");
        }
    }
}

#[test]
fn stats_by_month_counts_a_tag_in_every_month_of_the_period() {
    let dir = tempfile::tempdir().unwrap();
    a_year(dir.path());
    let output = between(dir.path())
        .args([
            "stats", "--by", "month", "--tag", "chores", "--since", "2025-02", "--until", "2025-06",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Entries per month, Sat Feb 1 2025 to Mon Jun 30 2025 (private entries counted)"
    );
    assert_eq!(lines[1].split_whitespace().collect::<Vec<_>>(), ["2025"]);
    assert_eq!(
        lines[2].split_whitespace().collect::<Vec<_>>(),
        ["Feb", "Mar", "Apr", "May", "Jun"]
    );
    let row = |name: &str| -> Vec<&str> {
        let line = lines
            .iter()
            .find(|l| l.trim_start().starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no row {name} in\n{text}"));
        line.split_whitespace()
            .rev()
            .take(5)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect()
    };
    // June has no chores entry: it shows 0, and the money entry of June is not counted.
    assert_eq!(row("all entries"), ["1", "2", "1", "1", "0"]);
    assert_eq!(row("chores"), ["1", "2", "1", "1", "0"]);
    assert_eq!(row("money"), ["0", "1", "0", "0", "0"]);
    assert_eq!(row("note"), ["1", "2", "1", "1", "0"]);
    assert!(lines.iter().all(|l| l.chars().count() <= 80), "{text}");

    let output = between(dir.path())
        .args(["stats", "--by", "month", "--year", "2025", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["months"].as_array().unwrap().len(), 12);
    assert_eq!(json["months"][0], "2025-01");
    assert_eq!(
        json["total"],
        serde_json::json!([0, 1, 2, 2, 1, 1, 0, 0, 0, 0, 0, 0])
    );
    assert_eq!(json["tags"][0]["name"], "chores");
    assert_eq!(
        json["tags"][0]["counts"],
        serde_json::json!([0, 1, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0])
    );
}
