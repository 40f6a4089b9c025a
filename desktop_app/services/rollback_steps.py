"""The step executor's handlers for an incident rollback's own step kinds (domain/rollback.py; the other kinds a
rollback uses, owners, federated credentials, grants and assignments, are the restore's handlers).

Each one can be sent again and again with the same result, so a rollback stopped half-way is finished by running it
again (nothing doubled, nothing missed):
- RECYCLE_*: DELETE of the object itself, which Graph makes a soft delete (the recycle bin keeps it 30 days); a
  path into the recycle bin (a hard delete) is refused before anything is sent; 404 (gone already) is done.
- REMOVE_PASSWORD: `removePassword {keyId}`; when Graph refuses it, the secret is looked for, and one that is not
  there any more is done.
- EDIT_KEY_CREDENTIALS: the holder's keys are read with their bytes (`$select=keyCredentials` of one object: the
  only read that returns them, under Graph's 150-a-minute limit), and sent back by PATCH without the removed keys
  and with the added ones. A key Graph returns without bytes (a private signing key) can't be sent back: rather
  than drop it, nothing is written and the step fails saying so.
- EDIT_APPLICATION_LISTS: the app's redirect URIs (each platform's whole object, so its other settings stay),
  identifier URIs and requested permissions are read, changed only where the step says, and sent back by PATCH
  when they differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from desktop_app.domain.restore_plan import (
    Failure,
    FailureCode,
    ResolvedStep,
    Step,
    StepKind,
    writable_application,
)
from desktop_app.graph.errors import GraphError

if TYPE_CHECKING:
    from desktop_app.services.restore_steps import Handler, ItemOutcome, StepExecutor

_RECYCLABLE = ("/applications/", "/servicePrincipals/")
_PLATFORMS = ("web", "spa", "publicClient")


class RollbackHandlers:
    def __init__(self, executor: StepExecutor) -> None:
        self._x = executor

    def handlers(self) -> dict[StepKind, Handler]:
        return {
            StepKind.RECYCLE_APPLICATION: self.recycle,
            StepKind.RECYCLE_SERVICE_PRINCIPAL: self.recycle,
            StepKind.REMOVE_PASSWORD: self.remove_password,
            StepKind.EDIT_KEY_CREDENTIALS: self.edit_keys,
            StepKind.EDIT_APPLICATION_LISTS: self.edit_lists,
        }

    def recycle(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep, lag: bool) -> None:
        path = resolved.path
        if resolved.method != "DELETE" or not path.startswith(_RECYCLABLE) or path.count("/") != 2:
            raise _failed(FailureCode.NOT_A_RECYCLE, method=str(resolved.method), path=path)
        try:
            self._x.write(lambda: self._x.graph.delete(path))
        except GraphError as error:
            if error.status != 404:
                raise

    def remove_password(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep, lag: bool) -> None:
        key_id = str((resolved.body or {}).get("keyId"))
        holder = resolved.path.rsplit("/", 1)[0]
        try:
            self._x.write(lambda: self._x.graph.post(resolved.path, resolved.body, retry_safe=True))
        except GraphError as error:
            if error.status == 0 or error.status >= 500:
                raise
            try:
                current = self._x.graph.get(holder, params={"$select": "passwordCredentials"})
            except GraphError as missing:
                if missing.status == 404:
                    return  # the app or service principal is gone: so is its secret
                raise error from missing
            if any(str(c.get("keyId")).lower() == key_id.lower() for c in current.get("passwordCredentials") or []):
                raise
            # Not there (any more): an earlier attempt, or someone else, removed it.

    def edit_keys(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep, lag: bool) -> None:
        body = resolved.body or {}
        remove = {str(k).lower() for k in body.get("remove") or []}
        current = self._x.graph.get(resolved.path, params={"$select": "keyCredentials"})
        keys = [k for k in current.get("keyCredentials") or [] if isinstance(k, Mapping)]
        kept = [k for k in keys if str(k.get("keyId")).lower() not in remove]
        there = {str(k.get("keyId")).lower() for k in kept}
        added = [dict(a) for a in body.get("add") or [] if str(a.get("keyId")).lower() not in there]
        if len(kept) == len(keys) and not added:
            return  # as asked already
        unreadable = [str(k.get("displayName") or k.get("keyId")) for k in kept if not k.get("key")]
        if unreadable:
            raise _failed(FailureCode.KEY_BYTES_UNAVAILABLE, keys=", ".join(unreadable))
        send = [{**_writable_key(k), "key": k["key"]} for k in kept] + added
        self._x.write(lambda: self._x.graph.patch(resolved.path, {"keyCredentials": send}))

    def edit_lists(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep, lag: bool) -> None:
        body = resolved.body or {}
        current = self._x.graph.get(resolved.path, params={
            "$select": "web,spa,publicClient,identifierUris,requiredResourceAccess"})
        patch: dict[str, Any] = {}
        redirects = body.get("redirectUris")
        if redirects:
            patch.update(_redirects(current, redirects))
        uris = body.get("identifierUris")
        if uris:
            now = [str(u) for u in current.get("identifierUris") or []]
            new = _edited(now, uris.get("remove") or [], uris.get("add") or [])
            if new != now:
                patch["identifierUris"] = new
        requested = body.get("requiredResourceAccess")
        if requested:
            now_access = _requested(current.get("requiredResourceAccess") or [], {})
            new_access = _requested(now_access, requested)
            if new_access != now_access:
                patch["requiredResourceAccess"] = new_access
        if patch:
            self._x.write(lambda: self._x.graph.patch(resolved.path, patch))


def _edited(values: list[str], remove: list[str], add: list[str]) -> list[str]:
    gone = set(remove)
    kept = [v for v in values if v not in gone]
    return kept + [v for v in add if v not in kept]


def _redirects(current: Mapping[str, Any], edit: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    remove, add = list(edit.get("remove") or []), edit.get("add") or {}
    for platform in _PLATFORMS:
        section = dict(current.get(platform) or {})
        now = [str(u) for u in section.get("redirectUris") or []]
        new = _edited(now, remove, list(add.get(platform) or []))
        if new == now:
            continue
        section["redirectUris"] = new
        if isinstance(section.get("redirectUriSettings"), list):  # web: one setting per URI, by uri
            section["redirectUriSettings"] = [s for s in section["redirectUriSettings"]
                                              if isinstance(s, Mapping) and s.get("uri") in new]
        out[platform] = writable_application({platform: section}).get(platform, section)
    return out


def _requested(current: list[Any], edit: Mapping[str, Any]) -> list[dict[str, Any]]:
    remove = {(str(e.get("resourceAppId")).lower(), str(e.get("id")).lower()) for e in edit.get("remove") or []}
    out: list[dict[str, Any]] = []
    for resource in current:
        app = str(resource.get("resourceAppId"))
        access = [dict(a) for a in resource.get("resourceAccess") or []
                  if (app.lower(), str(a.get("id")).lower()) not in remove]
        out.append({"resourceAppId": app, "resourceAccess": access})
    for entry in edit.get("add") or []:
        app = str(entry.get("resourceAppId"))
        resource = next((r for r in out if r["resourceAppId"].lower() == app.lower()), None)
        if resource is None:
            resource = {"resourceAppId": app, "resourceAccess": []}
            out.append(resource)
        if not any(str(a.get("id")).lower() == str(entry.get("id")).lower() for a in resource["resourceAccess"]):
            resource["resourceAccess"].append({"id": entry.get("id"), "type": entry.get("type")})
    return [r for r in out if r["resourceAccess"]]


def _writable_key(key: Mapping[str, Any]) -> dict[str, Any]:
    keys = writable_application({"keyCredentials": [dict(key)]}).get("keyCredentials") or [{}]
    return dict(keys[0])


def _failed(code: FailureCode, **facts: str) -> Exception:
    from desktop_app.services.restore_steps import StepFailed

    return StepFailed(Failure(code, facts))
