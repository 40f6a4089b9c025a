"""Which plan item to start and which to complete next: the restore run's scheduling rules, without threads or Graph.

Every item has two phases (domain/restore_plan: Phase.CREATE, then Phase.COMPLETE). The run asks the scheduler
what to queue and tells it what happened; the scheduler decides:

- Items start in plan order, at most `window` of them between starting and the end of their create phase, so
  creates come early (linked sets resolve early) without queueing the whole plan at once.
- An item's completion is queued once its create phase is over and every item it names (`deps`: the items whose
  new ids its later steps use) is past its create phase, created or failed; completions take precedence over new
  creates (the run's queue orders them first), so apps finish steadily.
- Cancel: no new item starts, except those the started ones refer to (transitively, `reach`), so none is left
  with references it can't fill in. An item queued but not begun when Cancel came is handed back (`SKIPPED`) and
  counts as never started.
- The run is over when every started item finished, and either every item started or Cancel came; the items
  never started are `not_started`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence, Set


class Event(enum.StrEnum):
    """What a worker reports about an item."""

    CREATED = "created"  # its create phase is done: its completion waits for the items it names
    FINISHED = "finished"  # it is over (done or failed)
    SKIPPED = "skipped"  # queued, but not begun: Cancel came first


class ItemScheduler:
    def __init__(self, deps: Sequence[Set[int]], window: int) -> None:
        """`deps[i]`: the items whose new ids item i's later steps name; `window`: items at most between their
        start and the end of their create phase."""
        self._deps = [frozenset(d) for d in deps]
        self.reach = reach(self._deps)
        self._window = max(1, window)
        self._not_started = list(range(len(deps)))
        self._started: set[int] = set()
        self._resolved: set[int] = set()  # items whose create phase is over (created, failed or skipped)
        self._waiting: set[int] = set()  # created, waiting for the items they name
        self._finished = 0

    @property
    def not_started(self) -> list[int]:
        return sorted(self._not_started)

    def to_start(self, *, cancelled: bool, needed: Iterable[int] = ()) -> list[int]:
        """The items whose create phase to queue now, marked started. `needed`: after Cancel, the items the begun
        ones refer to (the run keeps that set as items begin)."""
        if cancelled:
            chosen = sorted(set(needed) - self._started)
        else:
            chosen = []
            while len(chosen) < len(self._not_started) and \
                    len(self._started) + len(chosen) - len(self._resolved) < self._window:
                chosen.append(self._not_started[len(chosen)])
        for i in chosen:
            self._not_started.remove(i)
            self._started.add(i)
        return chosen

    def report(self, i: int, event: Event) -> list[int]:
        """Item i's phase ended; returns the items whose completion can be queued now (in plan order)."""
        self._resolved.add(i)
        if event is Event.SKIPPED:  # reported with the items never started
            self._started.discard(i)
            self._not_started.append(i)
        elif event is Event.CREATED:
            self._waiting.add(i)
        else:
            self._finished += 1
        ready = sorted(j for j in self._waiting if self._deps[j] <= self._resolved)
        self._waiting.difference_update(ready)
        return ready

    def over(self, *, cancelled: bool) -> bool:
        return self._finished == len(self._started) and (not self._not_started or cancelled)


def reach(deps: Sequence[Set[int]]) -> list[frozenset[int]]:
    """Each item with every item it refers to, directly or through others."""
    found: list[frozenset[int]] = []
    for start in range(len(deps)):
        seen = {start}
        todo = list(deps[start])
        while todo:
            d = todo.pop()
            if d not in seen:
                seen.add(d)
                todo.extend(deps[d])
        found.append(frozenset(seen))
    return found
