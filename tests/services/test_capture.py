"""services/capture.py against the emulator: full when needed, else only what changed; the same documents either way
under random churn; expired feeds, the daily sweep, a capture that fails half-way, a tenant without the audit log."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from capture_world import CaptureWorld, Churn, capture_emulator

from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupFailed
from desktop_app.services.capture import FullReason
from desktop_app.services.tenants import GraphConnector
from desktop_app.store import Store


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with capture_emulator("contoso:30", seed=13) as emu:
        yield emu


@pytest.fixture
def world(capture_world: CaptureWorld) -> CaptureWorld:
    return capture_world


def test_the_first_capture_is_full_then_a_quiet_one_costs_three_requests(world: CaptureWorld) -> None:
    first = world.capture.capture(world.tenant.tenant_id)
    assert (first.kind, first.full_reason) == ("full", FullReason.FIRST) and first.snapshot is not None
    state = world.store.timeline.capture_state(world.tenant.tenant_id)
    assert state.applications_link and state.service_principals_link and state.full_sweep is not None
    snapshots = len(world.store.snapshots(world.tenant.tenant_id))
    quiet = world.capture.capture(world.tenant.tenant_id)
    assert (quiet.kind, quiet.snapshot, quiet.requests) == ("quiet", None, 3)
    assert len(world.store.snapshots(world.tenant.tenant_id)) == snapshots  # no change: no snapshot
    assert world.store.timeline.capture_state(world.tenant.tenant_id).looked == quiet.looked


def test_a_change_is_a_version_attributed_to_who_made_it(world: CaptureWorld) -> None:
    world.capture.capture(world.tenant.tenant_id)
    app = world.admin.get("/applications", params={"$top": "1"}).json()["value"][0]
    alice = world.as_user[0]
    assert alice.patch(f"/applications/{app['id']}", json={"web": {"redirectUris": [
        "https://changed.contoso.com/signin"]}}).status_code == 204
    changed = world.capture.capture(world.tenant.tenant_id)
    assert changed.kind == "delta" and changed.apps_read == 1 and changed.snapshot is not None
    assert changed.snapshot.incremental and changed.snapshot.changed == 1
    row = world.store.find_app(world.tenant.tenant_id, app["appId"])
    assert row is not None
    newest = world.store.versions(row.pk)[0]
    assert world.store.timeline.changed_by([newest.pk]) == {}  # Graph has not shown the event yet
    world.after_graphs_delay()
    snapshots = len(world.store.snapshots(world.tenant.tenant_id))
    late = world.capture.capture(world.tenant.tenant_id)  # reads the event, links it to the version it explains
    # The event names the app, so it is read again: as stored, so no snapshot (a capture without change makes none).
    assert (late.kind, late.apps_read, late.snapshot, late.audit.new) == ("quiet", 1, None, 1)
    assert len(world.store.snapshots(world.tenant.tenant_id)) == snapshots
    assert world.store.versions(row.pk)[0].pk == newest.pk
    [event] = world.store.timeline.changed_by([newest.pk])[newest.pk]
    assert (event.actor.name, event.activity) == (world.users[0]["userPrincipalName"], "Update application")


def test_owners_and_consent_come_through_the_audit_log(world: CaptureWorld) -> None:
    world.capture.capture(world.tenant.tenant_id)
    churn = Churn(world, seed=3)
    app = world.admin.get("/applications", params={"$top": "2"}).json()["value"][1]
    user = world.users[2]
    world.as_user[1].post(f"/applications/{app['id']}/owners/$ref",
                          json={"@odata.id": f"https://graph/v1.0/users/{user['id']}"})
    assert churn.consent(world.as_user[3])
    world.after_graphs_delay()
    outcome = world.capture.capture(world.tenant.tenant_id)
    assert outcome.kind == "delta" and outcome.apps_read >= 2
    assert world.differences() == []


def test_an_expired_feed_and_the_daily_sweep_mean_a_full_backup(world: CaptureWorld, emulator: Emulator) -> None:
    world.capture.capture(world.tenant.tenant_id)
    emulator.advance_clock(25 * 3600)
    assert world.capture.capture(world.tenant.tenant_id).full_reason == FullReason.DAILY
    emulator.advance_clock(8 * 86400)
    # The store's clock says the links are fresh, Graph says they are gone: 410, a full backup, said once.
    world.store.timeline.save_capture_state(world.tenant.tenant_id, links_since=emulator.now(),
                                            full_sweep=emulator.now())
    outcome = world.capture.capture(world.tenant.tenant_id)
    assert (outcome.kind, outcome.full_reason) == ("full", FullReason.EXPIRED)
    assert world.capture.capture(world.tenant.tenant_id).kind == "quiet"
    assert world.capture.capture(world.tenant.tenant_id, full=True).full_reason == FullReason.ASKED


def test_a_capture_that_fails_half_way_loses_nothing(world: CaptureWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    world.capture.capture(world.tenant.tenant_id)
    app = world.admin.get("/applications", params={"$top": "1"}).json()["value"][0]
    world.as_user[0].patch(f"/applications/{app['id']}", json={"notes": "changed before the failure"})
    links = world.store.timeline.capture_state(world.tenant.tenant_id).applications_link

    def broken(*args: object, **kwargs: object) -> None:
        raise BackupFailed("Graph went away after the feeds were read")

    with monkeypatch.context() as patched:
        patched.setattr(world.backup.reader, "read_apps", broken)
        with pytest.raises(BackupFailed):
            world.capture.capture(world.tenant.tenant_id)
    assert world.store.timeline.capture_state(world.tenant.tenant_id).applications_link == links
    again = world.capture.capture(world.tenant.tenant_id)
    assert again.kind == "delta" and again.apps_read == 1
    assert world.differences() == []


def test_without_the_audit_log_changes_are_captured_without_who(emulator: Emulator, store: Store) -> None:
    world = CaptureWorld(emulator, store, connector=GraphConnector(
        timeout=20, max_retries=12, refused_permissions=frozenset({"AuditLog.Read.All"})))
    try:
        world.capture.capture(world.tenant.tenant_id)
        app = world.admin.get("/applications", params={"$top": "1"}).json()["value"][0]
        world.as_user[0].patch(f"/applications/{app['id']}", json={"displayName": "Renamed without the log"})
        outcome = world.capture.capture(world.tenant.tenant_id)
        assert outcome.kind == "delta" and outcome.audit.refused is not None and outcome.snapshot is not None
        assert store.timeline.event_count(world.tenant.tenant_id) == 0
        assert world.differences() == []
    finally:
        world.close()


@pytest.mark.slow
def test_delta_captures_equal_full_backups_under_random_churn(emulator: Emulator, tmp_path: Path) -> None:
    """Hundreds of random changes by five people (apps, credentials, owners, federated credentials, logos, the
    recycle bin, enterprise applications, consent, assignments), a capture after every few, and what the store
    holds compared with what a full backup reads at that moment, app document by app document. One engine: the
    store's behaviour is not the point here."""
    with Store.open(tmp_path / "regvault.sqlite") as store:
        world = CaptureWorld(emulator, store)
        try:
            world.capture.capture(world.tenant.tenant_id)
            churn = Churn(world, seed=24)
            kinds = []
            for round_number in range(1, 121):
                for _ in range(churn.rng.randint(1, 4)):
                    kinds.append(churn.one())
                world.after_graphs_delay()
                outcome = world.capture.capture(world.tenant.tenant_id)
                assert outcome.kind in ("delta", "quiet"), (round_number, outcome)
                if round_number % 10 == 0:
                    assert world.differences() == [], f"round {round_number} after {kinds[-30:]}"
            assert len(churn.made) >= 200 and len({k for k, _ in churn.made}) == 13
        finally:
            world.close()


def test_links_of_another_graph_address_mean_a_full_backup(world: CaptureWorld) -> None:
    """The tenant's Graph moved (an emulator tenant added again on another port): its stored links are void."""
    world.capture.capture(world.tenant.tenant_id)
    state = world.store.timeline.capture_state(world.tenant.tenant_id)
    assert state.applications_link and state.service_principals_link
    moved = {name: link.replace("http://127.0.0.1:", "http://127.0.0.1:1") for name, link in
             (("applications_link", state.applications_link),
              ("service_principals_link", state.service_principals_link))}
    world.store.timeline.save_capture_state(world.tenant.tenant_id, **moved)
    again = world.capture.capture(world.tenant.tenant_id)
    assert (again.kind, again.full_reason) == ("full", FullReason.DOUBT)
