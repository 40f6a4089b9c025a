"""Restore plans run against the Graph emulator: every step accepted, every app verified afterwards.

The runner here is the smallest one the plan's contract allows (restore_plan.py docstring); the real one, with
audit, retries of timed-out creates and parallelism, is services/restore.py. This checks the *plans*: paths,
bodies and order as a Graph that enforces the rules (emulator) sees them.
"""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Iterator
from typing import Any

import pytest

from desktop_app.domain.document import APPLICATION_SELECT, AppDocument, build_document
from desktop_app.domain.remap import ResolvedIds
from desktop_app.domain.restore_plan import (
    Action,
    Phase,
    PlanItem,
    RestoreMode,
    RestorePlan,
    ServicePrincipalPresence,
    SourceApp,
    SourceTenant,
    Step,
    StepKind,
    TargetState,
    TargetTenant,
    WarningCode,
    disable_permissions_body,
    plan_restore,
    verify,
)
from desktop_app.emulator import Emulator
from desktop_app.graph.client import GraphClient
from desktop_app.graph.errors import GraphError, is_not_found_yet
from desktop_app.graph.tokens import StaticTokenProvider


class Tenant:
    def __init__(self, emulator: Emulator, name: str) -> None:
        info = next(t for t in emulator.tenants if t["name"] == name)
        self.id: str = info["id"]
        self.domains: tuple[str, ...] = tuple(info["domains"])
        self.default_domain: str = info["defaultDomain"]
        self.graph = GraphClient(emulator.base_url, StaticTokenProvider(emulator.token(name)))
        self.blobs: dict[str, bytes] = {}

    def keep(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        self.blobs[digest] = data
        return digest

    def document(self, object_id: str) -> AppDocument:
        g = self.graph
        application = g.get(f"/applications/{object_id}", params={"$select": ",".join(APPLICATION_SELECT)})
        keys = {
            str(k["keyId"]): self.keep(base64.b64decode(k["key"]))
            for k in g.get(f"/applications/{object_id}", params={"$select": "keyCredentials"})[
                "keyCredentials"
            ]
            if k.get("key")
        }
        logo = g.get_bytes(f"/applications/{object_id}/logo")
        return build_document(
            application,
            g.get_all(f"/applications/{object_id}/owners"),
            g.get_all(f"/applications/{object_id}/federatedIdentityCredentials"),
            keys,
            self.keep(logo) if logo else None,
        )

    def backup(self) -> list[SourceApp]:
        apps = self.graph.get_all("/applications", params={"$select": "id,appId"})
        return [SourceApp(a["id"], a["appId"], self.document(a["id"])) for a in apps]


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator("contoso:25,fabrikam:5", seed=3) as running:
        yield running


def run(tenant: Tenant, plan: RestorePlan, blobs: dict[str, bytes]) -> ResolvedIds:
    ids = ResolvedIds()
    for phase in (Phase.CREATE, Phase.COMPLETE):
        for item in plan.items:
            for step in item.steps:
                if step.phase is phase:
                    send(tenant.graph, item, step, ids, blobs)
    return ids


def send(g: GraphClient, item: PlanItem, step: Step, ids: ResolvedIds, blobs: dict[str, bytes]) -> None:
    resolved = step.resolved(
        ids, blob_base64=lambda s: base64.b64encode(blobs[s]).decode(), graph_base_url=g.base_url
    )
    headers = dict(resolved.headers) or None
    for _ in range(100):
        try:
            if step.kind is StepKind.DISABLE_PERMISSIONS and resolved.body is None:
                current = g.get(resolved.path, params={"$select": "api,appRoles"})
                body = disable_permissions_body(current, step.desired or {})
                if body is not None:
                    g.patch(resolved.path, body)
            elif resolved.method == "POST":
                answer = g.post(
                    resolved.path, resolved.body, retry_safe=step.kind.retry_safe, headers=headers
                )
                if step.kind is StepKind.CREATE_APPLICATION:
                    ids.bind(str(step.binds), item.source.app_id, answer["id"], answer["appId"])
            elif resolved.method == "PATCH":
                g.patch(resolved.path, resolved.body, headers=headers)
            elif resolved.method == "PUT":
                g.put_bytes(resolved.path, blobs[str(resolved.content_sha256)], str(resolved.content_type))
            else:
                g.delete(resolved.path)
            return
        except GraphError as error:
            if step.kind.conflict_means_done and "already exist" in str(error).lower():
                return
            if is_not_found_yet(error) and step.kind is not StepKind.RESTORE_DELETED_APPLICATION:
                time.sleep(0.02)
                continue
            raise
    raise AssertionError(f"{step.kind} never became possible")


def assert_verified(tenant: Tenant, plan: RestorePlan, ids: ResolvedIds) -> None:
    for item in plan.items:
        object_id = ids.object_ids.get(item.source.object_id, item.object_id)
        assert verify(item, tenant.document(object_id), ids) == [], (item.action, item.source.app_id)


@pytest.mark.slow
def test_restores_of_every_kind_are_accepted_and_verify(emulator: Emulator) -> None:
    contoso, fabrikam = Tenant(emulator, "contoso"), Tenant(emulator, "fabrikam")
    sources = contoso.backup()
    source_tenant = SourceTenant(contoso.id, contoso.domains, frozenset(s.app_id for s in sources))
    g = contoso.graph

    # Overwrite: every app drifted (notes; every scope changed in value, which needs disabling first).
    for source in sources:
        app = source.document["application"]
        scopes = app["api"]["oauth2PermissionScopes"]
        body: dict[str, Any] = {"notes": "drift", "displayName": "renamed"}
        if scopes:
            plain = [{k: v for k, v in s.items() if k != "origin"} for s in scopes]
            g.patch(
                f"/applications/{source.object_id}",
                {"api": {**app["api"], "oauth2PermissionScopes": [{**s, "isEnabled": False} for s in plain]}},
            )
            body["api"] = {
                "oauth2PermissionScopes": [{**s, "value": s["value"] + "x", "isEnabled": True} for s in plain]
            }
        g.patch(f"/applications/{source.object_id}", body)
    targets = {
        s.object_id: TargetState.exists(
            s.object_id, s.app_id, contoso.document(s.object_id), ServicePrincipalPresence.PRESENT
        )
        for s in sources
    }
    plan = plan_restore(sources, RestoreMode.WITH_OBJECT, source_tenant=source_tenant, targets=targets)
    assert any(StepKind.DISABLE_PERMISSIONS in [s.kind for s in i.steps] for i in plan.items)
    assert_verified(contoso, plan, run(contoso, plan, contoso.blobs))
    assert all(contoso.document(s.object_id) == s.document for s in sources)

    # Undelete from the recycle bin, state unknown: the client id stays.
    few = sources[:6]
    for source in few:
        g.delete(f"/applications/{source.object_id}")
    targets = {s.object_id: TargetState.recycled(s.object_id, s.app_id) for s in few}
    plan = plan_restore(few, RestoreMode.WITH_OBJECT, source_tenant=source_tenant, targets=targets)
    assert {i.action for i in plan.items} == {Action.UNDELETE}
    assert_verified(contoso, plan, run(contoso, plan, contoso.blobs))

    # Deleted permanently: recreated with new client ids, api:// URIs rewritten.
    for source in few:
        g.delete(f"/applications/{source.object_id}")
        g.delete(f"/directory/deletedItems/{source.object_id}")
    targets = {s.object_id: TargetState.gone() for s in few}
    plan = plan_restore(few, RestoreMode.WITH_OBJECT, source_tenant=source_tenant, targets=targets)
    ids = run(contoso, plan, contoso.blobs)
    assert_verified(contoso, plan, ids)
    assert all(WarningCode.CLIENT_ID_WILL_CHANGE in [w.code for w in i.warnings] for i in plan.items)
    assert set(ids.app_ids) == {s.app_id.lower() for s in few}

    # As new, next to the original.
    original = next(s for s in sources[6:] if s.document["application"]["identifierUris"])
    plan = plan_restore([original], RestoreMode.AS_NEW, source_tenant=source_tenant, new_name="Copy")
    assert_verified(contoso, plan, run(contoso, plan, contoso.blobs))

    # Another tenant: everything else, owners matched by user principal name where they exist.
    users = fabrikam.graph.get_all("/users", params={"$select": "id,userPrincipalName"})
    target = TargetTenant(
        fabrikam.id,
        fabrikam.domains,
        fabrikam.default_domain,
        users_by_upn={u["userPrincipalName"]: u["id"] for u in users},
    )
    rest = sources[6:]
    plan = plan_restore(rest, RestoreMode.OTHER_TENANT, source_tenant=source_tenant, target_tenant=target)
    ids = run(fabrikam, plan, contoso.blobs)
    assert_verified(fabrikam, plan, ids)
    assert len(ids.app_ids) == len(rest)
