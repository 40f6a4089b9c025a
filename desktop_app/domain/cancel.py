"""Cancellation shared by long-running use cases: checked between requests, never mid-write."""

from __future__ import annotations

import threading


class Cancelled(Exception):
    """The user asked to stop; work done so far stays as it was."""


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`; return True (early) when cancelled meanwhile."""
        return self._event.wait(seconds)
