//! Opening the user's editor (`$VISUAL`, else `$EDITOR`, else `vi`: see
//! [`crate::environment::Environment::editor_command`]) on a file.
//!
//! While the editor is open, a request to stop between (SIGTERM, or SIGHUP from a
//! terminal that closes) is noted and passed on to the editor rather than obeyed at
//! once, so the caller can first keep what the editor left; then it calls
//! [`resume_stop`] and the request takes its course. `Ctrl-C` belongs to the editor,
//! as with `system()`.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

/// Why the editor did not finish well.
#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    /// It could not be started.
    #[error("cannot start the editor `{command}`: {source}; set $EDITOR to an editor you have")]
    Start {
        /// The editor command.
        command: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// It exited with an error.
    #[error("the editor `{command}` exited with an error")]
    Failed {
        /// The editor command.
        command: String,
    },
    /// between was asked to stop (SIGTERM, SIGHUP) while the editor was open.
    #[error("between was asked to stop while the editor was open")]
    Stopped {
        /// The signal that asked.
        signal: i32,
    },
}

/// The signal that asked to stop while the editor was open, 0 for none.
static STOP: AtomicI32 = AtomicI32::new(0);

extern "C" fn note_stop(signal: libc::c_int) {
    STOP.store(signal, Ordering::SeqCst);
}

extern "C" fn leave_to_editor(_: libc::c_int) {}

/// The handlers in force while the editor is open; the earlier ones come back when
/// this is dropped. A signal the process ignored (as under `nohup`) stays ignored.
struct WhileEditing {
    previous: Vec<(libc::c_int, libc::sigaction)>,
}

impl WhileEditing {
    fn install() -> Self {
        STOP.store(0, Ordering::SeqCst);
        let note = note_stop as extern "C" fn(libc::c_int) as libc::sighandler_t;
        let leave = leave_to_editor as extern "C" fn(libc::c_int) as libc::sighandler_t;
        let mut previous = Vec::new();
        for (signal, handler) in [
            (libc::SIGTERM, note),
            (libc::SIGHUP, note),
            (libc::SIGINT, leave),
            (libc::SIGQUIT, leave),
        ] {
            // SAFETY: sigaction with zero-initialised, then filled, structures; the
            // handlers only store to an atomic, which is async-signal-safe.
            unsafe {
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signal, std::ptr::null(), &mut old) != 0
                    || old.sa_sigaction == libc::SIG_IGN
                {
                    continue;
                }
                let mut new: libc::sigaction = std::mem::zeroed();
                new.sa_sigaction = handler;
                new.sa_flags = libc::SA_RESTART;
                libc::sigemptyset(&mut new.sa_mask);
                if libc::sigaction(signal, &new, std::ptr::null_mut()) == 0 {
                    previous.push((signal, old));
                }
            }
        }
        Self { previous }
    }
}

impl Drop for WhileEditing {
    fn drop(&mut self) {
        for (signal, old) in &self.previous {
            // SAFETY: restores a disposition sigaction returned.
            unsafe { libc::sigaction(*signal, old, std::ptr::null_mut()) };
        }
    }
}

/// Lets a request to stop that came while the editor was open take its course, now
/// that what the editor left is kept: the process's own handler runs (the app saves
/// and quits), or by default the process ends.
pub fn resume_stop(signal: i32) {
    // SAFETY: raising a signal is always valid.
    unsafe { libc::raise(signal) };
}

/// Runs the editor on `path` and waits for it. The command goes through `sh`, so an
/// editor with arguments (`code --wait`) works; the path is passed as an argument,
/// never pasted into the command. A request to stop meanwhile is passed on to the
/// editor, and the result is [`EditorError::Stopped`] once it has closed.
pub fn edit(path: &Path, command: &str) -> Result<(), EditorError> {
    let handlers = WhileEditing::install();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("{command} \"$1\""))
        .arg("between-editor")
        .arg(path)
        .spawn()
        .map_err(|source| EditorError::Start {
            command: command.to_owned(),
            source,
        })?;
    let mut passed_on = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) => {}
            Err(e) => break Err(e),
        }
        let signal = STOP.load(Ordering::SeqCst);
        if signal != 0 && !passed_on {
            if let Ok(pid) = libc::pid_t::try_from(child.id()) {
                // SAFETY: a plain system call on our own child.
                unsafe { libc::kill(pid, signal) };
            }
            passed_on = true;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(handlers);
    let status = status.map_err(|source| EditorError::Start {
        command: command.to_owned(),
        source,
    })?;
    match STOP.swap(0, Ordering::SeqCst) {
        0 if status.success() => Ok(()),
        0 => Err(EditorError::Failed {
            command: command.to_owned(),
        }),
        signal => Err(EditorError::Stopped { signal }),
    }
}
