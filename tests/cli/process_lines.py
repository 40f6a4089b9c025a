"""A process's output read line by line as the process writes it, in a thread of its own: for the tests that watch
a `regvault` command running in a process of its own."""

from __future__ import annotations

import queue
import subprocess
import threading
import time
from typing import IO


class ProcessLines:
    """One of `process`'s output streams: every line read so far in `lines`, and a wait for the next line that holds
    a text (at most `wait_s` seconds)."""

    def __init__(self, process: subprocess.Popen[str], stream: IO[str] | None, wait_s: float) -> None:
        assert stream is not None
        self.process = process
        self.wait_s = wait_s
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._reader.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))
            self._queue.put(self.lines[-1])
        self._queue.put(None)  # the process closed its output

    def saw(self, text: str) -> bool:
        return any(text in line for line in list(self.lines))

    def wait_for(self, text: str) -> str:
        """The first line from now on that holds `text`."""
        deadline = time.monotonic() + self.wait_s
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                raise AssertionError(f"the process ended ({self.process.wait(30)}) before {text!r}: {self.lines}")
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} within {self.wait_s} s: {self.lines}")

    def rest(self) -> list[str]:
        """Every line, once the process has closed its output."""
        self._reader.join(self.wait_s)
        assert not self._reader.is_alive(), f"the process kept its output open {self.wait_s} s: {self.lines}"
        return self.lines
