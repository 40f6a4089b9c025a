"""Issue 29 item 3: a short or malformed listing is not believed. A proxy in front of the emulator empties a
listing page, drops a nextLink, takes an app's id away or nests JSON 100,000 deep; the backup either keeps the
apps it could not see (each one confirmed alive by a read of its own, said in the summary) or fails with a
sentence and writes nothing. Apps that really went (the recycle bin, or gone for good) are still recorded."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from mangling_proxy import Exchange, ManglingProxy

from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupFailed, BackupService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store, TenantInfo


class World:
    def __init__(self, emulator: Emulator, proxy: ManglingProxy, store: Store) -> None:
        self.proxy = proxy
        self.store = store
        self.tenant: TenantInfo = TenantService(store, GraphConnector()).add_emulator_tenant(
            proxy.base_url, emulator.tenant_id("contoso"))
        self.backup = BackupService(store, GraphConnector(timeout=20, max_retries=2))
        self.http = httpx.Client(base_url=emulator.base_url, timeout=20,
                                 headers={"Authorization": f"Bearer {emulator.token('contoso')}"})
        self.first = self.backup.run(self.tenant.tenant_id)
        apps = self.store.current_apps(self.tenant.tenant_id).values()
        self.by_digit = Counter(a.app_id[0].lower() for a in apps)

    def statuses(self) -> Counter[str]:
        return Counter(a.status for a in self.store.current_apps(self.tenant.tenant_id).values())

    def part(self, exchange: Exchange) -> str:
        """The hex digit of the appId part a listing page belongs to ('' when it is no part's)."""
        flt = exchange.query.get("$filter", "")
        return flt[len("startswith(appId,'"):][:1] if flt.startswith("startswith(appId,'") else ""

    def busiest_digit(self) -> str:
        return self.by_digit.most_common(1)[0][0]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    with Emulator("contoso:40", seed=29, throttle="off") as emulator, ManglingProxy(emulator) as proxy:
        store = Store.open(tmp_path / "regvault.sqlite")
        built = World(emulator, proxy, store)
        yield built
        built.http.close()
        store.close()


def test_an_empty_page_without_a_nextlink_removes_nothing(world: World) -> None:
    digit = world.busiest_digit()
    hidden = world.by_digit[digit]

    def empty(exchange: Exchange) -> None:
        if exchange.listing_apps and world.part(exchange) == digit:
            exchange.replace({"@odata.context": "x", "value": []})

    world.proxy.rule = empty
    summary = world.backup.run(world.tenant.tenant_id)
    assert world.proxy.mangled > 0
    assert summary.removed == 0 and summary.apps == world.first.apps
    assert summary.unlisted_kept == hidden  # said, with how many
    assert world.statuses() == Counter({"active": world.first.apps})


def test_a_page_missing_its_nextlink_removes_nothing(world: World) -> None:
    digit = world.busiest_digit()
    assert world.by_digit[digit] > 2
    world.proxy.request_rule = lambda method, path, query: (
        {**query, "$top": "2"} if path == "/v1.0/applications" and "$skiptoken" not in str(query) else query)

    def cut(exchange: Exchange) -> None:
        if exchange.listing_apps and world.part(exchange) == digit:
            page = exchange.document()
            page.pop("@odata.nextLink", None)
            exchange.replace(page)

    world.proxy.rule = cut
    summary = world.backup.run(world.tenant.tenant_id)
    assert world.proxy.mangled > 0
    assert summary.removed == 0 and summary.unlisted_kept == world.by_digit[digit] - 2
    assert world.statuses() == Counter({"active": world.first.apps})


def test_every_page_empty_keeps_every_app_and_says_so(world: World) -> None:
    def empty(exchange: Exchange) -> None:
        if exchange.listing_apps:
            exchange.replace({"value": []})

    world.proxy.rule = empty
    summary = world.backup.run(world.tenant.tenant_id)
    assert summary.removed == 0 and summary.unlisted_kept == world.first.apps
    assert world.statuses() == Counter({"active": world.first.apps})


def test_apps_that_really_went_are_recorded_beside_a_short_listing(world: World) -> None:
    digit = world.busiest_digit()
    others = sorted((a for a in world.store.current_apps(world.tenant.tenant_id).values()
                     if a.app_id[0].lower() != digit), key=lambda a: a.display_name)
    recycled, purged = others[0], others[1]
    world.http.delete(f"/applications/{recycled.object_id}").raise_for_status()
    world.http.delete(f"/applications/{purged.object_id}").raise_for_status()
    world.http.delete(f"/directory/deletedItems/{purged.object_id}").raise_for_status()

    def empty(exchange: Exchange) -> None:
        if exchange.listing_apps and world.part(exchange) == digit:
            exchange.replace({"value": []})

    world.proxy.rule = empty
    summary = world.backup.run(world.tenant.tenant_id)
    assert summary.removed == 2 and summary.unlisted_kept == world.by_digit[digit]
    apps = world.store.current_apps(world.tenant.tenant_id)
    assert apps[recycled.object_id].status == "recycled" and apps[purged.object_id].status == "purged"
    assert world.statuses() == Counter({"active": world.first.apps - 2, "recycled": 1, "purged": 1})


def _without_an_id(exchange: Exchange) -> None:
    if exchange.listing_apps and exchange.document()["value"]:
        page = exchange.document()
        del page["value"][0]["id"]
        exchange.replace(page)


def _nested_deep(exchange: Exchange) -> None:
    if exchange.listing_apps:
        depth = 100_000
        exchange.body = b'{"value": [' + b"[" * depth + b"]" * depth + b"]}"


def _value_not_objects(exchange: Exchange) -> None:
    if exchange.listing_apps:
        exchange.replace({"value": ["not an app", 7]})


@pytest.mark.parametrize("mangle", [_without_an_id, _nested_deep, _value_not_objects])
def test_a_malformed_listing_fails_the_backup_with_a_sentence_and_writes_nothing(world: World, mangle: Any) -> None:
    world.proxy.rule = mangle
    with pytest.raises(BackupFailed) as failed:
        world.backup.run(world.tenant.tenant_id)
    message = str(failed.value)
    assert "failed" in message and "Traceback" not in message
    assert "listing" in message or "not JSON" in message, message
    assert [s.id for s in world.store.snapshots(world.tenant.tenant_id)] == [world.first.snapshot_id]
    assert world.statuses() == Counter({"active": world.first.apps})


def test_the_command_line_says_the_listing_was_short_and_exits_1(world: World, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from desktop_app.cli import main

    digit = world.busiest_digit()

    def empty(exchange: Exchange) -> None:
        if exchange.listing_apps and world.part(exchange) == digit:
            exchange.replace({"value": []})

    world.proxy.rule = empty
    world.store.close()
    capsys.readouterr()
    code = main(["backup", "--tenant", world.tenant.tenant_id, "--full", "--data-dir", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 1, err
    assert f"unlisted_kept={world.by_digit[digit]}" in err and "regvault-backup incomplete" in err
    assert "missing from Graph's listing although they still exist" in out and "removed=0" in err
