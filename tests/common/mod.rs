//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses a different part of this module

use std::path::{Path, PathBuf};

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
