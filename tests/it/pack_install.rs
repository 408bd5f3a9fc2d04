//! Installing packs through the binary: `pack add`, `list`, `show`, `remove`, with
//! upgrades, refusals, hostile ids and journal history that outlives its pack.

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::{between, fixture, stderr, stdout};
use serde_json::Value;

fn every_kind() -> Value {
    let text = std::fs::read_to_string(fixture("packs/good/every-kind.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn write_pack(dir: &Path, name: &str, pack: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(pack).unwrap()).unwrap();
    path
}

/// Every file under `dir` with its bytes, to show that nothing changed.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&next) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn add_installs_privately_and_its_exercises_appear() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let file = write_pack(files.path(), "from-sam.json", &every_kind());

    let output = between(data.path())
        .args(["pack", "add"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("Installed `example-steady` version 1 (2 exercises)"),
        "{}",
        stdout(&output)
    );
    let installed = data.path().join("packs/example-steady.json");
    assert_eq!(
        std::fs::read(&installed).unwrap(),
        std::fs::read(&file).unwrap()
    );
    assert_eq!(mode(&installed), 0o600);
    // Nothing but the installed pack was written.
    let written: Vec<PathBuf> = snapshot(data.path()).into_iter().map(|(p, _)| p).collect();
    assert_eq!(written, vec![installed.clone()]);
    assert_eq!(mode(&data.path().join("packs")), 0o700);
    assert_eq!(mode(data.path()), 0o700);

    let output = between(data.path())
        .args(["pack", "list"])
        .output()
        .unwrap();
    let listed = stdout(&output);
    let line = listed
        .lines()
        .find(|l| l.starts_with("example-steady"))
        .unwrap_or_else(|| panic!("{listed}"));
    assert!(
        line.contains("installed") && line.contains("Staying steady"),
        "{line}"
    );
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("patterns") && l.contains("built in"))
    );

    let output = between(data.path())
        .args(["pack", "list", "--json"])
        .output()
        .unwrap();
    let packs: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    let ours = packs.iter().find(|p| p["id"] == "example-steady").unwrap();
    assert_eq!(ours["version"], 1);
    assert_eq!(ours["builtin"], false);
    assert_eq!(ours["exercises"], 2);
    assert!(
        ours["file"]
            .as_str()
            .unwrap()
            .ends_with("example-steady.json")
    );

    let output = between(data.path())
        .args(["pack", "show", "example-steady"])
        .output()
        .unwrap();
    let shown = stdout(&output);
    assert!(shown.contains("by Sam Rivera, LMFT"), "{shown}");
    assert!(shown.contains("hard-talks/before-a-hard-talk"), "{shown}");

    let output = between(data.path()).args(["exercises"]).output().unwrap();
    assert!(stdout(&output).contains("before-a-hard-talk"));
}

#[test]
fn a_higher_version_replaces_after_confirming_and_shows_what_changed() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let v1 = write_pack(files.path(), "v1.json", &every_kind());
    between(data.path())
        .args(["pack", "add"])
        .arg(&v1)
        .assert()
        .success();

    let mut pack = every_kind();
    pack["version"] = 2.into();
    let exercises = pack["exercises"].as_array_mut().unwrap();
    exercises[0]["title"] = "Calm your body first".into();
    let mut added = exercises[1].clone();
    added["id"] = "far-apart-again".into();
    exercises.remove(1);
    exercises.push(added);
    let v2 = write_pack(files.path(), "v2.json", &pack);
    let installed = data.path().join("packs/example-steady.json");

    // No answer (stdin is not a terminal) is a no: version 1 stays.
    let output = between(data.path())
        .args(["pack", "add"])
        .arg(&v2)
        .write_stdin("")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains("added: far-apart-again"), "{said}");
    assert!(said.contains("removed: far-apart"), "{said}");
    assert!(said.contains("changed: before-a-hard-talk"), "{said}");
    assert!(said.contains("Kept version 1"), "{said}");
    assert_eq!(
        std::fs::read(&installed).unwrap(),
        std::fs::read(&v1).unwrap()
    );

    let output = between(data.path())
        .args(["pack", "add"])
        .arg(&v2)
        .write_stdin("y\n")
        .output()
        .unwrap();
    assert!(stdout(&output).contains("Installed `example-steady` version 2"));
    assert_eq!(
        std::fs::read(&installed).unwrap(),
        std::fs::read(&v2).unwrap()
    );
}

#[test]
fn an_equal_or_older_version_and_a_built_in_id_are_refused_and_change_nothing() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let mut pack = every_kind();
    pack["version"] = 3.into();
    let v3 = write_pack(files.path(), "v3.json", &pack);
    between(data.path())
        .args(["pack", "add"])
        .arg(&v3)
        .assert()
        .success();
    let before = snapshot(data.path());

    for version in [3, 2] {
        pack["version"] = version.into();
        pack["title"] = "Something else".into();
        let older = write_pack(files.path(), "older.json", &pack);
        let output = between(data.path())
            .args(["pack", "add", "--yes"])
            .arg(&older)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(65));
        // A forgotten version bump: the same version, other contents.
        let expected = if version == 3 {
            "version 3 of `example-steady` is installed, and this file is version 3 too, but \
             its contents differ: ask whoever sent it (your therapist) for a file with a higher \
             version, 4 or more"
                .to_owned()
        } else {
            format!(
                "version 3 of `example-steady` is installed, and this file is version {version}"
            )
        };
        assert!(stderr(&output).contains(&expected), "{}", stderr(&output));
        assert_eq!(snapshot(data.path()), before);
    }

    pack["id"] = "patterns".into();
    pack["version"] = 9.into();
    let builtin = write_pack(files.path(), "patterns.json", &pack);
    let output = between(data.path())
        .args(["pack", "add", "--yes"])
        .arg(&builtin)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(65));
    assert!(stderr(&output).contains("`patterns` is the id of a built-in pack"));
    assert_eq!(snapshot(data.path()), before);
}

#[test]
fn hostile_ids_and_broken_files_never_write_anything() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let good = write_pack(files.path(), "good.json", &every_kind());
    between(data.path())
        .args(["pack", "add"])
        .arg(&good)
        .assert()
        .success();
    let before = snapshot(data.path());

    let long = "a".repeat(65);
    for id in [
        "..",
        "../escape",
        "a/b",
        "a\\b",
        "a\0b",
        "ｅｘａｍｐｌｅ",
        long.as_str(),
        "",
    ] {
        let mut pack = every_kind();
        pack["id"] = id.into();
        let file = write_pack(files.path(), "hostile.json", &pack);
        let output = between(data.path())
            .args(["pack", "add", "--yes"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(65), "id {id:?}");
        assert!(
            stderr(&output).contains("hostile.json"),
            "{}",
            stderr(&output)
        );
        assert_eq!(snapshot(data.path()), before, "id {id:?}");
        assert!(!files.path().join("escape.json").exists());
    }

    let truncated = files.path().join("truncated.json");
    let text = serde_json::to_string(&every_kind()).unwrap();
    std::fs::write(&truncated, &text[..text.len() / 2]).unwrap();
    let output = between(data.path())
        .args(["pack", "add", "--yes"])
        .arg(&truncated)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(65));
    assert_eq!(snapshot(data.path()), before);

    for id in ["..", "../packs/example-steady", "a/b", "patterns"] {
        let output = between(data.path())
            .args(["pack", "remove", "--yes", id])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "remove {id:?}");
        assert_eq!(snapshot(data.path()), before, "remove {id:?}");
    }
    let output = between(data.path())
        .args(["pack", "remove", "--yes", "patterns"])
        .output()
        .unwrap();
    assert!(stderr(&output).contains("`patterns` is built in"));
}

#[test]
fn remove_asks_first_and_keeps_journal_entries_made_with_the_pack() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let file = write_pack(files.path(), "sam.json", &every_kind());
    between(data.path())
        .args(["pack", "add"])
        .arg(&file)
        .assert()
        .success();
    between(data.path())
        .args([
            "plan",
            "add",
            "Five slow minutes before we talk",
            "--from",
            "hard-talks/before-a-hard-talk",
            "--per-week",
            "2",
        ])
        .assert()
        .success();
    let journal = data.path().join("journal.jsonl");
    let history = std::fs::read(&journal).unwrap();

    let output = between(data.path())
        .args(["pack", "remove", "example-steady"])
        .write_stdin("n\n")
        .output()
        .unwrap();
    assert!(stdout(&output).contains("Kept `example-steady`"));
    assert!(stderr(&output).contains("Journal entries made with it are kept"));
    assert!(data.path().join("packs/example-steady.json").exists());

    let output = between(data.path())
        .args(["pack", "remove", "example-steady"])
        .write_stdin("y\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("Removed `example-steady` version 1"));
    assert!(!data.path().join("packs/example-steady.json").exists());
    assert_eq!(std::fs::read(&journal).unwrap(), history);

    let output = between(data.path())
        .args(["journal", "list", "--json"])
        .output()
        .unwrap();
    let entries: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(entries.len(), 1);
    assert!(
        stdout(&output).contains("Five slow minutes before we talk"),
        "{}",
        stdout(&output)
    );
    let output = between(data.path())
        .args(["pack", "show", "example-steady"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no pack `example-steady`"));
}

#[test]
fn a_pack_copied_in_by_hand_is_upgraded_in_place() {
    let data = tempfile::tempdir().unwrap();
    let packs = data.path().join("packs");
    std::fs::create_dir_all(&packs).unwrap();
    let by_hand = write_pack(&packs, "from-email.json", &every_kind());
    let files = tempfile::tempdir().unwrap();
    let mut pack = every_kind();
    pack["version"] = 2.into();
    let v2 = write_pack(files.path(), "v2.json", &pack);

    let output = between(data.path())
        .args(["pack", "add", "--yes"])
        .arg(&v2)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("no exercise changed"),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        std::fs::read(&by_hand).unwrap(),
        std::fs::read(&v2).unwrap()
    );
    assert!(!packs.join("example-steady.json").exists());
    let output = between(data.path())
        .args(["pack", "list"])
        .output()
        .unwrap();
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[test]
fn a_pack_of_homework_alone_installs_and_shows_what_to_do() {
    let data = tempfile::tempdir().unwrap();
    let file = fixture("packs/good/assignment-only.json");
    let output = between(data.path())
        .args(["pack", "add"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("(0 exercises, homework from Sam Rivera, LMFT)"),
        "{}",
        stdout(&output)
    );
    let output = between(data.path())
        .args(["pack", "show", "week-of-gentle-starts"])
        .output()
        .unwrap();
    let shown = stdout(&output);
    assert!(!shown.contains("Exercises:"), "{shown}");
    assert!(
        shown.contains(
            "Homework from Sam Rivera, LMFT for Alex, set Mon 23 Nov 2026, due Sun 6 Dec 2026:\n  Small and often is better than perfect.\n  - communication/gentle-start-up: 3 times a week\n    Before any talk about chores.\n  - communication/comm-repair-attempts: once\n"
        ),
        "{shown}"
    );
}

#[test]
fn a_bad_pack_is_refused_before_the_preview_opens_and_leaves_nothing() {
    let data = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let mut pack = every_kind();
    pack["id"] = "../escape".into();
    let file = write_pack(data.path(), "bad.json", &pack);
    let output = between(data.path())
        .args(["pack", "preview"])
        .arg(&file)
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(65));
    assert!(stderr(&output).contains("bad.json"), "{}", stderr(&output));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

/// The every-kind pack at `version` with homework set on `assigned`, due on `due`.
fn with_homework(version: u32, assigned: &str, due: &str) -> Value {
    let mut pack = every_kind();
    pack["version"] = version.into();
    pack["assignment"] = serde_json::json!({
        "from": "Sam Rivera, LMFT",
        "assigned": assigned,
        "due": due,
        "items": [
            { "exercise": "before-a-hard-talk", "times": 2, "per": "week" },
            { "exercise": "communication/gentle-start-up", "times": 1, "per": "total" }
        ]
    });
    pack
}

#[test]
fn the_upgrade_question_says_what_happens_to_the_dates_and_the_counts() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let v1 = write_pack(
        files.path(),
        "v1.json",
        &with_homework(1, "2026-11-16", "2026-11-29"),
    );
    between(data.path())
        .args(["pack", "add"])
        .arg(&v1)
        .assert()
        .success();
    let v2 = write_pack(
        files.path(),
        "v2.json",
        &with_homework(2, "2026-11-30", "2026-12-13"),
    );
    let output = between(data.path())
        .args(["pack", "add"])
        .arg(&v2)
        .write_stdin("")
        .output()
        .unwrap();
    let said = stdout(&output);
    assert!(
        said.contains("The homework changes: set Mon 30 Nov, due Sun 13 Dec (was 16–29 Nov)."),
        "{said}"
    );
    assert!(
        said.contains(
            "What you did for the earlier round stays in its report: `between report example-steady --round 1`."
        ),
        "{said}"
    );

    // The app asks the same.
    let dir = between::data_dir::DataDir::resolve(Some(data.path())).unwrap();
    let app =
        between::tui::effects::Files::new(&dir, None, &between::environment::Environment::empty());
    let messages = app.perform(between::tui::app::Effect::AddPack {
        path: v2.clone(),
        replace: false,
    });
    let Some(between::tui::app::Msg::PackNeedsConfirm { changes, .. }) = messages.first() else {
        panic!("{messages:?}");
    };
    assert!(
        changes.contains("The homework changes: set Mon 30 Nov, due Sun 13 Dec (was 16–29 Nov).")
            && changes.contains("`between report example-steady --round 1`"),
        "{changes}"
    );
    // Once replaced, the app knows the homework is in its second round.
    let messages = app.perform(between::tui::app::Effect::AddPack {
        path: v2.clone(),
        replace: true,
    });
    let Some(between::tui::app::Msg::PacksChanged { rounds, .. }) = messages.first() else {
        panic!("{messages:?}");
    };
    let standing = rounds.get("example-steady").unwrap();
    assert_eq!((standing.number, standing.of), (2, 2));
}

#[test]
fn every_installed_round_is_kept_privately_beside_the_packs() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    for (version, assigned, due) in [
        (1, "2026-11-16", "2026-11-29"),
        (2, "2026-11-30", "2026-12-13"),
    ] {
        let file = write_pack(
            files.path(),
            "pack.json",
            &with_homework(version, assigned, due),
        );
        between(data.path())
            .args(["pack", "add", "--yes"])
            .arg(&file)
            .assert()
            .success();
    }
    let rounds_dir = data.path().join("packs/rounds");
    let kept = rounds_dir.join("example-steady.json");
    assert_eq!(mode(&rounds_dir), 0o700);
    assert_eq!(mode(&kept), 0o600);
    let rounds: Value = serde_json::from_slice(&std::fs::read(&kept).unwrap()).unwrap();
    let rounds = rounds.as_array().unwrap();
    assert_eq!(rounds.len(), 2);
    assert_eq!(rounds[0]["version"], 1);
    assert_eq!(rounds[0]["assigned"], "2026-11-16");
    assert_eq!(rounds[1]["due"], "2026-12-13");
    assert_eq!(rounds[1]["from"], "Sam Rivera, LMFT");
    assert_eq!(
        rounds[1]["items"][0]["title"],
        "Calm your body before a hard talk"
    );
    assert_eq!(
        rounds[1]["items"][1]["title"],
        "Rewrite a complaint as a gentle start-up"
    );
    // The kept rounds are no pack: the catalog does not warn about them.
    let output = between(data.path())
        .args(["pack", "list"])
        .output()
        .unwrap();
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[test]
fn with_an_encrypted_journal_the_rounds_are_sealed() {
    const WORDS: &str = "a long walk by the river";
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let with_words = |args: &[&str]| {
        between(data.path())
            .args(["--passphrase-fd", "0"])
            .args(args)
            .write_stdin(format!("{WORDS}\n"))
            .output()
            .unwrap()
    };
    // Kept plain while the journal is plain; sealed when it is encrypted.
    let v1 = write_pack(
        files.path(),
        "v1.json",
        &with_homework(1, "2026-11-16", "2026-11-29"),
    );
    between(data.path())
        .args(["pack", "add"])
        .arg(&v1)
        .assert()
        .success();
    let kept = data.path().join("packs/rounds/example-steady.json");
    assert!(std::fs::read(&kept).unwrap().starts_with(b"["));
    let output = with_words(&["encrypt"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let sealed = std::fs::read(&kept).unwrap();
    assert!(sealed.starts_with(b"between-sealed-"), "not sealed");

    // A new round is written sealed, 0600.
    let v2 = write_pack(
        files.path(),
        "v2.json",
        &with_homework(2, "2026-11-30", "2026-12-13"),
    );
    let output = with_words(&["pack", "add", "--yes", v2.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let sealed = std::fs::read(&kept).unwrap();
    assert!(sealed.starts_with(b"between-sealed-"), "not sealed");
    assert!(
        !String::from_utf8_lossy(&sealed).contains("Sam Rivera"),
        "plain text in the sealed file"
    );
    assert_eq!(mode(&kept), 0o600);
    let output = with_words(&[
        "report",
        "example-steady",
        "--round",
        "1",
        "--format",
        "json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["assigned"], "2026-11-16");

    // Decrypting opens it again.
    let output = with_words(&["decrypt"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let rounds: Value = serde_json::from_slice(&std::fs::read(&kept).unwrap()).unwrap();
    assert_eq!(rounds.as_array().unwrap().len(), 2);
}
