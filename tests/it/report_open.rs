//! Reading reports received from clients with `between report --open`: one or many,
//! formatted for a terminal (plain text when piped), several side by side in one
//! table first, page one alone with `--summary-only`, and files that are not reports
//! refused before anything is printed.

use crate::common;
use crate::report::{OPENING, setup};
use common::report::{finished_round, homework_round, report, save};

/// A sitting of the homework with the report tests' opening sentence.
fn sitting(
    monday: chrono::NaiveDate,
    day: i64,
    before: i64,
    after: i64,
) -> between::journal::Entry {
    common::report::sitting(monday, day, before, after, OPENING)
}

use std::path::{Path, PathBuf};

use chrono::Duration;
use common::{between, fixture, stderr, stdout};
use serde_json::Value;
use textwrap::core::display_width;

/// The reports three homework rounds make, as their clients would send them: Alex's
/// round 1 (five sittings of the six asked, one private, one marked to discuss) and
/// round 2 (four of six), and Blake's one round (two of six). Returns Alex r1, Alex
/// r2 and Blake's file, written in `dir`.
fn three_reports(dir: &Path) -> [PathBuf; 3] {
    let alex = dir.join("alex");
    let blake = dir.join("blake");
    std::fs::create_dir_all(&alex).unwrap();
    std::fs::create_dir_all(&blake).unwrap();

    let monday = finished_round(&alex, |_| {});
    let mut flagged = sitting(monday, 8, 3, 4);
    flagged.discuss = true;
    let mut private = sitting(monday, 10, 1, 1);
    private.private = true;
    save(
        &alex,
        &[
            &sitting(monday, 0, 1, 3),
            &sitting(monday, 2, 2, 4),
            &flagged,
            &sitting(monday, 9, 4, 5),
            &private,
        ],
    );
    let r1 = json_report(&alex, &["--round", "1"], &dir.join("alex-1.json"));
    let second = monday + Duration::days(14);
    homework_round(&alex, "Alex", 2, second);
    save(
        &alex,
        &[
            &sitting(second, 0, 2, 3),
            &sitting(second, 2, 3, 4),
            &sitting(second, 7, 3, 5),
            &sitting(second, 9, 4, 5),
        ],
    );
    let r2 = json_report(&alex, &["--round", "2"], &dir.join("alex-2.json"));

    homework_round(&blake, "Blake", 1, monday);
    save(
        &blake,
        &[&sitting(monday, 1, 2, 2), &sitting(monday, 3, 2, 3)],
    );
    let b = json_report(&blake, &[], &dir.join("blake.json"));
    [r1, r2, b]
}

/// Writes the JSON report on the homework in `data` (with `args`) to `file`.
fn json_report(data: &Path, args: &[&str], file: &Path) -> PathBuf {
    let mut all = vec!["example-steady", "--format", "json", "--out"];
    all.push(file.to_str().unwrap());
    all.extend_from_slice(args);
    report(data, &all);
    file.to_path_buf()
}

/// What `between report --open FILE --out X.md` writes, in a therapist's empty data
/// directory.
pub(crate) fn as_markdown(file: &Path) -> String {
    let therapist = tempfile::tempdir().unwrap();
    let markdown = therapist.path().join("report.md");
    report(
        therapist.path(),
        &[
            "--open",
            file.to_str().unwrap(),
            "--out",
            markdown.to_str().unwrap(),
        ],
    );
    std::fs::read_to_string(&markdown).unwrap()
}

/// `between report --open FILES… EXTRA…` in a therapist's empty data directory.
fn open(files: &[&PathBuf], extra: &[&str]) -> std::process::Output {
    let therapist = tempfile::tempdir().unwrap();
    between(therapist.path())
        .args(["report", "--open"])
        .args(files)
        .args(extra)
        .output()
        .unwrap()
}

fn opened(files: &[&PathBuf], extra: &[&str]) -> String {
    let output = open(files, extra);
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

/// The display column where `what` starts in `line`.
fn column(line: &str, what: &str) -> usize {
    let at = line
        .find(what)
        .unwrap_or_else(|| panic!("{what:?} not in {line:?}"));
    display_width(&line[..at])
}

fn line_with<'a>(text: &'a str, what: &str) -> &'a str {
    text.lines()
        .find(|line| line.contains(what))
        .unwrap_or_else(|| panic!("no line with {what:?} in:\n{text}"))
}

#[test]
fn several_reports_open_as_one_table_of_items_by_rounds_then_each_report_by_client_and_round() {
    let dir = tempfile::tempdir().unwrap();
    let [r1, r2, b] = three_reports(dir.path());

    // Given out of order; shown by client, then pack, then round.
    let text = opened(&[&b, &r2, &r1], &[]);
    let first_report = text.find("Homework report:").expect(&text);
    let table = &text[..first_report];

    let header = line_with(table, "Alex r1");
    let columns = [
        column(header, "Alex r1"),
        column(header, "Alex r2"),
        column(header, "Blake r1"),
    ];
    assert!(columns.is_sorted(), "{table}");
    // A row per client and exercise, a cell per report: done of asked (3 a week for
    // two weeks), under its report's column.
    let alex = line_with(table, "5/6");
    assert!(alex.contains("Calm your body"), "{table}");
    assert_eq!(column(alex, "5/6"), columns[0], "{table}");
    assert_eq!(column(alex, "4/6"), columns[1], "{table}");
    assert!(!alex.contains("2/6"), "{table}");
    let blake = line_with(table, "2/6");
    assert_eq!(column(blake, "2/6"), columns[2], "{table}");
    assert!(
        table.find(alex) < table.find(blake),
        "Alex's rows first: {table}"
    );
    // Each measure's change: within sittings, and from the first week to the last.
    let within = line_with(table, "2.5→4 within");
    assert_eq!(column(within, "2.5→4 within"), columns[0], "{table}");
    assert_eq!(
        column(line_with(table, "wk1 1.5→wk2 3.5"), "wk1 1.5→wk2 3.5"),
        columns[0],
        "{table}"
    );
    assert!(within.contains("How steady you feel"), "{table}");

    // Then each report in turn, in the table's order.
    let at = |what: &str| {
        text.find(what)
            .unwrap_or_else(|| panic!("{what:?} not in:\n{text}"))
    };
    // Alex's first report was written before there was a second round.
    assert!(first_report < at("LMFT for Alex"));
    assert!(at("`example-steady` version 1)") < at("Round 2 of 2 (version 2)"));
    assert!(at("Round 2 of 2 (version 2)") < at("LMFT for Blake"));
    assert_eq!(text.matches("Homework report:").count(), 3, "{text}");
    assert!(text.contains(OPENING), "{text}");
}

#[test]
fn piped_the_reports_are_plain_text_that_fits_80_columns_and_color_always_makes_bold() {
    let dir = tempfile::tempdir().unwrap();
    let [r1, r2, b] = three_reports(dir.path());

    for text in [opened(&[&r1], &[]), opened(&[&r1, &r2, &b], &[])] {
        for markdown in ["**", "##", "\n- ", "\n> "] {
            assert!(!text.contains(markdown), "{markdown:?} in:\n{text}");
        }
        assert!(!text.contains('\u{1b}'), "{text}");
        for line in text.lines() {
            assert!(display_width(line) <= 80, "{line:?} is too wide");
        }
        // Headings stand out without `#`; list items have bullets.
        let title = "Homework report: Staying steady in a hard talk";
        let rule = "═".repeat(display_width(title));
        assert!(text.contains(&format!("{title}\n{rule}\n")), "{text}");
        let item = "• Calm your body before a hard talk: asked 3 times a week; done 5 times (1 kept\n  private). Week 1: 2 of 3, week 2: 3 of 3.\n";
        assert!(text.contains(item), "{text}");
        assert!(text.contains("Summary\n───────\n"), "{text}");
    }

    let bold = opened(&[&r1], &["--color", "always"]);
    assert!(
        bold.contains("\u{1b}[1mCalm your body before a hard talk\u{1b}[0m"),
        "{bold}"
    );
    assert!(bold.contains("Homework report"), "{bold}");
    let never = opened(&[&r1], &["--color", "never"]);
    assert!(!never.contains('\u{1b}'), "{never}");
}

#[test]
fn summary_only_with_open_prints_page_one_without_the_entries_or_any_answer() {
    let dir = tempfile::tempdir().unwrap();
    let [r1, r2, b] = three_reports(dir.path());

    let text = opened(&[&r1, &r2, &b], &["--summary-only"]);
    assert!(line_with(&text, "5/6").contains("4/6"), "the table: {text}");
    assert_eq!(text.matches("Summary\n").count(), 3, "{text}");
    assert!(text.contains("Marked to discuss"), "{text}");
    assert!(!text.contains("The entries"), "{text}");
    assert!(
        !text.contains(OPENING),
        "not even the flagged sitting's: {text}"
    );
    assert!(
        !text.contains("Write the first sentence you want to say."),
        "{text}"
    );
}

#[test]
fn a_received_report_written_out_with_open_is_the_markdown_it_was_made_from() {
    let data = tempfile::tempdir().unwrap();
    setup(data.path());
    let file = json_report(data.path(), &[], &data.path().join("for-sam.json"));
    assert_eq!(
        as_markdown(&file),
        stdout(&report(data.path(), &["example-steady"]))
    );

    // A report is someone else's file: escape sequences in it are neutralised.
    let mut json: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    json["from"] = "Sam\u{1b}]0;pwned\u{7}".into();
    std::fs::write(&file, json.to_string()).unwrap();
    let text = opened(&[&file], &["--color", "always"]);
    assert!(!text.contains("\u{1b}]"), "{text}");
    assert!(text.contains("Homework from Sam"), "{text}");

    json["report_format"] = 2.into();
    std::fs::write(&file, json.to_string()).unwrap();
    let output = open(&[&file], &[]);
    assert_eq!(output.status.code(), Some(65));
    assert!(stderr(&output).contains("written by a newer version of between"));
}

#[test]
fn files_that_are_not_reports_are_refused_each_by_name_before_anything_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    let [r1, ..] = three_reports(dir.path());
    let mut bad = Vec::new();
    for (name, content) in [
        ("garbage.json", "not json at all"),
        ("a-pack.json", r#"{"format": 1, "id": "x"}"#),
        (
            "a-whole-pack.json",
            &std::fs::read_to_string(fixture("packs/good/minimal.json")).unwrap(),
        ),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, content).unwrap();
        let output = open(&[&file], &[]);
        assert_eq!(output.status.code(), Some(65), "{name}");
        assert!(
            stderr(&output).contains("is not a between report"),
            "{name}: {}",
            stderr(&output)
        );
        bad.push(file);
    }

    // Among good ones: every bad file named, nothing printed, invalid data.
    let output = open(&[&r1, &bad[0], &r1, &bad[1]], &[]);
    assert_eq!(output.status.code(), Some(65), "{}", stderr(&output));
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    for file in &bad[..2] {
        assert!(
            stderr(&output).contains(&format!("{} is not a between report", file.display())),
            "{}",
            stderr(&output)
        );
    }
    // A file that cannot be read failed while running (1), as the README says.
    let missing = PathBuf::from("/nonexistent/report.json");
    let output = open(&[&r1, &missing], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("/nonexistent/report.json"));
    assert!(stdout(&output).is_empty());
}

#[test]
fn a_report_given_twice_is_read_once_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let [r1, r2, _] = three_reports(dir.path());
    let again = dir.path().join(".").join(r1.file_name().unwrap());
    let copy = dir.path().join("copy-of-alex-1.json");
    std::fs::copy(&r1, &copy).unwrap();

    let output = open(&[&r1, &r2, &again, &copy], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(text.matches("Homework report:").count(), 2, "{text}");
    let header = line_with(&text, "Alex r1");
    assert_eq!(header.matches("Alex r1").count(), 1, "{text}");
    let said = stderr(&output);
    assert!(said.contains("was given more than once"), "{said}");
    assert!(
        said.contains(&format!(
            "{} holds the same report as {}",
            copy.display(),
            r1.display()
        )),
        "{said}"
    );
}
