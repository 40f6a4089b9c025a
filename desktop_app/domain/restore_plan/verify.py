"""Verify: the app as read back after a run against what the plan set."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.remap import (
    ResolvedIds,
    resolve,
)
from desktop_app.domain.restore_plan.extension_properties import short_name
from desktop_app.domain.restore_plan.federated_credentials import fic_body
from desktop_app.domain.restore_plan.plan import Mismatch, PlanItem
from desktop_app.domain.restore_plan.writable import same_value, unset_server_default, writable_application
from desktop_app.domain.schema import load_schema


def expected_application(item: PlanItem, ids: ResolvedIds) -> dict[str, Any]:
    """The writable properties the app must have after the run, with the new ids filled in."""
    resolved: dict[str, Any] = resolve(dict(item.expected.application), ids)
    return resolved


def server_defaults(item: PlanItem, read_back: Mapping[str, Any], ids: ResolvedIds) -> list[Mismatch]:
    """What Graph filled in on a new app where the snapshot had nothing (e.g. the app instance lock Microsoft
    turns on for new apps): reported as notes, not failures; `verify` leaves them out."""
    want_app = expected_application(item, ids)
    got_app = writable_application(read_back.get("application") or {})
    return [
        Mismatch(("application", key), want_app[key], got_app.get(key))
        for key in sorted(want_app)
        if _server_default(item, key, want_app[key])
        and not same_value(want_app[key], got_app.get(key, _missing_default(key)))
    ]


def _server_default(item: PlanItem, key: str, wanted: Any) -> bool:
    """A value the snapshot left empty, on an app the plan created: what Graph put there is its default (a note).
    Anything else that differs is a failure."""
    return item.action.creates_application and unset_server_default(key, wanted)


def verify(item: PlanItem, read_back: Mapping[str, Any], ids: ResolvedIds) -> list[Mismatch]:
    """Differences between the app as read back after the run (an AppDocument) and what the plan set.

    Not compared: what Graph does not let a client restore (secrets, ids, client id, read-only properties),
    collection order, and - for a new app - owners beyond the expected ones (Graph adds the creator)."""
    mismatches: list[Mismatch] = []
    expected = item.expected
    want_app = expected_application(item, ids)
    got_app = writable_application(read_back.get("application") or {})
    for key in sorted(want_app):
        got = got_app.get(key, _missing_default(key))
        if not same_value(want_app[key], got) and not unset_server_default(key, want_app[key]):
            mismatches.append(Mismatch(("application", key), want_app[key], got_app.get(key)))

    if expected.owner_ids is not None:
        got_owners = {str(o.get("id")) for o in read_back.get("owners") or [] if isinstance(o, Mapping)}
        want_owners = set(resolve(sorted(expected.owner_ids), ids))
        if (expected.owners_exact and got_owners != want_owners) or not want_owners <= got_owners:
            mismatches.append(Mismatch(("owners",), sorted(want_owners), sorted(got_owners)))

    got_fics = {
        str(c.get("name")): c
        for c in read_back.get("federatedIdentityCredentials") or []
        if isinstance(c, Mapping)
    }
    for credential in expected.federated_credentials:
        name = str(credential.get("name"))
        got = got_fics.get(name)
        if got is None or not same_value(fic_body(credential, False), fic_body(got, False)):
            mismatches.append(Mismatch(("federatedIdentityCredentials", name), dict(credential), got))
    if expected.federated_credentials_exact:
        wanted_names = {str(c.get("name")) for c in expected.federated_credentials}
        for name in sorted(set(got_fics) - wanted_names):
            mismatches.append(Mismatch(("federatedIdentityCredentials", name), None, got_fics[name]))

    got_keys = read_back.get("keyCredentialKeys") or {}
    for key_id, sha in sorted(expected.key_credential_keys.items()):
        actual = got_keys.get(key_id)
        if actual is not None and actual != sha:  # absent: the runner did not read the bytes back
            mismatches.append(Mismatch(("keyCredentialKeys", key_id), sha, actual))

    if expected.check_logo and read_back.get("logo") != expected.logo_sha256:
        mismatches.append(Mismatch(("logo",), expected.logo_sha256, read_back.get("logo")))
    owned = {short_name(str(d.get("name"))) for d in read_back.get("extensionProperties") or [] if isinstance(d, Mapping)}
    for name in expected.extension_properties:
        if name not in owned:
            mismatches.append(Mismatch(("extensionProperties", name), name, None))
    if expected.enterprise is not None and "servicePrincipal" in read_back:
        mismatches += _enterprise_mismatches(expected.enterprise, read_back.get("servicePrincipal"), ids)
    return mismatches


def _enterprise_mismatches(expected: Mapping[str, Any], got: Any, ids: ResolvedIds) -> list[Mismatch]:
    """The enterprise application read back: its settings, and the grants, permissions and assignments by key
    (grants with their scopes); exactly those where the plan removed the others. A resource recreated in the run
    is named in the plan's keys by its old client id (linked.py): read back, its new one is read as the old."""
    old_app_ids = {new.lower(): old for old, new in ids.app_ids.items()}
    if not isinstance(got, Mapping):
        return [Mismatch(("servicePrincipal",), "a service principal", got)]
    out: list[Mismatch] = []
    properties = got.get("properties") or {}
    for name, value in sorted((expected.get("properties") or {}).items()):
        if not same_value(value, properties.get(name)):
            out.append(Mismatch(("servicePrincipal", "properties", name), value, properties.get(name)))
    out += _certificate_mismatches(expected.get("keyCredentialKeys") or {}, got)
    exact = expected.get("exact") or {}
    for part in ("delegatedPermissionGrants", "appRoleAssignments", "appRoleAssignedTo"):
        want = expected.get(part) or {}
        have = {_as_planned(str(i.get("key")), part, old_app_ids): i for i in got.get(part) or []
                if isinstance(i, Mapping)}
        for key, value in sorted(want.items()):
            item = have.get(key)
            if item is None or (part == "delegatedPermissionGrants" and sorted(item.get("scopes") or []) != value):
                out.append(Mismatch(("servicePrincipal", part, key), value, item))
        if exact.get(part):
            for key in sorted(set(have) - set(want)):
                if part == "appRoleAssignedTo" and have[key].get("principalType") not in ("User", "Group"):
                    continue  # service principals given the app's roles are their own apps' permissions
                out.append(Mismatch(("servicePrincipal", part, key), None, have[key]))
    return out


def _certificate_mismatches(expected: Mapping[str, str], got: Mapping[str, Any]) -> list[Mismatch]:
    """The certificates sent back: each listed, with the same bytes where the read-back read them."""
    listed = {str(k.get("keyId")) for k in got.get("keyCredentials") or [] if isinstance(k, Mapping)}
    read = got.get("keyCredentialKeys")
    out: list[Mismatch] = []
    for key_id, sha in sorted(expected.items()):
        actual = read.get(key_id) if isinstance(read, Mapping) else (sha if key_id in listed else None)
        if key_id not in listed or actual != sha:
            out.append(Mismatch(("servicePrincipal", "keyCredentials", key_id), sha, actual))
    return out


def _as_planned(key: str, part: str, old_app_ids: Mapping[str, str]) -> str:
    """A consent or permission key read back, with a resource recreated in the run named by its old client id."""
    if part == "appRoleAssignedTo":
        return key  # named by principal, not by resource
    resource, _, rest = key.partition("/")
    old = old_app_ids.get(resource.lower())
    return f"{old}/{rest}" if old is not None else key


def _missing_default(key: str) -> Any:
    prop = load_schema().writable_application_properties().get(key)
    return [] if prop is not None and prop.is_collection else None
