//! Planted and untrusted files: a named pipe (FIFO) or a link to `/dev/zero` where between
//! expects one of its files, a huge file handed to `report --open` or `import`, and
//! symbolic links in place of the folders and files between writes inside its data
//! directory. Each runs the real binary under a watch: a command still running after
//! [`LIMIT`] counts as hung, and one taking more than [`MAX_MEMORY_KIB`] is stopped,
//! so a regression fails the test instead of hanging it or filling the machine's memory.

use std::ffi::{CString, OsStr};
use std::fs;
use std::io::{Read, Write};
use std::num::NonZero;
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a command may run before it counts as hung.
const LIMIT: Duration = Duration::from_secs(10);
/// The most memory (resident) a command may take in these tests.
const MAX_MEMORY_KIB: u64 = 200 * 1024;

/// What a watched command did.
struct Finished {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    /// Its largest resident size, in KiB.
    peak_kib: u64,
}

/// `between --data-dir DIR ARGS…` with standard input empty, isolated like
/// `common::between`.
fn command(dir: &Path, args: &[&OsStr]) -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin!("between"));
    command
        .env_remove("BETWEEN_HOME")
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .env("HOME", dir)
        .env("TMPDIR", dir)
        .arg("--data-dir")
        .arg(dir)
        .args(args);
    command
}

fn os<'a>(args: &[&'a str]) -> Vec<&'a OsStr> {
    args.iter().map(|a| OsStr::new(*a)).collect()
}

/// The resident size of a running process, in KiB.
fn resident_kib(pid: u32) -> u64 {
    fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?.to_owned();
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

/// Waits for `child` to end, polling `done` (when it returns true the child is sent
/// SIGTERM, as when the user closes it), and fails if it hangs or takes too much
/// memory. Returns its exit code (`None` if a signal ended it) and its peak size.
fn watch(mut child: Child, what: &str, mut done: impl FnMut() -> bool) -> (Option<i32>, u64) {
    let pid = child.id() as libc::pid_t;
    let start = Instant::now();
    let mut stopping = false;
    loop {
        let mut status = 0;
        // SAFETY: a zeroed rusage is a valid value for wait4 to fill.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: pid is our own child, not yet reaped; the pointers are valid.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
            return (code, usage.ru_maxrss as u64);
        }
        let resident = resident_kib(child.id());
        let problem = if resident > MAX_MEMORY_KIB {
            Some(format!(
                "{what} took {} MiB of memory (more than {} MiB); stopped",
                resident / 1024,
                MAX_MEMORY_KIB / 1024
            ))
        } else if start.elapsed() > LIMIT {
            Some(format!(
                "{what} hung: still running after {LIMIT:?}; stopped"
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            let _ = child.kill();
            // SAFETY: as above; this reaps the killed child.
            unsafe { libc::waitpid(pid, &mut status, 0) };
            panic!("{problem}");
        }
        if !stopping && done() {
            // SAFETY: signalling our own child.
            unsafe { libc::kill(pid, libc::SIGTERM) };
            stopping = true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Runs `between ARGS…` on `dir` under the watch, with `env` set and `stdin` given.
fn run_with(dir: &Path, args: &[&OsStr], env: &[(&str, &str)], stdin: &str) -> Finished {
    let mut command = command(dir, args);
    command
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_owned();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(stdin.as_bytes());
    });
    let read_all = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = read_all(Box::new(child.stdout.take().unwrap()));
    let err = read_all(Box::new(child.stderr.take().unwrap()));
    let what = format!(
        "`between {}`",
        args.iter()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    );
    let (code, peak_kib) = watch(child, &what, || false);
    let _ = writer.join();
    Finished {
        code,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        peak_kib,
    }
}

fn run(dir: &Path, args: &[&str]) -> Finished {
    run_with(dir, &os(args), &[], "")
}

/// Runs the full-screen app on `dir` in a pseudo-terminal of 80×24 until its screen
/// shows `text`, then closes it; returns the screen. Fails if it never does (hung).
fn app_screen(dir: &Path, text: &str) -> String {
    let (master, slave) = crate::common::pty::open(Some(&crate::common::pty::SIZE_80_24));
    let mut command = command(dir, &[]);
    command
        .env("TERM", "xterm-256color")
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave));
    // SAFETY: setsid and ioctl are async-signal-safe; the pty becomes the child's
    // controlling terminal.
    unsafe {
        command.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let child = command.spawn().unwrap();
    drop(command);
    let screen = Arc::new(Mutex::new(vt100::Parser::new(
        NonZero::new(24).unwrap(),
        NonZero::new(80).unwrap(),
        0,
    )));
    let reader = {
        let mut source = master.try_clone().unwrap();
        let screen = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            loop {
                let mut fd = libc::pollfd {
                    fd: source.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd.
                let ready = unsafe { libc::poll(&mut fd, 1, 50) };
                if ready > 0 && fd.revents & libc::POLLIN != 0 {
                    match source.read(&mut buffer) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => screen.lock().unwrap().process(&buffer[..n]),
                    }
                } else if fd.revents & (libc::POLLHUP | libc::POLLERR) != 0 {
                    break;
                }
            }
        })
    };
    let contents = || screen.lock().unwrap().screen().contents();
    let mut seen = String::new();
    watch(child, "the app", || {
        seen = contents();
        seen.contains(text)
    });
    drop(master);
    let _ = reader.join();
    seen
}

/// Makes a named pipe at `path`.
fn plant_fifo(path: &Path) {
    let name = CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid C string.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
}

/// The two planted things every file is tried with, and the words that name them.
const PLANTS: [(&str, &str); 2] = [("fifo", "named pipe"), ("zero", "symbolic link")];

fn plant(kind: &str, path: &Path) {
    let _ = fs::remove_file(path);
    match kind {
        "fifo" => plant_fifo(path),
        _ => symlink("/dev/zero", path).unwrap(),
    }
}

/// A data directory with one entry, "hello", made through the binary.
fn with_hello() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let added = run(dir.path(), &["journal", "add", "hello"]);
    assert_eq!(added.code, Some(0), "{}", added.stderr);
    dir
}

fn id_of_only_entry(dir: &Path) -> String {
    let list = run(dir, &["journal", "list", "--json"]);
    let entries: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    entries[0]["id"].as_str().unwrap().to_owned()
}

fn mode(path: &Path) -> u32 {
    fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

/// A folder outside the data directory, 0755, that must stay as it is.
fn outside_folder(root: &Path) -> PathBuf {
    let outside = root.join("outside");
    fs::create_dir(&outside).unwrap();
    fs::set_permissions(&outside, fs::Permissions::from_mode(0o755)).unwrap();
    outside
}

fn assert_refused(finished: &Finished, file: &str, words: &str) {
    assert_ne!(finished.code, Some(0), "{}", finished.stdout);
    assert!(
        finished.stderr.contains(file) && finished.stderr.contains(words),
        "the message should name {file} and say it is a {words}: {}",
        finished.stderr
    );
}

#[test]
fn a_pipe_or_device_in_place_of_the_journal_its_snapshot_or_lock_is_refused_at_once() {
    for (kind, words) in PLANTS {
        // The journal itself: every command refuses it, naming it.
        let dir = with_hello();
        plant(kind, &dir.path().join("journal.jsonl"));
        for args in [&["journal", "list"][..], &["journal", "add", "more"]] {
            assert_refused(&run(dir.path(), args), "journal.jsonl", words);
        }

        // The snapshot is only a cache: it is not used, and the journal reads as ever.
        let dir = with_hello();
        plant(kind, &dir.path().join("journal.snapshot"));
        let added = run(dir.path(), &["journal", "add", "more"]);
        assert_eq!(added.code, Some(0), "{kind}: {}", added.stderr);
        let listed = run(dir.path(), &["journal", "list"]);
        assert_eq!(listed.code, Some(0), "{kind}: {}", listed.stderr);
        assert!(listed.stdout.contains("hello") && listed.stdout.contains("more"));

        // The lock: a writer refuses it, naming it; a reader needs none.
        let dir = with_hello();
        plant(kind, &dir.path().join("journal.lock"));
        assert_refused(
            &run(dir.path(), &["journal", "add", "more"]),
            "journal.lock",
            words,
        );
        let listed = run(dir.path(), &["journal", "list"]);
        assert!(listed.stdout.contains("hello"), "{kind}: {}", listed.stderr);
    }
}

#[test]
fn a_pipe_or_device_in_place_of_settings_or_safety_text_does_not_stop_the_app() {
    for file in ["settings.json", "safety.json"] {
        for (kind, _) in PLANTS {
            let dir = with_hello();
            plant(kind, &dir.path().join(file));
            // The app starts on its defaults and says which file it left alone.
            app_screen(dir.path(), file);
        }
    }
}

/// A JSON file of about `bytes` bytes (a long array of zeros), costly to parse into
/// memory; written a piece at a time, so this process stays small (see below).
fn big_json(path: &Path, bytes: usize) {
    let mut file = std::io::BufWriter::new(fs::File::create(path).unwrap());
    file.write_all(b"[").unwrap();
    let piece = b"0,".repeat(32 << 10);
    for _ in 0..bytes / piece.len() + 1 {
        file.write_all(&piece).unwrap();
    }
    file.write_all(b"0]").unwrap();
    file.flush().unwrap();
}

/// This process's own peak resident size, in KiB.
fn own_peak_kib() -> u64 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?.to_owned();
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

#[test]
fn report_open_and_import_refuse_pipes_devices_and_huge_files_quickly() {
    let dir = with_hello();
    let file = dir.path().join("received.json");
    for (kind, words) in PLANTS {
        plant(kind, &file);
        for command in ["report --open", "import"] {
            let mut args: Vec<&str> = command.split(' ').collect();
            args.push(file.to_str().unwrap());
            assert_refused(&run(dir.path(), &args), "received.json", words);
        }
    }
    // Just over the cap of a report by default; the 100 MB when thorough.
    let size = if crate::common::thorough() {
        100_000_000
    } else {
        17 << 20
    };
    fs::remove_file(&file).unwrap();
    big_json(&file, size);
    // The child's peak counts this process's size at the moment it was started (the
    // kernel carries it over the exec), so the bound is above that.
    let before = own_peak_kib();
    let finished = run(dir.path(), &["report", "--open", file.to_str().unwrap()]);
    assert_refused(&finished, "received.json", "larger than");
    assert!(
        finished.peak_kib < before + 48 * 1024,
        "took {} KiB to refuse it (this test process: {before} KiB)",
        finished.peak_kib
    );
}

#[test]
fn a_linked_packs_folder_is_neither_read_nor_written() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("data");
    fs::create_dir(&dir).unwrap();
    let outside = outside_folder(root.path());
    let example = |name: &str| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("exercises/examples")
            .join(name)
    };
    fs::copy(
        example("money-talks.json"),
        outside.join("money-talks.json"),
    )
    .unwrap();
    fs::set_permissions(
        outside.join("money-talks.json"),
        fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    symlink(&outside, dir.join("packs")).unwrap();

    let listed = run(&dir, &["pack", "list"]);
    assert!(!listed.stdout.contains("money-talks"), "{}", listed.stdout);
    assert!(listed.stderr.contains("packs"), "{}", listed.stderr);

    let added = run(
        &dir,
        &[
            "pack",
            "add",
            example("de-escalation-week.json").to_str().unwrap(),
            "--yes",
        ],
    );
    assert_refused(&added, "packs", "symbolic link");
    assert_eq!(fs::read_dir(&outside).unwrap().count(), 1);
    assert_eq!(mode(&outside), 0o755);
    assert_eq!(mode(&outside.join("money-talks.json")), 0o644);
}

#[test]
fn a_linked_quarantine_folder_is_not_written() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("data");
    fs::create_dir(&dir).unwrap();
    let added = run(&dir, &["journal", "add", "hello"]);
    assert_eq!(added.code, Some(0), "{}", added.stderr);
    let journal = dir.join("journal.jsonl");
    let mut torn = fs::read(&journal).unwrap();
    torn.extend_from_slice(b"{\"v\":1,\"put\":{\"torn");
    fs::write(&journal, &torn).unwrap();
    let outside = outside_folder(root.path());
    symlink(&outside, dir.join("quarantine")).unwrap();

    let added = run(&dir, &["journal", "add", "more"]);
    assert_refused(&added, "quarantine", "symbolic link");
    assert_eq!(fs::read_dir(&outside).unwrap().count(), 0);
    assert_eq!(mode(&outside), 0o755);
    assert_eq!(fs::read(&journal).unwrap(), torn, "the journal changed");
}

#[test]
fn a_linked_drafts_folder_or_kept_edit_is_not_followed_by_journal_edit() {
    // The editor puts words at the end of the file it is given.
    let editor = [("VISUAL", "sh -c 'echo EDITED >> \"$1\"' editor")];

    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("data");
    fs::create_dir(&dir).unwrap();
    let added = run(&dir, &["journal", "add", "hello"]);
    assert_eq!(added.code, Some(0), "{}", added.stderr);
    let id = id_of_only_entry(&dir);
    let outside = outside_folder(root.path());
    symlink(&outside, dir.join("drafts")).unwrap();
    let edited = run_with(&dir, &os(&["journal", "edit", &id]), &editor, "");
    assert_refused(&edited, "drafts", "symbolic link");
    assert_eq!(fs::read_dir(&outside).unwrap().count(), 0);
    assert_eq!(mode(&outside), 0o755);

    // A kept edit that is a link to a file outside: neither read in nor changed.
    fs::remove_file(dir.join("drafts")).unwrap();
    fs::create_dir(dir.join("drafts")).unwrap();
    let target = outside.join("their-file.txt");
    fs::write(&target, "words from outside\n").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o644)).unwrap();
    let kept = dir
        .join("drafts")
        .join(format!("edit-{}.txt", id.to_ascii_lowercase()));
    symlink(&target, &kept).unwrap();
    let edited = run_with(&dir, &os(&["journal", "edit", &id]), &editor, "");
    assert_refused(
        &edited,
        &format!("edit-{}", id.to_ascii_lowercase()),
        "symbolic link",
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), "words from outside\n");
    assert_eq!(mode(&target), 0o644);
    let shown = run(&dir, &["journal", "show", &id]);
    assert!(
        shown.stdout.contains("hello") && !shown.stdout.contains("outside"),
        "{}",
        shown.stdout
    );
}

#[test]
fn a_linked_reports_folder_is_not_sealed_in_place_by_encrypt() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("data");
    fs::create_dir(&dir).unwrap();
    let added = run(&dir, &["journal", "add", "hello"]);
    assert_eq!(added.code, Some(0), "{}", added.stderr);
    let outside = outside_folder(root.path());
    let theirs = outside.join("notes.md");
    fs::write(&theirs, "their own notes").unwrap();
    symlink(&outside, dir.join("reports")).unwrap();

    let encrypted = run_with(
        &dir,
        &os(&["--passphrase-fd", "0", "encrypt"]),
        &[],
        "a long walk by the river\n",
    );
    assert_refused(&encrypted, "reports", "symbolic link");
    assert_eq!(fs::read_to_string(&theirs).unwrap(), "their own notes");
    assert_eq!(fs::read_dir(&outside).unwrap().count(), 1);
    assert_eq!(mode(&outside), 0o755);
}

#[test]
fn a_data_directory_that_is_itself_a_link_is_followed_once_and_works() {
    // The user's own choice (data kept on another disk): followed, and everything in it
    // is a real file or folder, so it all works as ever.
    let root = tempfile::tempdir().unwrap();
    let real = root.path().join("real");
    fs::create_dir(&real).unwrap();
    let link = root.path().join("link");
    symlink(&real, &link).unwrap();
    let added = run(&link, &["journal", "add", "hello"]);
    assert_eq!(added.code, Some(0), "{}", added.stderr);
    assert!(real.join("journal.jsonl").is_file());
    assert!(run(&link, &["journal", "list"]).stdout.contains("hello"));
}

#[test]
fn a_pipe_or_device_in_place_of_an_encrypted_journals_snapshot_is_not_used() {
    const PASSPHRASE: &str = "a long walk by the river\n";
    for (kind, _) in PLANTS {
        let dir = with_hello();
        let encrypted = run_with(
            dir.path(),
            &os(&["--passphrase-fd", "0", "encrypt"]),
            &[],
            PASSPHRASE,
        );
        assert_eq!(encrypted.code, Some(0), "{}", encrypted.stderr);
        plant(kind, &dir.path().join("journal.snapshot"));
        let listed = run_with(
            dir.path(),
            &os(&["--passphrase-fd", "0", "journal", "list"]),
            &[],
            PASSPHRASE,
        );
        assert_eq!(listed.code, Some(0), "{kind}: {}", listed.stderr);
        assert!(listed.stdout.contains("hello"), "{kind}: {}", listed.stdout);
    }
}

#[test]
fn the_apps_drafts_neither_follow_a_linked_folder_nor_a_linked_draft() {
    // The app's autosave and its list of drafts, through the library the app uses.
    use between::data_dir::DataDir;
    use between::journal::drafts::Drafts;
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    fs::create_dir(&data).unwrap();
    let dir = DataDir::resolve(Some(&data)).unwrap();
    let outside = outside_folder(root.path());
    let theirs = outside.join("patterns--map-your-cycle.json");
    fs::write(&theirs, "\"their words\"").unwrap();
    symlink(&outside, dir.drafts()).unwrap();
    let drafts = Drafts::new(&dir);
    let key = "patterns--map-your-cycle";
    for error in [
        drafts.save(key, &"typed").unwrap_err().to_string(),
        drafts.load::<String>(key).unwrap_err().to_string(),
        drafts.list().unwrap_err().to_string(),
        drafts.discard(key).unwrap_err().to_string(),
    ] {
        assert!(
            error.contains("drafts") && error.contains("symbolic link"),
            "{error}"
        );
    }
    assert_eq!(fs::read_to_string(&theirs).unwrap(), "\"their words\"");
    assert_eq!(fs::read_dir(&outside).unwrap().count(), 1);
    assert_eq!(mode(&outside), 0o755);

    // A real folder holding a link to their file: not read in, and saving replaces
    // the link, not their file.
    fs::remove_file(dir.drafts()).unwrap();
    fs::create_dir(dir.drafts()).unwrap();
    symlink(&theirs, dir.drafts().join(format!("{key}.json"))).unwrap();
    let error = drafts.load::<String>(key).unwrap_err().to_string();
    assert!(error.contains("symbolic link"), "{error}");
    drafts.save(key, &"typed").unwrap();
    assert_eq!(
        drafts.load::<String>(key).unwrap().as_deref(),
        Some("typed")
    );
    assert_eq!(fs::read_to_string(&theirs).unwrap(), "\"their words\"");
}

// The editor's plain copies: folders in memory-backed storage that between takes
// back into drafts/ at an unlock. Planted ones are left alone and followed nowhere.
mod editor_copies {
    use std::fs;
    use std::os::unix::fs::MetadataExt;
    use std::path::Path;
    use std::time::Duration;

    use crate::common::{assert_nowhere, between, stderr};

    const PASSPHRASE: &str = "a long walk by the river";
    const SECRET: &str = "outside-secret-words";
    const TYPED: &str = "typed-in-the-editor";

    /// A marker of ours for `root`'s data directory, sending the text to `kept`.
    fn marker(root: &Path, kept: &str) -> String {
        let meta = fs::metadata(root).unwrap();
        serde_json::json!({
            "between": "between-edit",
            "data_dir": root.display().to_string(),
            "data_dir_id": [meta.dev(), meta.ino()],
            "kept": kept,
        })
        .to_string()
    }

    fn folder(runtime: &Path, name: &str, marker: &str, text: &str) -> std::path::PathBuf {
        let path = runtime.join(name);
        fs::create_dir(&path).unwrap();
        fs::write(path.join("between-edit.json"), marker).unwrap();
        fs::write(path.join("text.txt"), text).unwrap();
        path
    }

    #[test]
    fn planted_editor_folders_are_neither_followed_nor_taken() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let runtime = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        between(root)
            .args(["journal", "add", "hello"])
            .assert()
            .success();
        between(root)
            .args(["--passphrase-fd", "0", "encrypt"])
            .write_stdin(format!("{PASSPHRASE}\n"))
            .assert()
            .success();
        let id = "01m8rb7z7n4ybtcew247x1j7s0";
        let kept = format!("drafts/edit-{id}.txt");
        let journal = fs::read(root.join("journal.jsonl")).unwrap();

        // A symlink to a folder that looks like ours.
        let target = folder(outside.path(), "target", &marker(root, &kept), SECRET);
        std::os::unix::fs::symlink(&target, runtime.path().join("between-link")).unwrap();
        // A marker sending the text out of drafts/.
        folder(
            runtime.path(),
            "between-escape",
            &marker(root, "drafts/../journal.jsonl"),
            SECRET,
        );
        // A marker that is a FIFO, which would hang a blocking open.
        let fifo = runtime.path().join("between-fifo");
        fs::create_dir(&fifo).unwrap();
        let name = std::ffi::CString::new(
            fifo.join("between-edit.json")
                .into_os_string()
                .into_encoded_bytes(),
        )
        .unwrap();
        // SAFETY: a plain system call with a valid path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        // The text a symlink to a file outside.
        let linked = runtime.path().join("between-linked-text");
        fs::create_dir(&linked).unwrap();
        fs::write(linked.join("between-edit.json"), marker(root, &kept)).unwrap();
        fs::write(outside.path().join("secret.txt"), SECRET).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), linked.join("text.txt"))
            .unwrap();
        // And one real leftover, to show the others are refused, not overlooked.
        let real = folder(runtime.path(), "between-real", &marker(root, &kept), TYPED);

        let output = between(root)
            .env("XDG_RUNTIME_DIR", runtime.path())
            .args(["--passphrase-fd", "0", "journal", "list"])
            .write_stdin(format!("{PASSPHRASE}\n"))
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        // The real one is taken, sealed; nothing else is.
        assert!(!real.exists());
        let sealed = fs::read(root.join(&kept)).unwrap();
        assert!(between::journal::sealed_files::is_sealed(&sealed));
        assert_nowhere(root, TYPED);
        assert_nowhere(root, SECRET);
        assert_eq!(fs::read(root.join("journal.jsonl")).unwrap(), journal);
        // The planted ones stay as they were, and what they point at too.
        assert_eq!(fs::read_to_string(target.join("text.txt")).unwrap(), SECRET);
        assert!(runtime.path().join("between-link").exists());
        assert!(runtime.path().join("between-escape/text.txt").exists());
        assert!(fifo.join("between-edit.json").exists());
        assert_eq!(
            fs::read_to_string(outside.path().join("secret.txt")).unwrap(),
            SECRET
        );
        assert!(linked.join("between-edit.json").exists());
    }
}

#[test]
fn a_hard_link_to_a_file_outside_is_neither_written_nor_changed() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("data");
    fs::create_dir(&dir).unwrap();
    let outside = outside_folder(root.path());
    // The journal is a second name of a file outside.
    let theirs = outside.join("theirs.txt");
    fs::write(&theirs, "outside content\n").unwrap();
    fs::set_permissions(&theirs, fs::Permissions::from_mode(0o644)).unwrap();
    fs::hard_link(&theirs, dir.join("journal.jsonl")).unwrap();
    let added = run(&dir, &["journal", "add", "hello"]);
    assert_refused(&added, "journal.jsonl", "hard links");
    assert_eq!(fs::read_to_string(&theirs).unwrap(), "outside content\n");
    assert_eq!(mode(&theirs), 0o644);

    // A kept edit that is a second name of a file outside: the editor is not run on it.
    fs::remove_file(dir.join("journal.jsonl")).unwrap();
    let added = run(&dir, &["journal", "add", "hello"]);
    assert_eq!(added.code, Some(0), "{}", added.stderr);
    let id = id_of_only_entry(&dir);
    fs::create_dir_all(dir.join("drafts")).unwrap();
    let kept = dir
        .join("drafts")
        .join(format!("edit-{}.txt", id.to_ascii_lowercase()));
    fs::hard_link(&theirs, &kept).unwrap();
    let editor = [("VISUAL", "sh -c 'echo EDITED >> \"$1\"' editor")];
    let edited = run_with(&dir, &os(&["journal", "edit", &id]), &editor, "");
    assert_refused(
        &edited,
        &format!("edit-{}", id.to_ascii_lowercase()),
        "hard links",
    );
    assert_eq!(fs::read_to_string(&theirs).unwrap(), "outside content\n");
    assert_eq!(mode(&theirs), 0o644);
}
