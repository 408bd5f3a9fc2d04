//! Whole journeys through the real binary in a real pseudo-terminal, reading the screen
//! through a terminal emulator (vt100), as a person would see it.

mod common;

use std::io::{Read, Write};
use std::num::NonZero;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// The app running in a pseudo-terminal of 80×24.
struct App {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl App {
    fn start(dir: &Path) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut command = CommandBuilder::new(assert_cmd::cargo::cargo_bin!("between"));
        command.arg("--data-dir");
        command.arg(dir);
        command.env("TERM", "xterm-256color");
        command.env("HOME", dir);
        command.env_remove("BETWEEN_HOME");
        command.env_remove("NO_COLOR");
        let child = pty.slave.spawn_command(command).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            NonZero::new(24).unwrap(),
            NonZero::new(80).unwrap(),
            0,
        )));
        let feed = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buffer[..n]);
            }
        });
        Self {
            child,
            writer,
            screen,
            _master: pty.master,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`, failing with the screen if it never does.
    fn wait_for(&self, text: &str) {
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

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // Let the app read the keys one batch at a time (Esc needs a pause to be Esc).
        std::thread::sleep(Duration::from_millis(120));
    }

    fn wait_exit(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
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

const TAB: &str = "\t";
const ENTER: &str = "\r";
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
    app.wait_for("Step 1 of 10");
    app.send(ENTER);
    app.wait_for("Step 2 of 10");
    app.send("We fought about money on Sunday");
    app.send(TAB);
    app.wait_for("Step 3 of 10");
    app.send("7");
    app.send(TAB);
    for step in 4..=6 {
        app.wait_for(&format!("Step {step} of 10"));
        app.send(TAB);
    }
    app.wait_for("Step 7 of 10");
    app.send("Mostly old");
    app.send(TAB);
    app.wait_for("Step 8 of 10");
    app.send(ENTER);
    app.wait_for("Step 9 of 10");
    app.send("You did your best");
    app.send(TAB);
    app.wait_for("Step 10 of 10");
    app.send("3");
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
    app.send("The words I must not lose");
    // Drafts are written a few seconds after the last change.
    let draft = dir.path().join("drafts/map-your-cycle.json");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !draft.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(draft.exists(), "no draft was written");
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
    assert!(again.contents().contains("Step 2 of 10"));
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
    app.send("Typed just before the terminal closed");
    // At once, well before the autosave: only the signal handler can keep this.
    let draft = dir.path().join("drafts/map-your-cycle.json");
    assert!(!draft.exists());
    let pid = app.child.process_id().unwrap() as i32;
    // SAFETY: sends a signal to the child we started.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    assert!(app.wait_exit(), "a clean exit after SIGTERM");
    let text = std::fs::read_to_string(&draft).unwrap();
    assert!(text.contains("Typed just before the terminal closed"));
    // The alternate screen was left: what the shell shows is no longer the app.
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        !app.contents().contains("Step 2 of 10"),
        "{}",
        app.contents()
    );
}
