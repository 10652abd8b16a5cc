"""Provides a real pseudo-terminal with a terminal emulator (pyte) for timing termnews as a
user sees it: what is on the screen, and when."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Sequence

import pyte


class Terminal:
    """Runs one program in a pty of a fixed size and keeps an emulated screen of it."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], size=(120, 35)) -> None:
        self.columns, self.lines = size
        self.screen = pyte.Screen(self.columns, self.lines)
        self.stream = pyte.ByteStream(self.screen)
        env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES")}
        env["TERM"] = "xterm-256color"
        self.started = time.perf_counter()
        self.arrived = self.started
        """When the bytes last fed to the emulator came."""
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(argv[0], list(argv), env)
        fcntl.ioctl(
            self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", self.lines, self.columns, 0, 0)
        )

    def pump(self, timeout: float = 0.01) -> bool:
        """Feed whatever the program wrote to the emulator; False once it has exited."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:
            return False
        if not data:
            return False
        self.arrived = time.perf_counter()
        self.stream.feed(data)
        return True

    def text(self) -> str:
        # Not pyte's `display`, which fails (IndexError) on a cell left empty by a wide
        # character drawn over: a wide character's second cell is simply not printed.
        buffer = self.screen.buffer
        return "\n".join(
            "".join(buffer[y][x].data for x in range(self.columns)) for y in range(self.lines)
        )

    def wait_for(self, test: Callable[[str], bool], timeout: float = 120.0) -> float:
        """Seconds until the bytes arrive that make the screen pass the test (raises
        TimeoutError); as in `respond`, pyte's time to emulate them is not counted."""
        began = self.arrived = time.perf_counter()
        while time.perf_counter() - began < timeout:
            if test(self.text()):
                return self.arrived - began
            if not self.pump(0.005):
                break
        raise TimeoutError(f"screen never matched; it was:\n{self.text()}")

    def respond(self, keys: str, test: Callable[[str], bool], quiet: float = 0.04) -> float:
        """Seconds from sending keys to the last byte of the app's answer that makes the
        screen pass the test.

        Bytes are timed as they arrive and emulated afterwards: pyte needs ~20 ms for a
        redraw that a real terminal shows in well under one, and that is not termnews's time.
        """
        sent = time.perf_counter()
        self.send(keys)
        while time.perf_counter() - sent < 30:
            arrivals = []
            while select.select([self.fd], [], [], quiet)[0]:
                data = os.read(self.fd, 1 << 16)
                if not data:
                    break
                arrivals.append((time.perf_counter(), data))
            for arrived, data in arrivals:
                self.stream.feed(data)
                if test(self.text()):
                    for _later, rest in arrivals[arrivals.index((arrived, data)) + 1 :]:
                        self.stream.feed(rest)
                    return arrived - sent
        raise TimeoutError(f"screen never matched; it was:\n{self.text()}")

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def peak_rss_mb(self) -> float:
        """VmHWM of the process: its peak resident memory so far."""
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def close(self, quit_keys: str = "q", timeout: float = 10.0) -> None:
        self.send(quit_keys)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.pump(0.05):
                break
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
        else:
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        os.close(self.fd)
