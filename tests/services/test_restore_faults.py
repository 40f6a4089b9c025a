"""Restores when Graph misbehaves: injected faults, creates whose answer is lost. Every app ends verified or
reported failed, and no app is ever created twice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from restore_world import World, failure_said, new_service_principals, recreated, restorable, said

from desktop_app.domain.restore_plan import Action
from desktop_app.emulator import Emulator
from desktop_app.services.tenants import GraphConnector
from desktop_app.store import Store


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator("contoso:28,fabrikam:4", seed=9, consistency_delay_s=0.1) as emu:
        yield emu


def break_everything(world: World) -> tuple[int, list]:
    """A snapshot, then: a third of the apps deleted permanently, a third to the recycle bin, the rest drifted."""
    snapshot = world.snapshot()
    apps = world.apps(snapshot)
    for n, app in enumerate(apps):
        if n % 3 == 0:
            world.portal.delete_app(app.object_id, permanently=True)
        elif n % 3 == 1:
            world.portal.delete_app(app.object_id)
        else:
            world.portal.patch(f"/applications/{app.object_id}", {"notes": "drift", "tags": ["drift"]})
    return snapshot, apps


def assert_no_duplicates(world: World, apps: list, report_items: tuple) -> None:
    names = Counter(world.portal.app_names())
    assert sum(names.values()) == len(apps)
    assert names == Counter(a.display_name for a in apps)
    new_ids = [i.new_object_id for i in report_items if i.new_object_id]
    assert len(new_ids) == len(set(new_ids))


@pytest.mark.parametrize("kinds", [None, ["drop-after-processing", "drop", "503"]])
@pytest.mark.slow
def test_a_restore_with_injected_faults_ends_verified_or_failed_without_duplicates(
    emulator: Emulator, store: Store, kinds: list[str] | None
) -> None:
    world = World(emulator, store)
    snapshot, apps = break_everything(world)
    preview = world.service.preview(world.request(snapshot, None))
    emulator.configure(fault_rate=0.05 if kinds is None else 0.15, slow_ms=200,
                       **({"fault_kinds": kinds} if kinds else {}))
    report = world.service.run(preview)
    emulator.configure(fault_rate=0.0)

    assert emulator.api.total.faults > 0  # (per-tenant counters do not count faults)
    assert {i.result for i in report.items} <= {"verified", "warnings", "failed"}
    for item in report.items:
        if item.result == "failed":
            assert item.error_code and failure_said(item), item
    assert_no_duplicates(world, apps, report.items)
    # The report is right about what it verified: a fresh backup agrees.
    after = {a.object_id: a for a in world.apps(world.snapshot())}
    id_map = {i.source_app_id: str(i.new_app_id) for i in report.items if i.new_app_id}
    verified = [i for i in report.items if i.result != "failed"]
    assert len(verified) >= len(apps) * 0.8
    sp_map = new_service_principals(apps, report.items, after)  # owners that are recreated apps' (issue 29 #10)
    for item in verified:
        source = next(a for a in apps if a.object_id == item.source_object_id)
        got = restorable(after[str(item.new_object_id)].document)
        created = item.new_object_id != source.object_id
        want = (recreated if created else restorable)(source.document, {**id_map, **sp_map})
        want["owners"] = sorted(o for o in want["owners"] if o in got["owners"] or not any(
            "left out" in w for w in said(item)))
        assert got == want, item.display_name
    world.close()


class LoseCreateAnswers(httpx.BaseTransport):
    """Carries out every POST /applications, then drops the connection the first time for each name - Graph
    did the work, the client never hears of it."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.lost: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.method == "POST" and request.url.path.endswith("/applications"):
            response.read()
            name = str(httpx.Response(200, content=request.content).json().get("displayName"))
            if name not in self.lost:
                self.lost.append(name)
                raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)
        return response


@pytest.mark.slow
def test_a_create_whose_answer_was_lost_is_found_not_repeated(emulator: Emulator, store: Store) -> None:
    transport = LoseCreateAnswers()
    world = World(emulator, store, GraphConnector(timeout=20, max_retries=12, transport=transport))
    snapshot = world.snapshot()
    apps = world.apps(snapshot)
    for app in apps:
        world.portal.delete_app(app.object_id, permanently=True)

    preview, report = world.restore(snapshot, None)

    assert {i.action for i in preview.items} == {Action.RECREATE}
    assert len(transport.lost) == len({a.display_name for a in apps})
    assert all(i.result in ("verified", "warnings") for i in report.items), report.items
    assert all(any("no duplicate" in w for w in said(i)) for i in report.items)
    assert_no_duplicates(world, apps, report.items)
    world.close()
