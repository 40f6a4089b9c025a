"""How a run of apps ended (services/restore_writes.run_ending), as restores and rollbacks record it."""

from __future__ import annotations

from desktop_app.domain.cancel import CancelToken
from desktop_app.graph.errors import GraphError
from desktop_app.services.restore_writes import WriteGate, run_ending


def _cancelled() -> CancelToken:
    token = CancelToken()
    token.cancel()
    return token


def _refused() -> WriteGate:
    gate = WriteGate()
    assert gate.enter()
    gate.answer(GraphError(403, "Authorization_RequestDenied", "Insufficient privileges"))
    return gate


def test_a_run_ends_complete_failed_or_cancelled() -> None:
    assert run_ending(["verified", "failed"], CancelToken(), WriteGate()) == (False, "complete")
    assert run_ending(["failed", "failed"], CancelToken(), WriteGate()) == (False, "failed")  # no app succeeded
    assert run_ending(["skipped", "skipped"], _cancelled(), _refused()) == (True, "cancelled")
    assert run_ending(["verified", "skipped"], _cancelled(), WriteGate()) == (True, "cancelled")
    assert run_ending(["skipped"], CancelToken(), _refused()) == (False, "failed")  # Graph refused the first write
    # Cancelled after every app had started: nothing was left, the run completed.
    assert run_ending(["verified", "warnings"], _cancelled(), WriteGate()) == (False, "complete")
    assert run_ending([], CancelToken(), WriteGate()) == (False, "complete")
