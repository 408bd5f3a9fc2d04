//! Pseudo-terminals for the tests that need a real terminal: one way to open them.

use std::fs::File;
use std::os::fd::{FromRawFd, OwnedFd};

/// 80 columns by 24 rows.
pub const SIZE_80_24: libc::winsize = libc::winsize {
    ws_row: 24,
    ws_col: 80,
    ws_xpixel: 0,
    ws_ypixel: 0,
};

/// A new pseudo-terminal of `size` (the system's default when `None`): its master
/// and its slave, neither inherited by a child unless given to it.
pub fn open(size: Option<&libc::winsize>) -> (File, OwnedFd) {
    let (mut master, mut slave) = (0, 0);
    let size = size.map_or(std::ptr::null(), std::ptr::from_ref);
    // SAFETY: openpty writes two descriptors; the size, if any, is read only.
    let made = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            size,
        )
    };
    assert_eq!(made, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: setting a flag on descriptors we own, then taking ownership of them.
    unsafe {
        libc::fcntl(master, libc::F_SETFD, libc::FD_CLOEXEC);
        libc::fcntl(slave, libc::F_SETFD, libc::FD_CLOEXEC);
        (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave))
    }
}
