"""Directory extension definitions (issue 27 item 6) and a SAML app's signing certificate (item 9), backed up in the
app document and restored: a recreated app gets its definitions back under its new client id and the report names
the values that keep the old names; a recreated SAML app signs with a new certificate and the report says so."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from incident_attacks import self_signed_certificate
from restore_world import World, follow_ups_said, said

from desktop_app.domain.diff import diff_documents
from desktop_app.domain.restore_plan import StepKind
from desktop_app.emulator import Emulator
from desktop_app.store import Store

COST_CENTER = {"name": "costCenter", "dataType": "String", "targetObjects": ["User"]}
BADGES = {"name": "badges", "dataType": "String", "targetObjects": ["User", "Group"], "isMultiValued": True}


@pytest.fixture
def world(emulator: Emulator, store: Store) -> Iterator[World]:
    built = World(emulator, store)
    yield built
    built.close()


def hr_sync(world: World) -> dict[str, Any]:
    """A seeded daemon ("Sync Job") that owns two directory extensions (and none the seed gave it)."""
    app = next(a for a in world.portal.all("/applications", **{"$select": "id,appId,displayName"})
               if a["displayName"].endswith(" Sync Job")
               and not world.portal.get(f"/applications/{a['id']}/extensionProperties")["value"])
    for body in (COST_CENTER, BADGES):
        world.portal.http.post(f"/applications/{app['id']}/extensionProperties", json=body).raise_for_status()
    return app


def full_name(app_id: str, name: str) -> str:
    return f"extension_{app_id.replace('-', '')}_{name}"


def test_a_backup_keeps_an_apps_definitions_and_a_new_one_is_a_change(world: World) -> None:
    app = hr_sync(world)
    snapshot = world.snapshot()
    [row] = [a for a in world.apps(snapshot) if a.object_id == app["id"]]
    assert [d["name"] for d in row.document["extensionProperties"]] == \
        sorted(full_name(app["appId"], n) for n in ("costCenter", "badges"))
    seeded = [a for a in world.apps(snapshot) if a.object_id != app["id"] and "extensionProperties" in a.document]
    assert all(a.display_name.endswith(" Sync Job") for a in seeded)  # the seed's own, on sync jobs only
    world.portal.http.post(f"/applications/{app['id']}/extensionProperties",
                           json={**COST_CENTER, "name": "building"}).raise_for_status()
    summary = world.backup.run(world.contoso.tenant_id)
    assert (summary.added, summary.changed) == (0, 1)
    [newer] = [a for a in world.apps(summary.snapshot_id) if a.object_id == app["id"]]
    changes = diff_documents(row.document, newer.document)
    assert [(c.path, c.kind.value) for c in changes] == \
        [(("extensionProperties", full_name(app["appId"], "building")), "added")]


def test_the_first_backup_that_reads_definitions_does_not_call_their_apps_changed(
    world: World, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop_app.services.app_reader import listing

    app = hr_sync(world)
    with monkeypatch.context() as patch:  # a Regvault that did not read them yet
        patch.setattr(listing, "read_tenant_extensions", lambda *_a: {})
        first = world.snapshot()
    assert all("extensionProperties" not in a.document for a in world.apps(first))

    summary = world.backup.run(world.contoso.tenant_id)

    assert (summary.added, summary.changed, summary.removed) == (0, 0, 0)
    [row] = [a for a in world.apps(summary.snapshot_id) if a.object_id == app["id"]]
    assert len(row.document["extensionProperties"]) == 2


def test_a_recreated_app_gets_its_definitions_under_its_new_client_id_and_the_report_names_the_values(
    world: World,
) -> None:
    app = hr_sync(world)
    snapshot = world.snapshot()
    [restored] = [a for a in world.apps(snapshot) if a.object_id == app["id"]]
    world.portal.delete_app(app["id"], permanently=True)

    preview, report = world.restore(snapshot, [restored])

    kinds = [s.kind for s in preview.plan.items[0].steps]
    assert kinds.count(StepKind.CREATE_EXTENSION_PROPERTY) == 2
    [item] = report.items
    assert item.result in ("verified", "warnings"), item
    new_app_id = str(item.new_app_id)
    owned = world.portal.get(f"/applications(appId='{new_app_id}')/extensionProperties")["value"]
    assert sorted(d["name"] for d in owned) == sorted(full_name(new_app_id, n) for n in ("costCenter", "badges"))
    assert next(d for d in owned if d["name"].endswith("_badges"))["isMultiValued"] is True
    [follow_up] = [f for f in follow_ups_said(item) if "directory extensions" in f]
    for name in ("costCenter", "badges"):
        assert f"{full_name(app['appId'], name)} -> {full_name(new_app_id, name)}" in follow_up


def test_an_overwrite_makes_a_deleted_definition_again_and_keeps_one_added_since(world: World) -> None:
    app = hr_sync(world)
    snapshot = world.snapshot()
    [restored] = [a for a in world.apps(snapshot) if a.object_id == app["id"]]
    url = f"/applications/{app['id']}/extensionProperties"
    gone = next(d for d in world.portal.get(url)["value"] if d["name"].endswith("_costCenter"))
    world.portal.http.delete(f"{url}/{gone['id']}").raise_for_status()
    world.portal.http.post(url, json={**COST_CENTER, "name": "added"}).raise_for_status()

    preview, report = world.restore(snapshot, [restored])

    [planned] = preview.items
    assert any(full_name(app["appId"], "added") in w and "kept" in w for w in said(planned)), said(planned)
    [item] = report.items
    assert item.result in ("verified", "warnings"), item
    assert not [f for f in follow_ups_said(item) if "directory extensions" in f]  # same client id: same names
    names = sorted(d["name"] for d in world.portal.get(url)["value"])
    assert names == sorted(full_name(app["appId"], n) for n in ("added", "badges", "costCenter"))


# --- a SAML application's signing certificate (issue 27 item 9) -------------------------------------------------------


def saml_app(world: World) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A seeded SaaS app ("Cloud") made a SAML application: its service principal signs with a certificate of its own."""
    portal = world.portal
    apps = {a["appId"]: a for a in portal.all("/applications", **{"$select": "id,appId,displayName"})}
    sp = next(s for s in portal.all("/servicePrincipals") if s["appId"] in apps
              and apps[s["appId"]]["displayName"].endswith(" Cloud") and s["preferredSingleSignOnMode"] != "saml")
    portal.patch(f"/servicePrincipals/{sp['id']}", {"preferredSingleSignOnMode": "saml",
                                                    "samlSingleSignOnSettings": {"relayState": "https://saas.example/"}})
    signing = portal.http.post(f"/servicePrincipals/{sp['id']}/addTokenSigningCertificate",
                               json={"displayName": "CN=Contoso SAML"}).raise_for_status().json()
    portal.patch(f"/servicePrincipals/{sp['id']}", {"preferredTokenSigningKeyThumbprint": signing["thumbprint"]})
    return apps[sp["appId"]], sp, signing


def test_a_recreated_saml_app_signs_with_a_new_certificate_and_the_report_says_so(world: World) -> None:
    app, sp, signing = saml_app(world)
    snapshot = world.snapshot()
    [restored] = [a for a in world.apps(snapshot) if a.object_id == app["id"]]
    section = restored.document["servicePrincipal"]
    assert section["properties"]["preferredTokenSigningKeyThumbprint"] == signing["thumbprint"]
    assert sorted(k["usage"] for k in section["keyCredentials"]) == ["Sign", "Verify"]
    world.portal.delete_app(app["id"], permanently=True)
    world.portal.http.delete(f"/directory/deletedItems/{sp['id']}").raise_for_status()

    preview, report = world.restore(snapshot, [restored])

    steps = preview.plan.items[0].steps
    assert [s.kind for s in steps].count(StepKind.ADD_TOKEN_SIGNING_CERTIFICATE) == 1
    assert all("preferredTokenSigningKeyThumbprint" not in (s.body or {}) for s in steps)
    assert any("SAML single sign-on certificate is new" in f for f in follow_ups_said(preview.items[0]))
    [item] = report.items
    assert item.result in ("verified", "warnings"), item
    new_sp = world.portal.get(f"/servicePrincipals(appId='{item.new_app_id}')",
                              **{"$select": "id,preferredSingleSignOnMode,preferredTokenSigningKeyThumbprint,"
                                            "keyCredentials,samlSingleSignOnSettings"})
    assert new_sp["preferredSingleSignOnMode"] == "saml"
    assert new_sp["samlSingleSignOnSettings"] == {"relayState": "https://saas.example/"}
    thumbprint = new_sp["preferredTokenSigningKeyThumbprint"]
    assert thumbprint and thumbprint != signing["thumbprint"]
    assert any(f"thumbprint {thumbprint}" in w for w in said(item)), said(item)
    assert sorted(k["usage"] for k in new_sp["keyCredentials"]) == ["Sign", "Verify"]


def test_an_overwrite_sets_the_thumbprint_back_when_the_certificate_is_still_there(world: World) -> None:
    app, sp, signing = saml_app(world)
    snapshot = world.snapshot()
    [restored] = [a for a in world.apps(snapshot) if a.object_id == app["id"]]
    rotated = world.portal.http.post(f"/servicePrincipals/{sp['id']}/addTokenSigningCertificate",
                                     json={"displayName": "CN=Rotated"}).raise_for_status().json()
    world.portal.patch(f"/servicePrincipals/{sp['id']}", {"preferredTokenSigningKeyThumbprint": rotated["thumbprint"]})

    preview, report = world.restore(snapshot, [restored])

    assert StepKind.ADD_TOKEN_SIGNING_CERTIFICATE not in [s.kind for s in preview.plan.items[0].steps]
    assert report.items[0].result in ("verified", "warnings"), report.items[0]
    now = world.portal.get(f"/servicePrincipals/{sp['id']}", **{"$select": "preferredTokenSigningKeyThumbprint"})
    assert now["preferredTokenSigningKeyThumbprint"] == signing["thumbprint"]


def partner_certificate(world: World, sp: dict[str, Any], usage: str = "Verify", name: str = "CN=partner") -> bytes:
    """A public certificate of the service principal's own (a partner's, to check its tokens), in place of the keys
    it had."""
    data = self_signed_certificate()
    world.portal.patch(f"/servicePrincipals/{sp['id']}", {"keyCredentials": [
        {"type": "AsymmetricX509Cert", "usage": usage, "displayName": name, "key": base64.b64encode(data).decode()}]})
    return data


def plain_sp(world: World, *besides: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(app, service principal) of an app of the tenant whose service principal is not SAML and has no keys."""
    apps = {a["appId"]: a for a in world.portal.all("/applications", **{"$select": "id,appId,displayName"})}
    sp = next(s for s in world.portal.all("/servicePrincipals") if s["appId"] in apps and s["id"] not in besides
              and s["preferredSingleSignOnMode"] != "saml" and not s["keyCredentials"])
    return apps[sp["appId"]], sp


def sp_keys(world: World, sp_id: str) -> dict[str, bytes]:
    """keyId -> bytes of a service principal's keys, as Graph returns them (none for a Sign key)."""
    read = world.portal.get(f"/servicePrincipals/{sp_id}", **{"$select": "keyCredentials"})
    return {k["keyId"]: base64.b64decode(k["key"]) if k["key"] else b"" for k in read["keyCredentials"]}


def test_a_backup_keeps_the_bytes_of_an_enterprise_applications_own_certificates_not_a_saml_apps(
        world: World) -> None:
    saml, saml_sp, _ = saml_app(world)
    app, sp = plain_sp(world, saml_sp["id"])
    data = partner_certificate(world, sp)
    reads = world.counters()["sp_certificate_reads"]

    snapshot = world.snapshot()

    by_id = {a.object_id: a for a in world.apps(snapshot)}
    section = by_id[app["id"]].document["servicePrincipal"]
    [key] = section["keyCredentials"]
    assert section["keyCredentialKeys"] == {key["keyId"]: hashlib.sha256(data).hexdigest()}
    assert world.store.blob(hashlib.sha256(data).hexdigest()) == data
    assert "keyCredentialKeys" not in by_id[saml["id"]].document["servicePrincipal"]  # its Sign key stays out
    assert world.counters()["sp_certificate_reads"] - reads == 1  # the one service principal, not the SAML one


def test_a_recreated_enterprise_application_gets_its_certificates_back_and_names_the_secrets(world: World) -> None:
    """Graph never returns a secret: each one the snapshot lists is said as a follow-up. A certificate of the
    service principal's own is sent again with its bytes; a SAML app's signing certificate, its Verify key and its
    PFX's password are not (it gets a new one)."""
    app, sp, _ = saml_app(world)
    world.portal.http.post(f"/servicePrincipals/{sp['id']}/addPassword",
                           json={"passwordCredential": {"displayName": "sso-sync"}}).raise_for_status()
    other_app, other_sp = plain_sp(world, sp["id"])
    data = partner_certificate(world, other_sp)
    snapshot = world.snapshot()
    chosen = [a for a in world.apps(snapshot) if a.object_id in (app["id"], other_app["id"])]
    for gone, its_sp in ((app, sp), (other_app, other_sp)):
        world.portal.delete_app(gone["id"], permanently=True)
        world.portal.http.delete(f"/directory/deletedItems/{its_sp['id']}").raise_for_status()

    preview, report = world.restore(snapshot, chosen)

    by_app = {i.source_object_id: i for i in report.items}
    saml, other = by_app[app["id"]], by_app[other_app["id"]]
    assert saml.result in ("verified", "warnings") and other.result in ("verified", "warnings"), report.items
    secrets = [f for f in follow_ups_said(saml) if "enterprise application a new client secret" in f]
    assert len(secrets) == 1 and "sso-sync" in secrets[0]  # not the PFX's password of the signing certificate
    assert not [w for w in said(saml) + said(other) if "enterprise application's certificate" in w]
    new_sp = world.portal.get(f"/servicePrincipals(appId='{other.new_app_id}')", **{"$select": "id"})
    assert list(sp_keys(world, new_sp["id"]).values()) == [data]
    [saml_plan] = [i for i in preview.plan.items if i.source.object_id == app["id"]]
    assert StepKind.EDIT_KEY_CREDENTIALS not in [s.kind for s in saml_plan.steps]


def test_an_overwrite_sends_back_a_removed_certificate_and_keeps_one_added_since(world: World) -> None:
    app, sp = plain_sp(world)
    data = partner_certificate(world, sp)
    snapshot = world.snapshot()
    added = partner_certificate(world, sp, "Encrypt", "CN=added")
    [restored] = [a for a in world.apps(snapshot) if a.object_id == app["id"]]

    _, report = world.restore(snapshot, [restored])

    assert report.items[0].result == "verified", report.items[0]
    assert sorted(sp_keys(world, sp["id"]).values()) == sorted([data, added])


def test_the_first_backup_that_reads_the_bytes_does_not_call_the_app_changed(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app.services import sp_certificates

    app, sp = plain_sp(world)
    data = partner_certificate(world, sp)
    with monkeypatch.context() as patch:  # a Regvault that did not read them yet
        patch.setattr(sp_certificates, "holds_own_certificates", lambda _section: False)
        world.snapshot()

    summary = world.backup.run(world.contoso.tenant_id)

    assert (summary.added, summary.changed, summary.removed) == (0, 0, 0)
    [row] = [a for a in world.apps(summary.snapshot_id) if a.object_id == app["id"]]
    assert list(row.document["servicePrincipal"]["keyCredentialKeys"].values()) == [hashlib.sha256(data).hexdigest()]


def test_a_certificate_whose_bytes_the_snapshot_lacks_is_named(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app.services import sp_certificates

    app, sp = plain_sp(world)
    partner_certificate(world, sp)
    with monkeypatch.context() as patch:  # a Regvault that did not read them yet
        patch.setattr(sp_certificates, "holds_own_certificates", lambda _section: False)
        snapshot = world.snapshot()
    [restored] = [a for a in world.apps(snapshot) if a.object_id == app["id"]]
    world.portal.delete_app(app["id"], permanently=True)
    world.portal.http.delete(f"/directory/deletedItems/{sp['id']}").raise_for_status()

    _, report = world.restore(snapshot, [restored])

    assert [w for w in said(report.items[0]) if "enterprise application's certificate" in w] == [
        "The enterprise application's certificate CN=partner (Verify) is not restored: the snapshot doesn't hold its "
        "bytes, or they can't be sent back beside the enterprise application's SAML signing key. Upload it to the "
        "enterprise application again if it is still used."]


def test_an_overwrite_names_a_secret_removed_from_the_enterprise_application_since(world: World) -> None:
    apps = {a["appId"]: a for a in world.portal.all("/applications", **{"$select": "id,appId,displayName"})}
    sp = next(s for s in world.portal.all("/servicePrincipals") if s["appId"] in apps
              and s["preferredSingleSignOnMode"] != "saml")
    removed = world.portal.http.post(f"/servicePrincipals/{sp['id']}/addPassword", json={
        "passwordCredential": {"displayName": "nightly-export"}}).raise_for_status().json()
    snapshot = world.snapshot()
    world.portal.http.post(f"/servicePrincipals/{sp['id']}/removePassword",
                           json={"keyId": removed["keyId"]}).raise_for_status()
    world.portal.http.post(f"/servicePrincipals/{sp['id']}/addPassword", json={
        "passwordCredential": {"displayName": "added-since"}}).raise_for_status()
    [restored] = [a for a in world.apps(snapshot) if a.object_id == apps[sp["appId"]]["id"]]

    preview, _ = world.restore(snapshot, [restored])

    secrets = [f for f in follow_ups_said(preview.items[0]) if "enterprise application a new client secret" in f]
    assert len(secrets) == 1 and "nightly-export" in secrets[0] and "added-since" not in secrets[0]


def test_a_backup_reads_only_the_service_principal_certificates_whose_bytes_the_store_lacks(world: World) -> None:
    app, sp = plain_sp(world)
    data = partner_certificate(world, sp)
    world.snapshot()
    reads = world.counters()["sp_certificate_reads"]

    again = world.snapshot()

    assert world.counters()["sp_certificate_reads"] == reads  # every key's bytes are in the store already
    [row] = [a for a in world.apps(again) if a.object_id == app["id"]]
    [key] = row.document["servicePrincipal"]["keyCredentials"]
    assert row.document["servicePrincipal"]["keyCredentialKeys"] == {key["keyId"]: hashlib.sha256(data).hexdigest()}

    renewed = partner_certificate(world, sp)  # a new key: that service principal is read again
    third = world.snapshot()

    assert world.counters()["sp_certificate_reads"] - reads == 1
    [row] = [a for a in world.apps(third) if a.object_id == app["id"]]
    [key] = row.document["servicePrincipal"]["keyCredentials"]
    assert row.document["servicePrincipal"]["keyCredentialKeys"] == {
        key["keyId"]: hashlib.sha256(renewed).hexdigest()}
    assert world.store.blob(hashlib.sha256(renewed).hexdigest()) == renewed


def test_a_restore_preview_reads_no_certificate_bytes_and_the_run_does_not_plan_again_for_them(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan needs only the target's keyIds; the read before writing reads the bytes (for the pre-restore
    snapshot) and finds the app as the preview did."""
    from desktop_app.services import restore_execution

    app, sp = plain_sp(world)
    data = partner_certificate(world, sp)
    snapshot = world.snapshot()
    added = partner_certificate(world, sp, "Encrypt", "CN=added")
    [restored] = [a for a in world.apps(snapshot) if a.object_id == app["id"]]
    reads = world.counters()["sp_certificate_reads"]

    preview = world.service.preview(world.request(snapshot, [restored]))

    assert world.counters()["sp_certificate_reads"] == reads
    [item] = preview.plan.items
    assert StepKind.EDIT_KEY_CREDENTIALS in [s.kind for s in item.steps]
    planned_again: list[object] = []
    plan_from = restore_execution.plan_from
    monkeypatch.setattr(restore_execution, "plan_from",
                        lambda *args: planned_again.append(args) or plan_from(*args))

    report = world.service.run(preview)

    assert report.items[0].result == "verified", report.items[0]
    assert planned_again == []
    assert sorted(sp_keys(world, sp["id"]).values()) == sorted([data, added])
