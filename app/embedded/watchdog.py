"""Stops the embedded servers when the launcher dies, however it dies.

Ctrl-C and SIGTERM let the launcher stop PostgreSQL and Redis itself; SIGKILL (or the OOM
killer) runs no code, and the servers, started in their own sessions so that a terminal's
Ctrl-C reaches the launcher first, outlived it. The launcher therefore starts this small
process with the read end of a pipe as its stdin and keeps the write end open. The kernel
closes that end when the launcher exits for any reason: a read returning end-of-file means
the launcher is gone, and the watchdog stops the servers by their pids. An orderly stop
writes one byte first, so the watchdog exits without touching pids that may be reused.

Its arguments are `<pid> <signal> [<pid> <signal> ...]`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

GRACE_SECONDS = 20.0
_ENTRY = "import sys; from app.embedded.watchdog import main; main(sys.argv[1:])"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stop(targets: list[tuple[int, int]]) -> None:
    for pid, signum in targets:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signum)
    deadline = time.monotonic() + GRACE_SECONDS
    while time.monotonic() < deadline and any(_alive(pid) for pid, _ in targets):
        time.sleep(0.1)
    for pid, _ in targets:
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


def main(argv: list[str]) -> None:
    numbers = [int(a) for a in argv]
    targets = list(zip(numbers[::2], numbers[1::2], strict=True))
    orderly = os.read(0, 1)  # blocks until the launcher writes or dies
    if not orderly:
        _stop(targets)


class Watchdog:
    """The launcher's side: start it once the servers run; `release()` on an orderly stop."""

    def __init__(self, targets: list[tuple[int, int]]) -> None:
        read_end, self._write_end = os.pipe()
        args = [str(n) for pid, signum in targets for n in (pid, signum)]
        self.process = subprocess.Popen(
            # -c, not -m: running a module of an imported package warns (runpy).
            [sys.executable, "-c", _ENTRY, *args],
            stdin=read_end,
            start_new_session=True,  # a terminal's Ctrl-C must not stop it first
        )
        os.close(read_end)

    def release(self) -> None:
        """The launcher stopped the servers itself: let the watchdog exit quietly."""
        if self._write_end < 0:
            return
        try:
            os.write(self._write_end, b"x")
        finally:
            os.close(self._write_end)
            self._write_end = -1
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


if __name__ == "__main__":
    main(sys.argv[1:])
