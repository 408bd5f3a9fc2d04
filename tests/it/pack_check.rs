//! `between pack check` through the binary: every broken pack gives its exact error
//! (file, line:column, field path), and hostile files are refused safely.

use crate::common;

use std::fs;
use std::path::Path;

use common::{between, fixture, stderr, stdout};

const SUMMARY_ONE_BAD: &str = "between: 1 of 1 pack file has problems\n";

fn check_in(dir: &Path, files: &[&str]) -> std::process::Output {
    let data = tempfile::tempdir().unwrap();
    between(data.path())
        .current_dir(dir)
        .arg("pack")
        .arg("check")
        .args(files)
        .output()
        .unwrap()
}

#[test]
fn every_bad_fixture_gives_its_exact_error_and_exit_65() {
    let dir = fixture("packs/bad");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 15, "fixtures missing: {names:?}");
    for name in names {
        let expected_file = dir.join(name.replace(".json", ".expected"));
        let expected = fs::read_to_string(&expected_file)
            .unwrap_or_else(|_| panic!("{name} has no .expected file"));
        let output = check_in(&dir, &[&name]);
        assert_eq!(output.status.code(), Some(65), "{name}");
        assert_eq!(stdout(&output), "", "{name}");
        assert_eq!(
            stderr(&output),
            format!("{expected}{SUMMARY_ONE_BAD}"),
            "{name}"
        );
    }
}

#[test]
fn good_fixtures_and_built_in_packs_pass() {
    let root = common::root();
    let mut files = vec![
        "tests/fixtures/packs/good/minimal.json".to_owned(),
        "tests/fixtures/packs/good/every-kind.json".to_owned(),
        "tests/fixtures/packs/good/assignment-only.json".to_owned(),
        "tests/fixtures/packs/good/safety-path.json".to_owned(),
        "tests/fixtures/packs/good/comments.json".to_owned(),
        "tests/fixtures/packs/good/weekly-strain.json".to_owned(),
    ];
    for area in between::pack::builtin::AREAS.iter() {
        files.push(format!("exercises/{}.json", area.id));
    }
    let mut examples: Vec<String> = fs::read_dir(root.join("exercises/examples"))
        .unwrap()
        .map(|e| {
            format!(
                "exercises/examples/{}",
                e.unwrap().file_name().to_string_lossy()
            )
        })
        .collect();
    examples.sort();
    assert!(examples.len() >= 2, "{examples:?}");
    files.extend(examples);
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let output = check_in(&root, &args);
    assert_eq!(stderr(&output), "");
    assert_eq!(output.status.code(), Some(0));
    let out = stdout(&output);
    assert_eq!(out.lines().count(), files.len());
    for file in &files {
        assert!(
            out.contains(&format!("ok: {file}: pack `")),
            "{file} in {out}"
        );
    }
}

#[test]
fn a_mix_of_good_and_bad_files_reports_each_and_exits_65() {
    let output = check_in(
        &fixture("packs"),
        &[
            "good/minimal.json",
            "bad/bad-id.json",
            "bad/wrong-type.json",
        ],
    );
    assert_eq!(output.status.code(), Some(65));
    assert_eq!(
        stdout(&output),
        "ok: good/minimal.json: pack `minimal` version 1, 1 exercise\n"
    );
    let err = stderr(&output);
    assert!(
        err.starts_with("bad/bad-id.json:9:7: exercises[0].id (exercise `Breathe Slowly`): "),
        "{err}"
    );
    assert!(
        err.contains("\nbad/wrong-type.json:13:7: exercises[0].minutes (exercise `breathe`): "),
        "{err}"
    );
    assert!(
        err.ends_with("between: 2 of 3 pack files have problems\n"),
        "{err}"
    );
}

#[test]
fn a_file_over_4_mib_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let minimal = fs::read_to_string(fixture("packs/good/minimal.json")).unwrap();
    // Valid JSON, padded with whitespace just past the limit.
    let padding = " ".repeat(4 * 1024 * 1024 + 1 - minimal.len());
    fs::write(dir.path().join("big.json"), format!("{minimal}{padding}")).unwrap();
    let output = check_in(dir.path(), &["big.json"]);
    assert_eq!(output.status.code(), Some(65));
    assert_eq!(
        stderr(&output),
        format!(
            "big.json: the file is larger than 4 MiB, the most a pack may be\n{SUMMARY_ONE_BAD}"
        )
    );
    // Exactly at the limit is fine.
    fs::write(
        dir.path().join("big.json"),
        format!("{minimal}{}", &padding[1..]),
    )
    .unwrap();
    assert_eq!(check_in(dir.path(), &["big.json"]).status.code(), Some(0));
}

#[test]
fn links_pipes_and_directories_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        fixture("packs/good/minimal.json"),
        dir.path().join("link.json"),
    )
    .unwrap();
    let fifo = dir.path().join("pipe.json");
    let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo only reads the NUL-terminated path it is given.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    fs::create_dir(dir.path().join("folder.json")).unwrap();

    // A FIFO with no writer would block a naive reader forever; this must return.
    let output = check_in(dir.path(), &["link.json", "pipe.json", "folder.json"]);
    assert_eq!(output.status.code(), Some(65));
    let hint = "not a regular file; give the path of the pack file itself";
    assert_eq!(
        stderr(&output),
        format!(
            "link.json: this is a symbolic link, {hint}\n\
             pipe.json: this is a named pipe (FIFO), {hint}\n\
             folder.json: this is a directory, {hint}\n\
             between: 3 of 3 pack files have problems\n"
        )
    );
}

#[test]
fn a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let output = check_in(dir.path(), &["nowhere.json"]);
    assert_eq!(output.status.code(), Some(65));
    assert!(stderr(&output).starts_with("nowhere.json: cannot read it: No such file"));
}

#[test]
fn escape_sequences_in_a_file_never_reach_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let minimal = fs::read_to_string(fixture("packs/good/minimal.json")).unwrap();
    let field = minimal.replace(
        "\"version\": 1,",
        "\"version\": 1, \"\\u001b]0;owned\\u0007\": 1,",
    );
    let kind = minimal.replace("\"kind\": \"read\"", "\"kind\": \"\\u009b2J\"");
    fs::write(dir.path().join("evil\u{1b}[31m.json"), field).unwrap();
    fs::write(dir.path().join("kind.json"), kind).unwrap();
    let output = check_in(dir.path(), &["evil\u{1b}[31m.json", "kind.json"]);
    assert_eq!(output.status.code(), Some(65));
    let err = stderr(&output);
    assert!(err.contains("evil\u{FFFD}[31m.json:"), "{err}");
    assert!(
        err.contains("unknown field `\u{FFFD}]0;owned\u{FFFD}`"),
        "{err}"
    );
    assert!(err.contains("(not `\u{FFFD}2J`)"), "{err}");
    assert!(!err.chars().any(between::sanitize::is_forbidden), "{err:?}");
}

#[test]
fn pack_new_writes_a_starting_point_that_checks_clean_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("homework.json");
    let name = r#"Dr. "Q" O'Neil \ LMFT"#;
    let output = between(dir.path())
        .args(["pack", "new", "--from", name, "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("between pack check"),
        "{}",
        stdout(&output)
    );

    let output = check_in(dir.path(), &["homework.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = fs::read_to_string(&file).unwrap();
    // The schema beside it, for an editor to complete and check as the therapist types.
    assert!(
        written.starts_with("{\n  \"$schema\": \"./pack.schema.json\",\n"),
        "{written}"
    );
    let schema_file = dir.path().join("pack.schema.json");
    assert_eq!(
        fs::read_to_string(&schema_file).unwrap(),
        between::pack::schema()
    );
    // A second pack beside it shares the schema; a different file of that name is kept.
    let output = between(dir.path())
        .args(["pack", "new", "--out"])
        .arg(dir.path().join("second.json"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    fs::write(&schema_file, "{}").unwrap();
    let output = between(dir.path())
        .args(["pack", "new", "--out"])
        .arg(dir.path().join("third.json"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(&schema_file).unwrap(), "{}");
    assert!(
        stdout(&output).contains("pack.schema.json"),
        "{}",
        stdout(&output)
    );
    let pack = between::pack::load_str("homework.json", &written).unwrap();
    let assignment = pack.assignment.as_ref().unwrap();
    assert_eq!(assignment.from, name);
    assert_eq!(pack.author.as_deref(), Some(name));
    let today = chrono::Local::now().date_naive();
    assert_eq!(assignment.assigned, Some(today));
    assert_eq!(assignment.due, Some(today + chrono::Days::new(14)));
    let mut kinds: Vec<&str> = pack
        .exercises
        .iter()
        .flat_map(|e| e.steps.iter().map(|s| s.kind()))
        .collect();
    kinds.sort();
    kinds.dedup();
    let mut all = between::pack::model::STEP_KINDS.to_vec();
    all.sort();
    assert_eq!(kinds, all);
    let assigned: Vec<&str> = assignment
        .items
        .iter()
        .map(|i| i.exercise.as_str())
        .collect();
    assert!(
        assigned.iter().any(|e| e.contains('/')),
        "a built-in one: {assigned:?}"
    );
    assert!(
        assigned.iter().any(|e| !e.contains('/')),
        "one of its own: {assigned:?}"
    );

    // A second run never replaces the file, which may hold an afternoon's work.
    fs::write(&file, "my edits").unwrap();
    let output = between(dir.path())
        .args(["pack", "new", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("already exists; choose another name"));
    assert_eq!(fs::read_to_string(&file).unwrap(), "my edits");

    let output = between(dir.path())
        .args(["pack", "new", "--from", "  "])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--from must not be blank"));
}

/// The bad fixtures the published schema cannot refuse, and why: an editor checks what
/// JSON Schema can say, and `between pack check` the rest.
const SCHEMA_CANNOT_CATCH: [(&str, &str); 25] = [
    // Not JSON at all: the editor's own reading of the JSON marks these.
    ("curly-quotes", "not JSON"),
    ("line-break-in-text", "not JSON"),
    ("missing-comma", "not JSON"),
    ("not-utf8", "not UTF-8 text"),
    ("quote-in-text", "not JSON"),
    ("syntax-error", "not JSON"),
    ("tab-in-text", "not JSON"),
    ("too-deep", "JSON nested deeper than the app reads"),
    ("trailing-comma", "not JSON"),
    ("truncated", "not JSON"),
    ("unclosed-comment", "not JSON with comments"),
    // JSON Schema sees the parsed value, in which the last of two fields wins.
    ("duplicate-key", "a field written twice is gone once parsed"),
    // Rules across fields, or against what is declared elsewhere.
    (
        "blank-text",
        "text of spaces only (no 'not blank' short of a pattern on every text)",
    ),
    (
        "duplicate-id",
        "ids unique by a field of the elements of a list",
    ),
    (
        "measure-range",
        "a scale's range must equal that of its measure, declared elsewhere",
    ),
    ("min-not-below-max", "`min` < `max` compares two fields"),
    (
        "cutoff-outside-range",
        "a cutoff between `min` and `max` compares three fields",
    ),
    (
        "reliable-change-too-large",
        "`reliable_change` at most `max` − `min` compares three fields",
    ),
    (
        "questionnaire-measure",
        "measures named by id, and a dimension's scores against its measure's range",
    ),
    (
        "missing-area",
        "an area the pack declares itself may be any id",
    ),
    (
        "no-exercises",
        "exercises may be empty only when there is an assignment",
    ),
    (
        "partner-before-safety",
        "the order of the steps of an exercise",
    ),
    (
        "questionnaire-inconsistent",
        "bands and regions name dimensions by id",
    ),
    ("timer-lists", "`lists` names an earlier step by id"),
    (
        "unknown-exercise",
        "exercises named by id, the built-in ones among them",
    ),
];

#[test]
fn the_schema_accepts_every_good_fixture_and_refuses_the_bad_ones_it_can() {
    let schema: serde_json::Value = serde_json::from_str(&between::pack::schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let read = |path: &Path| -> Option<serde_json::Value> {
        let text = fs::read_to_string(path).ok()?;
        // As the app reads it: comments are allowed.
        serde_json::from_str(&between::pack::syntax::scan(&text).text).ok()
    };
    for entry in fs::read_dir(fixture("packs/good")).unwrap() {
        let path = entry.unwrap().path();
        let value = read(&path).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    let mut bad: Vec<String> = fs::read_dir(fixture("packs/bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
        .collect();
    bad.sort();
    for name in &bad {
        let cannot = SCHEMA_CANNOT_CATCH.iter().any(|(n, _)| n == name);
        let value = read(&fixture("packs/bad").join(format!("{name}.json")));
        let refused = value.as_ref().is_none_or(|v| !validator.is_valid(v));
        if cannot {
            // Kept honest: a fixture listed here must really get past the schema
            // (or not be JSON at all).
            assert!(
                value.is_none() || !refused,
                "{name} is refused by the schema: take it off the list"
            );
        } else {
            assert!(refused, "the schema lets {name} through");
        }
    }
    for (name, _) in SCHEMA_CANNOT_CATCH {
        assert!(bad.iter().any(|b| b == name), "no bad fixture {name}");
    }
}

#[test]
fn a_pack_with_the_template_s_example_texts_left_gets_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("homework.json");
    crate::common::between(dir.path())
        .args(["pack", "new", "--from", "Sam", "--out"])
        .arg(&file)
        .assert()
        .success();
    let output = crate::common::between(dir.path())
        .args(["pack", "check"])
        .arg(&file)
        .output()
        .unwrap();
    // Still a valid pack: a warning, not a refusal.
    assert_eq!(output.status.code(), Some(0));
    let warned = String::from_utf8_lossy(&output.stderr);
    assert!(
        warned.contains("still the example of `pack new` (first at description)"),
        "{warned}"
    );
}
