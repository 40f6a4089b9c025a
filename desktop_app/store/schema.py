"""Creating and migrating the store's schema, the same on both engines (Vorta's numbered migrations).

A fresh database is created at SCHEMA_VERSION. An older one is brought forward by MIGRATIONS[N+1],
MIGRATIONS[N+2], ..., each step and its version row in one transaction, so a failure leaves the database at the
last completed step. Before the first step the engine may copy the database aside (SQLite: `<name>.bak-v<N>`).
Anything that is not ours, or is newer than us, is refused by the engine's inspect() before a byte is written.

Steps take the peewee Database and use playhouse.migrate (which speaks both engines) or plain SQL both engines
accept; never today's models, which describe only the newest schema. Keep each step small: other engineers
add theirs with the next number.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from peewee import (
    AutoField,
    CharField,
    CompositeKey,
    Database,
    ForeignKeyField,
    IntegerField,
    Model,
    PostgresqlDatabase,
    TextField,
)
from playhouse.migrate import SchemaMigrator
from playhouse.migrate import migrate as run_operations

from desktop_app.domain.natural_sort import natural_key
from desktop_app.store import app_index
from desktop_app.store.engine import APPLICATION_ID, Engine
from desktop_app.store.errors import MigrationError
from desktop_app.store.models import ALL_MODELS, SchemaVersion

log = logging.getLogger(__name__)

SCHEMA_VERSION = 8
__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA_VERSION", "VERSION_TABLE", "create_schema", "migrate"]
VERSION_TABLE: str = SchemaVersion._meta.table_name

MigrationStep = Callable[[Database], None]


def _v2_audit_who_and_where(db: Database) -> None:
    """Who ran a backup or restore and on which workstation (a team shares one database), and the table naming
    who holds a tenant's lock."""
    migrator = SchemaMigrator.from_database(db)
    run_operations(
        migrator.add_column("restore_run", "workstation", CharField(null=True)),
        migrator.add_column("snapshot", "workstation", CharField(null=True)),
        migrator.add_column("snapshot", "operator", CharField(null=True)),
    )
    # A snapshot of the model as it is at version 2 (plain columns, no later changes).
    db.execute_sql(
        'CREATE TABLE IF NOT EXISTS "tenant_lock" ("tenant_id" VARCHAR(255) NOT NULL PRIMARY KEY, '
        '"purpose" VARCHAR(255) NOT NULL, "os_user" VARCHAR(255) NOT NULL, "workstation" VARCHAR(255) NOT NULL, '
        '"pid" INTEGER NOT NULL, "since" TEXT NOT NULL)'
    )


def _v3_restore_journal(db: Database) -> None:
    """The restore journal (services/restore_journal.py): two new tables, nothing else changes. Declared here as
    they are at version 3, so later changes to the models don't change this step."""

    class V3Model(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class RestoreJournalRun(V3Model):
        run_id = IntegerField(primary_key=True)
        request = TextField()
        host = CharField()
        pid = IntegerField()
        heartbeat = TextField()
        recovered_by = IntegerField(null=True)

    class RestoreJournalEntry(V3Model):
        id = AutoField()
        run_id = IntegerField()
        position = IntegerField()
        source_object_id = CharField()
        source_app_id = CharField()
        display_name = CharField()
        action = CharField()
        state = CharField()
        creating_since = TextField(null=True)
        markers = TextField(null=True)
        new_object_id = CharField(null=True)
        new_app_id = CharField(null=True)
        updated = TextField()

        class Meta:
            indexes = ((("run_id", "source_object_id"), True), (("new_object_id",), False))

    db.create_tables([RestoreJournalRun, RestoreJournalEntry], safe=True)


_V4_FILL_CHUNK = 2_000


def _v4_natural_name_order(db: Database) -> None:
    """The apps table sorts names naturally ("App 2" before "App 10") in SQL: a name_sort column holding
    domain.natural_sort.natural_key(display_name), filled here for every app already stored, and the name sort's
    covering index on it instead of name_folded (which the text filter still reads)."""
    postgres = isinstance(db, PostgresqlDatabase)
    collate = ' COLLATE "C"' if postgres else ""  # byte order, as models.FoldedField declares it
    db.execute_sql(f'ALTER TABLE "app" ADD COLUMN "name_sort" VARCHAR(255){collate} NOT NULL DEFAULT \'\'')
    mark = "%s" if postgres else "?"
    rows = db.execute_sql('SELECT "id", "display_name" FROM "app"').fetchall()
    cursor = db.cursor()
    for start in range(0, len(rows), _V4_FILL_CHUNK):
        cursor.executemany(
            f'UPDATE "app" SET "name_sort" = {mark} WHERE "id" = {mark}',
            [(natural_key(name), pk) for pk, name in rows[start : start + _V4_FILL_CHUNK]],
        )
    db.execute_sql('DROP INDEX IF EXISTS "app_tenant_id_name_folded_id_status_app_id_folded"')
    db.execute_sql(
        'CREATE INDEX "app_tenant_id_name_sort_id_status_name_folded_app_id_folded" '
        'ON "app" ("tenant_id", "name_sort", "id", "status", "name_folded", "app_id_folded")'
    )


def _v5_credentials_search_alerts(db: Database) -> None:
    """Credentials and search across tenants, and alerts: four new tables, declared here as they are at
    version 5. Their rows for the apps already stored are written by FILLS[5] (app_index.backfill), in this step's
    transaction."""

    class V5Model(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Tenant(V5Model):
        id = AutoField()

    class App(V5Model):
        id = AutoField()

    class AppSearch(V5Model):
        app = ForeignKeyField(App, primary_key=True, on_delete="CASCADE")
        tenant = ForeignKeyField(Tenant, on_delete="CASCADE", index=False)
        haystack = TextField()
        entries = TextField()

    class AppCredential(V5Model):
        id = AutoField()
        tenant = ForeignKeyField(Tenant, on_delete="CASCADE", index=False)
        app = ForeignKeyField(App, on_delete="CASCADE")
        holder = CharField()
        kind = CharField()
        key_id = TextField()
        display_name = TextField(null=True)
        hint = TextField(null=True)
        thumbprint = TextField(null=True)
        start_time = TextField(null=True)
        end_time = TextField(null=True)
        owners = TextField()

        class Meta:
            indexes = ((("end_time",), False), (("tenant", "end_time"), False))

    class Alert(V5Model):
        id = AutoField()
        key = TextField(unique=True)
        batch = CharField()
        kind = CharField()
        tenant_id = CharField(null=True)
        tenant_name = TextField(null=True)
        app_id = CharField(null=True)
        app_name = TextField(null=True)
        threshold = IntegerField(null=True)
        facts = TextField()
        created = TextField()

        class Meta:
            indexes = ((("created",), False),)

    class AlertDelivery(V5Model):
        id = AutoField()
        alert = ForeignKeyField(Alert, on_delete="CASCADE", index=False)
        channel = CharField()
        recipient = CharField()
        status = CharField()
        attempts = IntegerField()
        claimed_by = CharField(null=True)
        claimed_at = TextField(null=True)
        sent_at = TextField(null=True)
        error = TextField(null=True)

        class Meta:
            indexes = ((("alert", "channel", "recipient"), True), (("status", "channel"), False))

    db.create_tables([AppSearch, AppCredential, Alert, AlertDelivery], safe=True)


def _v5_fill(db: Database, engine: Engine) -> None:
    app_index.backfill(db, engine)


def _v6_change_timeline(db: Database) -> None:
    """The change timeline: the directory audit events (kept as long as the store), what they name, their
    links to the versions they explain, each tenant's capture state (delta links, audit cursor) and service
    principal references; snapshots say whether they came from a delta capture. Declared as they are at version 6."""

    class V6Model(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Tenant(V6Model):
        id = AutoField()

    class Snapshot(V6Model):
        id = AutoField()

    class AppVersion(V6Model):
        id = AutoField()

    class AuditEvent(V6Model):
        id = AutoField()
        tenant = ForeignKeyField(Tenant, on_delete="CASCADE", index=False)
        event_id = CharField()
        time = TextField()
        activity = TextField()
        category = CharField()
        operation = CharField(null=True)
        result = CharField(null=True)
        actor_kind = CharField()
        actor_id = CharField(null=True)
        actor_name = TextField(null=True)
        actor_app_id = CharField(null=True)
        correlation_id = CharField(null=True)
        link_state = CharField()
        record = TextField()

        class Meta:
            indexes = ((("tenant", "event_id"), True), (("tenant", "time"), False),
                       (("tenant", "link_state", "time"), False))

    class AuditEventTarget(V6Model):
        id = AutoField()
        event = ForeignKeyField(AuditEvent, on_delete="CASCADE")
        object_id = CharField()
        kind = CharField()

        class Meta:
            indexes = ((("object_id",), False),)

    class AuditLink(V6Model):
        version = ForeignKeyField(AppVersion, on_delete="CASCADE", index=False)
        event = ForeignKeyField(AuditEvent, on_delete="CASCADE")

        class Meta:
            primary_key = CompositeKey("version", "event")

    class CaptureState(V6Model):
        tenant = ForeignKeyField(Tenant, primary_key=True, on_delete="CASCADE")
        applications_link = TextField(null=True)
        service_principals_link = TextField(null=True)
        snapshot = ForeignKeyField(Snapshot, null=True, on_delete="SET NULL")
        links_since = TextField(null=True)
        full_sweep = TextField(null=True)
        looked = TextField(null=True)
        audit_read_until = TextField(null=True)
        audit_refused = TextField(null=True)

    class ServicePrincipalRef(V6Model):
        tenant = ForeignKeyField(Tenant, on_delete="CASCADE", index=False)
        sp_object_id = CharField()
        app_id = CharField()

        class Meta:
            primary_key = CompositeKey("tenant", "sp_object_id")

    # Plain ALTER TABLE: playhouse's NOT NULL column rebuilds a SQLite table, and dropping the old snapshot table
    # would cascade to every version.
    kind = "BOOLEAN NOT NULL DEFAULT false" if isinstance(db, PostgresqlDatabase) else "INTEGER NOT NULL DEFAULT 0"
    db.execute_sql(f'ALTER TABLE "snapshot" ADD COLUMN "incremental" {kind}')
    db.create_tables([AuditEvent, AuditEventTarget, AuditLink, CaptureState, ServicePrincipalRef], safe=True)


def _v7_rollback_items(db: Database) -> None:
    """Incident rollback: what each rollback run did to each incident item, with the item as it was.
    One new table; runs are RestoreRuns with mode "rollback". Declared as it is at version 7."""

    class V7Model(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class RestoreRun(V7Model):
        id = AutoField()

    class RollbackItem(V7Model):
        id = AutoField()
        run = ForeignKeyField(RestoreRun, on_delete="CASCADE", index=False)
        change_id = TextField()
        object_id = CharField()
        action = CharField()
        result = CharField()
        reason = CharField(null=True)
        message = TextField(null=True)
        item = TextField()
        recorded = TextField()

        class Meta:
            indexes = ((("run", "change_id"), False),)

    db.create_tables([RollbackItem], safe=True)


def _v8_restore_outcomes_as_codes(db: Database) -> None:
    """The restore audit trail keeps codes, not words: each app's warnings, notes, follow-ups, grants and failure
    (restore_item.outcome) and how a run stopped (restore_run.stopped), as JSON text (domain/restore_plan/recorded.py).
    Rows written before keep their English words in warnings and message, and are shown with them."""
    db.execute_sql('ALTER TABLE "restore_item" ADD COLUMN "outcome" TEXT')
    db.execute_sql('ALTER TABLE "restore_run" ADD COLUMN "stopped" TEXT')


# MIGRATIONS[n] takes a database at version n-1 to version n.
MIGRATIONS: dict[int, MigrationStep] = {
    2: _v2_audit_who_and_where,
    3: _v3_restore_journal,
    4: _v4_natural_name_order,
    5: _v5_credentials_search_alerts,
    6: _v6_change_timeline,
    7: _v7_rollback_items,
    8: _v8_restore_outcomes_as_codes,
}
# FILLS[n]: rows a step's new tables need from what is stored, written in the step's transaction by code that needs
# the engine (its SQL dialect and bulk writes), which steps themselves don't get.
FILLS: dict[int, Callable[[Database, Engine], None]] = {
    5: _v5_fill,
}


def missing_tables(engine: Engine, db: Database) -> list[str]:
    """The tables of the current schema the database lacks (dropped outside Regvault): a store without them can
    only fail later, halfway through a command."""
    return sorted({m._meta.table_name for m in ALL_MODELS} - engine.table_names(db))


def create_schema(engine: Engine, db: Database) -> None:
    with engine.atomic(db):
        if not engine.before_create(db):
            return  # another workstation created it meanwhile
        db.create_tables(ALL_MODELS)
        engine.mark_as_regvault(db)
        SchemaVersion.create(version=SCHEMA_VERSION, changed=datetime.now(UTC))


def migrate(engine: Engine, db: Database, from_version: int) -> None:
    where = engine.describe()
    copy = engine.before_migration(db, from_version)
    log.info("Migrating %s from schema %d to %d; copy at %s", where, from_version, SCHEMA_VERSION, copy)
    kept = f"; the copy made before updating is {copy}" if copy else ""
    for version in range(from_version + 1, SCHEMA_VERSION + 1):
        step = MIGRATIONS.get(version)
        if step is None:
            raise MigrationError(f"No migration step to schema version {version}; {where} left at {version - 1}.")
        try:
            with engine.atomic(db):
                engine.lock_schema(db)
                done = SchemaVersion.select().where(SchemaVersion.version == version).exists()
                if done:
                    continue  # another workstation ran this step while we waited for the lock
                step(db)
                fill = FILLS.get(version)
                if fill is not None:
                    fill(db, engine)
                SchemaVersion.create(version=version, changed=datetime.now(UTC))
        except Exception as exc:
            raise MigrationError(
                f"Updating {where} to schema version {version} failed ({exc}). The database stays at version "
                f"{version - 1}{kept}."
            ) from exc
