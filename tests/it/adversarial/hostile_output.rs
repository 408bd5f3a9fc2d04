//! Hostile bytes: journal text that tries to drive the terminal (OSC 52 writing the
//! clipboard, OSC 0 setting the window title, CSI clearing the screen, C1 controls,
//! a right-to-left override), entered through every way text gets in (`journal add`
//! from an argument and from standard input, `plan add`, `try`, `review`, `session`,
//! `import` of a crafted export, a pack file, the name of the data directory), and
//! then printed by every command that prints. Nothing of it may reach standard output
//! or standard error as it is; JSON must still decode to the exact text, and files
//! written with `--out` must hold the exact text.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::common::{between, fixture, stderr, stdout};

/// What a hostile journal may hold: each line a way to take over a terminal.
const CORPUS: [&str; 16] = [
    "\u{1b}]52;c;SGVsbG8=\u{7}", // OSC 52: the clipboard
    "\u{1b}]0;owned\u{7}",       // OSC 0: the window title
    "\u{1b}]8;;https://example.invalid\u{1b}\\link\u{1b}]8;;\u{1b}\\", // OSC 8: a hidden link
    "\u{1b}[2J\u{1b}[H",         // CSI: clear the screen
    "\u{1b}[31m",                // CSI: colour
    "\u{9b}2J",                  // C1 CSI, 8-bit
    "\u{9d}52;c;SGVsbG8=\u{9c}", // C1 OSC with C1 ST
    "\u{90}q\u{9c}",             // C1 DCS
    "\u{85}",                    // C1 next line
    "\u{202E}gnp.exe",           // right-to-left override
    "\u{202A}\u{202B}\u{202C}\u{202D}", // embeddings, overrides
    "\u{2066}\u{2067}\u{2068}\u{2069}", // isolates
    "\u{7f}",                    // DEL
    "\u{8}\u{8}",                // backspaces
    "\r",                        // a lone carriage return
    "\u{7}",                     // BEL
];

/// A text made of a label (to find it again) and the whole corpus. No NUL: command
/// arguments cannot hold one (standard input and imports get one, see [`with_nul`]).
fn payload(label: &str) -> String {
    format!("{label} hostile {}.", CORPUS.concat())
}

fn with_nul(label: &str) -> String {
    format!("{label} hostile \u{0}{}.", CORPUS.concat())
}

/// True for what must never reach a terminal: C0 controls but newline and tab, DEL,
/// C1 controls, and the bidi embeddings, overrides and isolates. (Written out here
/// rather than taken from `between::sanitize`, so a mistake there shows.)
fn forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Fails, naming the command and the stream, if `bytes` are not UTF-8 (a stray byte
/// such as 0x9b is an 8-bit CSI to some terminals) or hold a forbidden character.
fn assert_clean(what: &str, stream: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes)
        .unwrap_or_else(|e| panic!("{what}: {stream} is not UTF-8 ({e}): {bytes:?}"));
    if let Some((at, c)) = text.char_indices().find(|(_, c)| forbidden(*c)) {
        panic!("{what}: {stream} holds {c:?} at byte {at}: {text:?}");
    }
}

/// Runs `between ARGS` in `data` (with `input` on standard input), checks both
/// streams, and returns the output.
fn run_in(data: &Path, args: &[&str], input: Option<&str>) -> std::process::Output {
    let mut command = between(data);
    command.args(args);
    if let Some(input) = input {
        command.write_stdin(input);
    }
    let output = command.output().unwrap();
    let what = format!("between {args:?}");
    assert_clean(&what, "stdout", &output.stdout);
    assert_clean(&what, "stderr", &output.stderr);
    output
}

/// Like [`run_in`] for a command that must succeed.
fn ok_in(data: &Path, args: &[&str], input: Option<&str>) -> std::process::Output {
    let output = run_in(data, args, input);
    assert!(
        output.status.success(),
        "between {args:?} failed: {}",
        stderr(&output)
    );
    output
}

/// A data directory (its name hostile too) whose journal holds the corpus in every
/// field a user or an import can fill, with a therapist's pack (hostile too) whose
/// homework the entries belong to.
struct Hostile {
    _root: tempfile::TempDir,
    data: PathBuf,
    /// The first plan's id.
    plan: String,
}

fn hostile() -> &'static Hostile {
    static JOURNAL: OnceLock<Hostile> = OnceLock::new();
    JOURNAL.get_or_init(make_hostile)
}

fn make_hostile() -> Hostile {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data-\u{1b}]0;owned\u{7}\u{9b}2J\u{202E}");
    let d = data.as_path();

    // A pack file: its text is untrusted too.
    let source = std::fs::read_to_string(fixture("packs/good/every-kind.json")).unwrap();
    let mut pack: Value = serde_json::from_str(&source).unwrap();
    let today = chrono::Local::now().date_naive();
    pack["title"] = payload("pack-title").into();
    pack["assignment"] = json!({
        "from": payload("pack-from"),
        "note": payload("pack-note"),
        "assigned": (today - chrono::Duration::days(10)).to_string(),
        "due": (today + chrono::Duration::days(4)).to_string(),
        "items": [{ "exercise": "before-a-hard-talk", "times": 2, "per": "week" }]
    });
    let pack_file = root.path().join("homework.json");
    std::fs::write(&pack_file, pack.to_string()).unwrap();
    ok_in(d, &["pack", "add", pack_file.to_str().unwrap()], None);

    ok_in(
        d,
        &[
            "session",
            "--on",
            "yesterday",
            "--notes",
            &payload("session-notes"),
            "--homework",
            &payload("session-homework"),
        ],
        None,
    );
    ok_in(
        d,
        &[
            "journal",
            "add",
            "--title",
            &payload("add-title"),
            "--tag",
            &payload("add-tag"),
            "--discuss",
            &payload("add-text"),
        ],
        None,
    );
    ok_in(
        d,
        &["journal", "add", "--discuss"],
        Some(&with_nul("add-stdin")),
    );
    let saved = ok_in(
        d,
        &[
            "plan",
            "add",
            &payload("plan"),
            "--from",
            "hard-talks/before-a-hard-talk",
            "--per-week",
            "2",
            "--notice",
            &payload("plan-notice"),
        ],
        None,
    );
    let plan = stdout(&saved).split_whitespace().nth(2).unwrap().to_owned();
    ok_in(
        d,
        &[
            "try",
            &plan,
            "--rating",
            "4",
            "--situation",
            &payload("try-situation"),
            "--did",
            &payload("try-did"),
            "--happened",
            &payload("try-happened"),
            "--partner",
            &payload("try-partner"),
            "--differently",
            &payload("try-differently"),
        ],
        None,
    );
    ok_in(
        d,
        &[
            "review",
            &plan,
            "--decision",
            "adjust",
            "--worked",
            &payload("review-worked"),
            "--didnt",
            &payload("review-didnt"),
            "--new",
            &payload("review-new"),
        ],
        None,
    );

    // A crafted export: hostile text where `import` reads it, NUL included.
    let now = chrono::Local::now().fixed_offset().to_rfc3339();
    let crafted = json!({
        "format": "between-journal", "version": 1, "exported": now,
        "entries": [{
            "id": "01KA0000000000000000000000", "revision": 1,
            "created": now, "updated": now, "kind": "exercise",
            "area": with_nul("import-area"),
            "title": with_nul("import-title"),
            "exercise": { "pack": "example-steady", "pack_version": 1,
                "exercise": "before-a-hard-talk", "title": with_nul("import-exercise") },
            "answers": [
                { "step": "opening", "prompt": with_nul("import-prompt"),
                  "value": { "kind": "text", "text": with_nul("import-text") } },
                { "step": "list", "prompt": "Checklist",
                  "value": { "kind": "checklist", "items": [
                      { "text": with_nul("import-item"), "checked": true }] } },
                { "step": "pick", "prompt": "Choice",
                  "value": { "kind": "choice", "chosen": [with_nul("import-chosen")],
                      "other": with_nul("import-other") } },
                { "step": "scale", "prompt": "Scale",
                  "value": { "kind": "scale", "value": 3, "min": 0, "max": 10,
                      "min_label": with_nul("import-min"), "max_label": with_nul("import-max"),
                      "measure": with_nul("import-measure") } }
            ],
            "tags": [with_nul("import-tag")], "discuss": true
        }]
    });
    let crafted_file = root.path().join("crafted.json");
    std::fs::write(&crafted_file, crafted.to_string()).unwrap();
    ok_in(d, &["import", crafted_file.to_str().unwrap()], None);
    Hostile {
        _root: root,
        data,
        plan,
    }
}

/// The labels of texts in the hostile journal (those of the import carry a NUL).
const TEXTS: [&str; 21] = [
    "session-notes",
    "session-homework",
    "add-title",
    "add-tag",
    "add-text",
    "plan",
    "plan-notice",
    "try-situation",
    "try-did",
    "try-happened",
    "try-partner",
    "try-differently",
    "review-worked",
    "review-didnt",
    "review-new",
    "import-area",
    "import-title",
    "import-prompt",
    "import-text",
    "import-item",
    "import-other",
];

fn exact(label: &str) -> String {
    if label.starts_with("import-") {
        with_nul(label)
    } else {
        payload(label)
    }
}

/// Every string anywhere in a JSON value.
fn strings(value: &Value, found: &mut HashSet<String>) {
    match value {
        Value::String(s) => {
            found.insert(s.clone());
        }
        Value::Array(items) => items.iter().for_each(|v| strings(v, found)),
        Value::Object(map) => map.values().for_each(|v| strings(v, found)),
        _ => {}
    }
}

fn json_strings(bytes: &[u8]) -> HashSet<String> {
    let value: Value = serde_json::from_slice(bytes).unwrap();
    let mut found = HashSet::new();
    strings(&value, &mut found);
    found
}

#[test]
fn no_output_command_lets_a_control_or_bidi_character_through() {
    let h = hostile();
    let d = h.data.as_path();
    let listed = ok_in(d, &["journal", "list", "--json"], None);
    let ids: Vec<String> = serde_json::from_slice::<Vec<Value>>(&listed.stdout)
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 8, "every entry made it in");
    for id in &ids {
        ok_in(d, &["journal", "show", id], None);
    }
    let text_outputs: [(&[&str], &str); 17] = [
        (&["journal", "list"], "add-title hostile"),
        (
            &["journal", "search", "hostile", "--color", "never"],
            "[hostile]",
        ),
        (
            &["journal", "search", "hostile", "--kind", "note"],
            "add-stdin hostile",
        ),
        (&["export"], "try-did hostile"),
        (&["export", "--format", "csv"], "import-text hostile"),
        (&["report", "example-steady"], "import-text hostile"),
        (
            &["report", "example-steady", "--summary-only"],
            "pack-from hostile",
        ),
        (&["prep"], "plan hostile"),
        (&["strategies"], "review-new hostile"),
        (&["stats"], "entries"),
        (&["due"], ""),
        (&["paths"], "data-"),
        (&["areas"], "hard-talks"),
        (&["exercises", "--area", "hard-talks"], "before-a-hard-talk"),
        (&["show", "hard-talks/before-a-hard-talk"], "hard talk"),
        (&["pack", "list"], "pack-title hostile"),
        (&["pack", "show", "example-steady"], "pack-title hostile"),
    ];
    for (args, shown) in text_outputs {
        let output = ok_in(d, args, None);
        assert!(
            stdout(&output).contains(shown),
            "between {args:?} should show {shown:?}: {}",
            stdout(&output)
        );
    }
    // The query is echoed when nothing matches.
    let query = payload("nothing-has-this");
    let none = ok_in(d, &["journal", "search", &query], None);
    assert!(
        stdout(&none).contains("nothing-has-this hostile"),
        "{}",
        stdout(&none)
    );
    // Delete asks on standard error, quoting the entry; "n" keeps it.
    let asked = ok_in(d, &["journal", "delete", &ids[1]], Some("n\n"));
    assert!(
        stderr(&asked).contains("Delete this entry?"),
        "{}",
        stderr(&asked)
    );
}

#[test]
fn search_colours_its_matches_and_nothing_else() {
    let h = hostile();
    let output = between(&h.data)
        .args(["journal", "search", "hostile", "--color", "always"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("\u{1b}[1;7mhostile\u{1b}[0m"), "{text:?}");
    // Only the marks of the matches are escape sequences.
    let unmarked = text.replace("\u{1b}[1;7m", "").replace("\u{1b}[0m", "");
    assert_clean("search --color always", "stdout", unmarked.as_bytes());
}

#[test]
fn json_outputs_are_safe_to_print_and_decode_to_the_exact_text() {
    let h = hostile();
    let d = h.data.as_path();
    let journal = json_strings(&ok_in(d, &["journal", "list", "--json"], None).stdout);
    for label in TEXTS {
        assert!(
            journal.contains(&exact(label)),
            "journal list --json lost {label}"
        );
    }
    assert!(journal.contains(&with_nul("add-stdin")));
    let exported = json_strings(&ok_in(d, &["export", "--format", "json"], None).stdout);
    for label in TEXTS {
        assert!(
            exported.contains(&exact(label)),
            "export --format json lost {label}"
        );
    }
    let found = json_strings(&ok_in(d, &["journal", "search", "hostile", "--json"], None).stdout);
    assert!(found.contains(&payload("try-happened")) && found.contains(&with_nul("import-text")));
    let strategies = json_strings(&ok_in(d, &["strategies", "--json"], None).stdout);
    assert!(
        strategies.contains(&payload("review-new")),
        "{strategies:?}"
    );
    let report =
        json_strings(&ok_in(d, &["report", "example-steady", "--format", "json"], None).stdout);
    for label in ["plan", "try-did", "review-worked", "import-text"] {
        assert!(
            report.contains(&exact(label)),
            "report --format json lost {label}"
        );
    }
    let stats = ok_in(d, &["stats", "--json"], None);
    serde_json::from_slice::<Value>(&stats.stdout).unwrap();
    let paths = json_strings(&ok_in(d, &["paths", "--json"], None).stdout);
    assert!(paths.contains(h.data.to_str().unwrap()), "{paths:?}");
    for args in [
        &["pack", "list", "--json"][..],
        &["areas", "--json"],
        &["exercises", "--json"],
        &["show", "hard-talks/before-a-hard-talk", "--json"],
    ] {
        serde_json::from_slice::<Value>(&ok_in(d, args, None).stdout).unwrap();
    }
}

#[test]
fn files_written_with_out_keep_the_exact_text() {
    let h = hostile();
    let d = h.data.as_path();
    let folder = tempfile::tempdir().unwrap();
    // The file's name is hostile too: the message that names it must not be.
    let file = |name: &str| {
        folder
            .path()
            .join(format!("{name}-\u{1b}]0;owned\u{7}\u{202E}"))
    };
    let cases: [(&[&str], &str, &[&str]); 5] = [
        (
            &["export"],
            "md",
            &["add-text", "try-did", "import-text", "session-notes"],
        ),
        (
            &["export", "--format", "csv"],
            "csv",
            &["add-text", "try-partner", "import-text"],
        ),
        (&["export", "--format", "json"], "json", &[]),
        (
            &["report", "example-steady"],
            "report",
            &["plan", "try-happened", "import-text"],
        ),
        (&["prep"], "prep", &["plan"]),
    ];
    for (args, name, labels) in cases {
        let path = file(name);
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--out", path.to_str().unwrap()]);
        let output = ok_in(d, &all, None);
        assert!(
            output.stdout.is_empty(),
            "{all:?} printed {}",
            stdout(&output)
        );
        assert!(!output.stderr.is_empty(), "{all:?} says where it wrote");
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        for label in labels {
            assert!(
                text.contains(&exact(label)),
                "{all:?}: the file lost the exact {label}"
            );
        }
        if name == "json" {
            let strings = json_strings(&bytes);
            for label in TEXTS {
                assert!(
                    strings.contains(&exact(label)),
                    "the JSON file lost {label}"
                );
            }
        }
    }
}

#[test]
fn an_export_of_hostile_text_imports_back_exactly() {
    let h = hostile();
    let exported = ok_in(&h.data, &["export", "--format", "json"], None);
    let other = tempfile::tempdir().unwrap();
    let file = other.path().join("export.json");
    std::fs::write(&file, &exported.stdout).unwrap();
    let fresh = other.path().join("data");
    ok_in(&fresh, &["import", file.to_str().unwrap()], None);
    let entries = |data: &Path| -> Value {
        serde_json::from_slice(&ok_in(data, &["journal", "list", "--json"], None).stdout).unwrap()
    };
    assert_eq!(entries(&fresh), entries(&h.data));
}

#[test]
fn error_messages_that_quote_hostile_input_are_made_safe() {
    let h = hostile();
    let d = h.data.as_path();
    let bad = payload("bad");
    let missing = h.data.join(payload("missing"));
    let failing: [&[&str]; 10] = [
        &["journal", "show", &bad],
        &["try", &bad, "--rating", "3"],
        &["review", &bad, "--decision", "keep"],
        &["journal", "add", "--area", &bad, "text"],
        &["journal", "add", "--kind", &bad, "text"],
        &["journal", "list", "--limit", &bad],
        &["journal", "list", "--since", &bad],
        &["report", &bad],
        &["show", &bad],
        &["import", missing.to_str().unwrap()],
    ];
    for args in failing {
        let output = run_in(d, args, None);
        assert!(!output.status.success(), "between {args:?} should fail");
        assert!(
            stderr(&output).contains("bad hostile") || stderr(&output).contains("missing hostile"),
            "between {args:?} should name what was wrong: {}",
            stderr(&output)
        );
    }
    let unknown = run_in(d, &["journal", &bad], None);
    assert_eq!(unknown.status.code(), Some(2));
    let extra = run_in(d, &["try", &h.plan, "--rating", "3", &bad], None);
    assert_eq!(extra.status.code(), Some(2));
}

#[test]
fn a_received_report_is_printed_safely() {
    let h = hostile();
    let report = ok_in(
        &h.data,
        &["report", "example-steady", "--format", "json"],
        None,
    );
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("received.json");
    std::fs::write(&file, &report.stdout).unwrap();
    let opened = ok_in(&h.data, &["report", "--open", file.to_str().unwrap()], None);
    assert!(
        stdout(&opened).contains("try-did hostile"),
        "{}",
        stdout(&opened)
    );
}

/// Runs `between ARGS` in `data` with standard output and standard error on a real
/// terminal (a pseudo-terminal, its output processing off so bytes arrive as
/// written), standard input empty; returns all it wrote there.
fn on_a_terminal(data: &Path, args: &[&str]) -> Vec<u8> {
    use std::io::Read;
    use std::os::fd::AsRawFd;
    use std::process::{Command, Stdio};
    let (master, slave) = crate::common::pty::open(None);
    // SAFETY: the termios calls read and write one struct on the slave, which is open.
    unsafe {
        let mut settings: libc::termios = std::mem::zeroed();
        assert_eq!(libc::tcgetattr(slave.as_raw_fd(), &mut settings), 0);
        settings.c_oflag &= !libc::OPOST; // no "\n" to "\r\n"
        assert_eq!(
            libc::tcsetattr(slave.as_raw_fd(), libc::TCSANOW, &settings),
            0
        );
    }
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("between"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("HOME", data)
        .env("TERM", "xterm-256color")
        .env_remove("BETWEEN_HOME")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave))
        .spawn()
        .unwrap();
    let mut written = Vec::new();
    let mut master = master;
    // Reading ends with an error (EIO) once the child has closed the terminal.
    let _ = master.read_to_end(&mut written);
    child.wait().unwrap();
    written
}

#[test]
fn on_a_real_terminal_only_the_match_marks_are_escape_sequences() {
    let h = hostile();
    let d = h.data.as_path();
    let bad = payload("bad");
    let ids = ok_in(d, &["journal", "list", "--json"], None);
    let first = serde_json::from_slice::<Vec<Value>>(&ids.stdout).unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let cases: [&[&str]; 9] = [
        &["journal", "search", "hostile"],
        &["journal", "list"],
        &["journal", "show", &first],
        &["export"],
        &["report", "example-steady"],
        &["journal", "delete", &first],
        &["journal", "add", "--kind", &bad, "text"],
        &["journal", &bad],
        &["journal", "show", &bad],
    ];
    for args in cases {
        let written = on_a_terminal(d, args);
        let text = String::from_utf8_lossy(&written);
        assert!(text.contains("hostile"), "between {args:?} showed {text:?}");
        let unmarked = text.replace("\u{1b}[1;7m", "").replace("\u{1b}[0m", "");
        assert_clean(
            &format!("between {args:?} on a terminal"),
            "the terminal",
            unmarked.as_bytes(),
        );
    }
}

#[test]
fn help_does_not_print_a_hostile_data_directory_from_the_environment() {
    let output = assert_cmd::cargo::cargo_bin_cmd!("between")
        .env("BETWEEN_HOME", payload("home"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_clean("--help", "stdout", &output.stdout);
    assert_clean("--help", "stderr", &output.stderr);
}
