"""services/audit_log.py against the emulator: events read since the last read (looking back over Graph's delay),
kept once; a tenant without AuditLog.Read.All or whose answers are 403 is skipped and says so."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop_app.emulator import Emulator
from desktop_app.graph.tokens import StaticTokenProvider
from desktop_app.services.audit_log import read_audit_log
from desktop_app.services.tenants import GraphConnector
from desktop_app.store import Store, TenantInfo

from .conftest import fast_connector


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(tenants="contoso:20", seed=5, throttle="off") as emu:
        emu.configure(auditReadsPer10Seconds=0)
        yield emu


def read(emulator: Emulator, store: Store, tenant: TenantInfo, connector: GraphConnector | None = None):
    graph = (connector or fast_connector())(tenant)
    try:
        return read_audit_log(graph, store, tenant, emulator.now())
    finally:
        graph.close()


def test_events_are_read_since_the_last_read_and_kept_once(emulator: Emulator, store: Store,
                                                          contoso: TenantInfo) -> None:
    made = emulator.churn("contoso", 6)
    emulator.advance_clock(200)  # past Graph's delay (the emulator shows an event 60 to 180 s after the write)
    first = read(emulator, store, contoso)
    assert first.read and first.new >= 5 and first.requests == 1
    kept = store.timeline.events(contoso.tenant_id)
    assert {e.actor.name for e in kept} <= {c["actor"] for c in made} | {None}
    again = read(emulator, store, contoso)
    assert again.read and again.new == 0 and store.timeline.event_count(contoso.tenant_id) == len(kept)
    until = store.timeline.capture_state(contoso.tenant_id).audit_read_until
    assert until is not None and abs((emulator.now() - until).total_seconds()) < 60


def test_an_event_shown_late_is_still_read_by_the_next_read(emulator: Emulator, store: Store,
                                                             contoso: TenantInfo) -> None:
    read(emulator, store, contoso)
    emulator.churn("contoso", 1, actor="ben.haddad@contoso.com")
    assert read(emulator, store, contoso).new == 0  # Graph does not show it yet
    emulator.advance_clock(200)
    late = read(emulator, store, contoso)
    assert late.new >= 1 and {e.actor.name for e in late.events} == {"ben.haddad@contoso.com"}


def test_without_the_permission_the_read_is_skipped_and_says_what_it_needs(emulator: Emulator, store: Store,
                                                                           contoso: TenantInfo) -> None:
    refused = GraphConnector(timeout=20, max_retries=3, refused_permissions=frozenset({"AuditLog.Read.All"}))
    outcome = read(emulator, store, contoso, refused)
    assert outcome.refused is not None and not outcome.read and outcome.requests == 0
    assert outcome.refused.command == f"regvault signin --tenant {contoso.tenant_id} --audit-read"
    assert "AuditLog.Read.All" in outcome.refused.sentence and "still captured" in outcome.refused.sentence
    assert store.timeline.capture_state(contoso.tenant_id).audit_refused == "AuditLog.Read.All and Directory.Read.All"
    assert read(emulator, store, contoso).read  # granted later: read, and the refusal is forgotten
    assert store.timeline.capture_state(contoso.tenant_id).audit_refused is None


def test_a_403_from_graph_is_a_refusal_too(emulator: Emulator, store: Store, contoso: TenantInfo) -> None:
    # Tokens that can't ask for more (an app-only identity granted Application.Read.All only): Graph says 403.
    graph = fast_connector().client(emulator.base_url, StaticTokenProvider(emulator.token("contoso", read_only=True)))
    try:
        outcome = read_audit_log(graph, store, contoso, emulator.now())
    finally:
        graph.close()
    assert outcome.refused is not None and outcome.refused.purpose == "audit" and outcome.requests == 0
    assert store.timeline.capture_state(contoso.tenant_id).audit_refused is not None
