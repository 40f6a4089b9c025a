"""The step executor (services/restore_steps.py): one handler per step kind. How each handler behaves against
Graph is tested through whole restores (test_restore*.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from desktop_app.domain.restore_plan import StepKind
from desktop_app.graph.client import GraphClient
from desktop_app.services.restore_steps import StepExecutor
from desktop_app.services.restore_writes import RestoreTiming, WriteGate, WritePacer


class _NoTokens:
    def access_token(self, *, write: bool) -> str:
        raise AssertionError("nothing is sent")


def test_every_step_kind_has_a_handler() -> None:
    graph = GraphClient("http://127.0.0.1:9/v1.0", _NoTokens())
    try:
        executor = StepExecutor(graph, blob=lambda _sha: None, run_started=datetime.now(UTC), timing=RestoreTiming(),
                                pacer=WritePacer(1, 1), gate=WriteGate())
        assert executor.handled == set(StepKind)
    finally:
        graph.close()
