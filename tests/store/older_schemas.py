"""Current databases taken back to an older schema (dropping what later steps added), for the migration tests."""

from __future__ import annotations

from collections.abc import Callable

from store_testkit import observed, tenant_info, write

from desktop_app.store import DatabaseLocation, Store


def older_store(database: DatabaseLocation, as_schema: Callable[[Store], None]) -> None:
    """The database with the tenant and one snapshot of one app (o1, "Alpha"), then taken back by `as_schema`."""
    with Store.open(database) as store:
        store.add_tenant(tenant_info())
        write(store, [observed("o1", "Alpha")])
        as_schema(store)


def _set_version(store: Store, version: int) -> None:
    store._db.execute_sql('DELETE FROM "schema_version"')
    store._db.execute_sql(f"INSERT INTO \"schema_version\" (version, changed) VALUES ({version}, '2026-01-01 00:00:00')")


def as_schema_7(store: Store) -> None:
    """Take a current database back to schema 7 (before the restore audit kept codes: no restore_item.outcome, no
    restore_run.stopped)."""
    store._db.execute_sql('ALTER TABLE "restore_item" DROP COLUMN "outcome"')
    store._db.execute_sql('ALTER TABLE "restore_run" DROP COLUMN "stopped"')
    _set_version(store, 7)


def as_schema_5(store: Store) -> None:
    """Take a current database back to schema 5 (before the change timeline: none of its tables, no
    snapshot.incremental)."""
    as_schema_7(store)
    for table in ("audit_link", "audit_event_target", "audit_event", "capture_state", "service_principal_ref"):
        store._db.execute_sql(f'DROP TABLE "{table}"')
    store._db.execute_sql('ALTER TABLE "snapshot" DROP COLUMN "incremental"')
    _set_version(store, 5)


def as_schema_4(store: Store) -> None:
    """Take a current database back to schema 4 (before credentials, search and alerts: none of their tables)."""
    as_schema_5(store)
    for table in ("alert_delivery", "alert", "app_credential", "app_search"):
        store._db.execute_sql(f'DROP TABLE "{table}"')
    _set_version(store, 4)


def as_schema_3(store: Store) -> None:
    """Take a current database back to schema 3 (before the natural name order: no name_sort column, the name
    sort's index on name_folded)."""
    as_schema_4(store)
    store._db.execute_sql('DROP INDEX "app_tenant_id_name_sort_id_status_name_folded_app_id_folded"')
    store._db.execute_sql('ALTER TABLE "app" DROP COLUMN "name_sort"')
    store._db.execute_sql(
        'CREATE INDEX "app_tenant_id_name_folded_id_status_app_id_folded" '
        'ON "app" ("tenant_id", "name_folded", "id", "status", "app_id_folded")'
    )
    _set_version(store, 3)


def as_schema_1(store: Store) -> None:
    """Take a current database back to schema 1 (before the workstation columns and the lock table)."""
    as_schema_3(store)
    for table, column in (("restore_run", "workstation"), ("snapshot", "workstation"), ("snapshot", "operator")):
        store._db.execute_sql(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
    store._db.execute_sql('DROP TABLE "tenant_lock"')
    _set_version(store, 1)
