"""What `regvault backup` and `regvault watch` say of a capture (services/capture.py): one line each, and JSON."""

from __future__ import annotations

from typing import Any

from desktop_app.cli.common import format_time
from desktop_app.services.capture import CaptureOutcome, FullReason

FULL_REASONS: dict[FullReason, str] = {
    FullReason.ASKED: "a full backup, as asked",
    FullReason.FIRST: "a full backup: the first one reads every app, the next ones only what changed",
    FullReason.EXPIRED: "the change feed expired (Graph keeps it 7 days): a full backup instead",
    FullReason.DAILY: "the daily full backup (consent and assignments have no change feed)",
    FullReason.DOUBT: "the change feed answered something Regvault can't trust: a full backup instead",
    FullReason.PERMISSION: "Regvault may read the enterprise applications now: a full backup reads them for every app",
    FullReason.CERTIFICATES: ("an earlier backup was stopped before it had read every certificate's bytes: a full "
                              "backup reads them first"),
}


def capture_notes(outcome: CaptureOutcome, name: str, tenant_id: str) -> list[str]:
    """Lines worth a user's attention: why a backup was full, what the audit log could not say."""
    notes = []
    if outcome.full_reason is not None and outcome.full_reason is not FullReason.ASKED:
        notes.append(f"{name}: {FULL_REASONS[outcome.full_reason]}.")
    if outcome.audit.refused is not None and outcome.audit.first_refusal:
        notes.append(f"note: {outcome.audit.refused.sentence} Run `{outcome.audit.refused.command}`.")
    elif outcome.audit.failed is not None:
        notes.append(f"note: {name}: the audit log could not be read this time ({outcome.audit.failed}); the next "
                     "backup reads what it missed.")
    return notes


def capture_json(outcome: CaptureOutcome) -> dict[str, Any]:
    snapshot = outcome.snapshot
    return {
        "kind": outcome.kind, "fullReason": outcome.full_reason.value if outcome.full_reason else None,
        "snapshot": snapshot.id if snapshot else None, "appsRead": outcome.apps_read,
        "added": snapshot.added if snapshot else 0, "changed": snapshot.changed if snapshot else 0,
        "removed": snapshot.removed if snapshot else 0, "requests": outcome.requests,
        "seconds": round(outcome.seconds, 3), "looked": outcome.looked, "auditEvents": outcome.audit.new,
        "auditMissingPermissions": outcome.audit.refused.names if outcome.audit.refused else None,
    }


def capture_line(outcome: CaptureOutcome) -> str:
    """The monitoring line's facts for a delta capture (a full one has the backup's)."""
    if outcome.snapshot is None:
        return f"unchanged requests={outcome.requests}"
    s = outcome.snapshot
    return (f"snapshot={s.id} apps_read={outcome.apps_read} added={s.added} changed={s.changed} removed={s.removed} "
            f"requests={outcome.requests}")


def capture_text(facts: dict[str, Any]) -> str:
    if facts["snapshot"] is None:
        return f"no change (looked at {format_time(facts['looked'])}, {facts['requests']} requests)"
    return (f"snapshot {facts['snapshot']}: {facts['appsRead']} apps read again ({facts['added']} added, "
            f"{facts['changed']} changed, {facts['removed']} removed) in {facts['seconds']:.1f} s, "
            f"{facts['requests']} requests")
