"""Apps a snapshot does not hold are left out of a restore, said with why and where they are; a deleted app's restore
starts on the last backup that holds it (services/restore_selection.py, issue 22 items 1 and 2)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from restore_world import World

from desktop_app.domain.restore_plan import Action, RestoreMode
from desktop_app.emulator import Emulator
from desktop_app.services.restore import NothingToRestore, RestoreRequest
from desktop_app.services.restore_selection import (
    Absence,
    default_snapshot,
    is_whole_tenant,
    left_out_text,
    selection_at,
    whole_tenant_at,
)
from desktop_app.services.restore_texts import describe_input_error


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator("contoso:8,fabrikam:2", seed=5, throttle="off") as emu:
        yield emu


def new_app(world: World, name: str) -> str:
    response = world.portal.http.post("/applications", json={"displayName": name})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def by_pk(world: World, snapshot_id: int, pks: tuple[int, ...]) -> RestoreRequest:
    return RestoreRequest(world.contoso.tenant_id, snapshot_id, pks, RestoreMode.WITH_OBJECT)


def pk_of(world: World, name: str) -> int:
    row = next(r for r in world.store.app_rows(world.store.app_ids(world.contoso.tenant_id, include_deleted=True))
               if r.display_name == name)
    return row.pk


def test_apps_added_since_an_earlier_snapshot_are_left_out_and_the_others_restored(world: World) -> None:
    earlier = world.snapshot()
    new_app(world, "Added Later 2")
    new_app(world, "Added Later 10")
    first = world.apps(earlier)[0]
    world.portal.patch(f"/applications/{first.object_id}", {"notes": "changed since"})
    newest = world.snapshot()
    everything = tuple(world.store.app_ids(world.contoso.tenant_id))  # "select all" in the window

    preview = world.service.preview(by_pk(world, earlier, everything))

    assert [i.display_name for i in preview.left_out] == ["Added Later 2", "Added Later 10"]  # natural order
    assert {i.absence for i in preview.left_out} == {Absence.NOT_YET}
    assert {i.nearest.id for i in preview.left_out if i.nearest} == {newest}
    assert len(preview.items) == len(world.apps(earlier))
    text = left_out_text(preview.snapshot, preview.left_out)
    assert text.count("Added Later") == 2 and "2 apps did not exist yet" in text
    assert [i.display_name for i in preview.items if not i.up_to_date] == [first.display_name]
    report = world.service.run(preview)
    results = {i.source_object_id: i.result for i in report.items}
    assert results.pop(first.object_id) in {"verified", "warnings"}, report.items
    # The others were already as at the snapshot (the read before the run is the check): nothing sent to them.
    assert set(results.values()) == {"unchanged"}, report.items
    assert report.writes == preview.writes
    assert world.document(first.object_id)["application"].get("notes") == first.document["application"].get("notes")
    assert "Added Later 2" in world.portal.app_names()  # a restore does not remove what was added since


def test_a_deleted_app_starts_on_the_last_backup_that_holds_it_and_the_newest_points_back_there(
        world: World) -> None:
    first = world.snapshot()
    doomed = world.app(first, "Sync Job")
    second = world.snapshot()
    world.portal.delete_app(doomed.object_id)
    newest = world.snapshot()
    tenant = world.contoso.tenant_id

    assert default_snapshot(world.store, tenant, [doomed.app_pk]).id == second  # type: ignore[union-attr]
    live = world.app(first, "API")
    assert default_snapshot(world.store, tenant, [live.app_pk]).id == newest  # type: ignore[union-attr]
    # A deleted app among live ones: the newest backup that holds them all.
    assert default_snapshot(world.store, tenant, [live.app_pk, doomed.app_pk]).id == second  # type: ignore[union-attr]

    chosen = selection_at(world.store, tenant, newest, [doomed.app_pk])
    [gone] = chosen.left_out
    assert (gone.absence, gone.nearest.id if gone.nearest else None) == (Absence.DELETED, second)
    with pytest.raises(NothingToRestore) as caught:
        world.service.preview(world.request(newest, [doomed]))
    message = describe_input_error(caught.value)  # what the command line says
    assert "had been deleted before" in message and "earlier" in message and "later" not in message
    assert world.store.restore_runs() == []

    preview = world.service.preview(world.request(second, [doomed]))
    assert not preview.left_out and len(preview.items) == 1


def test_an_app_backed_up_first_after_the_snapshot_points_to_a_later_one(world: World) -> None:
    earlier = world.snapshot()
    new_app(world, "Brand New")
    later = world.snapshot()
    pk = pk_of(world, "Brand New")

    with pytest.raises(NothingToRestore) as caught:
        world.service.preview(by_pk(world, earlier, (pk,)))
    [item] = caught.value.left_out
    assert (item.absence, item.nearest.id if item.nearest else None) == (Absence.NOT_YET, later)
    message = describe_input_error(caught.value)  # what the command line says
    assert "did not exist yet" in message and "a later one" in message and "earlier" not in message


def test_every_active_app_chosen_is_the_whole_tenant_and_brings_back_the_apps_deleted_since(world: World) -> None:
    earlier = world.snapshot()
    binned = world.app(earlier, "Sync Job")
    purged = world.app(earlier, "API")
    world.portal.delete_app(binned.object_id)
    world.portal.delete_app(purged.object_id, permanently=True)
    new_app(world, "Added Later")
    world.snapshot()
    tenant = world.contoso.tenant_id
    everything = tuple(world.store.app_ids(tenant))  # "select all" in the window: the active apps listed
    assert binned.app_pk not in everything and purged.app_pk not in everything

    assert is_whole_tenant(world.store, tenant, everything)
    assert not is_whole_tenant(world.store, tenant, everything[1:])
    chosen = selection_at(world.store, tenant, earlier, everything, whole_tenant=True)
    assert set(chosen.present) == {a.app_pk for a in world.apps(earlier)}
    assert set(chosen.deleted_since) == {binned.app_pk, purged.app_pk}
    assert [i.display_name for i in chosen.left_out] == ["Added Later"]  # created since: left out, as always
    # Fewer than every active app: only those chosen, as before.
    some = selection_at(world.store, tenant, earlier, everything[1:], whole_tenant=False)
    assert binned.app_pk not in some.present and not some.deleted_since

    asked = whole_tenant_at(world.store, tenant, earlier, everything)
    assert asked[:len(everything)] == everything and set(asked[len(everything):]) == {binned.app_pk, purged.app_pk}
    preview = world.service.preview(by_pk(world, earlier, asked))
    actions = {i.display_name: i.action for i in preview.items}
    assert (actions[binned.display_name], actions[purged.display_name]) == (Action.UNDELETE, Action.RECREATE)
    assert [i.display_name for i in preview.left_out] == ["Added Later"]
    world.service.run(preview)
    assert {binned.display_name, purged.display_name} <= set(world.portal.app_names())
