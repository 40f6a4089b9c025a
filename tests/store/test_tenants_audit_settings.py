"""Tenants, the restore audit trail and settings."""

from __future__ import annotations

from dataclasses import replace

import pytest
from store_testkit import TENANT, observed, tenant_info, write

from desktop_app.store import RestoreItemRecord, Store, StoreError, UnknownTenantError

OTHER = "22222222-2222-2222-2222-222222222222"


def test_a_tenant_is_found_by_id_name_or_any_domain_in_any_case(store: Store) -> None:
    for key in (TENANT, "contoso", "CONTOSO.example", "contoso.onmicrosoft.example"):
        assert store.get_tenant(key).tenant_id == TENANT
    info = store.get_tenant(TENANT)
    assert (info.kind, info.domains, info.is_restore_target, info.archived) == (
        "emulator", ("contoso.example", "contoso.onmicrosoft.example"), False, False,
    )
    assert info.created is not None
    with pytest.raises(UnknownTenantError, match="No tenant 'fabrikam'.*Contoso"):
        store.get_tenant("fabrikam")
    assert store.find_tenant("fabrikam") is None


def test_two_tenants_with_the_same_name_need_the_id(store: Store) -> None:
    store.add_tenant(tenant_info(OTHER, "Contoso", "contoso2.example"))
    with pytest.raises(UnknownTenantError, match="several tenants"):
        store.get_tenant("Contoso")
    assert store.get_tenant(OTHER).default_domain == "contoso2.example"


def test_adding_again_updates_and_renaming_and_targets_stick(store: Store) -> None:
    store.add_tenant(tenant_info(OTHER, "Fabrikam", "fabrikam.example"))
    store.rename_tenant(OTHER, "Fabrikam Test")
    store.set_restore_target(OTHER)
    assert [(t.display_name, t.is_restore_target) for t in store.list_tenants()] == [
        ("Contoso", False), ("Fabrikam Test", True),
    ]
    again = store.add_tenant(replace(tenant_info(OTHER, "Fabrikam", "fabrikam.example"), client_id="cid"))
    assert (again.display_name, again.client_id) == ("Fabrikam", "cid")
    assert len(store.list_tenants()) == 2


def test_removing_a_tenant_keeps_or_deletes_its_backups(store: Store) -> None:
    write(store, [observed("o1", "Alpha")])
    store.remove_tenant(TENANT, delete_backups=False)
    assert store.list_tenants() == [] and store.find_tenant(TENANT) is None
    assert store.get_tenant(TENANT, include_archived=True).archived
    assert len(store.snapshots(TENANT)) == 1
    store.add_tenant(tenant_info())  # back again, with its history
    assert not store.get_tenant(TENANT).archived and len(store.snapshots(TENANT)) == 1

    run = store.start_restore_run(operator="admin", tenant_id=TENANT, target_tenant_id=TENANT,
                                  snapshot_id=store.snapshots(TENANT)[0].id, mode="with-object")
    store.remove_tenant(TENANT, delete_backups=True)
    assert store.list_tenants(include_archived=True) == []
    with pytest.raises(UnknownTenantError):
        store.snapshots(TENANT)
    assert store._db.execute_sql("SELECT count(*) FROM app_version").fetchone()[0] == 0
    kept = store.restore_run(run.id)  # the audit trail outlives the backups
    assert (kept.tenant_id, kept.snapshot_id, kept.snapshot_taken is not None) == (TENANT, None, True)


def test_the_restore_audit_trail(store: Store) -> None:
    store.add_tenant(tenant_info(OTHER, "Fabrikam", "fabrikam.example"))
    snap = write(store, [observed("o1", "Alpha")])
    run = store.start_restore_run(operator="admin@contoso.example", tenant_id=TENANT, target_tenant_id=OTHER,
                                  snapshot_id=snap.id, mode="another-tenant")
    assert (run.status, run.finished, run.snapshot_taken, run.dry_run) == ("running", None, snap.finished, False)
    store.add_restore_item(run.id, RestoreItemRecord(
        source_object_id="o1", source_app_id="ao1", display_name="Alpha", action="create", result="verified",
        new_object_id="n1", new_app_id="na1", warnings=("owner bob@contoso.example not in target",),
    ))
    store.add_restore_item(run.id, RestoreItemRecord(
        source_object_id="o2", source_app_id="ao2", action="create", result="failed",
        error_code="Authorization_RequestDenied", request_id="req-1", message="403 ...",
    ))
    done = store.finish_restore_run(run.id, "complete", message="1 of 2 restored")
    assert done.status == "complete" and done.finished is not None and done.message == "1 of 2 restored"

    items = store.restore_items(run.id)
    assert [(i.source_object_id, i.result, i.new_app_id, i.error_code, i.request_id) for i in items] == [
        ("o1", "verified", "na1", None, None), ("o2", "failed", None, "Authorization_RequestDenied", "req-1"),
    ]
    assert items[0].warnings == ("owner bob@contoso.example not in target",) and items[0].run_id == run.id
    assert [r.id for r in store.restore_runs(OTHER)] == [run.id]
    assert store.restore_runs("someone-else") == []

    # The copy made in the target is found again (a dry run never counts).
    dry = store.start_restore_run(operator="admin", tenant_id=TENANT, target_tenant_id=OTHER,
                                  snapshot_id=snap.id, mode="another-tenant", dry_run=True)
    store.add_restore_item(dry.id, RestoreItemRecord("o1", "ao1", "create", "planned", new_object_id="dry"))
    copies = store.last_restored_copies(TENANT, ["o1", "o2"], OTHER)
    copy = copies.get("o1")
    assert copy is not None and (copy.new_object_id, copy.new_app_id) == ("n1", "na1")
    assert copies.get("o2") is None
    assert [r.id for r in store.restore_runs()] == [dry.id, run.id]
    with pytest.raises(StoreError):
        store.start_restore_run(operator="a", tenant_id=TENANT, target_tenant_id=TENANT, snapshot_id=999,
                                mode="with-object")


def test_settings_hold_json_values(store: Store) -> None:
    assert store.get_setting("schedule") is None
    assert store.get_setting("schedule", {"daily": False}) == {"daily": False}
    store.set_setting("schedule", {"daily": True, "at": "02:00"})
    store.set_setting("schedule", {"daily": True, "at": "03:00"})
    store.set_setting("last_tenant", TENANT)
    assert store.get_setting("schedule") == {"at": "03:00", "daily": True}
    assert store.get_setting("last_tenant") == TENANT
