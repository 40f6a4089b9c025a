"""The incident evidence pack: one self-contained, printable HTML page for the incident record (`regvault changes
--format html --output FILE`, and the window's incident view).

Sections, in this order (tests look for them): Summary, Incident items, What the rollback did, Other changes. Every
item with who made it and when (from the audit log kept), how long an added credential is valid, and what a
rollback did to it and when. An item a rollback undid is no longer a change since the moment: it is listed from
the rollback's own record, so the pack tells the whole story after the tenant is clean. No script, no external
resource, no secret.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from desktop_app.domain.incident import Risk, TenantChange
from desktop_app.domain.rollback import ItemAction
from desktop_app.domain.text_safety import html_text
from desktop_app.services import incident_texts as texts
from desktop_app.services.changes import ChangesReport

SECTIONS = ("Summary", "Incident items", "What the rollback did", "Other changes")

_STYLE = """
body { font: 10.5pt/1.4 "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #111; margin: 2em; }
h1 { font-size: 18pt; margin: 0 0 .2em; } h2 { font-size: 13pt; border-bottom: 1px solid #999; margin-top: 1.4em; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 1em; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eee; } td.id { font-family: Consolas, Menlo, monospace; font-size: 8.5pt; word-break: break-all; }
tr.high td:first-child { border-left: 4px solid #b00020; } p.meta { color: #444; } .none { color: #666; }
@media print { body { margin: 0; } }
"""


@dataclass(frozen=True)
class RolledBack:
    """What a rollback run did to one item (store/rollback records), and the item as it was then."""

    change: TenantChange
    run_id: int
    action: str  # domain/rollback.py ItemAction value
    result: str  # done | failed | not_undone | kept | skipped | interrupted
    at: datetime
    message: str | None = None


def evidence_html(report: ChangesReport, rolled_back: Sequence[RolledBack] = (), *, generated: datetime) -> str:
    done = {r.change.id: r for r in rolled_back}
    current = {c.id: c for c in report.changes}
    incident = [c for c in report.changes if c.item.incident]
    incident += [r.change for r in rolled_back if r.change.id not in current and r.change.item.incident]
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html_text(f'Incident evidence: {report.tenant.display_name}')}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{html_text(f'Incident evidence: {report.tenant.display_name}')}</h1>",
        f"<p class='meta'>Generated {html_text(texts.local_time(generated))} by Regvault.</p>",
        "<h2>Summary</h2>", _summary(report, incident, rolled_back),
        "<h2>Incident items</h2>", _items(incident, done, current),
        "<h2>What the rollback did</h2>", _runs(rolled_back),
        "<h2>Other changes</h2>", _other(report.other),
        "</body></html>",
    ]
    return "\n".join(parts)


def _summary(report: ChangesReport, incident: Sequence[TenantChange], rolled_back: Sequence[RolledBack]) -> str:
    rows = [
        ("Tenant", f"{report.tenant.display_name} ({report.tenant.tenant_id})"),
        ("Changes since", texts.local_time(report.moment)),
        ("Compared with", f"snapshot {report.baseline.id} of {texts.local_time(report.baseline.finished)}"),
        ("Tenant read", texts.local_time(report.capture.looked) if report.capture else "not read for this pack "
                                                                                     "(the store as it was)"),
        ("Audit log read up to", texts.local_time(report.audit_read_until) or "never"),
        ("Incident items", str(len(incident))),
        ("Other changes", str(len(report.other))),
        ("Rollback runs", ", ".join(sorted({str(r.run_id) for r in rolled_back})) or "none"),
    ]
    if report.audit_refused:
        rows.append(("Audit log", f"not read: Regvault's sign-in lacks {report.audit_refused}"))
    return _table(("", ""), [(html_text(k), html_text(v)) for k, v in rows], header=False)


def _items(incident: Sequence[TenantChange], done: dict[str, RolledBack], current: dict[str, TenantChange]) -> str:
    if not incident:
        return "<p class='none'>Nothing an incident undoes changed since the moment.</p>"
    rows = []
    for change in incident:
        outcome = done.get(change.id)
        if outcome is not None and outcome.result in ("kept", "with_parent"):
            after = f"{_action_word(outcome.action)} (run {outcome.run_id}, {texts.local_time(outcome.at)})"
        elif outcome is not None:
            after = f"{_action_word(outcome.action)}: {texts.RESULTS.get(outcome.result, outcome.result)} at " \
                    f"{texts.local_time(outcome.at)} (run {outcome.run_id})"
            if outcome.message:
                after += f". {outcome.message}"
        else:
            after = "not rolled back"
        if change.id not in current and outcome is not None and outcome.result == "done":
            after += ". No longer in the tenant."
        rows.append((
            html_text(change.item.change), html_text(texts.describe(change)),
            html_text(change.actor or "not in the audit log") + (" (app)" if change.actor_kind == "app" else ""),
            html_text(texts.local_time(change.time)), html_text(texts.validity(change) or ""),
            html_text(after), f"<span class='id'>{html_text(change.id)}</span>",
        ))
    high = {i for i, c in enumerate(incident) if c.item.high_privilege or c.risk is Risk.CREDENTIAL}
    return _table(("Change", "What", "Who", "When", "Valid", "Rollback", "Id"), rows, high=high)


def _runs(rolled_back: Sequence[RolledBack]) -> str:
    if not rolled_back:
        return "<p class='none'>No rollback has run since the moment.</p>"
    counts: dict[tuple[int, str], int] = {}
    for r in rolled_back:
        counts[(r.run_id, r.result)] = counts.get((r.run_id, r.result), 0) + 1
    rows = [(html_text(str(run)), html_text(texts.RESULTS.get(result, result)), html_text(str(n)))
            for (run, result), n in sorted(counts.items())]
    return _table(("Run", "Result", "Items"), rows)


def _other(other: Iterable[TenantChange]) -> str:
    rows = [(html_text(texts.describe(c)), html_text(c.actor or "not in the audit log"),
             html_text(texts.local_time(c.time))) for c in other]
    if not rows:
        return "<p class='none'>None.</p>"
    return _table(("What (left as it is)", "Who", "When"), rows)


def _action_word(value: str) -> str:
    try:
        return texts.ACTIONS[ItemAction(value)]
    except ValueError:
        return value


def _table(headings: Sequence[str], rows: Sequence[Sequence[str]], *, header: bool = True,
           high: set[int] | None = None) -> str:
    head = "<tr>" + "".join(f"<th>{html_text(h)}</th>" for h in headings) + "</tr>" if header else ""
    marked = "<tr class='high'>"
    body = "".join((marked if high and n in high else "<tr>") + "".join(f"<td>{cell}</td>" for cell in row)
                   + "</tr>" for n, row in enumerate(rows))
    return f"<table>{head}{body}</table>"
