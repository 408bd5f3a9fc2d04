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

/// The app on the story's year, on Dec 1 2025.
fn app() -> between::tui::app::State {
    use between::tui::app::{Msg, update};
    let catalog = between::pack::Catalog::builtin().unwrap();
    let mut state =
        crate::common::tui::state_of(catalog, crate::common::story_journal(), Vec::new(), false);
    let mut now = between::tui::clock::Now::system();
    now.wall = chrono::DateTime::parse_from_rfc3339("2025-12-01T10:00:00+01:00").unwrap();
    update(&mut state, Msg::Tick(now));
    update(&mut state, Msg::Today(now.wall.date_naive()));
    state
}

fn press(state: &mut between::tui::app::State, keys: &str) {
    use crossterm::event::KeyCode;
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\u{1b}' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        between::tui::app::update(state, crate::common::tui::key(code));
    }
}

fn screen(state: &between::tui::app::State, width: u16, height: u16) -> String {
    let theme = between::tui::theme::Theme::monochrome();
    crate::common::tui::screen_text(state, width, height, &theme)
}

#[test]
fn the_year_calendar_shows_the_spring_and_the_autumn() {
    let mut state = app();
    press(&mut state, "Py");
    let days = crate::common::story::story(1)
        .iter()
        .filter(|e| !e.private)
        .filter_map(between::practice::stats::practice_day)
        .filter(|d| d.year() == 2025)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    for (width, height) in [(80, 24), (60, 20)] {
        let text = screen(&state, width, height);
        assert!(
            text.contains(&format!("2025: {days} days practiced")),
            "{width}×{height}:\n{text}"
        );
        for month in ["Jan", "Apr", "Sep", "Nov"] {
            assert!(text.contains(month), "{width}×{height}:\n{text}");
        }
    }
    // April's row counts more practice days than November's.
    let text = screen(&state, 80, 24);
    let count = |month: &str| -> usize {
        let row = text
            .lines()
            .find(|l| l.contains(&format!("│{month} ")))
            .unwrap_or_else(|| panic!("{month} in\n{text}"));
        row.trim_end_matches('│')
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .next_back()
            .unwrap()
    };
    assert!(count("Apr") > count("Nov"), "{text}");
    press(&mut state, "[");
    assert!(
        screen(&state, 80, 24).contains("2024: "),
        "December 2024 is the story's"
    );
}

#[test]
fn april_reads_in_order_in_the_app() {
    let mut state = app();
    // The journal, April 2025 in the picker (a month back from December, four times
    // more), oldest first.
    press(&mut state, "JR[[[[[[[[\no");
    let text = screen(&state, 100, 30);
    assert!(text.contains("April 2025"), "{text}");
    assert!(text.contains("oldest first"), "{text}");
    // The first entry opened is April's first; n reads on to the next, in order.
    press(&mut state, "\n");
    let first = screen(&state, 100, 30);
    assert!(first.contains("April 2025 · 1 of"), "{first}");
    press(&mut state, "n");
    let second = screen(&state, 100, 30);
    assert!(second.contains("April 2025 · 2 of"), "{second}");
}

#[test]
fn the_strategy_page_says_what_worked_per_version() {
    let dir = story_dir();
    let listed = run(dir.path(), &["strategies"]);
    let id = listed
        .lines()
        .find(|l| l.contains(story::BREAK_ADJUSTED))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("{listed}"));
    let page = run(dir.path(), &["strategies", "show", id]);
    assert!(
        page.contains(story::BREAK),
        "the first version is there:\n{page}"
    );
    let averages: Vec<&str> = page.lines().filter(|l| l.contains("/5 over")).collect();
    assert_eq!(averages.len(), 2, "an average per version:\n{page}");
    assert!(averages[0].contains("over 12 tries"), "{averages:?}");
    assert!(averages[1].contains("over 34 tries"), "{averages:?}");
    assert_ne!(
        averages[0].split("/5").next(),
        averages[1].split("/5").next(),
        "the versions are not blended"
    );
    // The app opens the same page from its list of strategies.
    let mut state = app();
    press(&mut state, "M");
    let mut title = String::new();
    for _ in 0..4 {
        press(&mut state, "\n");
        title = screen(&state, 100, 30)
            .lines()
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        if title.contains(story::BREAK_ADJUSTED) {
            break;
        }
        press(&mut state, "\u{1b}j");
    }
    assert!(title.contains(story::BREAK_ADJUSTED), "{title}");
}
