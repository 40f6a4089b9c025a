"""The words of alerts (an edge, like the CLI's texts): one line per alert, a title per message, structured items.

Alerts are stored as codes and facts (kind, threshold, the facts of services/alerts.py); these functions make the
English a notification, a webhook and an e-mail carry, and `regvault alerts` prints.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from desktop_app.services.alert_delivery import AlertMessage
from desktop_app.store.alert_records import AlertRecord

BACKUP_FAILED, NOT_BACKED_UP = "backupFailed", "notBackedUp"
CREDENTIAL_EXPIRING, CREDENTIAL_EXPIRED = "credentialExpiring", "credentialExpired"
INCIDENT, TEST = "incident", "test"
KINDS = (BACKUP_FAILED, NOT_BACKED_UP, CREDENTIAL_EXPIRING, CREDENTIAL_EXPIRED, INCIDENT, TEST)

LINES_PER_MESSAGE = 25
_ORDER = {BACKUP_FAILED: 0, INCIDENT: 1, CREDENTIAL_EXPIRED: 2, CREDENTIAL_EXPIRING: 3, NOT_BACKED_UP: 4, TEST: 5}
_CREDENTIAL_WORDS = {("application", "secret"): "client secret", ("application", "certificate"): "certificate",
                     ("servicePrincipal", "secret"): "service principal's secret",
                     ("servicePrincipal", "certificate"): "service principal's certificate"}
_ITEM_WORDS = {
    "application": "app registration", "servicePrincipal": "enterprise application",
    "passwordCredential": "client secret", "keyCredential": "certificate",
    "federatedIdentityCredential": "federated credential", "owner": "owner",
    "oauth2PermissionGrant": "delegated permission consent", "appRoleAssignment": "application permission",
    "requiredResourceAccess": "requested permission", "redirectUri": "redirect URI", "identifierUri": "identifier URI",
}

_NAMED_ITEMS = ("passwordCredential", "keyCredential", "federatedIdentityCredential")


def message(alerts: Sequence[AlertRecord]) -> AlertMessage:
    ordered = sorted(alerts, key=_urgency)
    lines = tuple(line(a) for a in ordered[:LINES_PER_MESSAGE])
    return AlertMessage(title=title(ordered), lines=lines, items=tuple(item(a) for a in ordered),
                        more=max(0, len(ordered) - LINES_PER_MESSAGE))


def title(alerts: Sequence[AlertRecord]) -> str:
    counts = Counter(a.kind for a in alerts)
    parts = []
    if counts[BACKUP_FAILED]:
        parts.append(_plural(counts[BACKUP_FAILED], "backup failed", "backups failed"))
    if counts[INCIDENT]:
        parts.append(_plural(counts[INCIDENT], "incident-relevant change", "incident-relevant changes"))
    if counts[CREDENTIAL_EXPIRED]:
        parts.append(_plural(counts[CREDENTIAL_EXPIRED], "credential expired", "credentials expired"))
    if counts[CREDENTIAL_EXPIRING]:
        parts.append(_plural(counts[CREDENTIAL_EXPIRING], "credential expires soon", "credentials expire soon"))
    if counts[NOT_BACKED_UP]:
        parts.append(_plural(counts[NOT_BACKED_UP], "tenant not backed up", "tenants not backed up"))
    if counts[TEST] and not parts:
        return "Regvault: test alert"
    return "Regvault: " + ", ".join(parts) if parts else "Regvault"


def line(alert: AlertRecord) -> str:
    f = alert.facts
    where = alert.tenant_name or alert.tenant_id or ""
    if alert.app_name or alert.app_id:
        where += f" / {alert.app_name or alert.app_id}"
    if alert.kind == BACKUP_FAILED:
        when = _time(f.get("finished"))
        return f"{where}: the backup{' of ' + when if when else ''} failed: {f.get('error') or 'no reason given'}"
    if alert.kind == NOT_BACKED_UP:
        last = _time(f.get("lastBackup"))
        return f"{where}: not backed up since {last}" if last else f"{where}: never backed up"
    if alert.kind in (CREDENTIAL_EXPIRING, CREDENTIAL_EXPIRED):
        what = _CREDENTIAL_WORDS.get((str(f.get("holder")), str(f.get("kind"))), "credential")
        name = f.get("displayName") or f.get("hint") or f.get("thumbprint") or f.get("keyId")
        end = _date(f.get("end"))
        if alert.kind == CREDENTIAL_EXPIRED:
            text = f"{where}: {what} '{name}' expired on {end}"
        else:
            days = int(f.get("daysLeft") or 0)
            left = "today" if days <= 0 else "tomorrow" if days == 1 else f"in {days} days"
            text = f"{where}: {what} '{name}' expires {left} ({end})"
        renewed = _date(f.get("renewedUntil"))
        return text + (f"; another one is valid until {renewed}" if renewed else "")
    if alert.kind == INCIDENT:
        item = f.get("item") or {}
        words = _ITEM_WORDS.get(str(item.get("kind")), str(item.get("kind")))
        if item.get("holder") == "servicePrincipal" and item.get("kind") in ("passwordCredential", "keyCredential",
                                                                               "owner"):
            words = f"service principal {words}"
        change = {"added": "added", "removed": "removed", "changed": "changed"}.get(str(item.get("change")), "changed")
        label = str(item.get("label") or "")
        if label and item.get("kind") in _NAMED_ITEMS:
            label = f"'{label}'"  # a name someone chose ("added client secret 'backdoor'"), as credential alerts say
        text = f"{where}: {change} {words} {label}".rstrip()
        detail = item.get("detail") or {}
        if item.get("kind") == "oauth2PermissionGrant" and detail.get("scopesAdded"):
            text += f" (now also {' '.join(detail['scopesAdded'])})"
        if detail.get("endDateTime") and item.get("change") == "added":
            text += f", valid until {_date(detail['endDateTime'])}"
        return text + (" [high privilege]" if item.get("highPrivilege") else "")
    if alert.kind == TEST:
        return "A test alert from Regvault: alerts reach you here."
    return f"{where}: {alert.kind}"


def item(alert: AlertRecord) -> dict[str, Any]:
    """One alert, structured, for a webhook's receiver (camelCase, as Regvault's --json output)."""
    return {"id": alert.id, "kind": alert.kind, "tenantId": alert.tenant_id, "tenant": alert.tenant_name,
            "appId": alert.app_id, "app": alert.app_name, "threshold": alert.threshold,
            "created": alert.created.isoformat(), "text": line(alert), "facts": dict(alert.facts)}


def _urgency(alert: AlertRecord) -> tuple[Any, ...]:
    f = alert.facts
    high = bool((f.get("item") or {}).get("highPrivilege"))
    return (_ORDER.get(alert.kind, 9), not high, f.get("end") or "", alert.tenant_name or "", alert.app_name or "",
            alert.id)


def _plural(n: int, one: str, many: str) -> str:
    return f"1 {one}" if n == 1 else f"{n} {many}"


def _parse(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _date(value: Any) -> str:
    return _local(value, "%Y-%m-%d")


def _time(value: Any) -> str:
    return _local(value, "%Y-%m-%d %H:%M")


def _local(value: Any, form: str) -> str:
    parsed = _parse(value)
    if parsed is None:
        return ""
    try:
        return parsed.astimezone().strftime(form)
    except (OverflowError, ValueError):  # year 9999 in a zone east of UTC
        return parsed.strftime(form)
