"""How every command names a snapshot and apps (DESIGN.md §7): a snapshot number as `regvault backup` prints it, a day
(the last full snapshot of that local day), a day and time ("2026-11-20 14:30": the last one at or before it),
or an ISO time with its zone. `restore --snapshot`, `diff --from/--to` and `export --snapshot` all read it here."""

from __future__ import annotations

from datetime import date, datetime
from datetime import time as day_time

from desktop_app.cli.common import CommandError
from desktop_app.services.restore import RestoreInputError, pick_snapshot
from desktop_app.services.restore_texts import describe_input_error
from desktop_app.store import SnapshotInfo, Store, TenantInfo


def chosen_snapshot(store: Store, tenant: TenantInfo, text: str, *, option: str = "--snapshot",
                    after_error: str = "") -> SnapshotInfo:
    """The snapshot `text` names; a CommandError (exit 2) naming `option` otherwise. `after_error` is appended
    to the message (the restore says "Nothing was written.")."""
    tail = f" {after_error}" if after_error else ""
    if text.strip().isdigit():
        wanted = int(text)
        found = next((s for s in store.snapshots(tenant.tenant_id) if s.id == wanted), None)
        if found is None:
            raise CommandError(f"{tenant.display_name} has no complete snapshot {wanted}.{tail}")
        return found
    day, at = parse_snapshot_time(text, option=option)
    try:
        return pick_snapshot(store, tenant.tenant_id, day, at)
    except RestoreInputError as exc:
        raise CommandError(f"{describe_input_error(exc)}{tail}") from exc


def parse_snapshot_time(text: str, *, option: str = "--snapshot") -> tuple[date, day_time | None]:
    """"2026-11-20" -> (day, None); "2026-11-20 14:30", "2026-11-20T14:30:00+01:00" -> (local day, local time)."""
    value = text.strip()
    try:
        if len(value) == 10:
            return date.fromisoformat(value), None
        moment = datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError:
        raise CommandError(
            f"{option} {text!r} is not a date (2026-11-20), a date and time (2026-11-20 14:30) or a snapshot number"
        ) from None
    try:
        local = moment.astimezone() if moment.tzinfo is not None else moment
    except OverflowError:  # "0001-01-01T00:00+14:00" is before the first day this machine's clock can name
        raise CommandError(f"There is no snapshot at {text}: that moment is outside the calendar.") from None
    return local.date(), local.time().replace(tzinfo=None)


def backed_up_apps(store: Store, tenant: TenantInfo, keys: list[str]) -> tuple[int, ...]:
    """The store keys of the apps named by client ID (or object ID), in the order given, each once."""
    pks = []
    for key in keys:
        row = store.find_app(tenant.tenant_id, key)
        if row is None:
            raise CommandError(f"no app with client ID {key} in the backups of {tenant.display_name}")
        pks.append(row.pk)
    return tuple(dict.fromkeys(pks))
