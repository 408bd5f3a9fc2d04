//! The printable report (`between report --format html`) through the binary and a
//! real headless Chromium: the page the browser builds (the summary table, the
//! charts with their cutoff line, hostile text shown as text, no private text, no
//! script) and the pages it prints (page one alone on the first sheet, the entries
//! from the second, each round of several on its own).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common;
use common::report::{finished_round, report, two_rounds, two_weeks_of_sittings};

const HOSTILE: &str = r#"<script>alert(1)</script> "><img src=x>"#;
/// How HOSTILE reads in the page's text once the browser has built it and written it
/// back out: every `<` and `>` a character, not markup.
const HOSTILE_AS_TEXT: &str = r#"&lt;script&gt;alert(1)&lt;/script&gt; "&gt;&lt;img src=x&gt;"#;
/// A sitting's opening in the test of the printed sheets.
const OPENING_TOO: &str = "I want us to be on one side";
/// The longest a browser run may take before the test fails instead of hanging.
const BROWSER_LIMIT: Duration = Duration::from_secs(60);

/// A headless Chromium with a profile of its own, fresh for each test.
pub(crate) struct Browser {
    profile: tempfile::TempDir,
}

impl Browser {
    /// The browser, or none (with the reason printed) outside CI when it is not
    /// installed; in CI (`CI` set) a missing browser fails the test.
    pub(crate) fn find() -> Option<Browser> {
        let found = Command::new("chromium")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if !found {
            let why = "chromium is not installed (Debian's `chromium` package; .ci/run installs it), \
                       so the printable report cannot be checked in a browser";
            assert!(std::env::var_os("CI").is_none(), "{why}");
            eprintln!("skipped: {why}");
            return None;
        }
        Some(Browser {
            profile: tempfile::tempdir().unwrap(),
        })
    }

    /// Runs the browser on `page` with `args`, its standard output into `out`; fails
    /// the test if it does not finish within [`BROWSER_LIMIT`] or fails. `timeout`
    /// ends the browser's whole process group, its helpers too.
    fn run(&self, args: &[String], page: &Path, out: &Path) {
        let started = Instant::now();
        let status = Command::new("timeout")
            .arg("--kill-after=5")
            .arg(BROWSER_LIMIT.as_secs().to_string())
            .arg("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .arg(format!("--user-data-dir={}", self.profile.path().display()))
            .args(args)
            .arg(format!("file://{}", page.display()))
            .env("HOME", self.profile.path())
            .stdout(std::fs::File::create(out).unwrap())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert_ne!(
            status.code(),
            Some(124),
            "chromium did not finish within {} s",
            BROWSER_LIMIT.as_secs()
        );
        assert!(status.success(), "chromium failed: {status}");
        eprintln!("chromium {:?}: {:?}", args, started.elapsed());
    }

    /// The page as the browser built it, written back out as HTML.
    pub(crate) fn dom(&self, page: &Path) -> String {
        let out = self.profile.path().join("dom.html");
        self.run(&["--dump-dom".into()], page, &out);
        std::fs::read_to_string(out).unwrap()
    }

    /// How many sheets the browser prints `page` on.
    pub(crate) fn printed_pages(&self, page: &Path) -> usize {
        let pdf = page.with_extension("pdf");
        let args = [
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ];
        self.run(&args, page, &self.profile.path().join("print.log"));
        pages(&std::fs::read(pdf).unwrap())
    }
}

/// The pages of a PDF: its `/Type /Page` objects (not the `/Pages` tree). Chromium
/// writes its page objects uncompressed, so they can be counted in the bytes.
fn pages(pdf: &[u8]) -> usize {
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let mut count = 0;
    for (at, _) in pdf.windows(5).enumerate().filter(|(_, w)| w == b"/Type") {
        let rest = &pdf[at + 5..];
        let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        if rest.starts_with(b"/Page") && !rest[5..].first().is_some_and(u8::is_ascii_alphanumeric) {
            count += 1;
        }
    }
    count
}

/// Writes the report with `args` to `name` in the data directory through the
/// binary; returns the file and its text.
fn write_html(data: &Path, name: &str, args: &[&str]) -> (PathBuf, String) {
    let file = data.join(name);
    let mut all = vec!["example-steady", "--format", "html", "--out"];
    all.push(file.to_str().unwrap());
    all.extend_from_slice(args);
    report(data, &all);
    let text = std::fs::read_to_string(&file).unwrap();
    (file, text)
}

/// What a self-contained page must not hold: scripts, loads, fonts, images.
fn assert_self_contained(html: &str) {
    let lower = html.to_lowercase();
    for banned in [
        "<script",
        "<link",
        "<img",
        "<iframe",
        "<object",
        "<embed",
        "http:",
        "https:",
        "url(",
        "@import",
        "@font-face",
        " src=\"",
        " href=\"",
    ] {
        assert!(!lower.contains(banned), "{banned:?} in the page:\n{html}");
    }
    assert!(lower.contains("@media print"), "{html}");
}

/// The rows of the page's table of items, each a list of its cells' text.
fn table_rows(dom: &str) -> Vec<Vec<String>> {
    let start = dom.find(r#"<table class="items">"#).expect(dom);
    let table = &dom[start..start + dom[start..].find("</table>").unwrap()];
    table.split("<tr>").skip(1).map(cells).collect()
}

/// The text of each `<th>` and `<td>` of a row, their inner tags left out.
fn cells(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut rest = row;
    while let Some(open) = rest.find('<') {
        let tag = &rest[open + 1..];
        if tag.starts_with("th") || tag.starts_with("td") {
            let body = &tag[tag.find('>').unwrap() + 1..];
            let end = body.find("</t").unwrap();
            cells.push(plain(&body[..end]));
            rest = &body[end + 1..];
        } else {
            rest = &tag[1..];
        }
    }
    cells
}

/// Markup left out, with a space where a tag stood; the escapes read back.
fn plain(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_printed_page_shows_the_summary_table_and_charts_and_hostile_text_only_as_text() {
    let data = tempfile::tempdir().unwrap();
    let monday = finished_round(data.path(), |pack| {
        pack["exercises"][0]["title"] = format!("Calm {HOSTILE}").into();
    });
    let opening = format!("I said {HOSTILE}");
    let sittings = two_weeks_of_sittings(data.path(), monday, &opening);
    let note = format!("Week two was easier {HOSTILE}");
    let (page, html) = write_html(
        data.path(),
        "report.html",
        &["--note", &note, "--include", &sittings.chosen],
    );
    assert_self_contained(&html);
    assert!(!html.contains(HOSTILE), "{html}");
    for private in [sittings.secret, sittings.not_chosen] {
        assert!(!html.contains(private), "{private} in:\n{html}");
    }

    let Some(browser) = Browser::find() else {
        return;
    };
    let dom = browser.dom(&page);
    assert!(!dom.contains("<script") && !dom.contains("<img"), "{dom}");
    // The title, the answer and the note are there as text: in the table's row, in
    // the flagged sitting on page one and in the entries, and at the top.
    assert!(dom.contains(&format!("Calm {HOSTILE_AS_TEXT}")), "{dom}");
    assert!(dom.contains(&format!("I said {HOSTILE_AS_TEXT}")), "{dom}");
    assert!(
        dom.contains(&format!("Week two was easier {HOSTILE_AS_TEXT}")),
        "{dom}"
    );
    for private in [sittings.secret, sittings.not_chosen] {
        assert!(!dom.contains(private), "{private} in:\n{dom}");
    }

    let rows = table_rows(&dom);
    assert_eq!(rows.len(), 2, "a heading row and one item: {rows:?}");
    assert_eq!(rows[0][..3], ["Exercise", "Asked", "Done"], "{rows:?}");
    assert!(
        rows[0][3].starts_with("Week 1 ") && rows[0][4].starts_with("Week 2 "),
        "{rows:?}"
    );
    assert_eq!(
        rows[1],
        [
            format!("Calm {HOSTILE}").as_str(),
            "3 times a week",
            "5 times (1 kept private)",
            "2 of 3",
            "3 of 3"
        ],
        "{rows:?}"
    );

    // The measure: its sentences, and its chart with the cutoff line at 2 of 1–5.
    for sentence in [
        "Within a sitting: 2.5 before → 4 after, on average (4 sittings).",
        "Latest 4: above the cutoff of 2 (at or below is of concern); 2 of 4 sittings at or below it.",
    ] {
        assert!(dom.contains(sentence), "{sentence} not in:\n{dom}");
    }
    let svg_at = dom.find("<svg").expect(&dom);
    let svg = &dom[svg_at..svg_at + dom[svg_at..].find("</svg>").unwrap()];
    assert!(svg.contains(r#"<line class="cutoff""#), "{svg}");
    assert!(svg.contains(">cutoff 2</text>"), "{svg}");
    assert_eq!(
        svg.matches(r#"<circle class="first""#).count(),
        4,
        "one point per sitting shown: {svg}"
    );

    // The flagged sitting and the note chosen to add, with their text, on page one.
    let summary = &dom[..dom.find(r#"class="entries-part""#).expect(&dom)];
    for expected in [
        "Marked to discuss",
        "The Sunday argument about his mother",
        &format!("I said {HOSTILE_AS_TEXT}"),
        "1 entry marked private is not in this report.",
    ] {
        assert!(summary.contains(expected), "{expected} not in:\n{summary}");
    }
}

#[test]
fn page_one_prints_on_one_sheet_and_the_entries_begin_on_the_next() {
    let data = tempfile::tempdir().unwrap();
    let monday = finished_round(data.path(), |_| {});
    let sittings = two_weeks_of_sittings(data.path(), monday, OPENING_TOO);
    let args = [
        "--note",
        "Week two was easier.\nI want to talk about Sunday.",
        "--include",
        &sittings.chosen,
    ];
    let (_, html) = write_html(data.path(), "full.html", &args);
    // Page one alone, and page one with the entries' heading but none of them: the
    // first prints on one sheet only if page one fits on it, the second on two only
    // if the entries then begin a new one.
    let heading = "<h2>The entries</h2>";
    let start = html.find(heading).expect(&html) + heading.len();
    let end = start + html[start..].find("</section>").unwrap();
    let with_heading = data.path().join("page-one-and-heading.html");
    std::fs::write(&with_heading, [&html[..start], &html[end..]].concat()).unwrap();
    let start = html.find(r#"<section class="entries-part">"#).unwrap();
    let page_one = data.path().join("page-one.html");
    std::fs::write(&page_one, [&html[..start], &html[end..]].concat()).unwrap();
    assert!(
        html[start..end].contains(OPENING_TOO),
        "the entries were cut out"
    );

    let Some(browser) = Browser::find() else {
        return;
    };
    assert_eq!(browser.printed_pages(&page_one), 1, "page one alone");
    assert_eq!(
        browser.printed_pages(&with_heading),
        2,
        "page one, then the entries' heading on the next sheet"
    );
}

#[test]
fn all_rounds_print_each_round_from_a_new_sheet() {
    let data = tempfile::tempdir().unwrap();
    two_rounds(data.path());
    let (page, html) = write_html(
        data.path(),
        "rounds.html",
        &["--all-rounds", "--summary-only"],
    );
    assert_self_contained(&html);
    assert_eq!(html.matches("<article").count(), 2, "{html}");
    let first = html.find("Round 1 of 2").expect(&html);
    assert!(html[first..].contains("Round 2 of 2"), "{html}");

    let Some(browser) = Browser::find() else {
        return;
    };
    // Each round: its page one, then its entries (their days: no text) from a new sheet.
    assert_eq!(browser.printed_pages(&page), 4, "two sheets per round");
}
