//! The journal commands through the binary, including the durability claims that need
//! real processes: kill -9 while appending, two writers at once, a full disk, the
//! lock, and file permissions under different umasks.

use crate::common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{between, stderr, stdout};
use serde_json::Value;

fn bin() -> &'static Path {
    assert_cmd::cargo::cargo_bin!("between")
}

fn add(dir: &Path, args: &[&str]) -> String {
    let output = between(dir)
        .args(["journal", "add"])
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    text.split_whitespace().nth(2).unwrap().to_owned()
}

fn list_json(dir: &Path, args: &[&str]) -> Vec<Value> {
    let output = between(dir)
        .args(["journal", "list", "--json"])
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice::<Value>(&output.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn add_list_show_search_edit_delete() {
    let dir = tempfile::tempdir().unwrap();
    let first = add(
        dir.path(),
        &[
            "--area",
            "triggers",
            "--tag",
            "dishes",
            "--discuss",
            "We argued about the Dishes. I felt unseen.",
        ],
    );
    let output = between(dir.path())
        .args([
            "journal",
            "add",
            "--kind",
            "plan",
            "--title",
            "Soft start-up",
        ])
        .write_stdin("Start with how I feel, not with what they did.\n")
        .output()
        .unwrap();
    assert!(output.status.success());
    let second = stdout(&output)
        .split_whitespace()
        .nth(2)
        .unwrap()
        .to_owned();

    let all = list_json(dir.path(), &[]);
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["id"], second.as_str(), "newest first");
    assert_eq!(all[1]["area"], "triggers");
    assert_eq!(all[1]["tags"][0], "dishes");
    assert_eq!(all[1]["discuss"], true);
    assert_eq!(
        all[0]["answers"][0]["value"]["text"],
        "Start with how I feel, not with what they did."
    );
    assert_eq!(list_json(dir.path(), &["--kind", "plan"]).len(), 1);
    assert_eq!(list_json(dir.path(), &["--area", "triggers"]).len(), 1);
    assert_eq!(list_json(dir.path(), &["--tag", "dishes"]).len(), 1);
    assert_eq!(
        list_json(dir.path(), &["--since", "today", "--until", "today"]).len(),
        2
    );
    assert_eq!(list_json(dir.path(), &["--until", "yesterday"]).len(), 0);
    assert_eq!(
        list_json(dir.path(), &["--since", "7d", "--limit", "1"]).len(),
        1
    );

    let shown = between(dir.path())
        .args(["journal", "show", &first[..12]])
        .output()
        .unwrap();
    let text = stdout(&shown);
    assert!(
        text.contains("· note · triggers · We argued about the Dishes."),
        "{text}"
    );
    assert!(text.contains("tags: dishes · to discuss · id "));

    let found = between(dir.path())
        .args(["journal", "search", "dishes", "--color", "never"])
        .output()
        .unwrap();
    let text = stdout(&found);
    assert!(
        text.contains("We argued about the [Dishes]. I felt unseen."),
        "{text}"
    );
    assert!(!text.contains("Soft start-up"));
    let colored = between(dir.path())
        .args(["journal", "search", "DISHES", "--color", "always"])
        .output()
        .unwrap();
    assert!(stdout(&colored).contains("the \x1b[1;7mDishes\x1b[0m."));

    // Edit through $EDITOR: a real change makes revision 2; no change saves nothing.
    let edited = between(dir.path())
        .env("VISUAL", "sed -i s/unseen/alone/")
        .args(["journal", "edit", &first])
        .output()
        .unwrap();
    assert_eq!(
        stdout(&edited),
        format!("Saved revision 2 of entry {first}.\n"),
        "{}",
        stderr(&edited)
    );
    let entry = list_json(dir.path(), &["--area", "triggers"]).remove(0);
    assert_eq!(entry["revision"], 2);
    assert_eq!(
        entry["answers"][0]["value"]["text"],
        "We argued about the Dishes. I felt alone."
    );
    let unchanged = between(dir.path())
        .env("VISUAL", "true")
        .args(["journal", "edit", &first])
        .output()
        .unwrap();
    assert_eq!(stdout(&unchanged), "No changes; nothing was saved.\n");

    // Delete asks first; "n" keeps it, --yes deletes.
    let kept = between(dir.path())
        .args(["journal", "delete", &second])
        .write_stdin("n\n")
        .output()
        .unwrap();
    assert_eq!(stdout(&kept), "Kept the entry; nothing was deleted.\n");
    assert!(stderr(&kept).contains("Delete this entry? [y/N]"));
    let deleted = between(dir.path())
        .args(["journal", "delete", &second])
        .write_stdin("y\n")
        .output()
        .unwrap();
    assert_eq!(stdout(&deleted), format!("Deleted entry {second}.\n"));
    assert_eq!(list_json(dir.path(), &[]).len(), 1);

    let verify = between(dir.path())
        .args(["journal", "verify"])
        .output()
        .unwrap();
    assert_eq!(verify.status.code(), Some(0));
    let compact = between(dir.path())
        .args(["journal", "compact"])
        .output()
        .unwrap();
    assert_eq!(
        stdout(&compact).lines().next().unwrap().split(':').next(),
        Some("Compacted the journal")
    );
    assert_eq!(list_json(dir.path(), &[]).len(), 1);
}

#[test]
fn a_broken_edit_keeps_the_typed_text_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let id = add(dir.path(), &["first text"]);
    let journal = fs::read(dir.path().join("journal.jsonl")).unwrap();
    // The "editor" removes the heading line and adds precious text.
    let output = between(dir.path())
        .env(
            "VISUAL",
            "sed -i -e '/^=== /d' -e 's/first text/precious words/'",
        )
        .args(["journal", "edit", &id])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(65));
    let err = stderr(&output);
    assert!(err.contains("the heading for `note` is missing"), "{err}");
    assert!(err.contains("your edited text is kept in"), "{err}");
    let kept = dir
        .path()
        .join(format!("drafts/edit-{}.txt", id.to_ascii_lowercase()));
    assert!(
        fs::read_to_string(&kept)
            .unwrap()
            .contains("precious words")
    );
    assert_eq!(mode(&kept), 0o600);
    assert_eq!(fs::read(dir.path().join("journal.jsonl")).unwrap(), journal);

    // Editing again goes on from the kept text rather than overwriting it; once the
    // heading is back, it saves, and the kept file goes.
    let again = between(dir.path())
        .env("VISUAL", "sed -i '$i === note · Note ==='")
        .args(["journal", "edit", &id])
        .output()
        .unwrap();
    assert!(
        stderr(&again).contains("Going on with your earlier edit"),
        "{}",
        stderr(&again)
    );
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(!kept.exists());
    let entry = list_json(dir.path(), &[]).remove(0);
    assert_eq!(entry["answers"][0]["value"]["text"], "precious words");
}

#[test]
fn bad_input_gets_a_clear_message_and_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    add(dir.path(), &["one"]);
    add(dir.path(), &["two"]);
    let cases: [(&[&str], i32, &str); 7] = [
        (
            &["journal", "add", "  "],
            2,
            "nothing to save: the text is empty",
        ),
        (
            &["journal", "add", "--area", "nowhere", "x"],
            2,
            "there is no area `nowhere`",
        ),
        (
            &["journal", "add", "--kind", "diary", "x"],
            2,
            "invalid value 'diary'",
        ),
        (
            &["journal", "list", "--since", "someday"],
            2,
            "`someday` is not a date",
        ),
        (
            &["journal", "show", "ZZZZ"],
            2,
            "no entry has an id starting with `ZZZZ`",
        ),
        (
            &["journal", "show", "0"],
            2,
            "is the start of 2 entries' ids",
        ),
        (
            &["import", "no-such-export.json"],
            1,
            "cannot read no-such-export.json",
        ),
    ];
    for (args, code, message) in cases {
        let output = between(dir.path()).args(args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(code),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(message),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let not_export = dir.path().join("x.json");
    fs::write(&not_export, b"{\"entries\": []}").unwrap();
    let output = between(dir.path())
        .arg("import")
        .arg(&not_export)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(65));
    assert!(stderr(&output).contains("not a between journal export"));
}

#[test]
fn export_formats_and_a_lossless_json_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    add(
        dir.path(),
        &[
            "--area",
            "patterns",
            "--tag",
            "a",
            "=HYPERLINK(\"x\") first, \"quoted\"\nsecond line",
        ],
    );
    add(dir.path(), &["--private", "a private thought"]);
    let json_file = dir.path().join("out/export.json");
    fs::create_dir(dir.path().join("out")).unwrap();
    let output = between(dir.path())
        .args(["export", "--format", "json", "--out"])
        .arg(&json_file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(mode(&json_file), 0o600);

    let other = tempfile::tempdir().unwrap();
    let imported = between(other.path())
        .arg("import")
        .arg(&json_file)
        .output()
        .unwrap();
    assert_eq!(
        stdout(&imported),
        "Imported 2 entries; skipped 0 already in the journal.\n"
    );
    assert_eq!(list_json(other.path(), &[]), list_json(dir.path(), &[]));
    let again = between(other.path())
        .arg("import")
        .arg(&json_file)
        .output()
        .unwrap();
    assert_eq!(
        stdout(&again),
        "Imported 0 entries; skipped 2 already in the journal.\n"
    );

    // To standard output, the same export (it is written entry by entry either way).
    let printed = between(dir.path())
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    assert!(printed.status.success(), "{}", stderr(&printed));
    let entries = |bytes: &[u8]| {
        let export: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        assert_eq!(export["format"], "between-journal");
        assert_eq!(export["version"], 1);
        export["entries"].clone()
    };
    assert_eq!(
        entries(&printed.stdout),
        entries(&fs::read(&json_file).unwrap())
    );
    assert_eq!(entries(&printed.stdout).as_array().unwrap().len(), 2);
    assert!(printed.stdout.ends_with(b"}\n"));

    let md = stdout(
        &between(dir.path())
            .args(["export", "--format", "md"])
            .output()
            .unwrap(),
    );
    assert!(md.starts_with("# Journal\n\nExported from between on "));
    assert!(md.contains("\n## "), "grouped by date: {md}");
    assert!(md.contains("a private thought"));

    let csv = stdout(
        &between(dir.path())
            .args(["export", "--format", "csv", "--kind", "note"])
            .output()
            .unwrap(),
    );
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "one row per answer");
    assert_eq!(
        &rows[0][11],
        "'=HYPERLINK(\"x\") first, \"quoted\"\nsecond line"
    );
    assert_eq!(&rows[0][5], "a");
}

#[test]
fn out_files_leave_a_neighbour_named_like_a_temporary_file_alone() {
    // Someone's own FILE.tmp beside --out FILE is not between's to delete: export,
    // prep and report write through a temporary file of a name no one else has.
    let dir = tempfile::tempdir().unwrap();
    add(dir.path(), &["a note to export"]);
    let added = between(dir.path())
        .args(["pack", "add", "--yes"])
        .arg(common::root().join("exercises/examples/de-escalation-week.json"))
        .output()
        .unwrap();
    assert!(added.status.success(), "{}", stderr(&added));
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    let report = out.join("report.json");
    let runs: [Vec<std::ffi::OsString>; 4] = [
        vec!["export".into()],
        vec!["prep".into()],
        vec![
            "report".into(),
            "de-escalation-week".into(),
            "--format".into(),
            "json".into(),
        ],
        vec!["report".into(), "--open".into(), report.clone().into()],
    ];
    for (i, args) in runs.iter().enumerate() {
        let file = if i == 2 {
            report.clone()
        } else {
            out.join(format!("written-{i}.md"))
        };
        let theirs = out.join(format!(
            "{}.tmp",
            file.file_name().unwrap().to_str().unwrap()
        ));
        fs::write(&theirs, "their own file").unwrap();
        let output = between(dir.path())
            .args(args)
            .arg("--out")
            .arg(&file)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert_eq!(
            fs::read_to_string(&theirs).ok().as_deref(),
            Some("their own file"),
            "{args:?} deleted {}",
            theirs.display()
        );
        assert!(fs::metadata(&file).unwrap().len() > 0, "{args:?}");
        assert_eq!(mode(&file), 0o600, "{args:?}");
    }
    // Nothing else was left beside them: one written file and one neighbour each.
    assert_eq!(fs::read_dir(&out).unwrap().count(), 8);
}

#[test]
fn out_files_named_without_a_folder_are_written_in_the_current_directory() {
    // `--out year.md` names a file in the current directory, as `./year.md` does.
    let dir = tempfile::tempdir().unwrap();
    add(dir.path(), &["a note to export"]);
    let added = between(dir.path())
        .args(["pack", "add", "--yes"])
        .arg(common::root().join("exercises/examples/de-escalation-week.json"))
        .output()
        .unwrap();
    assert!(added.status.success(), "{}", stderr(&added));
    let here = tempfile::tempdir().unwrap();
    let runs: [(&[&str], &str); 4] = [
        (&["export"], "year.md"),
        (&["prep"], "p.md"),
        (
            &["report", "de-escalation-week", "--format", "json"],
            "report.json",
        ),
        (&["report", "--open", "report.json"], "opened.md"),
    ];
    for (args, name) in runs {
        let output = between(dir.path())
            .current_dir(here.path())
            .args(args)
            .args(["--out", name])
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert!(
            !stderr(&output).contains("cannot"),
            "{args:?}: {}",
            stderr(&output)
        );
        let file = here.path().join(name);
        assert!(fs::metadata(&file).unwrap().len() > 0, "{args:?}");
        assert_eq!(mode(&file), 0o600, "{args:?}");
    }
    assert_eq!(fs::read_dir(here.path()).unwrap().count(), 4);
}

#[test]
fn kill_9_while_appending_never_loses_a_reported_save() {
    let dir = tempfile::tempdir().unwrap();
    let script = r#"i=0; while :; do i=$((i+1)); "$0" --data-dir "$1" journal add "entry $i" || exit 1; done"#;
    let mut saved: Vec<String> = Vec::new();
    let started = Instant::now();
    let mut round = 0u64;
    let length = Duration::from_secs(if common::thorough() { 8 } else { 3 });
    while started.elapsed() < length {
        round += 1;
        let mut child = Command::new("sh")
            .args(["-c", script])
            .arg(bin())
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        let pid = child.id() as i32;
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.split_whitespace().nth(2).map(str::to_owned))
                .collect::<Vec<_>>()
        });
        // A pseudo-random moment between 15 and 200 ms.
        let wait = 15 + (round.wrapping_mul(2654435761) >> 7) % 185;
        std::thread::sleep(Duration::from_millis(wait));
        // SAFETY: kill only sends a signal to the process group we started.
        unsafe { libc::kill(-pid, libc::SIGKILL) };
        child.wait().unwrap();
        saved.extend(reader.join().unwrap());
    }
    assert!(
        round >= 5 && saved.len() >= 20,
        "{round} rounds, {} saves",
        saved.len()
    );
    let entries = list_json(dir.path(), &[]);
    let present: std::collections::HashSet<&str> =
        entries.iter().map(|e| e["id"].as_str().unwrap()).collect();
    for id in &saved {
        assert!(
            present.contains(id.as_str()),
            "reported saved but missing: {id}"
        );
    }
    // A save may have finished just before the kill and not been reported; none more.
    assert!(entries.len() <= saved.len() + round as usize);
    // Opening for writing repairs anything torn; then the whole log verifies.
    add(dir.path(), &["after the storm"]);
    let verify = between(dir.path())
        .args(["journal", "verify"])
        .output()
        .unwrap();
    assert_eq!(verify.status.code(), Some(0), "{}", stdout(&verify));
}

#[test]
fn two_processes_appending_at_once_give_whole_lines_and_lose_none() {
    let dir = tempfile::tempdir().unwrap();
    let each = if common::thorough() { 500 } else { 150 };
    let script = r#"i=0; while [ $i -lt $3 ]; do i=$((i+1)); "$0" --data-dir "$1" journal add "writer $2 entry $i" >/dev/null || exit 1; done"#;
    let writers: Vec<_> = ["a", "b"]
        .iter()
        .map(|name| {
            Command::new("sh")
                .args(["-c", script])
                .arg(bin())
                .arg(dir.path())
                .arg(name)
                .arg(each.to_string())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut writer in writers {
        assert!(writer.wait().unwrap().success());
    }
    let bytes = fs::read(dir.path().join("journal.jsonl")).unwrap();
    assert_eq!(bytes.iter().filter(|b| **b == b'\n').count(), 2 * each);
    let verify = between(dir.path())
        .args(["journal", "verify"])
        .output()
        .unwrap();
    assert_eq!(verify.status.code(), Some(0), "{}", stdout(&verify));
    let entries = list_json(dir.path(), &[]);
    assert_eq!(entries.len(), 2 * each);
    for name in ["a", "b"] {
        let count = entries
            .iter()
            .filter(|e| {
                e["answers"][0]["value"]["text"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("writer {name} "))
            })
            .count();
        assert_eq!(count, each, "writer {name}");
    }
}

#[test]
fn a_full_disk_fails_clearly_and_leaves_the_journal_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    add(dir.path(), &["an entry that is already safe"]);
    let journal = dir.path().join("journal.jsonl");
    let before = fs::read(&journal).unwrap();
    // Let the file grow by only 40 bytes: the record is written in part, then fails.
    let limit = before.len() as u64 + 40;
    let mut command = Command::new(bin());
    command.arg("--data-dir").arg(dir.path()).args([
        "journal",
        "add",
        &"a long entry that will not fit on this disk ".repeat(5),
    ]);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let rlimit = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &rlimit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let output = command.output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    // (A file-size limit stands in for the full disk, and the message names it.)
    assert!(
        stderr(&output).contains("so the entry was not saved; the journal is unchanged"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read(&journal).unwrap(), before);
    add(dir.path(), &["later, with space again"]);
    assert_eq!(list_json(dir.path(), &[]).len(), 2);
}

#[test]
fn a_held_lock_makes_writers_wait_then_fail_while_readers_go_on() {
    let dir = tempfile::tempdir().unwrap();
    add(dir.path(), &["first"]);
    let lock = fs::OpenOptions::new()
        .write(true)
        .open(dir.path().join("journal.lock"))
        .unwrap();
    lock.lock().unwrap();
    let started = Instant::now();
    let output = between(dir.path())
        .args(["journal", "add", "blocked"])
        .output()
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "it should wait a little first"
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("another between is saving to the journal right now"),
        "{}",
        stderr(&output)
    );
    assert_eq!(list_json(dir.path(), &[]).len(), 1);
    let search = between(dir.path())
        .args(["journal", "search", "first"])
        .output()
        .unwrap();
    assert!(search.status.success());
    lock.unlock().unwrap();
    add(dir.path(), &["now it works"]);
}

fn with_umask(umask: libc::mode_t, dir: &Path, args: &[&str]) {
    let mut command = Command::new(bin());
    command.arg("--data-dir").arg(dir).args(args);
    // SAFETY: umask is async-signal-safe.
    unsafe {
        command.pre_exec(move || {
            libc::umask(umask);
            Ok(())
        });
    }
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn files_are_private_under_any_umask_and_loose_ones_are_tightened() {
    for umask in [0o000, 0o022] {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("data");
        with_umask(umask, &dir, &["journal", "add", "private words"]);
        let out = dir.join("export.md");
        with_umask(umask, &dir, &["export", "--out", out.to_str().unwrap()]);
        assert_eq!(mode(&dir), 0o700, "umask {umask:o}");
        for file in ["journal.jsonl", "journal.lock", "export.md"] {
            assert_eq!(mode(&dir.join(file)), 0o600, "{file} under umask {umask:o}");
        }
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        fs::set_permissions(dir.join("journal.jsonl"), fs::Permissions::from_mode(0o644)).unwrap();
        with_umask(umask, &dir, &["journal", "add", "more"]);
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join("journal.jsonl")), 0o600);
    }
}

#[test]
fn a_damaged_journal_is_reported_by_verify_and_refuses_changes() {
    let dir = tempfile::tempdir().unwrap();
    let first = add(dir.path(), &["one"]);
    add(dir.path(), &["two"]);
    add(dir.path(), &["three"]);
    let journal = dir.path().join("journal.jsonl");
    let mut bytes = fs::read(&journal).unwrap();
    let at = bytes.windows(3).position(|w| w == b"two").unwrap();
    bytes[at] = b'T';
    fs::write(&journal, &bytes).unwrap();

    let verify = between(dir.path())
        .args(["journal", "verify"])
        .output()
        .unwrap();
    assert_eq!(verify.status.code(), Some(65));
    assert!(
        stdout(&verify).ends_with(
            ":2: the checksum does not match: the line was damaged or changed outside between\n"
        ),
        "{}",
        stdout(&verify)
    );
    let list = between(dir.path())
        .args(["journal", "list"])
        .output()
        .unwrap();
    assert!(list.status.success());
    assert!(stderr(&list).contains("read-only"), "{}", stderr(&list));
    let delete = between(dir.path())
        .args(["journal", "delete", "--yes", &first])
        .output()
        .unwrap();
    assert_eq!(delete.status.code(), Some(65));
    assert!(
        stderr(&delete)
            .contains("the journal is read-only: the journal has damaged lines (line: 2"),
        "{}",
        stderr(&delete)
    );
    assert_eq!(fs::read(&journal).unwrap(), bytes);
}

/// The kept edit of entry `id` after a broken edit, as `a_broken_edit_…` makes it.
fn broken_edit(dir: &Path, id: &str, words: &str) -> std::path::PathBuf {
    let output = between(dir)
        .env("VISUAL", format!("sed -i -e '/^=== /d' -e 's/$/ {words}/'"))
        .args(["journal", "edit", id])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(65), "{}", stderr(&output));
    let kept = dir.join(format!("drafts/edit-{}.txt", id.to_ascii_lowercase()));
    assert!(fs::read_to_string(&kept).unwrap().contains(words));
    kept
}

#[test]
fn deleting_an_entry_removes_its_kept_edit_and_compact_removes_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let id = add(dir.path(), &["first text"]);
    let kept = broken_edit(dir.path(), &id, "KEPTCANARY");
    let deleted = between(dir.path())
        .args(["journal", "delete", &id, "--yes"])
        .output()
        .unwrap();
    assert_eq!(deleted.status.code(), Some(0), "{}", stderr(&deleted));
    assert!(!kept.exists(), "the kept edit outlived its entry");

    // A kept edit left by an older between beside a deleted entry goes at compaction;
    // one of an entry still there stays.
    let other = add(dir.path(), &["second text"]);
    let stays = broken_edit(dir.path(), &other, "STAYS");
    let orphan = dir.path().join(format!(
        "drafts/edit-{}.txt",
        between::journal::EntryId::generate()
            .as_str()
            .to_ascii_lowercase()
    ));
    fs::write(&orphan, "ORPHANCANARY").unwrap();
    let compact = between(dir.path())
        .args(["journal", "compact"])
        .output()
        .unwrap();
    assert_eq!(compact.status.code(), Some(0), "{}", stderr(&compact));
    assert!(!orphan.exists(), "compaction kept an orphaned edit");
    assert!(
        stays.exists(),
        "compaction removed a live entry's kept edit"
    );
    for name in fs::read_dir(dir.path().join("drafts")).unwrap() {
        let text = fs::read_to_string(name.unwrap().path()).unwrap();
        assert!(!text.contains("KEPTCANARY") && !text.contains("ORPHANCANARY"));
    }
}

/// `journal delete ID` started without `--yes`, waiting at its question, and what it
/// wrote to stderr so far (the pipe stays open: a closed one would fail its writes).
fn asking_to_delete(dir: &Path, id: &str) -> (std::process::Child, String) {
    use std::io::Read;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_between"))
        .env_remove("BETWEEN_HOME")
        .env("HOME", dir)
        .arg("--data-dir")
        .arg(dir)
        .args(["journal", "delete", id])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let err = child.stderr.as_mut().unwrap();
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !String::from_utf8_lossy(&seen).contains("[y/N]") {
        assert_eq!(err.read(&mut byte).unwrap(), 1, "no question was asked");
        seen.push(byte[0]);
    }
    (child, String::from_utf8_lossy(&seen).into_owned())
}

/// Answers the question and waits; stderr holds all the command wrote there.
fn answer((mut child, asked): (std::process::Child, String), text: &str) -> std::process::Output {
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let mut output = child.wait_with_output().unwrap();
    output.stderr = [asked.into_bytes(), output.stderr].concat();
    output
}

#[test]
fn a_delete_waiting_for_its_answer_does_not_stop_other_saves() {
    let dir = tempfile::tempdir().unwrap();
    let id = add(dir.path(), &["to be deleted"]);
    let waiting = asking_to_delete(dir.path(), &id);
    // Meanwhile another between saves, at once (the lock waits up to 3 s before giving
    // up, so a held lock would show as a failure or a delay).
    let started = std::time::Instant::now();
    add(dir.path(), &["written while the question waited"]);
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    let done = answer(waiting, "y\n");
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    assert_eq!(stdout(&done), format!("Deleted entry {id}.\n"));
    let left = list_json(dir.path(), &[]);
    assert_eq!(left.len(), 1);
    assert_eq!(
        left[0]["answers"][0]["value"]["text"],
        "written while the question waited"
    );

    // If the entry changes while the question waits, nothing is deleted.
    let id = add(dir.path(), &["first words"]);
    let waiting = asking_to_delete(dir.path(), &id);
    let edited = between(dir.path())
        .env("VISUAL", "sed -i s/first/second/")
        .args(["journal", "edit", &id])
        .output()
        .unwrap();
    assert_eq!(edited.status.code(), Some(0), "{}", stderr(&edited));
    let refused = answer(waiting, "y\n");
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("changed while you were deciding"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(list_json(dir.path(), &[]).len(), 2);
}

#[test]
fn an_import_does_not_bring_back_what_was_deleted_here_even_after_compaction() {
    let dir = tempfile::tempdir().unwrap();
    let gone = add(dir.path(), &["DELETEDCANARY words"]);
    add(dir.path(), &["kept words"]);
    let export = dir.path().join("backup.json");
    let exported = between(dir.path())
        .args(["export", "--format", "json", "--out"])
        .arg(&export)
        .output()
        .unwrap();
    assert_eq!(exported.status.code(), Some(0), "{}", stderr(&exported));
    let deleted = between(dir.path())
        .args(["journal", "delete", &gone, "--yes"])
        .output()
        .unwrap();
    assert_eq!(deleted.status.code(), Some(0));
    let import = || {
        let output = between(dir.path())
            .arg("import")
            .arg(&export)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        stdout(&output)
    };
    let said = "Imported 0 entries; skipped 1 already in the journal and 1 you deleted here \
                (--restore-deleted brings it back).\n";
    assert_eq!(import(), said);
    assert_eq!(list_json(dir.path(), &[]).len(), 1);
    // Compaction keeps the tombstone, and has nothing left to do after.
    let compact = between(dir.path())
        .args(["journal", "compact"])
        .output()
        .unwrap();
    assert_eq!(compact.status.code(), Some(0), "{}", stderr(&compact));
    let again = between(dir.path())
        .args(["journal", "compact"])
        .output()
        .unwrap();
    assert!(
        stdout(&again).starts_with("Nothing to compact"),
        "{}",
        stdout(&again)
    );
    assert_eq!(import(), said);
    assert!(
        !fs::read_to_string(dir.path().join("journal.jsonl"))
            .unwrap()
            .contains("DELETEDCANARY")
    );
    // Asked for, it comes back.
    let restored = between(dir.path())
        .args(["import", "--restore-deleted"])
        .arg(&export)
        .output()
        .unwrap();
    assert_eq!(
        stdout(&restored),
        "Imported 1 entry; skipped 1 already in the journal.\n"
    );
    assert_eq!(list_json(dir.path(), &[]).len(), 2);
}

#[test]
fn journal_add_says_when_it_sets_a_torn_tail_aside() {
    let dir = tempfile::tempdir().unwrap();
    add(dir.path(), &["a whole entry"]);
    let log = dir.path().join("journal.jsonl");
    let mut bytes = fs::read(&log).unwrap();
    bytes.extend_from_slice(b"{\"v\":1,\"put\":{\"id\":\"01J");
    fs::write(&log, &bytes).unwrap();
    let output = between(dir.path())
        .args(["journal", "add", "after the crash"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let err = stderr(&output);
    assert!(
        err.contains("between: warning: the journal ended with an incomplete record"),
        "{err}"
    );
    assert!(err.contains("set aside in"), "{err}");
    assert_eq!(list_json(dir.path(), &[]).len(), 2);
    // Said once: the next add finds nothing to set aside.
    let next = between(dir.path())
        .args(["journal", "add", "calm again"])
        .output()
        .unwrap();
    assert_eq!(stderr(&next), "");
}

#[test]
fn compact_reports_the_compaction_that_opening_did_by_itself() {
    use between::journal::record::Record;
    let dir = tempfile::tempdir().unwrap();
    // Ten entries, each revised twice: 30 records, 20 of them superseded, written
    // without opening for writing (which would compact by itself).
    let store = between::journal::Store::new(
        between::data_dir::DataDir::resolve(Some(dir.path())).unwrap(),
    );
    let mut log = store.open_append().unwrap();
    for i in 0..10 {
        let mut entry = between::journal::Entry::note(format!("entry {i}"));
        for _ in 0..3 {
            log.append(&Record::put(entry.clone())).unwrap();
            entry = entry.next_revision();
        }
    }
    drop(log);
    let output = between(dir.path())
        .args(["journal", "compact"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("Compacted the journal: 30 records to 10, "),
        "{}",
        stdout(&output)
    );
}

#[test]
fn text_on_standard_input_that_is_not_utf8_is_reported_as_such_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let output = between(dir.path())
        .args(["journal", "add"])
        .write_stdin(b"we argued \xff\xfe about money".as_slice())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(65), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("standard input") && message.contains("UTF-8"),
        "{message}"
    );
    assert!(!message.contains("cannot write the output"), "{message}");
    assert!(message.contains("nothing was changed"), "{message}");
    assert!(list_json(dir.path(), &[]).is_empty());
}

/// `between ARGS…` at `dir` with a file-size limit of `limit` bytes, as `ulimit -f`
/// sets one: the process is not told to ignore SIGXFSZ.
fn limited(dir: &Path, limit: u64, args: &[&str]) -> std::process::Output {
    let mut command = Command::new(bin());
    command.arg("--data-dir").arg(dir).args(args);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(move || {
            let rlimit = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &rlimit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    command.output().unwrap()
}

#[test]
fn under_a_file_size_limit_a_save_is_cut_back_and_said_not_killed_halfway() {
    let dir = tempfile::tempdir().unwrap();
    add(dir.path(), &["an entry that is already safe"]);
    let journal = dir.path().join("journal.jsonl");
    let before = fs::read(&journal).unwrap();
    let long = "a long entry that goes past the limit ".repeat(5);
    let output = limited(
        dir.path(),
        before.len() as u64 + 40,
        &["journal", "add", &long],
    );
    assert_eq!(output.status.code(), Some(1), "killed: {:?}", output.status);
    assert!(
        stderr(&output).contains("file-size limit")
            && stderr(&output).contains("the entry was not saved; the journal is unchanged"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read(&journal).unwrap(), before, "no torn tail");
}

#[test]
fn a_compaction_without_room_says_so_and_leaves_no_partial_copy() {
    use between::journal::{Entry, Store};
    let dir = tempfile::tempdir().unwrap();
    let data = between::data_dir::DataDir::resolve(Some(dir.path())).unwrap();
    let mut writer = Store::new(data).open().unwrap();
    for i in 0..40 {
        let entry = Entry::note(format!("first words of note {i} ").repeat(4));
        writer.save(&entry).unwrap();
        let mut revised = entry.next_revision();
        revised.answers[0]
            .value
            .set_text(format!("later words {i} ").repeat(4));
        writer.save(&revised).unwrap();
    }
    drop(writer);
    let journal = dir.path().join("journal.jsonl");
    let before = fs::read(&journal).unwrap();
    // Room for a quarter of the journal: the compacted copy (half) does not fit.
    let output = limited(dir.path(), before.len() as u64 / 4, &["journal", "compact"]);
    assert_eq!(output.status.code(), Some(1), "killed: {:?}", output.status);
    let said = stderr(&output);
    assert!(
        said.contains("could not be compacted") && said.contains("file-size limit"),
        "{said}"
    );
    assert!(!said.contains("entry was not saved"), "{said}");
    assert!(!dir.path().join("journal.jsonl.compact").exists());
    assert_eq!(fs::read(&journal).unwrap(), before);
    // With room, it works.
    let output = between(dir.path())
        .args(["journal", "compact"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn export_can_leave_out_what_is_private_and_keep_only_what_is_marked_to_discuss() {
    let dir = tempfile::tempdir().unwrap();
    add(dir.path(), &["A walk after dinner"]);
    add(dir.path(), &["--discuss", "Bring up the holiday plans"]);
    add(dir.path(), &["--private", "Only for me: the old letter"]);
    let plan = between(dir.path())
        .args([
            "plan",
            "add",
            "--per-week",
            "2",
            "--private",
            "Leave the room for ten minutes",
        ])
        .output()
        .unwrap();
    assert!(plan.status.success(), "{}", stderr(&plan));
    let plan_id = stdout(&plan).split_whitespace().nth(2).unwrap().to_owned();
    let tried = between(dir.path())
        .args([
            "try",
            &plan_id,
            "--rating",
            "4",
            "--happened",
            "It calmed us both down",
        ])
        .output()
        .unwrap();
    assert!(tried.status.success(), "{}", stderr(&tried));

    for format in ["md", "json", "csv"] {
        let output = between(dir.path())
            .args(["export", "--exclude-private", "--format", format])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        let text = stdout(&output);
        assert!(text.contains("A walk after dinner"), "{format}: {text}");
        for private in ["the old letter", "Leave the room", "It calmed us both down"] {
            assert!(!text.contains(private), "{format}: {private} in {text}");
        }
    }
    let file = dir.path().join("shared.md");
    let output = between(dir.path())
        .args(["export", "--exclude-private", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    // Said beside the export, never in it.
    assert!(
        stderr(&output).contains("3 private entries left out"),
        "{}",
        stderr(&output)
    );
    assert!(!fs::read_to_string(&file).unwrap().contains("left out"));

    let output = between(dir.path())
        .args(["export", "--discuss"])
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(text.contains("Bring up the holiday plans"), "{text}");
    assert!(!text.contains("A walk after dinner"), "{text}");
}
