"""Time from starting `between` in a pty (80x24) to its first frame with home on it.

Usage: python3 benches/support/pty_first_frame.py BINARY DATA_DIR STARTS
Prints each start in ms, sorted, and the median (see docs/performance.md, the TUI).
The data directory must hold a journal (home shows "Recent entries").
"""

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time


def start(binary, data):
    """One start: milliseconds until home is on the screen, or None."""
    began = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.environ["TERM"] = "xterm-256color"
        os.execv(binary, [binary, "--data-dir", data])
    screen = b""
    shown = None
    while shown is None and time.monotonic() - began < 5:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            screen += os.read(fd, 65536)
        except OSError:
            break
        if b"Recent entries" in screen:
            shown = (time.monotonic() - began) * 1000
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)
    return shown


def main():
    binary, data, starts = sys.argv[1], sys.argv[2], int(sys.argv[3])
    times = []
    for _ in range(starts):
        shown = start(binary, data)
        if shown is None:
            sys.exit("home did not appear within 5 s")
        times.append(shown)
        time.sleep(0.3)
    times.sort()
    print("ms:", " ".join(f"{t:.0f}" for t in times), "median", f"{times[len(times) // 2]:.0f}")


main()
