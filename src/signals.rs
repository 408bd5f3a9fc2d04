//! Signals that must not cut a step short: a request to stop (SIGTERM, SIGHUP from a
//! closing terminal, SIGINT) waits while the journal is switched between plain and
//! encrypted, so the switch finishes or is undone in-process, and the process stops
//! right after; a file-size limit makes a write fail instead of killing the process.

use std::mem::MaybeUninit;

/// The signals that ask a process to stop.
const STOP: [libc::c_int; 3] = [libc::SIGTERM, libc::SIGHUP, libc::SIGINT];

/// While this lives, the signals that ask to stop wait (they are blocked, for this
/// thread and the threads it starts); when it is dropped they take effect, so a
/// pending one stops the process then, as it would have before.
#[must_use = "the signals wait only while this lives"]
pub struct StopDeferred {
    previous: libc::sigset_t,
}

impl StopDeferred {
    /// Makes the signals that ask to stop wait from now on.
    pub fn new() -> Self {
        // SAFETY: the sets are initialised by sigemptyset/pthread_sigmask before use,
        // and the calls get valid pointers.
        unsafe {
            let mut set = MaybeUninit::<libc::sigset_t>::uninit();
            libc::sigemptyset(set.as_mut_ptr());
            let mut set = set.assume_init();
            for signal in STOP {
                libc::sigaddset(&mut set, signal);
            }
            let mut previous = MaybeUninit::<libc::sigset_t>::uninit();
            libc::sigemptyset(previous.as_mut_ptr());
            let mut previous = previous.assume_init();
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut previous);
            Self { previous }
        }
    }
}

impl Default for StopDeferred {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for StopDeferred {
    fn drop(&mut self) {
        // SAFETY: restores the mask saved in `new`.
        unsafe {
            libc::pthread_sigmask(libc::SIG_SETMASK, &self.previous, std::ptr::null_mut());
        }
    }
}

/// A write beyond the process's file-size limit (`ulimit -f`) fails with `EFBIG`
/// from now on, rather than killing the process with SIGXFSZ halfway through a
/// record: a failed save is then cut back and reported like a full disk.
pub fn survive_file_size_limit() {
    // SAFETY: setting a signal to be ignored is async-signal-safe and always valid.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}
