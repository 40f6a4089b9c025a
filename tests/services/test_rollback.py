"""services/rollback.py against the emulator: every incident kind undone and verified while the other changes stay,
the keep list, the lock-out refusal, a rollback stopped half-way and run again (nothing doubled, nothing missed),
faults during it, and the evidence pack after it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from capture_world import CaptureWorld, capture_emulator
from incident_attacks import Attacker, apps_with_service_principals, ok

from desktop_app.domain.rollback import Identity, ItemAction, LockOut
from desktop_app.emulator import Emulator
from desktop_app.services.changes import ChangesService, Since
from desktop_app.services.evidence import evidence_html
from desktop_app.services.restore_journal import RunJournal
from desktop_app.services.restore_writes import RestoreTiming
from desktop_app.services.rollback import KeepNotFound, LockOutRefused, RollbackRequest, RollbackService
from desktop_app.services.tenants import GraphConnector

TIMING = RestoreTiming(lag_backoff_s=0.05, lag_backoff_cap_s=0.2, replication_timeout_s=10)


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with capture_emulator("contoso:14", seed=25) as emu:
        yield emu


class Incident:
    """A tenant captured at a moment, then attacked by one of its users, and changed legitimately by another."""

    def __init__(self, world: CaptureWorld) -> None:
        self.world = world
        self.tenant = world.tenant.tenant_id
        world.capture.capture(self.tenant)
        self.apps = apps_with_service_principals(world.admin, 3)
        world.emulator.advance_clock(30)
        self.moment = world.emulator.now()
        world.emulator.advance_clock(30)
        self.attacker = Attacker(world.as_user[1])
        self.service = RollbackService(world.store, ChangesService(world.store, world.capture),
                                       world.backup.graph_for_tenant, clock=world.emulator.now, timing=TIMING,
                                       verify_patience_s=5)

    def attack(self) -> list[str]:
        """One of every kind, on two apps, and a new app; returns the ids."""
        a, b = self.apps[0], self.apps[1]
        who = self.world.users
        owners = ok(self.world.admin.get(f"/applications/{a['id']}/owners")).json()["value"]
        hit = self.attacker
        hit.secret(a), hit.sp_secret(a), hit.certificate(a), hit.sp_certificate(b), hit.federated(a)
        hit.owner(a, who[1]["id"]), hit.sp_owner(b, who[1]["id"])
        if owners:
            hit.remove_owner(a, owners[0]["id"])
        hit.redirect(a), hit.identifier(b), hit.permission(b), hit.consent(a), hit.consent(b, "Mail.Read",
                                                                                            user_id=who[2]["id"])
        hit.app_role(b)
        hit.new_app()
        return list(hit.made)

    def legitimate(self) -> None:
        ok(self.world.as_user[0].patch(f"/applications/{self.apps[2]['id']}", json={"displayName": "Renamed"}))
        ok(self.world.as_user[0].patch(f"/applications/{self.apps[0]['id']}", json={"notes": "reviewed"}))

    def request(self, **kwargs: Any) -> RollbackRequest:
        return RollbackRequest(self.tenant, Since(moment=self.moment), **kwargs)

    def changes(self) -> Any:
        return ChangesService(self.world.store, self.world.capture).changes(self.tenant, Since(moment=self.moment))


@pytest.fixture
def incident(capture_world: CaptureWorld) -> Incident:
    return Incident(capture_world)


def test_every_incident_kind_is_undone_and_the_other_changes_stay(incident: Incident) -> None:
    made = incident.attack()
    incident.legitimate()
    incident.world.after_graphs_delay()

    preview = incident.service.preview(incident.request())
    assert preview.identity is not None and preview.identity.kind == "user" and not preview.refused
    actions = {k: p.action for k, p in preview.plan.items.items()}
    assert set(made) <= set(actions)
    assert {actions[m] for m in made} <= {ItemAction.REMOVE, ItemAction.PUT_BACK, ItemAction.RECYCLE}
    assert sum(1 for a in actions.values() if a is ItemAction.OTHER) == 2  # the rename, the notes
    writes_planned = preview.plan.steps

    report = incident.service.run(preview)

    assert report.status == "complete", [(o.app.display_name, o.message) for o in report.apps]
    assert all(o.verified for o in report.apps) and report.pre_snapshot_id and report.post_snapshot_id
    assert {report.results[m] for m in made} == {"done"}
    assert report.writes <= writes_planned + 8  # the key and list edits read first; nothing sent twice
    after = incident.changes()
    assert after.incident == [], [c.id for c in after.incident]
    assert sorted(c.item.detail["properties"][0] for c in after.other) == ["displayName", "notes"]
    new_app = next(m for m in made if m.startswith("application:"))
    deleted = ok(incident.world.admin.get("/directory/deletedItems/microsoft.graph.application")).json()["value"]
    assert new_app.split(":")[2].split("@")[0] in {d["id"] for d in deleted}  # in the recycle bin, not purged

    page = evidence_html(after, incident.service.rolled_back(after), generated=datetime.now(UTC))
    for change_id in made:
        assert change_id in page
    assert page.count(": done at ") == len(made)
    # Run again: nothing left to do, nothing written.
    again = incident.service.preview(incident.request())
    assert again.plan.steps == 0


def test_kept_items_stay_and_a_keep_entry_that_names_nothing_is_refused(incident: Incident) -> None:
    secret = incident.attacker.secret(incident.apps[0])
    new_app, _ = incident.attacker.new_app("Kept helper")
    role = incident.attacker.app_role(incident.apps[1])
    incident.world.after_graphs_delay()  # assignments have no change feed: the audit log names them
    with pytest.raises(KeepNotFound) as unknown:
        incident.service.preview(incident.request(keep=("passwordCredential:application:nope",)))
    assert unknown.value.entries == ("passwordCredential:application:nope",)

    preview = incident.service.preview(incident.request(keep=(secret.split("@")[0], new_app)))
    report = incident.service.run(preview)

    assert report.results[secret] == "kept" and report.results[new_app] == "kept" and report.results[role] == "done"
    left = {c.id for c in incident.changes().incident}
    assert secret in left and new_app in left and role not in left


def test_a_rollback_that_would_lock_regvault_out_is_refused_with_nothing_written(incident: Incident) -> None:
    me = ok(incident.world.admin.get("/me")).json()  # Regvault signs in as the tenant's admin here
    owner = incident.attacker.owner(incident.apps[0], me["id"])  # the attacker made the admin an owner
    secret = incident.attacker.secret(incident.apps[0])
    before = incident.world.emulator.counters()["tenants"][incident.tenant]["writes"]

    preview = incident.service.preview(incident.request())
    assert [(r.change_id, r.code) for r in preview.plan.refusals] == [(owner, LockOut.OWN_OWNERSHIP)]
    with pytest.raises(LockOutRefused):
        incident.service.run(preview)
    assert incident.world.emulator.counters()["tenants"][incident.tenant]["writes"] == before
    assert secret in {c.id for c in incident.changes().incident}

    kept = incident.service.preview(incident.request(keep=(owner,)))
    assert not kept.refused and incident.service.run(kept).results[secret] == "done"


def test_a_rollback_whose_journal_can_t_begin_is_recorded_as_failed_with_nothing_written(
        incident: Incident, monkeypatch: pytest.MonkeyPatch) -> None:
    incident.attacker.secret(incident.apps[0])
    preview = incident.service.preview(incident.request())
    before = incident.world.emulator.counters()["tenants"][incident.tenant]["writes"]

    def no_journal(*_args: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(RunJournal, "begin", no_journal)
    with pytest.raises(RuntimeError, match="disk full"):
        incident.service.run(preview)
    [run] = [r for r in incident.world.store.restore_runs(incident.tenant) if r.mode == "rollback"]
    assert run.status == "failed" and run.stopped is not None
    assert (run.stopped["code"], run.stopped["params"]) == ("failed_before_writing", {"error": "RuntimeError: disk full"})
    assert incident.world.emulator.counters()["tenants"][incident.tenant]["writes"] == before


def test_an_app_only_identity_s_own_credential_is_not_removed(incident: Incident) -> None:
    app = incident.apps[0]
    secret = incident.attacker.secret(app)
    service = RollbackService(incident.world.store, ChangesService(incident.world.store, incident.world.capture),
                              incident.world.backup.graph_for_tenant, clock=incident.world.emulator.now, timing=TIMING,
                              identity_of=lambda tenant, graph: Identity("app", app_id=app["appId"]))
    preview = service.preview(incident.request())
    assert [(r.change_id, r.code) for r in preview.plan.refusals] == [(secret, LockOut.OWN_CREDENTIAL)]
    unknown = RollbackService(incident.world.store, ChangesService(incident.world.store, None),
                              incident.world.backup.graph_for_tenant, identity_of=lambda tenant, graph: None)
    assert unknown.preview(incident.request(), capture=False).refused  # who Regvault is can't be told


class StopAfter(httpx.BaseTransport):
    """Lets `writes` writes through, then stops the process's work at once (as a kill would, for this run)."""

    def __init__(self, writes: int) -> None:
        self.inner = httpx.HTTPTransport()
        self.left = writes

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method in ("POST", "PATCH", "DELETE", "PUT") and not request.url.path.endswith("/$batch"):
            if self.left <= 0:
                raise KeyboardInterrupt
            self.left -= 1
        return self.inner.handle_request(request)


@pytest.mark.slow
def test_a_rollback_stopped_half_way_and_run_again_misses_nothing_and_doubles_nothing(
        incident: Incident) -> None:
    made = incident.attack()
    incident.world.after_graphs_delay()
    preview = incident.service.preview(incident.request())
    stopping = RollbackService(incident.world.store, ChangesService(incident.world.store, None),
                               GraphConnector(timeout=20, max_retries=2, transport=StopAfter(writes=7)),
                               clock=incident.world.emulator.now, timing=TIMING, verify_patience_s=5)
    with pytest.raises(KeyboardInterrupt):
        stopping.run(preview)
    [stopped] = [r for r in incident.world.store.restore_runs(incident.tenant) if r.mode == "rollback"]
    assert stopped.status == "interrupted"
    incident.world.after_graphs_delay()  # the rollback's own writes to consent and owners are in the audit log
    half = {c.id for c in incident.changes().incident if not c.item.part_of}
    assert 0 < len(half) < len(made)  # some undone, some not

    again = incident.service.preview(incident.request())
    assert {k for k, c in again.changes.items() if not c.item.part_of} == half  # what is left: nothing done twice
    report = incident.service.run(again)
    assert report.status == "complete" and {report.results[k] for k in half} == {"done"}
    assert incident.changes().incident == []
    a = incident.apps[0]
    owners = [o["id"] for o in ok(incident.world.admin.get(f"/applications/{a['id']}/owners")).json()["value"]]
    assert len(owners) == len(set(owners))


@pytest.mark.slow
def test_faults_during_a_rollback_end_done_or_reported_and_a_second_run_finishes(
        incident: Incident, emulator: Emulator) -> None:
    made = incident.attack()
    incident.world.after_graphs_delay()
    preview = incident.service.preview(incident.request())
    emulator.configure(fault_rate=0.2, slow_ms=100, fault_kinds=["503", "drop", "drop-after-processing", "429"])
    try:
        report = incident.service.run(preview)
    finally:
        emulator.configure(fault_rate=0.0)
    assert emulator.api.total.faults > 0
    for outcome in report.apps:
        assert outcome.status in ("done", "failed")
        if outcome.status == "failed":
            assert outcome.message
    again = incident.service.run(incident.service.preview(incident.request()))
    assert again.status == "complete"
    assert incident.changes().incident == [] and len(made) > 10


def test_what_was_removed_or_changed_comes_back(incident: Incident) -> None:
    a = incident.apps[0]
    admin, http, world = incident.world.admin, incident.attacker.http, incident.world
    # Before the moment: the app as its owners set it up.
    Attacker(admin).redirect(a, "https://payroll.contoso.com/signin")
    Attacker(admin).federated(a, "deploy-main")
    Attacker(admin).permission(a)
    Attacker(admin).consent(a, "User.Read")
    world.after_graphs_delay()
    world.capture.capture(incident.tenant)
    world.emulator.advance_clock(30)
    incident.moment = world.emulator.now()
    world.emulator.advance_clock(30)
    fics = ok(admin.get(f"/applications/{a['id']}/federatedIdentityCredentials")).json()["value"]
    select = {"$select": "identifierUris,web,requiredResourceAccess"}
    before = ok(admin.get(f"/applications/{a['id']}", params=select)).json()
    sp = incident.attacker.sp_of(a)
    grants = ok(admin.get("/oauth2PermissionGrants", params={"$filter": f"clientId eq '{sp['id']}'"})).json()["value"]
    # The attacker points the federated credential elsewhere and takes out what the app needs.
    ok(http.patch(f"/applications/{a['id']}/federatedIdentityCredentials/{fics[0]['id']}",
                  json={"subject": "repo:evil/x:ref:refs/heads/main"}))
    ok(http.patch(f"/applications/{a['id']}", json={"identifierUris": [], "web": {"redirectUris": []},
                                                    "requiredResourceAccess": []}))
    for grant in grants:
        ok(http.delete(f"/oauth2PermissionGrants/{grant['id']}"))
    world.after_graphs_delay()

    preview = incident.service.preview(incident.request())
    put_back = {(preview.changes[k].item.kind, preview.changes[k].item.change) for k, p in preview.plan.items.items()
                if p.action is ItemAction.PUT_BACK}
    assert put_back == {("federatedIdentityCredential", "changed"), ("redirectUri", "removed"),
                        ("requiredResourceAccess", "removed"), ("oauth2PermissionGrant", "removed"),
                        ("identifierUri", "removed")}
    assert incident.service.run(preview).status == "complete"

    after = ok(admin.get(f"/applications/{a['id']}", params=select)).json()
    assert sorted(after["identifierUris"]) == sorted(before["identifierUris"])
    assert sorted(after["web"]["redirectUris"]) == sorted(before["web"]["redirectUris"])
    assert {(r["resourceAppId"], x["id"]) for r in after["requiredResourceAccess"] for x in r["resourceAccess"]} == {
        (r["resourceAppId"], x["id"]) for r in before["requiredResourceAccess"] for x in r["resourceAccess"]}
    now = ok(admin.get("/oauth2PermissionGrants", params={"$filter": f"clientId eq '{sp['id']}'"})).json()["value"]
    assert sorted((g["resourceId"], g["consentType"], g["scope"].split()) for g in now) == sorted(
        (g["resourceId"], g["consentType"], g["scope"].split()) for g in grants)
    again = ok(admin.get(f"/applications/{a['id']}/federatedIdentityCredentials")).json()["value"]
    assert {f["name"]: f["subject"] for f in again} == {f["name"]: f["subject"] for f in fics}
    assert incident.changes().incident == []


def test_a_removed_owner_that_no_longer_exists_is_said_so_not_still_there(incident: Incident) -> None:
    """An app that owned another was deleted, with its enterprise application, after it was removed as the owner:
    the owner can't be put back, and the report says why instead of "still there after the rollback"."""
    a, c = incident.apps[0], incident.apps[2]
    admin, world = incident.world.admin, incident.world
    sp_c = incident.attacker.sp_of(c)
    ok(admin.post(f"/applications/{a['id']}/owners/$ref",
                  json={"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{sp_c['id']}"}))
    world.after_graphs_delay()
    world.capture.capture(incident.tenant, full=True)
    world.emulator.advance_clock(30)
    incident.moment = world.emulator.now()
    world.emulator.advance_clock(30)
    removed = incident.attacker.remove_owner(a, sp_c["id"])
    ok(incident.attacker.http.delete(f"/servicePrincipals/{sp_c['id']}"))
    ok(incident.attacker.http.delete(f"/applications/{c['id']}"))
    world.after_graphs_delay()

    preview = incident.service.preview(incident.request())
    assert preview.plan.items[removed].action is ItemAction.PUT_BACK
    report = incident.service.run(preview)

    assert report.results[removed] == "failed"
    (outcome,) = [o for o in report.apps if o.app.object_id == a["id"]]
    assert outcome.message is not None and "no longer exists" in outcome.message, outcome.message
    assert "Still there" not in outcome.message
