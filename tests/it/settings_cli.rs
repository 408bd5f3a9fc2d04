//! `between settings` and `between settings check` through the binary: the settings
//! in effect with where each came from, and each kind of problem of settings.json
//! with its line, column and field, exit 65, as `pack check` says a pack's.

use std::path::Path;

use crate::common::{between, stderr, stdout};

/// `between ARGS` on a data directory whose settings.json is `text` (none when
/// `None`), with no `NO_COLOR` from the test's environment.
fn run(text: Option<&str>, args: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let data = tempfile::tempdir().unwrap();
    if let Some(text) = text {
        std::fs::write(data.path().join("settings.json"), text).unwrap();
    }
    let output = between(data.path())
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap();
    (data, output)
}

fn file_of(data: &Path) -> String {
    data.join("settings.json").display().to_string()
}

/// `settings check` on `text` fails with exit 65, nothing on standard output, and on
/// standard error exactly `problem` (`FILE` standing for the file) and the summary.
fn refused(text: &str, problem: &str) {
    refused_all(text, &[problem]);
}

/// As [`refused`], with several problems.
fn refused_all(text: &str, problems: &[&str]) {
    let (data, output) = run(Some(text), &["settings", "check"]);
    let file = file_of(data.path());
    assert_eq!(output.status.code(), Some(65), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let said: String = problems
        .iter()
        .map(|problem| problem.replace("FILE", &file) + "\n")
        .collect();
    let count = match problems.len() {
        1 => "1 problem".to_owned(),
        n => format!("{n} problems"),
    };
    assert_eq!(
        stderr(&output),
        format!("{said}between: {file}: {count}; each is said above\n")
    );
}

#[test]
fn a_missing_file_and_a_good_one_are_fine() {
    let (data, output) = run(None, &["settings", "check"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        format!(
            "ok: there is no settings file ({}): every setting is at its default\n",
            file_of(data.path())
        )
    );
    let good = r#"{ "theme": "high-contrast", "mode": "linear", "show_streaks": false,
        "keys": { "down": ["j", "ctrl-n"], "quit": "ctrl-q" } }"#;
    let (data, output) = run(Some(good), &["settings", "check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!("ok: {} is fine\n", file_of(data.path()))
    );
    assert_eq!(stderr(&output), "");
}

#[test]
fn a_file_that_is_not_json_is_located() {
    refused(
        "{\n  \"theme\": \"default\",\n  oops\n}",
        "FILE:3:3: it is not JSON: key must be a string",
    );
}

#[test]
fn a_file_that_is_not_an_object_is_refused() {
    refused(
        "[\"theme\"]",
        "FILE: it holds a list, not the settings: write them as an object, { \"theme\": \
         \"high-contrast\" }",
    );
}

#[test]
fn a_field_of_no_known_name_is_refused() {
    refused(
        "{\n  \"colour\": \"blue\"\n}",
        "FILE:2:13: colour: not a setting (the settings are `show_streaks`, \
         `auto_lock_minutes`, `reminder`, `theme`, `mode`, `keys`)",
    );
}

#[test]
fn a_value_of_the_wrong_kind_is_refused() {
    refused(
        "{ \"show_streaks\": \"no\" }",
        "FILE:1:19: show_streaks: invalid type: string \"no\", expected true or false",
    );
    refused(
        "{ \"mode\": \"plain\" }",
        "FILE:1:11: mode: unknown variant `plain`, expected `full-screen` or `linear`",
    );
}

#[test]
fn keys_of_no_known_action_are_refused() {
    refused(
        "{ \"keys\": {\n  \"dwn\": \"x\" } }",
        "FILE:2:10: keys.dwn: `dwn` is not an action; the README lists their names \
         (`down`, `quit`, …)",
    );
}

#[test]
fn a_key_that_cannot_be_read_is_refused() {
    refused(
        "{ \"keys\": { \"up\": [\"k\", \"ctrl-\"] } }",
        "FILE:1:19: keys.up: `ctrl-`: Ctrl goes with one letter, a to z",
    );
    refused(
        "{ \"keys\": { \"up\": 5 } }",
        "FILE:1:19: keys.up: give a key as a string, \"ctrl-n\", or several as a list, \
         [\"j\", \"ctrl-n\"], not a number",
    );
}

#[test]
fn a_key_given_to_two_actions_of_one_table_is_refused() {
    // `n` is the note's key on home and the journal, and the next entry's (the arrow
    // is kept, so finding an exercise, where `n` types, still has a key for down).
    refused_all(
        "{ \"keys\": { \"down\": [\"down\", \"n\"] } }",
        &[
            "FILE:1:21: keys.down: n already stands for `note`: choose another key, or give \
             it other keys too (in home, the journal and the report)",
            "FILE:1:21: keys.down: n already stands for `next-entry`: choose another key, or \
             give it other keys too (in an entry)",
        ],
    );
    // Two entries that give one key: the later is refused.
    refused_all(
        "{ \"keys\": { \"note\": \"N\", \"down\": [\"down\", \"N\"] } }",
        &[
            "FILE:1:34: keys.down: N already stands for `note`: give one of them another key \
           (in home, the journal and the report)",
        ],
    );
}

#[test]
fn a_remap_that_leaves_an_action_with_no_key_is_refused() {
    // `!` alone: while text is typed, and on the lock screen, where the passphrase is
    // typed, `!` types, so safety would have no key.
    refused_all(
        "{ \"keys\": { \"safety\": \"!\" } }",
        &[
            "FILE:1:23: keys.safety: it would have no key: while you type, characters, Enter, \
             Backspace, Delete, the arrows, Home, End, the pages and Ctrl-A B D F H K N P R U W \
             type or move in the text; add one that types nothing, such as a function key or \
             `ctrl-` and a letter the text leaves (`ctrl-q`) (in the keys that work even while \
             typing)",
            "FILE:1:23: keys.safety: it would have no key: there characters type; add one that \
             types nothing, such as a function key or `ctrl-` and a letter the text leaves \
             (`ctrl-q`) (in the lock screen)",
        ],
    );
    refused(
        "{ \"keys\": { \"quit\": [] } }",
        "FILE:1:21: keys.quit: no key given: quit would have none (leave it out to keep its \
         keys)",
    );
}

#[test]
fn settings_says_where_each_came_from_and_a_bad_field_keeps_only_its_own_default() {
    let text = r#"{
  "theme": "high-contrast",
  "auto_lock_minutes": "ten",
  "show_streaks": false,
  "keys": { "down": ["j", "ctrl-n"], "dwn": "x" }
}"#;
    let (data, output) = run(Some(text), &["settings"]);
    let file = file_of(data.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "Settings file: {file}
  show_streaks       false                  settings.json
  auto_lock_minutes  5                      default
  reminder           none                   default
  theme              high-contrast          settings.json
  mode               linear                 standard input is not a terminal
  keys               down: j ctrl-n         settings.json
"
        )
    );
    assert_eq!(
        stderr(&output),
        format!(
            "between: {file}: 2 problems, whose settings are at their defaults: `between \
             settings check` lists them\n"
        )
    );
    // A flag and the environment go before the file, and say so.
    for (flag, env, from) in [
        (Some("--theme=monochrome"), None, "--theme"),
        (Some("--no-color"), None, "--no-color"),
        (None, Some("1"), "NO_COLOR (the environment)"),
    ] {
        let mut command = between(data.path());
        command.env_remove("NO_COLOR").args(flag).arg("settings");
        if let Some(value) = env {
            command.env("NO_COLOR", value);
        }
        let output = command.output().unwrap();
        let theme = stdout(&output)
            .lines()
            .find(|line| line.trim_start().starts_with("theme"))
            .unwrap()
            .to_owned();
        assert_eq!(
            theme,
            format!("  theme              monochrome             {from}"),
            "{flag:?}"
        );
    }
    // No file: every setting at its default, the app's own keys.
    let (_data, output) = run(None, &["settings"]);
    let shown = stdout(&output);
    assert!(
        shown.contains("  keys               the app's own          default\n"),
        "{shown}"
    );
    assert_eq!(stderr(&output), "");
}

/// The `mode` line of what `between settings` printed.
fn mode_line(output: std::process::Output) -> String {
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
        .lines()
        .find(|line| line.trim_start().starts_with("mode "))
        .unwrap_or_else(|| panic!("no mode line: {}", stdout(&output)))
        .to_owned()
}

/// `between settings` on `data` with `TERM` set to `term`, standard input and
/// standard error a terminal (a pty's) and standard output a pipe.
fn settings_with_output_piped(data: &Path, term: &str) -> std::process::Output {
    // The master stays open while the command runs, so the terminal stays one.
    let (_master, slave) = crate::common::pty::open(None);
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin!("between"));
    command
        .env_remove("BETWEEN_HOME")
        .env_remove("NO_COLOR")
        .env("HOME", data)
        .env("TERM", term)
        .arg("--data-dir")
        .arg(data)
        .arg("settings")
        .stdin(std::process::Stdio::from(slave.try_clone().unwrap()))
        .stderr(std::process::Stdio::from(slave));
    command.output().unwrap()
}

#[test]
fn settings_names_what_chose_linear_mode_or_the_full_screen_app() {
    let row = |value: &str, from: &str| format!("  mode               {value:<22} {from}");
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    // Input and output not terminals (as here): linear, and why.
    let plain = || {
        let mut command = between(dir);
        command.env_remove("NO_COLOR").env("TERM", "xterm-256color");
        command
    };
    let dumb = || {
        plain()
            .env("TERM", "dumb")
            .arg("settings")
            .output()
            .unwrap()
    };
    assert_eq!(
        mode_line(plain().arg("settings").output().unwrap()),
        row("linear", "standard input is not a terminal")
    );
    // Standard input a terminal, standard output not (`between settings | less`).
    assert_eq!(
        mode_line(settings_with_output_piped(dir, "xterm-256color")),
        row("linear", "standard output is not a terminal")
    );
    // TERM=dumb goes before the terminals, and says so.
    assert_eq!(
        mode_line(dumb()),
        row("linear", "TERM=dumb (the environment)")
    );
    assert_eq!(
        mode_line(settings_with_output_piped(dir, "dumb")),
        row("linear", "TERM=dumb (the environment)")
    );
    // The settings go before TERM=dumb; --linear before the settings.
    std::fs::write(dir.join("settings.json"), r#"{ "mode": "linear" }"#).unwrap();
    assert_eq!(mode_line(dumb()), row("linear", "settings.json"));
    assert_eq!(
        mode_line(plain().args(["--linear", "settings"]).output().unwrap()),
        row("linear", "--linear")
    );
    // "full-screen" in the settings does not open the app where it cannot be shown.
    std::fs::write(dir.join("settings.json"), r#"{ "mode": "full-screen" }"#).unwrap();
    assert_eq!(
        mode_line(dumb()),
        row("linear", "TERM=dumb (the environment)")
    );
}

#[test]
fn on_a_full_terminal_settings_says_the_full_screen_app_and_where_that_came_from() {
    let row = |from: &str| format!("  mode               full-screen            {from}");
    let data = tempfile::tempdir().unwrap();
    let shown = |data: &Path| {
        let args = [std::ffi::OsStr::new("settings")];
        let mut app = crate::tui_pty::App::start_on(data, &args, data, "xterm-256color");
        app.wait_for("keys ");
        assert!(app.wait_exit());
        app.contents()
            .lines()
            .find(|line| line.trim_start().starts_with("mode "))
            .map(|line| line.trim_end().to_owned())
            .unwrap_or_else(|| panic!("no mode line: {}", app.contents()))
    };
    assert_eq!(shown(data.path()), row("default"));
    std::fs::write(
        data.path().join("settings.json"),
        r#"{ "mode": "full-screen" }"#,
    )
    .unwrap();
    assert_eq!(shown(data.path()), row("settings.json"));
}
