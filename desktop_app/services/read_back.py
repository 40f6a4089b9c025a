"""A restore's read-backs, grouped: each app a run wrote is read back once to verify it, and that read carries the
app's certificate metadata through a `$select=keyCredentials` call, which Graph allows 150 times a minute per tenant
(graph-notes §10). Read one app at a time, 1,000 restored apps make 1,000 such reads: (1,000 − 135) / 2.5 = 346 s,
a floor of its own beside the write budget. AppReader.read_apps reads up to 9 apps with one such call, so the
run's workers hand their read-backs to GroupedReads, which reads those that arrive together (up to GROUP_SIZE,
waiting at most GROUP_WAIT_S for company) in one read_apps call and gives each worker its own app.

Contract: `get(object_id, written)` returns the app's document as Graph has it now, or None when Graph does not find
it (yet); a failure of the group's read is raised in every worker of that group. Thread-safe; one per run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

GROUP_SIZE = 18  # two `id in (...)` calls of 9 apps; below the size at which read_apps would list the tenant
GROUP_WAIT_S = 0.3  # a read-back waits this long at most for others to share its read

# read(object ids, written keys by object id) -> documents by object id (absent: not found)
ReadMany = Callable[[list[str], dict[str, Mapping[str, str]]], Mapping[str, Any]]


@dataclass
class _Slot:
    object_id: str
    written: Mapping[str, str]
    wake: threading.Event = field(default_factory=threading.Event)
    lead: bool = False
    finished: bool = False
    result: Any = None
    error: BaseException | None = None


class GroupedReads:
    def __init__(self, read: ReadMany, *, size: int = GROUP_SIZE, wait_s: float = GROUP_WAIT_S) -> None:
        self._read = read
        self._size = size
        self._wait_s = wait_s
        self._cond = threading.Condition()
        self._pending: list[_Slot] = []
        self._leading = False
        self.reads = 0  # read_apps calls made (for tests and the benchmark)

    def get(self, object_id: str, written: Mapping[str, str] | None = None) -> Any:
        slot = _Slot(object_id, dict(written or {}))
        with self._cond:
            self._pending.append(slot)
            if not self._leading:
                self._leading = slot.lead = True
            self._cond.notify_all()
        while not slot.finished:
            if slot.lead:
                self._lead(slot)
            else:
                slot.wake.wait()
                slot.wake.clear()
        if slot.error is not None:
            raise slot.error
        return slot.result

    def _lead(self, slot: _Slot) -> None:
        """Wait a moment for company, read the group at the front (the leader is in it), hand the lead on."""
        with self._cond:
            self._cond.wait_for(lambda: len(self._pending) >= self._size, timeout=self._wait_s)
            group, self._pending = self._pending[: self._size], self._pending[self._size :]
            if self._pending:
                following = self._pending[0]
                following.lead = True
                following.wake.set()
            else:
                self._leading = False
            self.reads += 1
        slot.lead = False
        try:
            documents = self._read([s.object_id for s in group], {s.object_id: s.written for s in group if s.written})
            for member in group:
                member.result = documents.get(member.object_id)
        except BaseException as exc:  # noqa: BLE001 - every worker of the group gets the group's failure
            for member in group:
                member.error = exc
        for member in group:
            member.finished = True
            member.wake.set()
