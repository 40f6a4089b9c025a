"""Running a rollback plan (domain/rollback.py) against Graph, app by app.

- Apps are independent: a few run at once, each on a worker of its own; one that fails is reported and the others go
  on. Cancel stops starting apps; the ones started are finished and verified.
- An app's steps run in the plan's order (put back, remove, recycle) through the restore's step executor
  (services/restore_steps.py, whose rollback kinds are services/rollback_steps.py): paced and gated writes, the first
  write alone (a token Graph refuses to write with stops everything). A step that fails ends the app: its later
  steps are not sent (a removal never runs after the put-back before it failed).
- Then the app is read back and verified: none of its undone items may still show as changed since the moment
  (domain/rollback.still_there). Graph shows some writes late (assignment lists, owners): a read that still shows an
  item is repeated with backoff for `verify_patience_s` before the item is called still there.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.document import AppDocument
from desktop_app.domain.incident import TenantChange
from desktop_app.domain.restore_plan import Action, ExpectedState, Failure, FailureCode, PlanItem, SourceApp
from desktop_app.domain.rollback import AppRollback, still_there
from desktop_app.graph.client import GraphClient
from desktop_app.graph.errors import GraphError
from desktop_app.services.restore_steps import ItemOutcome, StepExecutor, StepFailed
from desktop_app.services.restore_texts import describe_failure
from desktop_app.services.restore_writes import RestoreTiming, WriteGate, WritePacer

log = logging.getLogger(__name__)

WORKERS = 8
VERIFY_PATIENCE_S = 90.0  # Graph's lists show some writes up to a minute late (graph-notes §11)


@dataclass
class AppOutcome:
    index: int
    app: AppRollback
    status: str = "pending"  # pending | running | done | failed | skipped
    failure: Failure | None = None  # why it failed or was not started, as a code (the audit keeps it)
    error: GraphError | None = None
    steps_done: int = 0
    still_there: list[str] = field(default_factory=list)
    owners_gone: list[str] = field(default_factory=list)  # owners to put back that no longer exist (object ids)
    verified: bool = False

    @property
    def message(self) -> str | None:
        """The failure in the command line's words (its output, the evidence pack)."""
        return describe_failure(self.failure) if self.failure is not None else None


class RollbackRunner:
    def __init__(
        self,
        graph: GraphClient,
        apps: Sequence[AppRollback],
        *,
        changes: Sequence[TenantChange],
        before: Mapping[str, Mapping[str, Any] | None],
        blob: Callable[[str], bytes | None],
        read_back: Callable[[str], AppDocument | None],
        run_started: datetime,
        timing: RestoreTiming | None = None,
        cancel: CancelToken | None = None,
        sleep: Callable[[float], None] = time.sleep,
        on_start: Callable[[AppOutcome], None] | None = None,
        on_done: Callable[[AppOutcome], None] | None = None,
        write_gate: WriteGate | None = None,
        verify_patience_s: float = VERIFY_PATIENCE_S,
    ) -> None:
        """`before`: each app's document at the moment (object id -> document, None: it did not exist);
        `read_back(object id)`: the app as Graph has it now, None when Graph does not find it."""
        timing = timing or RestoreTiming()
        self._timing = timing
        self._apps = list(apps)
        self._changes = list(changes)
        self._before = before
        self._read_back = read_back
        self._cancel = cancel or CancelToken()
        self._sleep = sleep
        self._on_start = on_start or (lambda _o: None)
        self._on_done = on_done or (lambda _o: None)
        self._patience = verify_patience_s
        self.gate = write_gate or WriteGate()
        self._steps = StepExecutor(graph, blob=blob, run_started=run_started, timing=timing,
                                   pacer=WritePacer(timing.writes_per_second, timing.write_burst), gate=self.gate,
                                   sleep=sleep)
        self._lock = threading.Lock()
        self.outcomes = [AppOutcome(n, app) for n, app in enumerate(self._apps)]

    def run(self) -> list[AppOutcome]:
        workers = max(1, min(WORKERS, self._timing.workers, len(self._apps)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="rollback") as pool:
            for future in [pool.submit(self._one, outcome) for outcome in self.outcomes]:
                future.result()
        return self.outcomes

    def _one(self, outcome: AppOutcome) -> None:
        with self._lock:
            if self._cancel.cancelled or self.gate.refused is not None:
                outcome.status = "skipped"
                outcome.failure = Failure(FailureCode.NOT_STARTED if self._cancel.cancelled
                                          else FailureCode.NOT_STARTED_WRITE_REFUSED)
                self._on_done(outcome)
                return
            outcome.status = "running"
            self._on_start(outcome)
        try:
            self._write(outcome)
            if outcome.status != "failed":
                self._verify(outcome)
        except Exception as exc:  # noqa: BLE001 - one app's bug must not stop the others
            log.exception("rollback of %s failed unexpectedly", outcome.app.object_id)
            outcome.status = "failed"
            outcome.failure = Failure(FailureCode.UNEXPECTED, {"error": f"{type(exc).__name__}: {exc}"})
        with self._lock:
            self._on_done(outcome)

    def _write(self, outcome: AppOutcome) -> None:
        item = plan_item(outcome.app)
        executing = ItemOutcome(outcome.index, item)
        for step in outcome.app.steps:
            try:
                self._steps.run_step(executing, step)
            except StepFailed as failure:
                outcome.status = "failed"
                outcome.error = failure.error
                outcome.failure = failure.failure
                return
            finally:
                outcome.owners_gone = list(executing.missing_owners)
            outcome.steps_done += 1

    def _verify(self, outcome: AppOutcome) -> None:
        before = self._before.get(outcome.app.object_id)
        # An owner that no longer exists can't be put back: no read-back will show it, so none waits for it.
        gone = sorted(c.id for c in self._changes
                      if c.object_id == outcome.app.object_id and c.item.kind == "owner"
                      and str(c.item.detail.get("objectId")) in outcome.owners_gone)
        deadline = time.monotonic() + self._patience
        delay = self._timing.lag_backoff_s
        while True:
            try:
                document = self._read_back(outcome.app.object_id)
            except GraphError as error:
                outcome.status, outcome.error = "failed", error
                outcome.failure = Failure(FailureCode.READ_BACK_FAILED, {"error": str(error)})
                return
            left = [i for i in still_there(outcome.app, self._changes, before, document) if i not in gone]
            if not left or time.monotonic() + delay > deadline:
                break
            self._sleep(delay)
            delay = min(delay * 2, self._timing.lag_backoff_cap_s)
        outcome.still_there = sorted({*left, *gone})
        outcome.verified = not outcome.still_there
        outcome.status = "done" if outcome.verified else "failed"
        if left:
            outcome.failure = Failure(FailureCode.STILL_THERE, {"items": ", ".join(left)})
        elif gone:
            outcome.failure = Failure(FailureCode.OWNER_GONE, {"items": ", ".join(gone)})


def plan_item(app: AppRollback) -> PlanItem:
    """The step executor's view of an app (it reads the action and the steps; nothing is created or undeleted)."""
    return PlanItem(
        source=SourceApp(app.object_id, app.app_id, {}), action=Action.OVERWRITE, object_id=app.object_id,
        app_id=app.app_id, steps=app.steps, warnings=(), follow_ups=(), changes=(),
        expected=ExpectedState(application={}, owner_ids=None, owners_exact=False, federated_credentials=(),
                               federated_credentials_exact=False, key_credential_keys={}, logo_sha256=None,
                               check_logo=False),
    )
