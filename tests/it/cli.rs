//! The command line through the binary: help, paths, completions, the catalog
//! commands and their `--json` shapes, installed packs, and exit codes.

use crate::common;

use std::fs;
use std::process::Stdio;

use common::{between, fixture, stderr, stdout};
use serde_json::Value;

fn json(output: &std::process::Output) -> Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn help_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let help = between(dir.path()).arg("--help").output().unwrap();
    assert_eq!(help.status.code(), Some(0));
    let text = stdout(&help);
    for command in [
        "areas",
        "exercises",
        "show",
        "pack",
        "paths",
        "completions",
        "--data-dir",
    ] {
        assert!(text.contains(command), "help lacks {command}");
    }
    let version = between(dir.path()).arg("--version").output().unwrap();
    assert_eq!(
        stdout(&version),
        format!("between {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_theme_of_no_known_name_is_refused_with_the_names() {
    let dir = tempfile::tempdir().unwrap();
    let output = between(dir.path())
        .args(["--theme", "neon", "areas"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let said = crate::common::stderr(&output);
    assert!(
        said.contains("neon") && said.contains("high-contrast"),
        "{said}"
    );
    let output = between(dir.path())
        .args(["--theme", "high-contrast", "areas"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn no_command_without_a_terminal_talks_in_linear_mode_and_help_prints_the_usage() {
    let dir = tempfile::tempdir().unwrap();
    let output = between(dir.path()).write_stdin("q\n").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("What would you like to do?"));
    let output = between(dir.path()).arg("--help").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("Usage: between [OPTIONS] [COMMAND]"));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--no-such-flag"],
        vec!["frobnicate"],
        vec!["pack", "check"],
        vec!["completions", "powershell"],
        vec!["show", "no-such-exercise"],
        vec!["exercises", "--area", "no-such-area"],
    ] {
        let output = between(dir.path()).args(&args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(!stderr(&output).is_empty(), "{args:?}");
    }
    let output = between(dir.path())
        .args(["--data-dir", ""])
        .arg("paths")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn paths_come_from_the_flag_the_environment_or_the_platform() {
    let dir = tempfile::tempdir().unwrap();
    let flagged = json(
        &between(dir.path())
            .args(["paths", "--json"])
            .output()
            .unwrap(),
    );
    let root = dir.path().to_str().unwrap();
    assert_eq!(flagged["data_dir"], root);
    assert_eq!(flagged["journal"], format!("{root}/journal.jsonl"));
    assert_eq!(flagged["lock"], format!("{root}/journal.lock"));
    assert_eq!(flagged["packs"], format!("{root}/packs"));
    assert_eq!(flagged["drafts"], format!("{root}/drafts"));
    assert_eq!(flagged["reports"], format!("{root}/reports"));
    assert_eq!(flagged["quarantine"], format!("{root}/quarantine"));
    assert_eq!(flagged["rounds"], format!("{root}/packs/rounds"));

    let from_env = assert_cmd::cargo::cargo_bin_cmd!("between")
        .env("BETWEEN_HOME", dir.path().join("elsewhere"))
        .args(["paths", "--json"])
        .output()
        .unwrap();
    assert_eq!(json(&from_env)["data_dir"], format!("{root}/elsewhere"));

    let default = assert_cmd::cargo::cargo_bin_cmd!("between")
        .env_remove("BETWEEN_HOME")
        .env_remove("XDG_DATA_HOME")
        .env("HOME", dir.path())
        .args(["paths", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        json(&default)["data_dir"],
        format!("{root}/.local/share/between")
    );

    let text = stdout(&between(dir.path()).arg("paths").output().unwrap());
    assert!(
        text.starts_with(&format!("data directory   {root}\n")),
        "{text}"
    );
    assert!(text.contains(&format!(
        "journal          {root}/journal.jsonl  (not created yet)"
    )));
    assert!(text.contains("encryption       off"), "{text}");
    // Asking for paths creates nothing.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn completions_for_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef between"),
        ("fish", "complete -c between"),
    ] {
        let output = between(dir.path())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        assert!(stdout(&output).contains(marker), "{shell}");
    }
}

#[test]
fn a_closed_pipe_is_not_a_failure_and_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        ["completions", "zsh"].as_slice(),
        &["exercises"],
        &["pack", "schema"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader); // every write now fails with EPIPE
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin!("between"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(stderr(&output), "", "{args:?}");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
    }
}

#[test]
fn areas_list_the_seven_with_counts_as_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let areas = json(
        &between(dir.path())
            .args(["areas", "--json"])
            .output()
            .unwrap(),
    );
    let areas = areas.as_array().unwrap();
    let ids: Vec<&str> = areas.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "patterns",
            "communication",
            "triggers",
            "boundaries",
            "attachment",
            "past-wounds",
            "inviting-partner"
        ]
    );
    for area in areas {
        assert_eq!(area["builtin"], true);
        assert_eq!(area["pack"], Value::Null);
        assert!(area["exercises"].as_u64().unwrap() >= 1);
        assert!(!area["title"].as_str().unwrap().is_empty());
        assert!(!area["summary"].as_str().unwrap().is_empty());
    }
    let text = stdout(&between(dir.path()).arg("areas").output().unwrap());
    assert!(
        text.starts_with("patterns          Understanding your patterns  ("),
        "{text}"
    );
}

#[test]
fn exercises_list_filters_by_area_and_has_a_stable_json_shape() {
    let dir = tempfile::tempdir().unwrap();
    let all = json(
        &between(dir.path())
            .args(["exercises", "--json"])
            .output()
            .unwrap(),
    );
    let all = all.as_array().unwrap();
    assert!(all.len() >= 7);
    let keys: Vec<&str> = all[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "reference",
            "pack",
            "pack_version",
            "area",
            "id",
            "title",
            "summary",
            "minutes",
            "technique",
            "steps",
            "safety_check",
            "serves"
        ]
    );
    assert!(all.iter().any(|e| e["safety_check"] == true));
    assert!(all.iter().any(|e| e["safety_check"] == false));
    assert!(
        all.iter()
            .all(|e| !e["serves"].as_array().unwrap().is_empty())
    );
    let triggers = json(
        &between(dir.path())
            .args(["exercises", "--area", "triggers", "--json"])
            .output()
            .unwrap(),
    );
    let triggers = triggers.as_array().unwrap();
    assert!(!triggers.is_empty());
    assert!(triggers.iter().all(|e| e["area"] == "triggers"));
    assert_eq!(
        triggers.len(),
        all.iter().filter(|e| e["area"] == "triggers").count()
    );
    let text = stdout(
        &between(dir.path())
            .args(["exercises", "--area", "triggers"])
            .output()
            .unwrap(),
    );
    assert_eq!(text.lines().count(), triggers.len());
    assert!(text.starts_with("triggers/"));
}

#[test]
fn show_prints_every_step_by_reference_or_bare_id() {
    let dir = tempfile::tempdir().unwrap();
    let by_ref = between(dir.path())
        .args(["show", "triggers/thought-record"])
        .output()
        .unwrap();
    assert_eq!(by_ref.status.code(), Some(0), "{}", stderr(&by_ref));
    let text = stdout(&by_ref);
    let as_json = json(
        &between(dir.path())
            .args(["show", "thought-record", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(as_json["id"], "thought-record");
    let steps = as_json["steps"].as_array().unwrap();
    assert!(text.starts_with(&format!(
        "{}\ntriggers/thought-record · ",
        as_json["title"].as_str().unwrap()
    )));
    for i in 1..=steps.len() {
        assert!(
            text.contains(&format!("\n{i} of {} · ", steps.len())),
            "step {i}"
        );
    }
    assert!(text.contains("timer, 20 minutes"));
    assert!(text.contains("\nPractice before your next session\n  Try: "));
    assert!(
        !text.contains("[safety]"),
        "the thought record has no safety check"
    );
}

#[test]
fn show_marks_the_safety_answers_and_what_is_with_the_partner() {
    let dir = tempfile::tempdir().unwrap();
    let output = between(dir.path())
        .args(["show", "boundaries/boundary-from-a-value", "--json"])
        .output()
        .unwrap();
    let exercise = json(&output);
    let text = stdout(
        &between(dir.path())
            .args(["show", "boundaries/boundary-from-a-value"])
            .output()
            .unwrap(),
    );
    assert!(
        text.contains("An answer marked [safety] opens the safety screen"),
        "{text}"
    );
    for (i, step) in exercise["steps"].as_array().unwrap().iter().enumerate() {
        let marked = text
            .lines()
            .find(|line| line.starts_with(&format!("{} of ", i + 1)))
            .unwrap()
            .ends_with(" · with your partner");
        assert_eq!(marked, step["with_partner"] == true, "step {}", i + 1);
    }
    assert!(text.contains("Afraid of how my partner might react [safety]"));
    assert!(text.contains("Safe, even when we disagree\n"));
    assert!(text.contains("\nPractice before your next session (with your partner)\n"));
}

#[test]
fn installed_packs_add_areas_and_exercises_and_bad_ones_only_warn() {
    let dir = tempfile::tempdir().unwrap();
    let packs = dir.path().join("packs");
    fs::create_dir(&packs).unwrap();
    fs::copy(
        fixture("packs/good/every-kind.json"),
        packs.join("example-steady.json"),
    )
    .unwrap();
    fs::copy(
        fixture("packs/bad/wrong-type.json"),
        packs.join("broken.json"),
    )
    .unwrap();

    let output = between(dir.path())
        .args(["areas", "--json"])
        .output()
        .unwrap();
    let err = stderr(&output);
    assert!(
        err.starts_with("between: warning: left out an installed pack: "),
        "{err}"
    );
    assert!(
        err.contains("broken.json:13:7: exercises[0].minutes (exercise `breathe`): invalid type"),
        "{err}"
    );
    let areas = json(&output);
    let extra = areas.as_array().unwrap().last().unwrap().clone();
    assert_eq!(extra["id"], "hard-talks");
    assert_eq!(extra["builtin"], false);
    assert_eq!(extra["pack"], "example-steady");
    assert_eq!(extra["exercises"], 1);

    let attachment = json(
        &between(dir.path())
            .args(["exercises", "--area", "attachment", "--json"])
            .output()
            .unwrap(),
    );
    let packs_in_area: Vec<&str> = attachment
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pack"].as_str().unwrap())
        .collect();
    assert!(packs_in_area.contains(&"attachment") && packs_in_area.contains(&"example-steady"));
}

#[test]
fn show_names_every_candidate_when_a_reference_is_ambiguous() {
    let dir = tempfile::tempdir().unwrap();
    let packs = dir.path().join("packs");
    fs::create_dir(&packs).unwrap();
    let minimal = fs::read_to_string(fixture("packs/good/minimal.json")).unwrap();
    fs::write(
        packs.join("a.json"),
        minimal.replace("\"minimal\"", "\"pack-a\""),
    )
    .unwrap();
    fs::write(
        packs.join("b.json"),
        minimal.replace("\"minimal\"", "\"pack-b\""),
    )
    .unwrap();

    let output = between(dir.path())
        .args(["show", "triggers/breathe"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "between: `triggers/breathe` names more than one exercise: triggers/breathe (pack pack-a), \
         triggers/breathe (pack pack-b); add --pack to choose\n"
    );
    let chosen = between(dir.path())
        .args(["show", "triggers/breathe", "--pack", "pack-b"])
        .output()
        .unwrap();
    assert_eq!(chosen.status.code(), Some(0));
    assert!(stdout(&chosen).contains("pack pack-b version 1 (installed)"));
}

#[test]
fn show_marks_a_choice_of_several_with_boxes_and_a_choice_of_one_with_rounds() {
    let dir = tempfile::tempdir().unwrap();
    let output = crate::common::between(dir.path())
        .args(["show", "attachment/attachment-questionnaire"])
        .output()
        .unwrap();
    let text = crate::common::stdout(&output);
    assert!(text.contains("[ ] Reached out again and again"), "{text}");
    assert!(!text.contains("( ) Reached out again and again"), "{text}");
    // A safety check is a choice of one.
    assert!(text.contains("( ) "), "{text}");
}
