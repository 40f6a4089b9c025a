"""The backup against the emulator: exact, versioned only on change, deletions marked, robust to faults."""

from __future__ import annotations

import base64
import hashlib
import signal
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from desktop_app.domain.cancel import Cancelled, CancelToken
from desktop_app.domain.diff import diff_documents
from desktop_app.domain.document import (
    APPLICATION_SELECT,
    build_document,
    document_hash,
    with_extension_properties,
)
from desktop_app.domain.enterprise import SERVICE_PRINCIPAL_SELECT, build_enterprise_section
from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupFailed, BackupService
from desktop_app.services.tenants import GraphConnector
from desktop_app.store import Store, TenantInfo, UnknownTenantError

from .conftest import Graph, fast_connector


def emulator_documents(graph: Graph) -> dict[str, dict[str, Any]]:
    """Every app as the emulator holds it, read one app at a time the slow, obvious way."""
    documents = {}
    # Certificate reads are limited to 150 a minute per tenant (graph-notes §10): read them only where there are
    # certificates, and the rest of each app without them.
    without_keys = ",".join(p for p in APPLICATION_SELECT if p != "keyCredentials")
    for listed in graph.all("/applications", **{"$select": "id,keyCredentials"}):
        app_id = listed["id"]
        app = graph.get(f"/applications/{app_id}", **{"$select": without_keys})
        owners = graph.all(f"/applications/{app_id}/owners")
        fics = graph.all(f"/applications/{app_id}/federatedIdentityCredentials")
        keys = graph.get(f"/applications/{app_id}", **{"$select": "keyCredentials"})["keyCredentials"] \
            if listed["keyCredentials"] else []
        app["keyCredentials"] = [{**k, "key": None} for k in keys]
        key_hashes = {
            k["keyId"]: hashlib.sha256(base64.b64decode(k["key"])).hexdigest() for k in keys if k.get("key")
        }
        logo = graph.http.get(f"/applications/{app_id}/logo")
        logo_sha = hashlib.sha256(logo.content).hexdigest() if logo.status_code == 200 else None
        documents[app_id] = with_extension_properties(
            build_document(app, owners, fics, key_hashes, logo_sha, enterprise_of(graph, app["appId"])),
            graph.all(f"/applications/{app_id}/extensionProperties"))
    return documents


def enterprise_of(graph: Graph, app_id: str) -> dict[str, Any] | None:
    """The app's enterprise application read one request at a time: its service principal by appId, then each
    list, each resource and each user on its own."""
    found = graph.http.get(f"/servicePrincipals(appId='{app_id}')", params={"$select": ",".join(SERVICE_PRINCIPAL_SELECT)})
    if found.status_code == 404:
        return None
    found.raise_for_status()
    sp = found.json()
    owners = graph.all(f"/servicePrincipals/{sp['id']}/owners")
    grants = graph.all("/oauth2PermissionGrants", **{"$filter": f"clientId eq '{sp['id']}'"})
    permissions = graph.all(f"/servicePrincipals/{sp['id']}/appRoleAssignments")
    assigned = graph.all(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo")
    resources = {r: graph.get(f"/servicePrincipals/{r}") for r in {x["resourceId"] for x in grants + permissions}}
    user_ids = {g["principalId"] for g in grants if g["principalId"]}
    user_ids |= {a["principalId"] for a in assigned if a["principalType"] == "User"}
    users = {u: graph.get(f"/users/{u}") for u in user_ids}
    return build_enterprise_section(sp, owners, grants, permissions, assigned, {**resources, sp["id"]: sp}, users)


def stored_documents(store: Store, tenant: TenantInfo) -> dict[str, dict[str, Any]]:
    rows = store.app_rows(store.app_ids(tenant.tenant_id))
    return {row.object_id: store.version_document(store.versions(row.pk)[0].pk) for row in rows}


def test_first_backup_captures_every_app_exactly(
    backup: BackupService, store: Store, contoso: TenantInfo, graph: Graph
) -> None:
    summary = backup.run(contoso.tenant_id)

    expected = emulator_documents(graph)
    stored = stored_documents(store, contoso)
    assert summary.apps == len(expected) == 60 - _in_recycle_bin(graph)
    assert summary.added == summary.apps and summary.changed == 0
    assert stored.keys() == expected.keys()
    for object_id, document in expected.items():
        assert stored[object_id] == document, object_id
    # The seed has owners, federated credentials, certificates and logos: the snapshot must hold them all.
    assert any(len(d["owners"]) > 20 for d in stored.values()), "an app above the expand cap of owners"
    assert any(d["federatedIdentityCredentials"] for d in stored.values())
    assert any(d["keyCredentialKeys"] for d in stored.values())
    assert any(d["logo"] for d in stored.values())
    # ... and the enterprise applications: consent, application permissions, users and groups, and apps without one.
    enterprise = [d["servicePrincipal"] for d in stored.values() if d["servicePrincipal"]]
    assert any(d["servicePrincipal"] is None for d in stored.values())
    assert any(g["consentType"] == "AllPrincipals" and g["resourceAppId"] == "00000003-0000-0000-c000-000000000000"
               and "User.Read" in g["scopes"] for e in enterprise for g in e["delegatedPermissionGrants"])
    assert any(p["appRoleValue"] == "User.Read.All" for e in enterprise for p in e["appRoleAssignments"])
    assert {"User", "Group"} <= {a["principalType"] for e in enterprise for a in e["appRoleAssignedTo"]}
    assert any(a.get("userPrincipalName") for e in enterprise for a in e["appRoleAssignedTo"])
    for document in stored.values():
        for sha in list(document["keyCredentialKeys"].values()) + [document["logo"]]:
            if sha:
                data = store.blob(sha)
                assert data is not None and hashlib.sha256(data).hexdigest() == sha


def test_a_backup_without_changes_adds_no_version(
    backup: BackupService, store: Store, contoso: TenantInfo
) -> None:
    first = backup.run(contoso.tenant_id)
    second = backup.run(contoso.tenant_id)
    assert (second.added, second.changed, second.removed) == (0, 0, 0)
    assert second.apps == first.apps
    assert all(row.version_count == 1 for row in store.app_rows(store.app_ids(contoso.tenant_id)))
    # Unchanged certificates and logos are not fetched again: the second backup is list calls only.
    assert second.requests < first.requests


def _self_signed_cert() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "regvault-test")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now)
        .not_valid_after(now + timedelta(days=300)).sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.DER)


def _first(graph: Graph, predicate: Any) -> dict[str, Any]:
    apps = graph.all("/applications", **{"$select": ",".join(APPLICATION_SELECT)})
    return next(app for app in apps if predicate(app))


def _users(graph: Graph) -> list[dict[str, Any]]:
    return graph.all("/users")


def change_display_name(graph: Graph) -> tuple[str, set[tuple[Any, ...]]]:
    app = _first(graph, lambda a: True)
    graph.send("PATCH", f"/applications/{app['id']}", json={"displayName": app["displayName"] + " (renamed)"})
    return app["id"], {("application", "displayName")}


def change_redirect_uris(graph: Graph) -> tuple[str, set[tuple[Any, ...]]]:
    app = _first(graph, lambda a: (a.get("web") or {}).get("redirectUris"))
    web = dict(app["web"])
    web["redirectUris"] = [*web["redirectUris"], "https://login.example.org/added"]
    graph.send("PATCH", f"/applications/{app['id']}", json={"web": web})
    return app["id"], {("application", "web", "redirectUris")}


def add_scope(graph: Graph) -> tuple[str, set[tuple[Any, ...]]]:
    app = _first(graph, lambda a: (a.get("api") or {}).get("oauth2PermissionScopes"))
    scope_id = str(uuid.uuid4())
    scopes = [
        {k: v for k, v in s.items() if k != "origin"} for s in app["api"]["oauth2PermissionScopes"]
    ] + [{
        "id": scope_id, "value": "Reports.Export", "type": "Admin", "isEnabled": True,
        "adminConsentDisplayName": "Export reports", "adminConsentDescription": "Export reports",
    }]
    graph.send("PATCH", f"/applications/{app['id']}", json={"api": {"oauth2PermissionScopes": scopes}})
    return app["id"], {("application", "api", "oauth2PermissionScopes", scope_id)}


def add_owner(graph: Graph) -> tuple[str, set[tuple[Any, ...]]]:
    app = _first(graph, lambda a: True)
    owners = {o["id"] for o in graph.all(f"/applications/{app['id']}/owners")}
    user = next(u for u in _users(graph) if u["id"] not in owners)
    graph.send("POST", f"/applications/{app['id']}/owners/$ref",
               json={"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{user['id']}"})
    return app["id"], {("owners", user["id"])}


def remove_owner(graph: Graph) -> tuple[str, set[tuple[Any, ...]]]:
    for app in graph.all("/applications", **{"$select": "id"}):
        owners = graph.all(f"/applications/{app['id']}/owners")
        if 2 <= len(owners) < 20:
            graph.send("DELETE", f"/applications/{app['id']}/owners/{owners[0]['id']}/$ref")
            return app["id"], {("owners", owners[0]["id"])}
    raise AssertionError("the seed has no app with several owners")


def add_federated_credential(graph: Graph) -> tuple[str, set[tuple[Any, ...]]]:
    app = _first(graph, lambda a: True)
    graph.send("POST", f"/applications/{app['id']}/federatedIdentityCredentials", json={
        "name": "deploy-from-main", "issuer": "https://token.actions.githubusercontent.com",
        "subject": "repo:contoso/payments:ref:refs/heads/main", "audiences": ["api://AzureADTokenExchange"],
        "description": "GitHub Actions deploys",
    })
    return app["id"], {("federatedIdentityCredentials", "deploy-from-main")}


def add_certificate(graph: Graph) -> tuple[str, set[tuple[Any, ...]]]:
    app = _first(graph, lambda a: not a.get("keyCredentials"))
    key_id = str(uuid.uuid4())
    graph.send("PATCH", f"/applications/{app['id']}", json={"keyCredentials": [{
        "keyId": key_id, "type": "AsymmetricX509Cert", "usage": "Verify", "displayName": "CN=regvault-test",
        "key": base64.b64encode(_self_signed_cert()).decode(),
    }]})
    return app["id"], {("application", "keyCredentials", key_id), ("keyCredentialKeys", key_id)}


def change_logo(graph: Graph) -> tuple[str, set[tuple[Any, ...]]]:
    app = _first(graph, lambda a: True)
    png = b"\x89PNG\r\n\x1a\n" + hashlib.sha256(app["id"].encode()).digest() * 8
    graph.send("PUT", f"/applications/{app['id']}/logo", content=png, headers={"Content-Type": "image/png"})
    return app["id"], {("logo",)}


def _an_enterprise_app(graph: Graph, want: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """An app and its service principal that have `want`: "grant" (AllPrincipals on Graph, 2+ scopes) or
    "group" (a group assigned)."""
    graph_sp = graph.get("/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')")
    apps = {a["appId"]: a for a in graph.all("/applications", **{"$select": "id,appId"})}
    for sp in graph.all("/servicePrincipals"):
        if sp["appId"] not in apps:
            continue
        if want == "grant":
            for grant in graph.all("/oauth2PermissionGrants", **{"$filter": f"clientId eq '{sp['id']}'"}):
                if grant["resourceId"] == graph_sp["id"] and len(grant["scope"].split()) > 1 \
                        and grant["consentType"] == "AllPrincipals":
                    return apps[sp["appId"]], {**sp, "grant": grant}
        else:
            for assignment in graph.all(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo"):
                if assignment["principalType"] == "Group":
                    return apps[sp["appId"]], {**sp, "assignment": assignment}
    raise AssertionError(f"the seed has no app with {want}")


def remove_consent_for_a_scope(graph: Graph) -> tuple[str, set[tuple[str, ...]]]:
    app, sp = _an_enterprise_app(graph, "grant")
    grant = sp["grant"]
    graph.send("PATCH", f"/oauth2PermissionGrants/{grant['id']}", json={"scope": grant["scope"].split()[0]})
    key = "00000003-0000-0000-c000-000000000000/AllPrincipals"
    return app["id"], {("servicePrincipal", "delegatedPermissionGrants", key, "scopes")}


def unassign_a_group(graph: Graph) -> tuple[str, set[tuple[str, ...]]]:
    app, sp = _an_enterprise_app(graph, "group")
    assignment = sp["assignment"]
    graph.send("DELETE", f"/servicePrincipals/{sp['id']}/appRoleAssignedTo/{assignment['id']}")
    key = f"{assignment['principalId']}/{assignment['appRoleId']}"
    return app["id"], {("servicePrincipal", "appRoleAssignedTo", key)}


def require_assignment(graph: Graph) -> tuple[str, set[tuple[str, ...]]]:
    app, sp = _an_enterprise_app(graph, "group")
    graph.send("PATCH", f"/servicePrincipals/{sp['id']}", json={"appRoleAssignmentRequired": not sp["appRoleAssignmentRequired"]})
    return app["id"], {("servicePrincipal", "properties", "appRoleAssignmentRequired")}


@pytest.mark.parametrize("change", [
    change_display_name, change_redirect_uris, add_scope, add_owner, remove_owner, add_federated_credential,
    add_certificate, change_logo, remove_consent_for_a_scope, unassign_a_group, require_assignment,
])
def test_a_change_makes_exactly_one_version_with_exactly_that_diff(
    change: Any, backup: BackupService, store: Store, contoso: TenantInfo, graph: Graph
) -> None:
    backup.run(contoso.tenant_id)
    object_id, expected_paths = change(graph)

    summary = backup.run(contoso.tenant_id)

    assert (summary.added, summary.changed, summary.removed) == (0, 1, 0)
    app = next(r for r in store.app_rows(store.app_ids(contoso.tenant_id)) if r.object_id == object_id)
    assert app.version_count == 2
    newer, older = store.versions(app.pk)
    changes = diff_documents(store.version_document(older.pk), store.version_document(newer.pk))
    assert {c.path for c in changes} == expected_paths
    # And the new version is exactly what the emulator holds now.
    assert store.version_document(newer.pk) == emulator_documents(graph)[object_id]


def _in_recycle_bin(graph: Graph) -> int:
    # Apps the seed put in the recycle bin are not listed; the tenant's size counts them.
    return len(graph.all("/directory/deletedItems/microsoft.graph.application"))


def test_deleted_apps_are_marked_with_their_recycle_bin_state(
    backup: BackupService, store: Store, contoso: TenantInfo, graph: Graph
) -> None:
    backup.run(contoso.tenant_id)
    apps = graph.all("/applications", **{"$select": "id,appId"})
    recycled, purged = apps[0], apps[1]
    graph.send("DELETE", f"/applications/{recycled['id']}")
    graph.send("DELETE", f"/applications/{purged['id']}")
    graph.send("DELETE", f"/directory/deletedItems/{purged['id']}")

    summary = backup.run(contoso.tenant_id)

    assert summary.removed == 2
    rows = {r.object_id: r for r in store.app_rows(store.app_ids(contoso.tenant_id, include_deleted=True))}
    assert rows[recycled["id"]].status == "recycled"
    until = rows[recycled["id"]].deleted_until
    assert until is not None and timedelta(days=29) < until - datetime.now(UTC) <= timedelta(days=30)
    assert rows[purged["id"]].status == "purged"
    assert rows[purged["id"]].deleted_until is None
    active_ids = set(store.app_ids(contoso.tenant_id))
    assert rows[recycled["id"]].pk not in active_ids and rows[purged["id"]].pk not in active_ids

    # Restored from the recycle bin: active again, and its document did not change.
    graph.send("POST", f"/directory/deletedItems/{recycled['id']}/restore")
    again = backup.run(contoso.tenant_id)
    assert again.changed == 0
    row = store.app_row(rows[recycled["id"]].pk)
    assert row is not None and row.status == "active"


def test_faults_and_throttling_do_not_change_the_snapshot(tmp_path: Any) -> None:
    from desktop_app.services.tenants import TenantService

    def backup_into(name: str, emu: Emulator) -> tuple[Any, dict[str, dict[str, Any]]]:
        # One store open at a time: the store binds its models to one database per process.
        with Store.open(tmp_path / name) as store:
            tenant = TenantService(store, fast_connector()).add_emulator_tenant(
                emu.base_url, emu.tenant_id("contoso"))
            summary = BackupService(store, GraphConnector(timeout=5, max_retries=20)).run(tenant.tenant_id)
            return summary, stored_documents(store, tenant)

    with Emulator(tenants="contoso:60", seed=5, throttle="off") as emu:
        clean, clean_docs = backup_into("clean.sqlite", emu)
        emu.configure(fault_rate=0.05, throttle="S")
        faulty, faulty_docs = backup_into("faulty.sqlite", emu)
        counters = emu.counters()

    assert faulty.apps == clean.apps
    assert faulty_docs == clean_docs
    assert {document_hash(d) for d in faulty_docs.values()} == {document_hash(d) for d in clean_docs.values()}
    # The faults did happen, and the client rode them out.
    assert faulty.retries > 0, counters


def test_an_unknown_tenant_is_a_clear_error_and_writes_nothing(backup: BackupService, store: Store) -> None:
    with pytest.raises(UnknownTenantError, match="No tenant 'nowhere.example.com'"):
        backup.run("nowhere.example.com")
    assert store.list_tenants() == []


def test_a_graph_failure_keeps_the_earlier_snapshot_and_says_what_failed(
    emulator: Emulator, backup: BackupService, store: Store, contoso: TenantInfo, graph: Graph
) -> None:
    first = backup.run(contoso.tenant_id)
    before = stored_documents(store, contoso)
    graph.send("PATCH", f"/applications/{next(iter(before))}", json={"displayName": "Changed meanwhile"})
    # Every kind of failure but the slow answer (a timeout is the graph tests'); the client's waits are skipped.
    emulator.configure(fault_rate=1.0, fault_kinds=["503-retry-after", "503", "429", "drop", "drop-after-processing"])

    failing = BackupService(store, GraphConnector(timeout=2, max_retries=1, sleep=lambda _s: None))
    with pytest.raises(BackupFailed) as caught:
        failing.run(contoso.tenant_id)

    assert contoso.display_name in str(caught.value)
    assert stored_documents(store, contoso) == before
    assert [s.id for s in store.snapshots(contoso.tenant_id)] == [first.snapshot_id]
    last = store.last_backup(contoso.tenant_id)
    assert last is not None and last.status == "failed" and last.error == str(caught.value.cause)


def test_cancel_stops_the_backup_and_keeps_nothing_of_it(
    backup: BackupService, store: Store, contoso: TenantInfo
) -> None:
    token = CancelToken()
    seen: list[str] = []

    def progress(p: Any) -> None:
        seen.append(p.phase)
        token.cancel()

    with pytest.raises(Cancelled):
        backup.run(contoso.tenant_id, progress=progress, cancel=token)
    assert seen and store.app_ids(contoso.tenant_id) == []
    assert store.snapshots(contoso.tenant_id) == []
    last = store.last_backup(contoso.tenant_id)
    assert last is not None and last.status == "failed" and last.error == "Cancelled by the user"


def test_ctrl_c_during_retries_stops_the_backup_at_once(
    emulator: Emulator, store: Store, contoso: TenantInfo
) -> None:
    # Every request fails with a 503 without Retry-After: the workers back off again and again.
    emulator.configure(fault_rate=1.0, fault_kinds=["503"])
    service = BackupService(store, GraphConnector(timeout=5, max_retries=8))
    main_thread = threading.main_thread().ident
    assert main_thread is not None
    # Ctrl+C in a terminal: Python's own handler. A process started in the background (as CI may start the
    # suite) inherits SIGINT ignored, and then no KeyboardInterrupt would ever come.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(1.0, signal.pthread_kill, (main_thread, signal.SIGINT))
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            service.run(contoso.tenant_id, cancel=CancelToken())
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    # Without cancelling the workers, the pools are joined only after their whole backoff schedule.
    assert time.monotonic() - started < 8
    assert store.snapshots(contoso.tenant_id) == []


def test_the_first_backup_that_reads_enterprise_apps_does_not_call_every_app_changed(
    backup: BackupService, store: Store, contoso: TenantInfo, graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A store made before the enterprise application was read: its documents have no such part.
    from desktop_app.services.app_reader import listing as listing_module
    from desktop_app.services.enterprise_read import EnterpriseRead

    with monkeypatch.context() as patch:
        patch.setattr(listing_module, "read_tenant_enterprise", lambda *_a: EnterpriseRead(unread="older Regvault"))
        backup.run(contoso.tenant_id)
    before = {r.object_id: r for r in store.app_rows(store.app_ids(contoso.tenant_id))}
    assert all("servicePrincipal" not in d for d in stored_documents(store, contoso).values())

    summary = backup.run(contoso.tenant_id)

    assert (summary.added, summary.changed, summary.removed) == (0, 0, 0)
    for row in store.app_rows(store.app_ids(contoso.tenant_id)):
        assert row.last_modified == before[row.object_id].last_modified  # not "modified today"
        newer, older = store.versions(row.pk)
        changes = diff_documents(store.version_document(older.pk), store.version_document(newer.pk))
        assert [(c.path, c.kind.value) for c in changes] == [(("servicePrincipal",), "added")]
    # and after that, a change of the enterprise application is a change like any other
    object_id, _paths = unassign_a_group(graph)
    assert backup.run(contoso.tenant_id).changed == 1


def test_the_first_backup_that_reads_service_principal_credentials_does_not_call_every_app_changed(
    backup: BackupService, store: Store, contoso: TenantInfo, graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store made before the service principals' keyCredentials and passwordCredentials were read (issue 27): the
    first backup that reads them records them, and no app is "changed" for it; a secret added later is a change."""
    from desktop_app.services import enterprise_read

    with_secret = next(sp for sp in graph.all("/servicePrincipals") if sp["appOwnerOrganizationId"] == contoso.tenant_id)
    graph.send("POST", f"/servicePrincipals/{with_secret['id']}/addPassword", json={})
    older = tuple(f for f in SERVICE_PRINCIPAL_SELECT if f not in ("keyCredentials", "passwordCredentials"))
    with monkeypatch.context() as patch:
        patch.setattr(enterprise_read, "SERVICE_PRINCIPAL_SELECT", older)
        backup.run(contoso.tenant_id)
    assert all("keyCredentials" not in (d.get("servicePrincipal") or {})
               for d in stored_documents(store, contoso).values())

    summary = backup.run(contoso.tenant_id)

    assert (summary.added, summary.changed, summary.removed) == (0, 0, 0)
    documents = stored_documents(store, contoso)
    sections = [d["servicePrincipal"] for d in documents.values() if d.get("servicePrincipal")]
    assert sections and all("keyCredentials" in s and "passwordCredentials" in s for s in sections)
    [secret] = next(s for s in sections if s["id"] == with_secret["id"])["passwordCredentials"]
    assert secret["hint"] and "secretText" not in secret
    graph.send("POST", f"/servicePrincipals/{with_secret['id']}/addPassword", json={})
    assert backup.run(contoso.tenant_id).changed == 1


def test_a_backup_refused_the_consent_listing_leaves_the_part_unread(
    backup: BackupService, store: Store, contoso: TenantInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.graph.errors import GraphError
    from desktop_app.services import enterprise_read

    real = enterprise_read._list

    def refuse_grants(graph: Any, cancel: Any, path: str, params: Any) -> Any:
        if path == "/oauth2PermissionGrants":
            raise GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
        return real(graph, cancel, path, params)

    monkeypatch.setattr(enterprise_read, "_list", refuse_grants)
    summary = backup.run(contoso.tenant_id)
    assert summary.apps > 0
    assert all("servicePrincipal" not in d for d in stored_documents(store, contoso).values())


def test_a_backup_that_could_not_read_the_enterprise_part_keeps_the_last_one(
    backup: BackupService, store: Store, contoso: TenantInfo, graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Backed up with consent read; then a backup without Directory.Read.All (or an app-only identity without it).
    from desktop_app.services.app_reader import listing as listing_module
    from desktop_app.services.enterprise_read import EnterpriseRead

    backup.run(contoso.tenant_id)
    before = stored_documents(store, contoso)
    assert any("servicePrincipal" in d for d in before.values())
    versions = {pk: len(store.versions(pk)) for pk in store.app_ids(contoso.tenant_id)}
    with monkeypatch.context() as patch:
        patch.setattr(listing_module, "read_tenant_enterprise",
                      lambda *_a: EnterpriseRead(unread="Directory.Read.All not granted"))
        summary = backup.run(contoso.tenant_id)
        # Nothing looks removed: no app changed, no new version, the last known enterprise part stays.
        assert (summary.added, summary.changed, summary.removed) == (0, 0, 0)
        assert {pk: len(store.versions(pk)) for pk in store.app_ids(contoso.tenant_id)} == versions
        assert stored_documents(store, contoso) == before
        # An app that did change meanwhile gets a new version whose only change is that change.
        object_id, paths = change_display_name(graph)
        summary = backup.run(contoso.tenant_id)
    assert summary.changed == 1
    [row] = [r for r in store.app_rows(store.app_ids(contoso.tenant_id)) if r.object_id == object_id]
    newer, older = store.versions(row.pk)[:2]
    changes = diff_documents(store.version_document(older.pk), store.version_document(newer.pk))
    assert {c.path for c in changes} == paths
