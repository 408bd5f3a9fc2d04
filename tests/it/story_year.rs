//! The reviewer's nine questions, asked of the story's year (`benches/support/story.rs`)
//! through the command line, as a person a year later would ask them. The look back's
//! own page is tested in `look_back.rs`; the app's screens in `tui_app`.

use chrono::{Datelike, NaiveDate};

use crate::common::story::{self, DECLINED, INVITATION, PHRASE};
use crate::common::{between, stderr, stdout, story_dir};

fn run(dir: &std::path::Path, args: &[&str]) -> String {
    let output = between(dir).args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    stdout(&output)
}

/// Entries of the story tagged `tag` whose day is in `months` (of `year`).
fn tagged_in(tag: &str, year: i32, months: std::ops::RangeInclusive<u32>) -> usize {
    story::story(1)
        .iter()
        .filter(|e| e.tags.iter().any(|t| t.as_str() == tag))
        .filter(|e| {
            let day = e.created.date_naive();
            day.year() == year && months.contains(&day.month())
        })
        .count()
}

/// The rows `journal list` printed, one per entry.
fn rows(listed: &str) -> Vec<&str> {
    listed
        .lines()
        .filter(|l| l.len() > 26 && l.as_bytes()[26] == b' ')
        .collect()
}

#[test]
fn how_often_the_cycle_happens_by_season() {
    let dir = story_dir();
    let spring = run(
        dir.path(),
        &[
            "journal",
            "list",
            "--tag",
            "chores",
            "--season",
            "spring-2025",
        ],
    );
    let autumn = run(
        dir.path(),
        &[
            "journal",
            "list",
            "--tag",
            "chores",
            "--season",
            "autumn-2025",
        ],
    );
    assert_eq!(rows(&spring).len(), tagged_in("chores", 2025, 3..=5));
    assert_eq!(rows(&autumn).len(), tagged_in("chores", 2025, 9..=11));
    assert!(
        rows(&spring).len() > 3 * rows(&autumn).len(),
        "spring was the peak"
    );
    // Month by month.
    let by_month = run(
        dir.path(),
        &[
            "stats", "--by", "month", "--tag", "chores", "--since", "2024-12", "--until", "2025-11",
        ],
    );
    let chores = by_month
        .lines()
        .find(|l| l.trim_start().starts_with("chores"))
        .unwrap_or_else(|| panic!("{by_month}"));
    let counts: Vec<usize> = chores
        .split_whitespace()
        .skip(1)
        .map(|n| n.parse().unwrap())
        .collect();
    let expected: Vec<usize> = (0..12)
        .map(|m| {
            let month = NaiveDate::from_ymd_opt(2024, 12, 1)
                .unwrap()
                .checked_add_months(chrono::Months::new(m))
                .unwrap();
            tagged_in("chores", month.year(), month.month()..=month.month())
        })
        .collect();
    assert_eq!(counts, expected, "{by_month}");
}

#[test]
fn an_entry_is_found_by_a_phrase() {
    let dir = story_dir();
    let output = between(dir.path())
        .args(["journal", "search", &format!("\"{PHRASE}\"")])
        .output()
        .unwrap();
    assert!(output.status.success());
    let found = stdout(&output);
    assert_eq!(rows(&found).len(), 1, "{found}");
    assert!(rows(&found)[0].contains("2025-04-16"), "{found}");
    assert!(
        stderr(&output).contains("1 entry matches"),
        "{}",
        stderr(&output)
    );
    // The words alone, not together, find more.
    let words = run(dir.path(), &["journal", "search", "blue", "mug"]);
    assert!(!rows(&words).is_empty());
}

#[test]
fn what_worked_best_is_first_and_the_dropped_one_says_so() {
    let dir = story_dir();
    let listed = run(dir.path(), &["strategies"]);
    let lines: Vec<&str> = listed.lines().collect();
    let adjusted = lines
        .iter()
        .position(|l| l.contains(story::BREAK_ADJUSTED))
        .unwrap_or_else(|| panic!("{listed}"));
    let dropped = lines
        .iter()
        .position(|l| l.contains(story::CHECK_IN))
        .unwrap();
    assert!(adjusted < dropped, "{listed}");
    assert!(lines[dropped].ends_with("(drop)"), "{listed}");
    assert!(lines[adjusted].contains("46 tries"), "{listed}");
}

#[test]
fn the_last_invitation_and_what_happened() {
    let dir = story_dir();
    let strategies = run(dir.path(), &["strategies"]);
    assert!(
        strategies.contains("You last invited your partner"),
        "{strategies}"
    );
    assert!(strategies.contains("on Sun Sep 14 2025."), "{strategies}");
    // What happened: the try's words, found by the plan's words.
    let tries = run(
        dir.path(),
        &[
            "journal",
            "list",
            "--kind",
            "try",
            "--area",
            "inviting-partner",
        ],
    );
    let last = rows(&tries)[0];
    assert!(
        last.contains("2025-09-14") && last.contains(INVITATION),
        "{tries}"
    );
    let id = last.split_whitespace().next().unwrap();
    let shown = run(dir.path(), &["journal", "show", id]);
    assert!(shown.contains(DECLINED), "{shown}");
}

#[test]
fn one_month_reads_in_order() {
    let dir = story_dir();
    let april = run(dir.path(), &["journal", "list", "--month", "2025-04"]);
    let listed = rows(&april);
    let expected = story::story(1)
        .iter()
        .filter(|e| {
            let day = e.created.date_naive();
            (day.year(), day.month()) == (2025, 4)
        })
        .count();
    assert_eq!(listed.len(), expected, "{april}");
    // Every day of it, and only it, newest first.
    let days: Vec<&str> = listed
        .iter()
        .map(|row| row.split_whitespace().nth(1).unwrap())
        .collect();
    assert!(days.iter().all(|d| d.starts_with("2025-04-")), "{days:?}");
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
}
