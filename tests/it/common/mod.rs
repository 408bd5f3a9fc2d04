//! Helpers shared by the integration tests.

pub mod git;
pub mod pty;
pub mod report;
#[path = "../../../benches/support/story.rs"]
pub mod story;
pub mod sync;
pub mod syncthing;
pub mod tui;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

/// Whether the slow tests run at their thorough sizes (`BETWEEN_THOROUGH=1`, which
/// `.ci/run` sets). The everyday `cargo test` runs every test, at sizes that still find
/// the bugs they were written for but take a second or two rather than ten.
pub fn thorough() -> bool {
    std::env::var_os("BETWEEN_THOROUGH").is_some_and(|value| value == "1")
}

/// The repository's root directory.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    root().join("tests/fixtures").join(relative)
}

/// The `between` binary, isolated: its data directory is `data_dir`, and HOME points
/// into it too, so no test touches the real user's files.
pub fn between(data_dir: &Path) -> assert_cmd::Command {
    let mut command = assert_cmd::cargo::cargo_bin_cmd!("between");
    command
        .env_remove("BETWEEN_HOME")
        .env("HOME", data_dir)
        .arg("--data-dir")
        .arg(data_dir);
    command
}

/// Standard output of a finished command as text.
pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error of a finished command as text.
pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir`, with its bytes.
pub fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(folder) = todo.pop() {
        for item in std::fs::read_dir(&folder).unwrap() {
            let path = item.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                found.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

/// The ways `text` could sit in a file: plain, UTF-16 either way round, and base64
/// at each of the three alignments.
pub fn forms_of(text: &str) -> Vec<Vec<u8>> {
    let mut forms = vec![text.as_bytes().to_vec()];
    let utf16: Vec<u16> = text.encode_utf16().collect();
    forms.push(utf16.iter().flat_map(|u| u.to_le_bytes()).collect());
    forms.push(utf16.iter().flat_map(|u| u.to_be_bytes()).collect());
    for shift in 0..3 {
        let padded = [vec![0; shift], text.as_bytes().to_vec()].concat();
        let encoded = BASE64.encode(padded);
        // Leave out the characters that mix with what stands before and after.
        let start = (shift * 4).div_ceil(3) + 1;
        forms.push(encoded.as_bytes()[start..encoded.len() - 4].to_vec());
    }
    forms
}

/// Fails naming the file if any file under `dir` holds `text` in any form.
pub fn assert_nowhere(dir: &Path, text: &str) {
    let forms = forms_of(text);
    for (path, bytes) in files(dir) {
        for form in &forms {
            assert!(
                !bytes.windows(form.len()).any(|w| w == form.as_slice()),
                "{} holds the canary ({:?})",
                path.display(),
                String::from_utf8_lossy(form)
            );
        }
    }
}

/// A data directory holding the story's year (`benches/support/story.rs`): the
/// reviewer's journal.
pub fn story_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("journal.jsonl"),
        story::log_of(story::story(1)),
    )
    .unwrap();
    dir
}

/// The story's year as a journal in memory, for the app.
pub fn story_journal() -> between::journal::Journal {
    let mut journal = between::journal::Journal::default();
    for entry in story::story(1) {
        journal.apply(between::journal::record::Record::put(entry));
    }
    journal
}
