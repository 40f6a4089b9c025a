"""services/changes.py against the emulator: what was added since a moment, by whom and when, the other changes
apart, what happened before the moment left out, and the evidence pack."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from capture_world import CaptureWorld, capture_emulator

from desktop_app.emulator import Emulator
from desktop_app.services.changes import ChangesService, NoBaseline, Since
from desktop_app.services.evidence import SECTIONS, evidence_html


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with capture_emulator("contoso:12", seed=25) as emu:
        yield emu


@pytest.fixture
def world(capture_world: CaptureWorld) -> CaptureWorld:
    return capture_world


def test_an_attacker_s_additions_with_who_and_when_and_the_other_changes_apart(world: CaptureWorld) -> None:
    tenant = world.tenant.tenant_id
    world.capture.capture(tenant)
    apps = world.admin.get("/applications", params={"$top": "3", "$select": "id,appId,displayName"}).json()["value"]
    alice, mallory = world.as_user[0], world.as_user[1]
    mallory_upn = world.users[1]["userPrincipalName"]
    # Before the moment: Alice's new redirect URI was in the tenant at the moment, not a change since.
    assert alice.patch(f"/applications/{apps[2]['id']}", json={"web": {"redirectUris": [
        "https://before.contoso.com/signin"]}}).status_code == 204
    world.emulator.advance_clock(60)
    moment = world.emulator.now()
    world.emulator.advance_clock(60)
    secret = mallory.post(f"/applications/{apps[0]['id']}/addPassword", json={"passwordCredential": {
        "displayName": "backdoor"}})
    assert secret.status_code == 200
    assert mallory.post(f"/applications/{apps[0]['id']}/owners/$ref", json={
        "@odata.id": f"https://graph.microsoft.com/v1.0/users/{world.users[1]['id']}"}).status_code == 204
    assert alice.patch(f"/applications/{apps[1]['id']}", json={"displayName": "Renamed by Alice"}).status_code == 204
    world.after_graphs_delay()

    report = ChangesService(world.store, world.capture).changes(tenant, Since(moment=moment))

    assert report.capture is not None and report.capture.kind == "delta"
    incident = {c.id: c for c in report.incident}
    key_id = secret.json()["keyId"]
    added = incident[f"passwordCredential:application:{key_id}@{apps[0]['appId']}"]
    assert (added.item.change, added.actor, added.item.label) == ("added", mallory_upn, "backdoor")
    assert added.time is not None and moment < added.time <= world.emulator.now()
    owner = incident[f"owner:application:{world.users[1]['id']}@{apps[0]['appId']}"]
    assert owner.actor == mallory_upn and owner.activity == "Add owner to application"
    assert list(incident)[0] == added.id  # a credential first
    [renamed] = report.other
    assert (renamed.app_id, renamed.actor, renamed.item.detail["properties"]) == (
        apps[1]["appId"], world.users[0]["userPrincipalName"], ["displayName"])
    # the PATCH replaced the redirect URIs: one added, the others removed, all before the moment
    assert report.before_moment >= 2 and not any(c.app_id == apps[2]["appId"] for c in report.changes)
    # From the baseline itself (a snapshot number), Alice's earlier change is one too.
    since_snapshot = ChangesService(world.store, None).changes(tenant, Since(snapshot_id=report.baseline.id))
    assert any("before.contoso.com" in c.id for c in since_snapshot.incident)
    assert since_snapshot.capture is None

    page = evidence_html(report, generated=datetime.now(UTC))
    positions = [page.index(f"<h2>{s}</h2>") for s in SECTIONS]
    assert positions == sorted(positions)
    assert "backdoor" in page and mallory_upn in page and added.id in page and "Renamed by Alice" in page


def test_a_moment_before_every_backup_is_refused_before_graph_is_asked(world: CaptureWorld) -> None:
    service = ChangesService(world.store, world.capture)
    with pytest.raises(NoBaseline) as never:
        service.changes(world.tenant.tenant_id, Since(moment=world.emulator.now()))
    assert never.value.first is None
    assert world.store.snapshots(world.tenant.tenant_id) == []  # nothing was captured
    world.capture.capture(world.tenant.tenant_id)
    with pytest.raises(NoBaseline) as early:
        service.changes(world.tenant.tenant_id, Since(moment=datetime(2020, 1, 1, tzinfo=UTC)))
    assert early.value.first is not None
    with pytest.raises(NoBaseline):
        service.changes(world.tenant.tenant_id, Since(snapshot_id=9999))
