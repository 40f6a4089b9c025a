"""After a restore the store holds the tenant as it now is: what the verify step read back is a version, kept in a
partial post-restore snapshot, so the list and the panel show the result without another backup (issue 22 item 3)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from restore_world import World

from desktop_app.domain.document import document_hash
from desktop_app.emulator import Emulator


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator("contoso:8,fabrikam:2", seed=5, throttle="off") as emu:
        yield emu


def test_the_store_holds_the_restored_apps_as_read_back(world: World) -> None:
    snapshot = world.snapshot()
    tenant = world.contoso.tenant_id
    undeleted = world.app(snapshot, "Sync Job")
    overwritten = world.app(snapshot, "API")
    recreated = world.app(snapshot, "Payroll Web")
    world.portal.delete_app(undeleted.object_id)
    world.portal.patch(f"/applications/{overwritten.object_id}",
                       {"web": {"redirectUris": ["https://broken.example.com/signin"]}})
    world.portal.delete_app(recreated.object_id, permanently=True)
    last = world.snapshot()  # the backup that saw the damage
    assert world.store.app_row(undeleted.app_pk).status == "recycled"  # type: ignore[union-attr]

    _preview, report = world.restore(snapshot, [undeleted, overwritten, recreated])

    assert {i.result for i in report.items} <= {"verified", "warnings"}, report.items
    assert world.store.app_row(undeleted.app_pk).status == "active"  # type: ignore[union-attr]
    for app in (undeleted, overwritten):
        current = world.store.versions(app.app_pk)[0]
        assert current.valid_until is None
        now = world.document(app.object_id)
        assert current.document_hash == document_hash(now)  # the current version is the tenant's now
        assert world.store.version_document(current.pk)["application"].get("web") == now["application"].get("web")
    [copy] = [i for i in report.items if i.source_object_id == recreated.object_id]
    new_row = world.store.find_app(tenant, copy.new_app_id or "")
    assert new_row is not None and new_row.status == "active" and new_row.object_id == copy.new_object_id
    kept = world.store.snapshot(world.store.versions(overwritten.app_pk)[0].valid_from)
    assert (kept.trigger, kept.partial) == ("post-restore", True)
    # Not a backup: "Last backup" is still the backup before the restore.
    assert world.store.last_backup(tenant).id == last  # type: ignore[union-attr]
    # The next backup finds nothing new in the restored apps.
    after = world.backup.run(tenant)
    assert after.changed == 0 and after.added == 0, after
