//! Whole journeys through the real binary in a real pseudo-terminal, reading the screen
//! through a terminal emulator (vt100), as a person would see it.

use crate::common;

use std::fs::File;
use std::io::{Read, Write};
use std::num::NonZero;
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The app running in a pseudo-terminal of 80×24, its screen read through vt100.
pub(crate) struct App {
    child: Child,
    master: Option<File>,
    screen: Arc<Mutex<vt100::Parser>>,
    stop: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
}

impl App {
    fn start(dir: &Path) -> Self {
        Self::start_with(dir, &[], dir)
    }

    /// Starts `between ARGS…` (the app itself when there are none), with its
    /// temporary files in `tmp`.
    pub(crate) fn start_with(dir: &Path, args: &[&std::ffi::OsStr], tmp: &Path) -> Self {
        Self::start_on(dir, args, tmp, "xterm-256color")
    }

    /// Starts `between ARGS…` on a terminal that says it is `term` (`TERM`).
    pub(crate) fn start_on(dir: &Path, args: &[&std::ffi::OsStr], tmp: &Path, term: &str) -> Self {
        let (master, slave) = crate::common::pty::open(Some(&crate::common::pty::SIZE_80_24));
        let mut command = Command::new(assert_cmd::cargo::cargo_bin!("between"));
        command
            .arg("--data-dir")
            .arg(dir)
            .args(args)
            .env("TMPDIR", tmp)
            .env("TERM", term)
            .env("HOME", dir)
            .env_remove("BETWEEN_HOME")
            .env_remove("NO_COLOR")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        // SAFETY: setsid and ioctl are async-signal-safe; they make the pty the child's
        // controlling terminal, so closing it hangs the child up as a closed window does.
        unsafe {
            command.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            NonZero::new(24).unwrap(),
            NonZero::new(80).unwrap(),
            0,
        )));
        let stop = Arc::new(AtomicBool::new(false));
        let reader = {
            let mut source = master.try_clone().unwrap();
            let (screen, stop) = (Arc::clone(&screen), Arc::clone(&stop));
            std::thread::spawn(move || {
                let mut buffer = [0u8; 8192];
                while !stop.load(Ordering::SeqCst) {
                    let mut fd = libc::pollfd {
                        fd: source.as_raw_fd(),
                        events: libc::POLLIN,
                        revents: 0,
                    };
                    // SAFETY: one valid pollfd.
                    if unsafe { libc::poll(&mut fd, 1, 50) } <= 0 || fd.revents & libc::POLLIN == 0
                    {
                        if fd.revents & libc::POLLHUP != 0 {
                            break;
                        }
                        continue;
                    }
                    match source.read(&mut buffer) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => screen.lock().unwrap().process(&buffer[..n]),
                    }
                }
            })
        };
        Self {
            child,
            master: Some(master),
            screen,
            stop,
            reader: Some(reader),
        }
    }

    pub(crate) fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`, failing with the screen if it never does.
    pub(crate) fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!(
            "the screen never showed {text:?}; it shows:\n{}",
            self.contents()
        );
    }

    /// Resizes the terminal to `rows`×`cols`, as dragging a window's corner does
    /// (the app gets SIGWINCH), and blanks the screen read here, so that what it shows
    /// next was drawn at the new size.
    fn resize(&mut self, rows: u16, cols: u16) {
        let mut screen = self.screen.lock().unwrap();
        screen.set_size(NonZero::new(rows).unwrap(), NonZero::new(cols).unwrap());
        screen.process(b"\x1b[H\x1b[2J");
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let master = self.master.as_ref().expect("the terminal is open");
        // SAFETY: a valid descriptor and a winsize read only; the lock on the screen is
        // held, so nothing drawn at the new size is blanked.
        let done = unsafe { libc::ioctl(master.as_raw_fd(), libc::TIOCSWINSZ, &size) };
        assert_eq!(done, 0, "TIOCSWINSZ: {}", std::io::Error::last_os_error());
    }

    /// Whether the terminal reports the mouse to the app now.
    fn mouse_reported(&self) -> bool {
        let screen = self.screen.lock().unwrap();
        screen.screen().mouse_protocol_mode() != vt100::MouseProtocolMode::None
    }

    /// Presses and releases the left button on the first cell that shows `text`, as
    /// an xterm reports it (SGR).
    fn click(&mut self, text: &str) {
        let contents = self.contents();
        let (row, column) = contents
            .lines()
            .enumerate()
            .find_map(|(row, line)| {
                let at = line.find(text)?;
                Some((row + 1, line[..at].chars().count() + 1))
            })
            .unwrap_or_else(|| panic!("{text:?} is not on the screen:\n{contents}"));
        self.send(&format!("\x1b[<0;{column};{row}M\x1b[<0;{column};{row}m"));
    }

    pub(crate) fn send(&mut self, keys: &str) {
        let master = self.master.as_mut().expect("the terminal is open");
        master.write_all(keys.as_bytes()).unwrap();
        master.flush().unwrap();
        // Let the app read the keys one batch at a time (Esc needs a pause to be Esc).
        std::thread::sleep(Duration::from_millis(120));
    }

    /// Closes the terminal, as closing its window does.
    fn hang_up(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        self.master = None;
    }

    pub(crate) fn wait_exit(&mut self) -> bool {
        // Generous: on a loaded machine (a load of 5 on 2 cores) 10 s was not enough.
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!(
            "the app did not exit; the screen shows:\n{}",
            self.contents()
        );
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.hang_up();
    }
}

const TAB: &str = "\t";
/// The draft name of the first exercise of the first area.
const MAP: &str = "patterns--map-your-cycle";

/// The draft file of `key` in `dir`: one window's copy (`<key>.<window>.json`).
fn draft_file(dir: &Path, key: &str) -> Option<std::path::PathBuf> {
    std::fs::read_dir(dir.join("drafts"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with(&format!("{key}.")) && name.ends_with(".json")
        })
}
pub(crate) const ENTER: &str = "\r";
const ESC: &str = "\x1b";

#[test]
fn complete_an_exercise_and_find_it_in_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::start(dir.path());
    app.wait_for("not therapy, and it is not for emergencies");
    app.send(ENTER);
    app.wait_for("Healing past wounds");
    app.send("6");
    app.wait_for("Ask yourself: when have I felt this before?");
    app.send(ENTER);
    // The safety check first: Enter chooses "Safe" and goes on.
    app.wait_for("Step 1 of 10");
    app.send(ENTER);
    app.wait_for("Step 2 of 10");
    app.send(ENTER);
    app.wait_for("Step 3 of 10");
    app.send("We fought about money on Sunday");
    app.send(TAB);
    app.wait_for("Step 4 of 10");
    app.send("7");
    app.send(TAB);
    for step in 5..=6 {
        app.wait_for(&format!("Step {step} of 10"));
        app.send(TAB);
    }
    app.wait_for("Step 7 of 10");
    app.send("Mostly old");
    app.send(TAB);
    app.wait_for("Step 8 of 10");
    app.send("You did your best");
    app.send(TAB);
    app.wait_for("Step 9 of 10");
    app.send("3");
    app.send(TAB);
    app.wait_for("Step 10 of 10");
    app.send(TAB);
    app.wait_for("Review your answers");
    app.send(ENTER);
    app.wait_for("Saved to");
    app.send(ENTER);
    app.send(ESC);
    app.wait_for("Recent entries");
    app.send("q");
    assert!(app.wait_exit());

    let output = common::between(dir.path())
        .args(["journal", "list", "--json"])
        .output()
        .unwrap();
    let entries: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let entry = &entries[0];
    assert_eq!(entry["kind"], "exercise");
    assert_eq!(entry["exercise"]["exercise"], "felt-this-before");
    let texts: Vec<&str> = entry["answers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["value"]["text"].as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "We fought about money on Sunday",
            "Mostly old",
            "You did your best"
        ]
    );
}

#[test]
fn a_killed_app_offers_the_draft_back_on_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::start(dir.path());
    app.wait_for("Press Enter to begin.");
    app.send(ENTER);
    app.wait_for("Understanding your patterns");
    app.send("1");
    app.wait_for("Map your cycle");
    app.send(ENTER);
    app.wait_for("Step 1 of 10");
    app.send(ENTER);
    app.wait_for("Step 2 of 10");
    app.send(ENTER);
    app.wait_for("Step 3 of 10");
    app.send("The words I must not lose");
    // Drafts are written a few seconds after the last change.
    let deadline = Instant::now() + Duration::from_secs(10);
    while draft_file(dir.path(), MAP).is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        draft_file(dir.path(), MAP).is_some(),
        "no draft was written"
    );
    app.child.kill().unwrap(); // SIGKILL: no chance to clean up
    app.child.wait().unwrap();

    let mut again = App::start(dir.path());
    again.wait_for("Press Enter to begin.");
    again.send(ENTER);
    again.wait_for("Understanding your patterns");
    again.send("1");
    again.wait_for("draft saved");
    again.send(ENTER);
    again.wait_for("You have a draft");
    again.send("r");
    again.wait_for("The words I must not lose");
    assert!(again.contents().contains("Step 3 of 10"));
    again.send(ESC);
    again.wait_for("Leave this exercise?");
    again.send("y");
    again.send("\x1b");
    again.send("q");
    assert!(again.wait_exit());
}

#[test]
fn sigterm_writes_the_draft_and_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::start(dir.path());
    app.wait_for("Press Enter to begin.");
    app.send(ENTER);
    app.send("1");
    app.send(ENTER);
    app.wait_for("Step 1 of 10");
    app.send(ENTER);
    app.wait_for("Step 2 of 10");
    app.send(ENTER);
    app.wait_for("Step 3 of 10");
    app.send("Typed just before the terminal closed");
    // At once, well before the autosave: only the signal handler can keep this.
    assert!(draft_file(dir.path(), MAP).is_none());
    let pid = app.child.id() as i32;
    // SAFETY: sends a signal to the child we started.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    assert!(app.wait_exit(), "a clean exit after SIGTERM");
    let text = std::fs::read_to_string(draft_file(dir.path(), MAP).unwrap()).unwrap();
    assert!(text.contains("Typed just before the terminal closed"));
    // The alternate screen was left: what the shell shows is no longer the app.
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        !app.contents().contains("Step 3 of 10"),
        "{}",
        app.contents()
    );
}

#[test]
fn closing_the_terminal_window_writes_the_draft_and_ends_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::start(dir.path());
    app.wait_for("Press Enter to begin.");
    app.send(ENTER);
    app.send("1");
    app.send(ENTER);
    app.wait_for("Step 1 of 10");
    app.send(ENTER);
    app.wait_for("Step 2 of 10");
    app.send(ENTER);
    app.wait_for("Step 3 of 10");
    app.send("Written as the window closed");
    app.hang_up();
    let deadline = Instant::now() + Duration::from_secs(10);
    while app.child.try_wait().unwrap().is_none() {
        assert!(
            Instant::now() < deadline,
            "the app kept running without a terminal"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let draft = std::fs::read_to_string(draft_file(dir.path(), MAP).unwrap()).unwrap();
    assert!(draft.contains("Written as the window closed"));
}

#[test]
fn plan_from_an_exercise_try_it_review_it_and_bring_it_to_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::start(dir.path());
    app.wait_for("Press Enter to begin.");
    app.send(ENTER);
    app.send("5");
    app.wait_for("Take a quick check-in on closeness and space");
    app.send("j");
    app.send(ENTER);
    app.wait_for("Step 1 of 6");
    app.send(ENTER);
    app.wait_for("Step 2 of 6");
    app.send("6");
    app.send(TAB);
    app.wait_for("Step 3 of 6");
    app.send(TAB);
    app.wait_for("Step 4 of 6");
    app.send("I felt far away after the call");
    app.send(TAB);
    app.send(TAB);
    app.wait_for("Step 6 of 6");
    app.send(TAB);
    app.wait_for("Enter s save");
    app.send(ENTER);
    app.wait_for("Press p to make it a plan");
    app.send("p");
    app.wait_for("What will you try?");
    for _ in 0..4 {
        app.send(TAB);
    }
    app.wait_for("Enter s save");
    app.send(ENTER);
    app.wait_for("Planned: try it 2 times a week");
    app.send(ENTER);
    app.wait_for("0 of 2 this week");

    // Log a try: t, Enter, rate, skip the rest.
    app.send("t");
    app.wait_for("Log a try of which plan?");
    app.send(ENTER);
    app.wait_for("How did it go?");
    app.send("4");
    // Five questions and when it was, all skipped.
    for _ in 0..7 {
        app.send(TAB);
    }
    app.wait_for("Enter s save");
    app.send(ENTER);
    app.wait_for("Saved to");
    app.send(ENTER);
    app.wait_for("1 of 2 this week");

    // Review it: keep.
    app.send("r");
    app.wait_for("Look back on which plan?");
    app.send(ENTER);
    app.wait_for("What worked?");
    app.send("Naming it out loud");
    app.send(TAB);
    app.send(TAB);
    app.wait_for("What now?");
    app.send(ENTER);
    app.send(TAB);
    app.wait_for("Enter s save");
    app.send(ENTER);
    app.wait_for("Saved to");
    app.send(ENTER);
    app.wait_for("Recent entries");
    app.send("q");
    assert!(app.wait_exit());

    let prep = common::stdout(&common::between(dir.path()).arg("prep").output().unwrap());
    assert!(prep.contains("## What I tried (1)"), "{prep}");
    assert!(prep.contains("went 4/5"), "{prep}");
    assert!(prep.contains("## Reviews (1)"), "{prep}");
    assert!(prep.contains(": keep"), "{prep}");
    assert!(prep.contains("## Exercises (1)"), "{prep}");
}

/// A homework pack with one short exercise of its own, twice a week, set today.
fn homework_pack(dir: &Path) -> std::path::PathBuf {
    let today = chrono::Local::now().date_naive();
    let pack = serde_json::json!({
        "format": 1,
        "id": "sams-homework",
        "version": 1,
        "title": "Homework from Sam",
        "description": "One short exercise for this week.",
        "areas": [{ "id": "homework", "title": "Homework from Sam", "summary": "What we agreed on." }],
        "exercises": [{
            "id": "one-kind-thing",
            "area": "homework",
            "title": "Say one kind thing",
            "summary": "Notice one thing your partner did that you liked.",
            "minutes": 3,
            "technique": "Gottman Method: turning towards",
            "steps": [
                { "kind": "read", "id": "why", "prompt": "Small moments of kindness add up." },
                { "kind": "text", "id": "what", "prompt": "What did your partner do that you liked today?" }
            ]
        }],
        "assignment": {
            "from": "Sam Rivera",
            "note": "Little and often.",
            "assigned": today.to_string(),
            "items": [{ "exercise": "one-kind-thing", "times": 2, "per": "week" }]
        }
    });
    let file = dir.join("from-sam.json");
    std::fs::write(&file, pack.to_string()).unwrap();
    file
}

#[test]
fn add_homework_see_it_on_home_do_it_and_report_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = homework_pack(dir.path());
    common::between(dir.path())
        .args(["pack", "add"])
        .arg(&file)
        .assert()
        .success();

    let mut app = App::start(dir.path());
    app.wait_for("not therapy, and it is not for emergencies");
    app.send(ENTER);
    app.wait_for("Homework from Sam Rivera");
    app.wait_for("Say one kind thing: 0 of 2 this week");
    app.send("8");
    app.wait_for("3 min · Gottman Method: turning towards · not done yet");
    app.send(ENTER);
    app.wait_for("Step 1 of 2");
    app.send(ENTER);
    app.wait_for("Step 2 of 2");
    app.send("Made me tea without asking");
    app.send(TAB);
    app.wait_for("Review your answers");
    app.send(ENTER);
    app.wait_for("Saved to");
    app.send(ENTER);
    app.send(ESC);
    app.wait_for("Say one kind thing: 1 of 2 this week");
    app.send("q");
    assert!(app.wait_exit());

    let output = common::between(dir.path())
        .args(["report", "sams-homework"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(report.contains("### Say one kind thing"), "{report}");
    assert!(
        report
            .contains("- **Say one kind thing**: asked 2 times a week; done once. Week 1: 1 of 2."),
        "{report}"
    );
    assert!(report.contains("Made me tea without asking"), "{report}");
}

#[test]
fn preview_shows_a_pack_as_a_client_would_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let file = homework_pack(dir.path());
    let args = ["pack".as_ref(), "preview".as_ref(), file.as_os_str()];
    let mut app = App::start_with(dir.path(), &args, tmp.path());
    app.wait_for("not therapy, and it is not for emergencies");
    app.send(ENTER);
    app.wait_for("Say one kind thing: 0 of 2 this week");
    app.send("8");
    app.wait_for("not done yet");
    app.send(ENTER);
    app.wait_for("Step 1 of 2");
    app.send(ENTER);
    app.send("Trying it out");
    app.send(TAB);
    app.wait_for("Review your answers");
    app.send(ENTER);
    app.wait_for("Saved to");
    app.send(ENTER);
    app.send(ESC);
    app.wait_for("Say one kind thing: 1 of 2 this week");
    app.send("q");
    app.wait_for("The preview is closed and everything in it deleted.");
    assert!(app.wait_exit());

    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    let mine: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        mine,
        ["from-sam.json"],
        "the real data directory is untouched"
    );
}

/// Types the passphrase on the lock screen and waits for home.
fn unlock(app: &mut App, passphrase: &str) {
    app.send(passphrase);
    app.send(ENTER);
    app.wait_for("Understanding your patterns");
}

#[test]
fn an_encrypted_journal_locks_and_no_typed_text_reaches_a_file_even_after_kill_9() {
    const PASSPHRASE: &str = "a long walk by the river";
    const CANARY: &str = "zebra-lantern-quietly";
    let dir = tempfile::tempdir().unwrap();
    common::between(dir.path())
        .args(["--passphrase-fd", "0", "encrypt"])
        .write_stdin(format!("{PASSPHRASE}\n"))
        .assert()
        .success();

    // A wrong passphrase is asked again; the right one opens home.
    let mut app = App::start(dir.path());
    app.wait_for("Passphrase");
    app.send("not it");
    app.send(ENTER);
    app.wait_for("That passphrase does not open this journal");
    unlock(&mut app, PASSPHRASE);
    app.send("1");
    app.wait_for("Map your cycle");
    app.send(ENTER);
    app.wait_for("Step 1 of 10");
    app.send(ENTER);
    app.wait_for("Step 2 of 10");
    app.send(ENTER);
    app.wait_for("Step 3 of 10");
    app.send(CANARY);
    app.wait_for(CANARY);

    // Quick hide locks: nothing of the journal on screen, the draft written sealed.
    app.send("\x0c"); // Ctrl-L
    app.wait_for("Enter unlock");
    assert!(!app.contents().contains(CANARY));
    let draft = draft_file(dir.path(), MAP).expect("locking writes the open exercise to a draft");
    common::assert_nowhere(dir.path(), CANARY);

    // Unlocked again, the draft comes back; more typing, then kill -9 after autosave.
    unlock(&mut app, PASSPHRASE);
    app.send("1");
    app.wait_for("draft saved");
    app.send(ENTER);
    app.wait_for("You have a draft");
    app.send("r");
    app.wait_for(CANARY);
    let before = std::fs::metadata(&draft).unwrap().modified().unwrap();
    app.send(" and-more");
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::fs::metadata(&draft).unwrap().modified().unwrap() == before
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(100));
    }
    app.child.kill().unwrap();
    app.child.wait().unwrap();
    common::assert_nowhere(dir.path(), CANARY);
    common::assert_nowhere(dir.path(), "and-more");

    let mut again = App::start(dir.path());
    again.wait_for("Passphrase");
    unlock(&mut again, PASSPHRASE);
    again.send("1");
    again.wait_for("draft saved");
    again.send(ENTER);
    again.wait_for("You have a draft");
    again.send("r");
    again.wait_for(&format!("{CANARY} and-more"));
}

/// The lock screen takes the keys of one's own from `settings.json`, as the app does:
/// the safety screen is one key away there too, on the user's key.
#[test]
fn the_lock_screen_shows_and_takes_the_users_keys() {
    let dir = tempfile::tempdir().unwrap();
    common::between(dir.path())
        .args(["--passphrase-fd", "0", "encrypt"])
        .write_stdin("words to open it\n")
        .assert()
        .success();
    std::fs::write(
        dir.path().join("settings.json"),
        r#"{ "keys": { "safety": "f2", "quit": "ctrl-q" } }"#,
    )
    .unwrap();
    let mut app = App::start(dir.path());
    app.wait_for("Enter unlock · Ctrl-Q quit · F2 safety");
    app.send("\x1bOQ"); // F2
    app.wait_for("If you are in danger");
    app.send("x");
    app.wait_for("Passphrase");
    unlock(&mut app, "words to open it");
}

#[test]
fn a_fear_answer_skips_the_steps_with_the_partner_and_ends_on_help() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::start(dir.path());
    app.wait_for("not therapy, and it is not for emergencies");
    app.send(ENTER);
    app.wait_for("Setting healthy boundaries");
    app.send("4");
    app.wait_for("Find the value under a boundary");
    app.send(ENTER);
    app.wait_for("Step 1 of 10");
    // "Afraid of how my partner might react": the third option.
    app.send("jj ");
    app.send(TAB);
    app.wait_for("1-800-799-7233");
    app.send(ESC);
    app.wait_for("Safety first: the steps with your partner are skipped.");
    // Only what is about you stays: the reading, the moment, the value.
    app.wait_for("Step 2 of 4");
    app.send(ENTER);
    app.wait_for("Step 3 of 4");
    app.send("The door was slammed again");
    app.send(TAB);
    app.wait_for("Step 4 of 4");
    app.send(" ");
    app.send(TAB);
    app.wait_for("Review your answers");
    assert!(!app.contents().contains("Assert and Reinforce"));
    app.send(ENTER);
    app.wait_for("Your safety comes first.");
    app.wait_for("hotline");
    assert!(!app.contents().contains("Well done"), "{}", app.contents());
    assert!(!app.contents().contains("Press p"), "{}", app.contents());
    app.send("p");
    app.wait_for("no plan is made here");
    app.send(ENTER);
    app.send(ESC);
    app.wait_for("Recent entries");
    assert!(!app.contents().contains("no plan is made"));
    app.send("q");
    assert!(app.wait_exit());

    let output = common::between(dir.path())
        .args(["journal", "list", "--json"])
        .output()
        .unwrap();
    let entries: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(entries.as_array().unwrap().len(), 1, "no plan was made");
    let answers = entries[0]["answers"].as_array().unwrap();
    let steps: Vec<&str> = answers.iter().filter_map(|a| a["step"].as_str()).collect();
    assert_eq!(steps, ["safety", "moment", "value"]);
    assert_eq!(
        answers[0]["value"]["chosen"][0],
        "Afraid of how my partner might react"
    );
}

#[test]
fn two_windows_on_one_exercise_keep_both_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = App::start(dir.path());
    first.wait_for("Press Enter to begin.");
    first.send(ENTER);
    let mut second = App::start(dir.path());
    second.wait_for("Press Enter to begin.");
    second.send(ENTER);
    for (app, words) in [(&mut first, "FIRSTWINDOW"), (&mut second, "SECONDWINDOW")] {
        app.send("1");
        app.wait_for("Map your cycle");
        app.send(ENTER);
        app.wait_for("Step 1 of 10");
        app.send(ENTER);
        app.wait_for("Step 2 of 10");
        app.send(ENTER);
        app.wait_for("Step 3 of 10");
        app.send(words);
        app.wait_for(words);
    }
    // Both autosave (a few seconds after the last change), then both are killed.
    let copies = || -> Vec<String> {
        std::fs::read_dir(dir.path().join("drafts"))
            .map(|names| {
                names
                    .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                    .collect()
            })
            .unwrap_or_default()
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !(copies().iter().any(|c| c.contains("FIRSTWINDOW"))
        && copies().iter().any(|c| c.contains("SECONDWINDOW")))
    {
        assert!(Instant::now() < deadline, "the drafts: {:?}", copies());
        std::thread::sleep(Duration::from_millis(100));
    }
    for app in [&mut first, &mut second] {
        app.child.kill().unwrap();
        app.child.wait().unwrap();
    }
    // The next window offers the newest, and after that is saved, the other one.
    let mut again = App::start(dir.path());
    again.wait_for("Press Enter to begin.");
    again.send(ENTER);
    again.wait_for("Understanding your patterns");
    again.send("1");
    again.wait_for("draft saved");
    again.send(ENTER);
    again.wait_for("You have a draft");
    again.send("r");
    again.wait_for("WINDOW");
    let shown_first = again.contents().contains("FIRSTWINDOW");
    // Finish it: on to step 9, which needs an answer, then the last, then save.
    for _ in 0..6 {
        again.send(TAB);
    }
    again.wait_for("Step 9 of 10");
    again.send("the chase");
    again.send(TAB);
    again.wait_for("Step 10 of 10");
    again.send(TAB);
    again.wait_for("Review your answers");
    again.send(ENTER);
    again.wait_for("Saved to");
    again.send(ENTER);
    again.wait_for("draft saved");
    again.send(ENTER);
    again.wait_for("You have a draft");
    again.send("r");
    again.wait_for(if shown_first {
        "SECONDWINDOW"
    } else {
        "FIRSTWINDOW"
    });
}

/// Issue 16: after a resize the next key is acted on at once, and keys that arrive
/// together are read whole. Esc then Right in one read (`ESC ESC [ C`, as when keys
/// queue up) is Esc and Right, never the text `[C`; Esc then a letter in one read
/// (`ESC z`, which terminals also send for Alt-z) is Esc and the letter.
#[test]
fn keys_after_a_resize_are_read_at_once_and_no_escape_sequence_is_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::start(dir.path());
    app.wait_for("Press Enter to begin.");
    app.send(ENTER);
    app.wait_for("Understanding your patterns");
    app.send("1");
    app.wait_for("Map your cycle");
    app.send(ENTER);
    app.wait_for("Step 1 of 10");
    app.send(ENTER);
    app.wait_for("Step 2 of 10");
    app.send(ENTER);
    app.wait_for("Step 3 of 10");
    app.send("We fought");
    app.wait_for("We fought");
    for (rows, cols) in [(20, 60), (24, 80)] {
        app.resize(rows, cols);
        app.wait_for("We fought");
    }
    // The first key after the resize, without another one behind it.
    app.send(",");
    app.wait_for("We fought,");
    app.send("\x1b[H"); // Home: the cursor to the start of the answer
    app.send(ESC);
    app.wait_for("Leave this exercise?");
    for (rows, cols) in [(20, 60), (24, 80)] {
        app.resize(rows, cols);
        app.wait_for("Leave this exercise?");
    }
    // Esc (stay), then Right: one letter on.
    app.send("\x1b\x1b[C");
    app.send("_");
    app.wait_for("W_e fought,");
    assert!(!app.contents().contains("Leave this exercise?"));
    // Esc (leave?), then Esc and z read together: stay, and type z.
    app.send(ESC);
    app.wait_for("Leave this exercise?");
    app.send("\x1bz");
    app.wait_for("W_ze fought,");
    assert!(!app.contents().contains("Leave this exercise?"));
    assert!(!app.contents().contains("[C"), "{}", app.contents());
    // Alt-d (Esc and d together) asks to leave, and the d does not answer "discard my
    // answers" before the question is even seen.
    app.send("\x1bd");
    app.wait_for("Leave this exercise?");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        app.contents().contains("Leave this exercise?"),
        "{}",
        app.contents()
    );
    // Kept as a draft, the answer is what was typed.
    app.send("y");
    app.wait_for("kept as a draft");
    let draft = std::fs::read_to_string(draft_file(dir.path(), MAP).expect("a draft")).unwrap();
    assert!(draft.contains("\"W_ze fought,\""), "{draft}");
    assert!(!draft.contains("[C"), "{draft}");
    app.send(ESC);
    app.wait_for("Recent entries");
    app.send("q");
    assert!(app.wait_exit());
}

#[test]
fn a_click_opens_an_area_and_the_safety_screen_lets_go_of_the_mouse() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::start(dir.path());
    app.wait_for("Press Enter to begin.");
    app.send(ENTER);
    app.wait_for("Recent entries");
    assert!(app.mouse_reported(), "home takes clicks");
    let catalog = between::pack::Catalog::builtin().unwrap();
    let third = catalog.areas()[2].decl.clone();
    // The first click selects the area (its summary shows), the second opens it.
    app.click(&third.title);
    let summary: String = third.summary.chars().take(20).collect();
    app.wait_for(&summary);
    app.click(&third.title);
    app.wait_for("About this area");
    // On the safety screen the terminal's own selection copies a hotline's number.
    app.send("!");
    app.wait_for("Select text with the mouse to copy it.");
    assert!(
        !app.mouse_reported(),
        "the safety screen lets go of the mouse"
    );
    app.send(ESC);
    app.wait_for("About this area");
    assert!(app.mouse_reported(), "and takes it back when it closes");
    app.send(ESC);
    app.wait_for("Recent entries");
    app.send("q");
    assert!(app.wait_exit());
}

#[test]
fn what_another_between_writes_shows_in_the_open_app_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let between = |args: &[&str]| {
        assert_cmd::Command::cargo_bin("between")
            .unwrap()
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .assert()
            .success();
    };
    between(&["journal", "add", "written before the app opened"]);
    let mut app = App::start(dir.path());
    app.wait_for("Understanding your patterns");
    app.send("J");
    app.wait_for("written before the app opened");
    // Another between (a note from another terminal, or another device's log arriving).
    between(&["journal", "add", "written while the app was open"]);
    app.wait_for("written while the app was open");
    app.send("\x03");
    assert!(app.wait_exit());
}

#[test]
fn with_term_dumb_between_talks_in_linear_mode_and_draws_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::start_on(dir.path(), &[], dir.path(), "dumb");
    app.wait_for("What would you like to do?");
    app.send("1\r");
    app.wait_for("Which area?");
    app.send("1\r");
    app.wait_for("Type a number, or back for the areas.");
    app.send("back\r");
    app.wait_for("Which area?");
    app.send("back\r");
    app.wait_for("What would you like to do?");
    app.send("q\r");
    assert!(app.wait_exit());
    // No alternate screen, no box drawing: the whole conversation stays readable.
    let screen = app.contents();
    assert!(!screen.contains('│') && !screen.contains('─'), "{screen}");
}

#[test]
fn the_settings_mode_linear_starts_linear_mode_on_a_full_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("settings.json"), r#"{ "mode": "linear" }"#).unwrap();
    let mut app = App::start(dir.path());
    app.wait_for("What would you like to do?");
    app.send("q\r");
    assert!(app.wait_exit());
}
