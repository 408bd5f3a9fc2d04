//! `between look-back` and the app's look back, on the story's year: the page a
//! person re-reads of their own year.

use std::os::unix::fs::PermissionsExt;

use between::journal::Kind;
use between::journal::practice::PracticeData;
use between::pack::Catalog;
use between::tui::app::{Msg, update};
use between::tui::clock::Now;
use between::tui::theme::Theme;
use crossterm::event::KeyCode;

use crate::common::story::{self, BREAK, BREAK_ADJUSTED, PHRASE};
use crate::common::tui::{key, screen_text, state_of};
use crate::common::{between, stderr, stdout, story_dir, story_journal};
use crate::report_html::Browser;

/// The story's year, December to November.
const STORY_YEAR: [&str; 4] = ["--since", "2024-12-01", "--until", "2025-11-30"];

fn look_back(dir: &std::path::Path, args: &[&str]) -> String {
    let output = between(dir).arg("look-back").args(args).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

/// The mean rating of the tries of the plan titled `title`, as the page writes it.
fn average_of(title: &str) -> String {
    let entries = story::story(1);
    let plan = entries
        .iter()
        .find(|e| e.kind == Kind::Plan && e.title.as_deref() == Some(title))
        .unwrap();
    let ratings: Vec<f64> = entries
        .iter()
        .filter(|e| e.link.as_ref() == Some(&plan.id))
        .filter_map(|e| match e.practice {
            Some(PracticeData::Try { rating, .. }) => Some(f64::from(rating)),
            _ => None,
        })
        .collect();
    between::words::number(ratings.iter().sum::<f64>() / ratings.len() as f64)
}

#[test]
fn the_year_says_how_the_cycle_moved_by_month() {
    let dir = story_dir();
    let page = look_back(dir.path(), &STORY_YEAR);
    assert!(
        page.starts_with("# Looking back: December 2024 to November 2025"),
        "{page}"
    );
    // The chores cycle: most in spring, little in autumn.
    let chores = page
        .lines()
        .find(|l| l.starts_with("- chores:"))
        .unwrap_or_else(|| panic!("no chores line in\n{page}"));
    assert!(chores.contains("most in Apr 2025 (18)"), "{chores}");
    let months = page
        .lines()
        .skip_while(|l| !l.starts_with("- chores:"))
        .nth(1)
        .unwrap();
    assert!(
        months.contains("Apr 18") && months.contains("Oct 2"),
        "{months}"
    );
    // Intensity, month by month: highest in spring, lowest in autumn.
    let intensity = page
        .lines()
        .find(|l| l.starts_with("How strong the feeling is"))
        .unwrap_or_else(|| panic!("no intensity line in\n{page}"));
    assert!(intensity.contains("Highest in Apr 2025"), "{intensity}");
    assert!(
        intensity.contains("lowest in Oct 2025") || intensity.contains("lowest in Nov 2025"),
        "{intensity}"
    );
    // Every month of the period is in the table, once.
    for month in ["Dec 2024", "Apr 2025", "Nov 2025"] {
        assert_eq!(
            page.lines()
                .filter(|l| l.starts_with(&format!("| {month}")))
                .count(),
            1,
            "{month} in\n{page}"
        );
    }
}

#[test]
fn what_worked_is_said_per_version_of_the_strategy() {
    let dir = story_dir();
    let page = look_back(dir.path(), &STORY_YEAR);
    let first = format!("\"{BREAK}\": tried 12 times");
    let line = page
        .lines()
        .find(|l| l.contains(&first))
        .unwrap_or_else(|| panic!("{page}"));
    assert!(
        line.contains(&format!("average {} of 5", average_of(BREAK))),
        "{line}"
    );
    let second = page
        .lines()
        .find(|l| {
            l.contains(&format!(
                "Version 2 (Thu May 22 2025): \"{BREAK_ADJUSTED}\""
            ))
        })
        .unwrap_or_else(|| panic!("{page}"));
    assert!(
        second.contains(&format!("average {} of 5", average_of(BREAK_ADJUSTED))),
        "{second}"
    );
    assert_ne!(average_of(BREAK), average_of(BREAK_ADJUSTED));
    assert!(
        page.contains("(kept)") && page.contains("Thu May 22 2025: adjusted"),
        "{page}"
    );
}

#[test]
fn sessions_invitations_and_what_was_marked_are_there() {
    let dir = story_dir();
    let page = look_back(dir.path(), &STORY_YEAR);
    assert_eq!(page.matches("- Session on ").count(), 12, "{page}");
    assert!(
        page.contains("  - Homework: Take a 20-minute break when voices rise"),
        "{page}"
    );
    let brought = page
        .lines()
        .filter(|l| l.starts_with("  - Brought: "))
        .count();
    assert_eq!(brought, 12, "every session had entries marked before it");
    let invitation = page
        .lines()
        .find(|l| l.contains(": tried \"Ask about couples therapy"))
        .unwrap_or_else(|| panic!("{page}"));
    assert!(invitation.starts_with("- Sun Sep 14 2025"), "{invitation}");
    assert!(page.contains(story::DECLINED), "what happened is said");
    assert!(
        page.contains("26 entries marked to discuss: 24 brought to a session, 2 still to discuss."),
        "{page}"
    );
}

#[test]
fn private_entries_are_counted_and_never_shown() {
    let dir = story_dir();
    let page = look_back(dir.path(), &STORY_YEAR);
    assert!(
        page.contains("3 private entries left out: counted here, not shown."),
        "{page}"
    );
    for private in story::story(1).iter().filter(|e| e.private) {
        let text = private.first_text().unwrap();
        assert!(!page.contains(text), "private text shown: {text}");
    }
    // The other entries' words are there: the phrase's note is in April's counts, and
    // a page is not a list of entries.
    assert!(!page.contains(PHRASE));
}

#[test]
fn a_calendar_year_and_the_default_twelve_months() {
    let dir = story_dir();
    let year = look_back(dir.path(), &["--year", "2025"]);
    assert!(year.starts_with("# Looking back: 2025\n"), "{year}");
    assert!(!year.contains("| Dec 2024"), "{year}");
    assert!(
        year.contains("| Jan "),
        "months within one year go without it"
    );
    // Nothing written in the last twelve months: the page says so, and a page
    // written to a file is said on standard error too.
    let output = between(dir.path()).arg("look-back").output().unwrap();
    assert!(output.status.success());
    assert!(
        stdout(&output).contains("\nNothing was written from"),
        "{}",
        stdout(&output)
    );
    let file = dir.path().join("empty.md");
    let output = between(dir.path())
        .args(["look-back", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        stderr(&output).contains("Nothing was written from"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn bad_periods_are_refused_in_plain_words() {
    let dir = story_dir();
    for (args, says) in [
        (&["--year", "20x5"][..], "is not a year"),
        (
            &["--since", "2025-05-01", "--until", "2025-04-01"],
            "starts after it ends",
        ),
        (&["--since", "someday"], "is not a date"),
        (
            &["--year", "2025", "--since", "2025-01-01"],
            "cannot be used with",
        ),
        (&["--format", "pdf"], "invalid value"),
    ] {
        let output = between(dir.path())
            .arg("look-back")
            .args(args)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?}");
        assert!(
            stderr(&output).contains(says),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(stdout(&output).is_empty());
    }
}

#[test]
fn the_page_is_written_private_and_prints_in_a_browser() {
    let dir = story_dir();
    let out = dir.path().join("year.html");
    let output = between(dir.path())
        .arg("look-back")
        .args(STORY_YEAR)
        .args(["--format", "html", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.contains("<script"), "no script");
    assert!(html.contains("Content-Security-Policy"));
    let Some(browser) = Browser::find() else {
        return;
    };
    let dom = browser.dom(&out);
    assert!(dom.contains("<h1>Looking back: December 2024 to November 2025</h1>"));
    // One chart per measure rated, each over the twelve months.
    let charts = dom.matches("<svg class=\"chart\"").count();
    let measures = html.matches(", the mean of each sitting").count();
    assert!(measures >= 2, "{measures}");
    assert_eq!(charts, measures);
    assert!(
        dom.contains("<title>Ratings before, monthly means from"),
        "{dom}"
    );
    assert!(browser.printed_pages(&out) >= 1);
}

#[test]
fn the_app_looks_back_a_year_at_a_time() {
    let catalog = Catalog::builtin().unwrap();
    let mut state = state_of(catalog, story_journal(), Vec::new(), false);
    let mut now = Now::system();
    now.wall = chrono::DateTime::parse_from_rfc3339("2025-12-01T10:00:00+01:00").unwrap();
    update(&mut state, Msg::Tick(now));
    update(&mut state, Msg::Today(now.wall.date_naive()));
    update(&mut state, key(KeyCode::Char('Y')));
    let theme = Theme::monochrome();
    let screen = screen_text(&state, 80, 24, &theme);
    assert!(
        screen.contains("Looking back: Mon Dec 2 2024 to Mon Dec 1 2025"),
        "{screen}"
    );
    assert!(screen.contains("[ ] year before, after"), "{screen}");
    update(&mut state, key(KeyCode::Char('[')));
    let screen = screen_text(&state, 80, 24, &theme);
    assert!(
        screen.contains("Looking back: Wed Jan 1 2025 to Mon Dec 1 2025"),
        "this year so far:\n{screen}"
    );
    update(&mut state, key(KeyCode::Char('[')));
    let screen = screen_text(&state, 60, 20, &theme);
    assert!(screen.contains("Looking back: 2024"), "{screen}");
    update(&mut state, key(KeyCode::Char(']')));
    update(&mut state, key(KeyCode::Char(']')));
    update(&mut state, key(KeyCode::Char(']')));
    let screen = screen_text(&state, 80, 24, &theme);
    assert!(
        screen.contains("Mon Dec 2 2024 to Mon Dec 1 2025"),
        "no later than now:\n{screen}"
    );
    update(&mut state, key(KeyCode::Esc));
    let screen = screen_text(&state, 80, 24, &theme);
    assert!(!screen.contains("Looking back"), "{screen}");
}
