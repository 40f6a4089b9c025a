"""The tables of DESIGN.md §3.2, bound late through a DatabaseProxy (Vorta's pattern).

Nothing outside store/ should touch these classes: the Store hands out dataclasses (records.py).
Times are stored as naive UTC text with microseconds (sorts as text) and come back timezone-aware UTC.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from peewee import (
    SQL,
    AutoField,
    BlobField,
    BooleanField,
    CharField,
    CompositeKey,
    DatabaseProxy,
    Field,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from desktop_app.store.errors import StoredValueUnreadable

database_proxy = DatabaseProxy()

TENANT_KINDS = ("entra", "emulator")
SNAPSHOT_STATUSES = ("running", "complete", "failed")
SNAPSHOT_TRIGGERS = ("manual", "scheduled", "pre-restore")
APP_STATUSES = ("active", "recycled", "purged")


def to_utc_text(value: datetime) -> str:
    if value.tzinfo is None:
        # Naive times are taken as UTC: the services only ever produce UTC.
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def from_utc_text(value: str) -> datetime:
    # The offset in the text, not .replace(tzinfo=): ten times faster, and credentials read 60,000 of these at once.
    try:
        return datetime.fromisoformat(value + "+00:00")
    except (ValueError, TypeError):
        raise StoredValueUnreadable(f"a stored time cannot be read ({str(value)[:40]!r})") from None


class UtcDateTimeField(Field):
    """Aware datetimes in, aware UTC datetimes out; fixed-width text so ORDER BY is chronological."""

    field_type = "TEXT"

    def db_value(self, value: datetime | None) -> str | None:
        return None if value is None else to_utc_text(value)

    def python_value(self, value: str | None) -> datetime | None:
        return None if value is None else from_utc_text(value)


class JsonField(TextField):
    def db_value(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, sort_keys=True, separators=(",", ":"))

    def python_value(self, value: str | None) -> Any:
        return None if value is None else json.loads(value)


def _on_postgres() -> bool:
    from peewee import PostgresqlDatabase

    return isinstance(database_proxy.obj, PostgresqlDatabase)


class AutoIncrementField(AutoField):
    """Ids never reused, even after the newest row is deleted: snapshots are compared by id.

    SQLite needs AUTOINCREMENT for that; PostgreSQL's sequences never hand out an id twice anyway."""

    def ddl(self, ctx: Any) -> Any:
        from peewee import NodeList

        if _on_postgres():
            return super().ddl(ctx)
        return NodeList((super().ddl(ctx), SQL("AUTOINCREMENT")))


class FoldedField(CharField):
    """Text compared and sorted byte by byte on both engines: SQLite's BINARY order, PostgreSQL's "C" collation
    (the database's own collation would sort by locale, and the window's order must not depend on the engine)."""

    def ddl(self, ctx: Any) -> Any:
        self.collation = '"C"' if _on_postgres() else None
        return super().ddl(ctx)


class BaseModel(Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class Tenant(BaseModel):
    id = AutoField()
    tenant_id = CharField(unique=True)
    display_name = CharField()
    default_domain = CharField(default="")
    domains = JsonField(default=list)
    kind = CharField(default="entra")  # "entra" | "emulator"
    client_id = CharField(null=True)
    authority = CharField(null=True)
    cloud = CharField(default="global")
    graph_base_url = CharField()
    is_restore_target = BooleanField(default=False)
    # Removed from the tenant list but its backups kept (remove_tenant(..., delete_backups=False)).
    archived = BooleanField(default=False)
    created = UtcDateTimeField()


class Snapshot(BaseModel):
    id = AutoIncrementField()
    tenant = ForeignKeyField(Tenant, backref="snapshots", on_delete="CASCADE", index=False)
    started = UtcDateTimeField()
    finished = UtcDateTimeField(null=True)
    status = CharField(default="running")
    trigger = CharField(default="manual")
    partial = BooleanField(default=False)
    apps = IntegerField(default=0)
    added = IntegerField(default=0)
    changed = IntegerField(default=0)
    removed = IntegerField(default=0)
    requests = IntegerField(default=0)
    resource_units = FloatField(default=0.0)
    error = TextField(null=True)
    # Who took it, on which workstation (schema 2; a team shares one database).
    operator = CharField(null=True)
    workstation = CharField(null=True)
    # Schema 6: written from a delta capture (only what changed was read; every other app is as it was).
    incremental = BooleanField(default=False)

    class Meta:
        indexes = ((("tenant", "status", "id"), False),)


class App(BaseModel):
    id = AutoField()
    tenant = ForeignKeyField(Tenant, backref="apps", on_delete="CASCADE", index=False)  # composites cover it
    object_id = CharField()
    app_id = CharField()
    display_name = CharField()
    # str.casefold() of display_name, kept so filtering and sorting are case-insensitive beyond ASCII
    # (SQLite's LIKE and NOCASE fold ASCII only) without calling Python per row.
    name_folded = FoldedField()
    app_id_folded = FoldedField()  # lower-case client id: same reason, and lower() per row costs ~15 ms at 100k
    # domain.natural_sort.natural_key(display_name) (schema 4): the name column sorts by it, "App 2" before
    # "App 10", in SQL on both engines.
    name_sort = FoldedField()
    status = CharField(default="active")  # "active" | "recycled" | "purged"
    deleted_until = UtcDateTimeField(null=True)
    last_modified = UtcDateTimeField()
    first_seen = UtcDateTimeField()
    # Backup bookkeeping: what the last backup saw, so unchanged logos and certificates are not fetched again.
    current_hash = CharField(null=True)
    logo_url = TextField(null=True)
    logo_sha256 = CharField(null=True)
    key_credentials_digest = CharField(null=True)
    key_credential_keys = JsonField(default=dict)

    class Meta:
        # One covering index per sort of the apps table: the sort column, then id (the tie-breaker, so no
        # temporary sort is needed), then what the status and text filters read, so a 100,000-row query
        # never touches the table itself (about 35 ms instead of 100-190 ms).
        indexes = (
            (("tenant", "object_id"), True),
            (("tenant", "name_sort", "id", "status", "name_folded", "app_id_folded"), False),
            (("tenant", "app_id_folded", "id", "status", "name_folded"), False),
            (("tenant", "last_modified", "id", "status", "name_folded", "app_id_folded"), False),
        )


class AppVersion(BaseModel):
    id = AutoField()
    app = ForeignKeyField(App, backref="versions", on_delete="CASCADE", index=False)  # (app, valid_from) covers it
    document_hash = CharField()
    document = BlobField()  # zlib of the canonical JSON
    valid_from = ForeignKeyField(Snapshot, on_delete="CASCADE", backref="versions_from")
    valid_until = ForeignKeyField(Snapshot, null=True, on_delete="CASCADE", backref="versions_until")

    class Meta:
        indexes = ((("app", "valid_from"), False),)


class Blob(BaseModel):
    sha256 = CharField(primary_key=True)
    data = BlobField()


class RestoreRun(BaseModel):
    id = AutoIncrementField()
    operator = CharField()
    started = UtcDateTimeField()
    finished = UtcDateTimeField(null=True)
    # Tenant ids as text, not foreign keys: the audit trail outlives a tenant removed with its backups.
    tenant_id = CharField()
    target_tenant_id = CharField()
    snapshot = ForeignKeyField(Snapshot, null=True, on_delete="SET NULL")
    snapshot_id: int | None  # peewee's attribute for the key column, declared for mypy
    snapshot_taken = UtcDateTimeField(null=True)
    mode = CharField()  # "with-object" | "as-new" | "another-tenant"
    status = CharField(default="running")  # "running" | "complete" | "failed" | "cancelled"
    dry_run = BooleanField(default=False)
    message = TextField(null=True)  # before schema 8: how it stopped, in English words
    workstation = CharField(null=True)  # schema 2: where it ran (operator: the user)
    # schema 8: how it stopped, as a code and its facts (domain/restore_plan/recorded.py failure_json)
    stopped = JsonField(null=True)


class RestoreItem(BaseModel):
    id = AutoField()
    run = ForeignKeyField(RestoreRun, backref="items", on_delete="CASCADE")
    run_id: int
    source_object_id = CharField()
    source_app_id = CharField()
    display_name = CharField(default="")
    action = CharField()
    result = CharField()
    new_object_id = CharField(null=True)
    new_app_id = CharField(null=True)
    warnings = JsonField(default=list)  # before schema 8: warnings, notes and follow-ups in English words
    error_code = CharField(null=True)
    request_id = CharField(null=True)
    message = TextField(null=True)  # before schema 8: why it failed, in English words
    recorded = UtcDateTimeField()
    # schema 8: its warnings, notes, follow-ups, grants and failure as codes (domain/restore_plan/recorded.py)
    outcome = JsonField(null=True)

    class Meta:
        indexes = ((("source_object_id",), False),)


class RestoreJournalRun(BaseModel):
    """Who is running a restore and what it was asked (services/restore_journal.py has the protocol): a run
    whose process is gone is found by its host and pid, or by a heartbeat that stopped."""

    run = ForeignKeyField(RestoreRun, primary_key=True, on_delete="CASCADE", backref="journal")
    request = JsonField()  # the RestoreRequest, so the run can be finished
    host = CharField()
    pid = IntegerField()
    heartbeat = UtcDateTimeField()
    recovered_by = IntegerField(null=True)  # the run that finished the journal of this one, once it died


class RestoreJournalEntry(BaseModel):
    """One app of a journaled run: written when the run starts (pending), before its POST /applications
    (creating, with what identifies the app it makes), when Graph answered (created) and when it ended."""

    id = AutoField()
    run = ForeignKeyField(RestoreRun, on_delete="CASCADE", backref="journal_entries", index=False)
    run_id: int
    position = IntegerField()
    source_object_id = CharField()
    source_app_id = CharField()
    display_name = CharField(default="")
    action = CharField()
    state = CharField(default="pending")  # pending | running | creating | created | finished
    creating_since = UtcDateTimeField(null=True)
    markers = JsonField(null=True)  # displayName, identifierUris, signInAudience... of the POST
    new_object_id = CharField(null=True)
    new_app_id = CharField(null=True)
    updated = UtcDateTimeField()

    class Meta:
        indexes = ((("run", "source_object_id"), True), (("new_object_id",), False))


class AppSearch(BaseModel):
    """What a search across tenants finds an app by (domain/search_terms.py), from its newest version: one row per
    app, rewritten with each new version, so a search is one scan of short rows and never opens a document."""

    app = ForeignKeyField(App, primary_key=True, on_delete="CASCADE", backref="search")
    tenant = ForeignKeyField(Tenant, on_delete="CASCADE", index=False)
    haystack = TextField()  # the entries' folded texts, one per line
    entries = JsonField()  # [[kind, text], ...] in the haystack's order


class AppCredential(BaseModel):
    """One client secret or certificate of an app's newest version (domain/credentials.py), of the registration or
    of its service principal, with the app's owners: the credentials view and expiry alerts read only these."""

    id = AutoField()
    tenant = ForeignKeyField(Tenant, on_delete="CASCADE", index=False)
    app = ForeignKeyField(App, on_delete="CASCADE", backref="credentials")
    holder = CharField()  # "application" | "servicePrincipal"
    kind = CharField()  # "secret" | "certificate"
    key_id = TextField()
    display_name = TextField(null=True)
    hint = TextField(null=True)
    thumbprint = TextField(null=True)
    start_time = UtcDateTimeField(null=True)
    end_time = UtcDateTimeField(null=True)
    owners = JsonField(default=list)  # [{"label", "userPrincipalName"}] of the registration and service principal

    class Meta:
        indexes = ((("end_time",), False), (("tenant", "end_time"), False))


class Alert(BaseModel):
    """Something Regvault told (or will tell) a person, once: `key` says what it is about (a credential at one
    threshold, a failed backup, an added owner...), unique, so no process sends it twice (services/alerts.py)."""

    id = AutoField()
    key = TextField(unique=True)
    batch = CharField()  # the evaluation that created it: its deliveries are made in the same transaction
    kind = CharField()
    tenant_id = CharField(null=True)  # text, as the restore audit trail: an alert outlives a removed tenant
    tenant_name = TextField(null=True)
    app_id = CharField(null=True)
    app_name = TextField(null=True)
    threshold = IntegerField(null=True)
    facts = JsonField(default=dict)
    created = UtcDateTimeField()

    class Meta:
        indexes = ((("created",), False),)


class AlertDelivery(BaseModel):
    """One alert on one channel (desktop, webhook, e-mail to one address): pending until a process claims it, then
    sent, or failed with the reason and tried again later."""

    id = AutoField()
    alert = ForeignKeyField(Alert, on_delete="CASCADE", backref="deliveries", index=False)
    channel = CharField()
    recipient = CharField(default="")
    status = CharField(default="pending")  # pending | sending | sent | failed | dropped
    attempts = IntegerField(default=0)
    claimed_by = CharField(null=True)
    claimed_at = UtcDateTimeField(null=True)
    sent_at = UtcDateTimeField(null=True)
    error = TextField(null=True)

    class Meta:
        indexes = ((("alert", "channel", "recipient"), True), (("status", "channel"), False))


class AuditEvent(BaseModel):
    """One event of a tenant's directory audit log (GET /auditLogs/directoryAudits), kept as long as the store
    (Entra keeps it 30 days): the columns a listing filters and shows, and Graph's whole record in `record`."""

    id = AutoField()
    tenant = ForeignKeyField(Tenant, on_delete="CASCADE", index=False)
    event_id = CharField()  # Graph's id, unique in its tenant
    time = UtcDateTimeField()  # activityDateTime
    activity = TextField()  # activityDisplayName
    category = CharField(default="")
    operation = CharField(null=True)
    result = CharField(null=True)
    actor_kind = CharField()  # "user" | "app" | "unknown"
    actor_id = CharField(null=True)  # the user's object id, or the app's service principal id
    actor_name = TextField(null=True)  # userPrincipalName, or the app's display name
    actor_app_id = CharField(null=True)  # the app's appId when Graph gives it
    correlation_id = CharField(null=True)
    link_state = CharField(default="pending")  # pending | linked | unmatched (store/timeline.py)
    record = JsonField()  # Graph's whole record

    class Meta:
        indexes = ((("tenant", "event_id"), True), (("tenant", "time"), False), (("tenant", "link_state", "time"), False))


class AuditEventTarget(BaseModel):
    """What an event names: a target resource (object id and type), or an app named in its modified properties
    (`ServicePrincipal.AppId`: kind "appId"). Ids are lower-case."""

    id = AutoField()
    event = ForeignKeyField(AuditEvent, on_delete="CASCADE", backref="targets")
    object_id = CharField()
    kind = CharField()  # Application | ServicePrincipal | User | Group | appId | ...

    class Meta:
        indexes = ((("object_id",), False),)


class AuditLink(BaseModel):
    """An app version and an event that explains it (store/timeline.py says which)."""

    version = ForeignKeyField(AppVersion, on_delete="CASCADE", index=False)
    event = ForeignKeyField(AuditEvent, on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("version", "event")


class CaptureState(BaseModel):
    """Where a tenant's change capture stands: the delta links of the last capture (written in the transaction of
    the snapshot they produced), when the last full sweep and the last look were, how far the audit log is read."""

    tenant = ForeignKeyField(Tenant, primary_key=True, on_delete="CASCADE")
    applications_link = TextField(null=True)
    service_principals_link = TextField(null=True)
    snapshot = ForeignKeyField(Snapshot, null=True, on_delete="SET NULL")  # the snapshot the links came with
    links_since = UtcDateTimeField(null=True)  # when the first round of these links began (tokens live 7 days)
    full_sweep = UtcDateTimeField(null=True)  # the last full backup (grants and assignments read in full)
    looked = UtcDateTimeField(null=True)  # the last capture, with changes or not
    audit_read_until = UtcDateTimeField(null=True)  # events read up to this activityDateTime
    audit_refused = TextField(null=True)  # the permission missing to read the log, when it was refused


class ServicePrincipalRef(BaseModel):
    """Which app a service principal of the tenant belongs to (its appId): audit events name service principals by
    object id."""

    tenant = ForeignKeyField(Tenant, on_delete="CASCADE", index=False)
    sp_object_id = CharField()
    app_id = CharField()

    class Meta:
        primary_key = CompositeKey("tenant", "sp_object_id")


class SchemaVersion(BaseModel):
    version = IntegerField(primary_key=True)
    changed = UtcDateTimeField()


class TenantLock(BaseModel):
    """Who holds a tenant's lock on PostgreSQL (the lock itself is an advisory lock; SQLite's is a file lock)."""

    tenant_id = CharField(primary_key=True)
    purpose = CharField()
    os_user = CharField()
    workstation = CharField()
    pid = IntegerField()
    since = TextField()


class Setting(BaseModel):
    key = CharField(primary_key=True)
    value = JsonField()


class RollbackItem(BaseModel):
    """One incident item of a rollback run (a RestoreRun with mode "rollback"): the change as the run saw it and
    what the run did to it (store/rollback_records.py). The evidence pack tells an undone item from this record,
    since the tenant no longer shows it (schema 7)."""

    id = AutoField()
    run = ForeignKeyField(RestoreRun, on_delete="CASCADE", backref="rollback_items", index=False)
    run_id: int
    change_id = TextField()  # kind:holder:key@appId
    object_id = CharField()  # the app's
    action = CharField()  # domain/rollback.py ItemAction
    result = CharField()  # planned | done | failed | not_undone | kept | refused | skipped
    reason = CharField(null=True)  # a NotUndone or LockOut code
    message = TextField(null=True)
    item = JsonField()  # the change: kind, holder, change, label, detail, appId, displayName, time, actor, ...
    recorded = UtcDateTimeField()

    class Meta:
        indexes = ((("run", "change_id"), False),)


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Tenant,
    Snapshot,
    App,
    AppVersion,
    Blob,
    RestoreRun,
    RestoreItem,
    RestoreJournalRun,
    RestoreJournalEntry,
    SchemaVersion,
    Setting,
    TenantLock,
    AppSearch,
    AppCredential,
    Alert,
    AlertDelivery,
    AuditEvent,
    AuditEventTarget,
    AuditLink,
    CaptureState,
    ServicePrincipalRef,
    RollbackItem,
)
