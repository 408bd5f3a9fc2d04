//! `between journal search` with each piece of its syntax: phrases (also as one
//! shell-quoted argument), OR, -word, --own, an unclosed quote, a lone OR, only
//! terms to leave out; the count on standard error.

use std::path::Path;

use crate::common::{between, stderr, stdout};

fn add(dir: &Path, args: &[&str]) {
    let output = between(dir)
        .args(["journal", "add"])
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

/// A journal of three notes: a time out taken, time and out apart, and dishes
/// tagged "chores".
fn journal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    add(dir.path(), &["We took a time out after dinner."]);
    add(dir.path(), &["Out of patience, no time for a walk."]);
    add(
        dir.path(),
        &["--tag", "chores", "Dishes in the sink again."],
    );
    dir
}

/// The search's output (which must succeed) and standard error.
fn search(dir: &Path, args: &[&str]) -> (String, String) {
    let output = between(dir)
        .args(["journal", "search", "--color", "never"])
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    (stdout(&output), stderr(&output))
}

#[test]
fn a_phrase_needs_its_words_together_and_the_count_is_on_standard_error() {
    let dir = journal();
    let (out, err) = search(dir.path(), &["\"time out\""]);
    assert!(out.contains("We took a [time out] after dinner."), "{out}");
    assert!(!out.contains("patience"), "{out}");
    assert_eq!(err.trim(), "1 entry matches.");
    // One argument with a space, as the shell's quotes give it, is the same phrase.
    let (quoted, _) = search(dir.path(), &["time out"]);
    assert_eq!(quoted, out);
    // Two arguments are two words: both notes.
    let (words, err) = search(dir.path(), &["time", "out"]);
    assert!(words.contains("patience"), "{words}");
    assert_eq!(err.trim(), "2 entries match.");
}

#[test]
fn or_and_a_leading_dash_choose_and_leave_out() {
    let dir = journal();
    let (out, err) = search(dir.path(), &["sink", "OR", "patience"]);
    assert!(
        out.contains("[sink]") && out.contains("[patience]"),
        "{out}"
    );
    assert_eq!(err.trim(), "2 entries match.");
    // After `--` a leading dash is the search's, not an option's.
    let (out, _) = search(dir.path(), &["time", "--", "-\"a walk\""]);
    assert!(out.contains("dinner") && !out.contains("patience"), "{out}");
    let (out, _) = search(dir.path(), &["time OR dishes -dinner"]);
    assert!(out.contains("patience") && out.contains("Dishes"), "{out}");
    assert!(!out.contains("dinner"), "{out}");
    // Without `--`, the command line says what to do.
    let refused = between(dir.path())
        .args(["journal", "search", "-kids"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("use '-- -k'"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn own_words_leave_out_prompts_and_tags() {
    let dir = journal();
    // Every note answers the prompt "Note"; the dishes carry the tag "chores".
    let (_, err) = search(dir.path(), &["note"]);
    assert_eq!(err.trim(), "3 entries match.");
    let (out, err) = search(dir.path(), &["--own", "note"]);
    assert!(
        out.contains("No entries match note in your own words."),
        "{out}"
    );
    assert!(err.is_empty(), "{err}");
    let (_, err) = search(dir.path(), &["chores"]);
    assert_eq!(err.trim(), "1 entry matches.");
    let (out, _) = search(dir.path(), &["--own", "chores"]);
    assert!(out.contains("No entries match"), "{out}");
    let (out, _) = search(dir.path(), &["--own", "sink"]);
    assert!(out.contains("[sink]"), "{out}");
}

#[test]
fn syntax_that_is_not_quite_right_is_read_sensibly_and_said() {
    let dir = journal();
    let (out, err) = search(dir.path(), &["\"no time"]);
    assert!(out.contains("[no time]"), "{out}");
    assert!(
        err.contains("Read as: the quote before \"no time\" is not closed"),
        "{err}"
    );
    let (out, err) = search(dir.path(), &["sink", "OR"]);
    assert!(out.contains("[sink]"), "{out}");
    assert!(
        err.contains("an OR with no words on one side was left out"),
        "{err}"
    );
    let (_, err) = search(dir.path(), &["OR"]);
    assert!(err.contains("OR alone is read as the word \"or\""), "{err}");
    let (out, err) = search(dir.path(), &["--", "-time"]);
    assert!(out.contains("Dishes") && !out.contains("dinner"), "{out}");
    assert!(err.contains("every entry without them matches"), "{err}");
    assert!(err.contains("1 entry matches."), "{err}");
}
