"""Restoring only chosen paths (issue 13 §2) against the emulator: the named paths come back as at the snapshot,
and everything else stays as it is now, checked by reading the whole app back from the emulator."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from restore_world import World, restorable

from desktop_app.domain.diff import diff_documents, format_path
from desktop_app.domain.restore_plan import RestoreMode
from desktop_app.emulator import Emulator
from desktop_app.services.restore import RestoreInputError
from desktop_app.services.restore_texts import describe_input_error


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator("contoso:14,fabrikam:3", seed=9, consistency_delay_s=0.1) as emu:
        yield emu


def differences(old: dict[str, Any], new: dict[str, Any]) -> set[str]:
    return {format_path(c.path, new, old) for c in diff_documents(restorable(old), restorable(new))}


def test_only_the_named_paths_change_and_the_rest_stays_as_it_is_now(world: World) -> None:
    s1 = world.snapshot()
    web = world.app(s1, "Web")
    before = world.document(web.object_id)
    world.portal.patch(f"/applications/{web.object_id}", {
        "web": {"redirectUris": ["https://evil.example.com/signin"], "logoutUrl": "https://changed.contoso.com/out"},
        "notes": "changed since the snapshot", "displayName": f"{web.display_name} (renamed)"})
    drifted = world.document(web.object_id)
    assert differences(before, drifted) == {"web.redirectUris", "web.logoutUrl", "notes", "displayName"}

    preview, report = world.restore(s1, [web], only=("web.redirectUris",))
    assert [i.changes for i in preview.items] == [("web",)]
    assert report.counts["failed"] == 0, report
    after = world.document(web.object_id)
    assert after["application"]["web"]["redirectUris"] == before["application"]["web"]["redirectUris"]
    assert differences(drifted, after) == {"web.redirectUris"}  # everything else exactly as it was now


def test_one_scope_and_the_owners_come_back_alone(world: World) -> None:
    s1 = world.snapshot()
    api = world.app(s1, "API")
    before = world.document(api.object_id)
    scopes = before["application"]["api"]["oauth2PermissionScopes"]
    target = next(s for s in scopes if s["value"] == "Data.Write")
    current = world.portal.get(f"/applications/{api.object_id}")

    def with_scope(**change: Any) -> dict[str, Any]:
        return {"api": {"oauth2PermissionScopes": [
            {**{k: v for k, v in s.items() if k != "origin"}, **(change if s["id"] == target["id"] else {})}
            for s in current["api"]["oauth2PermissionScopes"]]}}

    world.portal.patch(f"/applications/{api.object_id}", with_scope(isEnabled=False))
    world.portal.patch(f"/applications/{api.object_id}", with_scope(isEnabled=False, adminConsentDisplayName="x"))
    world.portal.patch(f"/applications/{api.object_id}", {"description": "kept", "notes": "kept too"})
    owners = before["owners"]
    for owner in owners:
        world.portal.http.delete(f"/applications/{api.object_id}/owners/{owner['id']}/$ref").raise_for_status()
    drifted = world.document(api.object_id)

    _, report = world.restore(s1, [api], only=("api.oauth2PermissionScopes[Data.Write]", "owners"))
    assert report.counts["failed"] == 0, report
    after = world.document(api.object_id)
    restored = next(s for s in after["application"]["api"]["oauth2PermissionScopes"] if s["id"] == target["id"])
    assert restored == target
    assert [o["id"] for o in after["owners"]] == [o["id"] for o in owners]
    assert after["application"]["description"] == "kept" and after["application"]["notes"] == "kept too"
    assert {p.split("[")[0] for p in differences(drifted, after)} <= {"api.oauth2PermissionScopes", "owners"}


def test_what_cannot_be_picked_is_refused_before_anything_is_written(world: World) -> None:
    s1 = world.snapshot()
    web, spa = world.app(s1, "Web"), world.app(s1, "SPA")
    writes = world.counters().get("writes", 0)
    cases = [
        (dict(only=("passwordCredentials",)), "Client secrets can't be restored"),
        (dict(only=("appId",)), "set by Microsoft Graph"),
        (dict(only=("web.redirectUri",)), "Did you mean web.redirectUris"),
        (dict(only=("notes",), mode=RestoreMode.AS_NEW, new_name="Copy"), "With object"),
    ]
    for kwargs, message in cases:
        with pytest.raises(RestoreInputError) as caught:
            world.service.preview(world.request(s1, [web], **kwargs))
        assert re.search(message, describe_input_error(caught.value)), caught.value
    world.portal.delete_app(spa.object_id)
    writes += 1  # that delete
    with pytest.raises(RestoreInputError) as recycled:
        world.service.preview(world.request(s1, [spa], only=("notes",)))
    assert "is in the recycle bin: selected values" in describe_input_error(recycled.value)
    assert world.counters().get("writes", 0) == writes


def test_a_federated_credential_and_the_certificates_come_back_alone(world: World) -> None:
    s1 = world.snapshot()
    github = world.app(s1, "Deploy")
    daemon = world.app(s1, "Sync Job")
    fics = world.portal.get(f"/applications/{github.object_id}/federatedIdentityCredentials")["value"]
    gone = fics[0]
    world.portal.http.delete(f"/applications/{github.object_id}/federatedIdentityCredentials/{gone['id']}"
                             ).raise_for_status()
    world.portal.patch(f"/applications/{github.object_id}", {"notes": "kept"})
    world.portal.patch(f"/applications/{daemon.object_id}",
                       {"tokenEncryptionKeyId": None, "keyCredentials": [], "notes": "kept too"})
    drifted = {a.object_id: world.document(a.object_id) for a in (github, daemon)}

    _, report = world.restore(s1, [github], only=(f"federatedIdentityCredentials[{gone['name']}]",))
    assert report.counts["failed"] == 0, report
    _, report = world.restore(s1, [daemon], only=("keyCredentials",))
    assert report.counts["failed"] == 0, report
    after = {a.object_id: world.document(a.object_id) for a in (github, daemon)}
    assert sorted(f["name"] for f in after[github.object_id]["federatedIdentityCredentials"]) == sorted(
        f["name"] for f in fics)
    assert after[daemon.object_id]["keyCredentialKeys"] == daemon.document["keyCredentialKeys"]
    assert after[daemon.object_id]["application"]["tokenEncryptionKeyId"] == \
        daemon.document["application"].get("tokenEncryptionKeyId")  # its companion came back with it
    assert after[github.object_id]["application"]["notes"] == "kept"
    assert after[daemon.object_id]["application"]["notes"] == "kept too"
    assert {p.split("[")[0] for p in differences(drifted[github.object_id], after[github.object_id])} == {
        "federatedIdentityCredentials"}
    assert {p.split("[")[0] for p in differences(drifted[daemon.object_id], after[daemon.object_id])} <= {
        "keyCredentials", "keyCredentialKeys", "tokenEncryptionKeyId"}


def test_the_enterprise_application_changes_only_when_picked(world: World) -> None:
    s1 = world.snapshot()
    app = next(a for a in world.apps(s1) if a.document.get("servicePrincipal"))
    sp_id = app.document["servicePrincipal"]["id"]
    before = app.document["servicePrincipal"]["properties"]
    world.portal.patch(f"/servicePrincipals/{sp_id}", {"notes": "changed on the enterprise app", "tags": ["x"]})
    world.portal.patch(f"/applications/{app.object_id}", {"notes": "app notes changed"})

    _, report = world.restore(s1, [app], only=("notes",))
    assert report.counts["failed"] == 0, report
    sp = world.portal.get(f"/servicePrincipals/{sp_id}")
    assert sp["notes"] == "changed on the enterprise app" and sp["tags"] == ["x"]  # not picked: as it is now
    assert world.portal.get(f"/applications/{app.object_id}")["notes"] == app.document["application"]["notes"]

    _, report = world.restore(s1, [app], only=("servicePrincipal.properties.notes",))
    assert report.counts["failed"] == 0, report
    sp = world.portal.get(f"/servicePrincipals/{sp_id}")
    assert sp["notes"] == before["notes"] and sp["tags"] == ["x"]
