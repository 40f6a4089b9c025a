"""write_snapshot: versions only on change, deletions, comebacks, blobs, and 'the app at snapshot S'."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from store_testkit import T0, TENANT, observed, snapshot_write, write

from desktop_app.store import Store, UnknownTenantError


def _pk(store: Store, object_id: str) -> int:
    return store.current_apps(TENANT)[object_id].pk


def test_first_snapshot_adds_every_app_with_one_version(store: Store) -> None:
    info = write(store, [observed("o1", "Alpha"), observed("o2", "Beta")], requests=7, resource_units=1.5)
    assert (info.status, info.trigger, info.apps, info.added, info.changed, info.removed) == (
        "complete", "manual", 2, 2, 0, 0,
    )
    assert (info.requests, info.resource_units) == (7, 1.5)
    row = store.app_rows([_pk(store, "o1")])[0]
    assert (row.display_name, row.app_id, row.status, row.version_count) == ("Alpha", "ao1", "active", 1)
    assert row.last_modified == row.first_seen == info.finished
    [version] = store.versions(row.pk)
    assert version.valid_from == info.id and version.valid_until is None
    assert store.version_document(version.pk)["application"]["displayName"] == "Alpha"


def test_an_unchanged_app_adds_no_version_and_keeps_last_modified(store: Store) -> None:
    first = write(store, [observed("o1", "Alpha")])
    second = write(store, [observed("o1", "Alpha")], day=1)
    assert (second.added, second.changed, second.removed, second.apps) == (0, 0, 0, 1)
    row = store.app_rows([_pk(store, "o1")])[0]
    assert row.version_count == 1
    assert row.last_modified == first.finished


def test_a_change_adds_exactly_one_version_and_closes_the_previous(store: Store) -> None:
    first = write(store, [observed("o1", "Alpha"), observed("o2", "Beta")])
    second = write(store, [observed("o1", "Alpha", notes="changed"), observed("o2", "Beta")], day=1)
    assert (second.added, second.changed, second.removed) == (0, 1, 0)
    versions = store.versions(_pk(store, "o1"))
    assert [(v.valid_from, v.valid_until) for v in versions] == [(second.id, None), (first.id, second.id)]
    assert versions[0].valid_from_time == second.finished
    assert versions[1].valid_until_time == second.finished
    assert store.version_document(versions[0].pk)["application"]["notes"] == "changed"
    assert store.app_rows([_pk(store, "o1")])[0].last_modified == second.finished
    assert store.app_rows([_pk(store, "o2")])[0].last_modified == first.finished


def test_backup_bookkeeping_is_kept_per_app(store: Store) -> None:
    app = replace(
        observed("o1", "Alpha"), logo_url="https://cdn/1.png", logo_sha256="ab" * 32,
        key_credentials_digest="cd" * 32, key_credential_keys={"k1": "ef" * 32},
    )
    write(store, [app])
    # The CDN URL is not part of the document: a new URL alone updates the row but makes no version.
    write(store, [replace(app, logo_url="https://cdn/2.png")], day=1)
    current = store.current_apps(TENANT)["o1"]
    assert (current.logo_url, current.logo_sha256, current.key_credentials_digest) == (
        "https://cdn/2.png", "ab" * 32, "cd" * 32,
    )
    assert dict(current.key_credential_keys) == {"k1": "ef" * 32}
    assert current.document_hash == app.document_hash and current.status == "active"
    assert len(store.versions(current.pk)) == 1


def test_a_deleted_app_is_marked_with_its_recycle_bin_state_and_its_version_closed(store: Store) -> None:
    first = write(store, [observed("o1", "Alpha"), observed("o2", "Beta"), observed("o3", "Gamma")])
    purge_at = T0 + timedelta(days=31)
    second = write(store, [observed("o1", "Alpha")], day=1, recycle_bin={"o2": purge_at})
    assert (second.apps, second.added, second.changed, second.removed) == (1, 0, 0, 2)
    o2, o3 = store.app_rows([_pk(store, "o2"), _pk(store, "o3")])
    assert (o2.status, o2.deleted_until) == ("recycled", purge_at)
    assert (o3.status, o3.deleted_until) == ("purged", None)
    assert o2.last_modified == second.finished  # the deletion is the app's latest change
    assert [(v.valid_from, v.valid_until) for v in store.versions(o2.pk)] == [(first.id, second.id)]
    assert store.app_at(o2.pk, first.id) is not None
    assert store.app_at(o2.pk, second.id) is None

    # Thirty days later the recycle bin purges it: status only, not a modification.
    third = write(store, [observed("o1", "Alpha")], day=31)
    assert third.removed == 0
    o2 = store.app_rows([o2.pk])[0]
    assert (o2.status, o2.deleted_until, o2.last_modified) == ("purged", None, second.finished)


def test_an_undeleted_app_comes_back_with_a_new_version_even_when_unchanged(store: Store) -> None:
    first = write(store, [observed("o1", "Alpha")])
    second = write(store, [], day=1, recycle_bin={"o1": None})
    third = write(store, [observed("o1", "Alpha")], day=2)
    assert (third.added, third.changed, third.apps) == (1, 0, 1)
    pk = _pk(store, "o1")
    row = store.app_rows([pk])[0]
    assert (row.status, row.deleted_until, row.last_modified) == ("active", None, third.finished)
    assert [(v.valid_from, v.valid_until) for v in store.versions(pk)] == [(third.id, None), (first.id, second.id)]
    assert [store.app_at(pk, s) is not None for s in (first.id, second.id, third.id)] == [True, False, True]


def test_app_at_follows_valid_from_inclusive_valid_until_exclusive_across_snapshots(store: Store) -> None:
    s1 = write(store, [observed("o1", "v1"), observed("o2", "Beta")])
    s2 = write(store, [observed("o1", "v1"), observed("o2", "Beta")], day=1)
    s3 = write(store, [observed("o1", "v2"), observed("o2", "Beta")], day=2)
    s4 = write(store, [observed("o2", "Beta")], day=3)
    s5 = write(store, [observed("o1", "v3"), observed("o2", "Beta")], day=4)
    pk = _pk(store, "o1")

    def name_at(snapshot_id: int) -> str | None:
        doc = store.app_at(pk, snapshot_id)
        return None if doc is None else doc["application"]["displayName"]

    assert [name_at(s.id) for s in (s1, s2, s3, s4, s5)] == ["v1", "v1", "v2", None, "v3"]
    assert name_at(s1.id - 1) is None  # before the app was first seen
    version = store.version_at(pk, s2.id)
    assert version is not None and version.valid_from == s1.id and version.valid_until == s3.id

    at_s4 = store.apps_at(TENANT, s4.id)
    assert [a.object_id for a in at_s4] == ["o2"]
    at_s3 = store.apps_at(TENANT, s3.id)
    assert [(a.object_id, a.display_name) for a in at_s3] == [("o2", "Beta"), ("o1", "v2")]
    assert at_s3[1].document["application"]["displayName"] == "v2"
    assert [a.display_name for a in store.apps_at(TENANT, s1.id, app_pks=[pk])] == ["v1"]


def test_a_partial_snapshot_updates_only_the_apps_it_names(store: Store) -> None:
    first = write(store, [observed("o1", "Alpha"), observed("o2", "Beta")])
    pre = write(store, [observed("o1", "Alpha edited")], day=1, partial=True, trigger="pre-restore")
    assert (pre.trigger, pre.partial, pre.apps, pre.changed, pre.removed) == ("pre-restore", True, 2, 1, 0)
    o2 = _pk(store, "o2")
    assert store.app_rows([o2])[0].status == "active"
    assert store.app_at(o2, pre.id) == store.app_at(o2, first.id)


def test_blobs_are_stored_once_by_hash(store: Store) -> None:
    logo = b"\x89PNG fake logo"
    sha = hashlib.sha256(logo).hexdigest()
    write(store, [observed("o1", "Alpha")], blobs={sha: logo})
    write(store, [observed("o1", "Alpha")], day=1, blobs={sha.upper(): logo})
    assert store.blob(sha) == logo
    assert store.blob("0" * 64) is None
    assert store._db.execute_sql("SELECT count(*) FROM blob").fetchone()[0] == 1


def test_bad_input_writes_nothing(store: Store) -> None:
    write(store, [observed("o1", "Alpha")])
    with pytest.raises(ValueError, match="does not match"):
        write(store, [observed("o2", "Beta")], day=1, blobs={"0" * 64: b"not that"})
    with pytest.raises(ValueError, match="observed twice"):
        write(store, [observed("o2", "Beta"), observed("o2", "Beta")], day=1)
    with pytest.raises(UnknownTenantError):
        store.write_snapshot("no-such-tenant", snapshot_write([observed("o9", "X")]))
    assert [s.apps for s in store.snapshots(TENANT)] == [1]
    assert set(store.current_apps(TENANT)) == {"o1"}


def test_a_failed_backup_is_recorded_but_is_not_a_snapshot(store: Store) -> None:
    ok = write(store, [observed("o1", "Alpha")])
    failed = store.record_failed_backup(
        TENANT, started=T0 + timedelta(days=1), finished=T0 + timedelta(days=1, seconds=9),
        error="429 TooManyRequests", requests=3,
    )
    assert [s.id for s in store.snapshots(TENANT)] == [ok.id]
    assert [s.id for s in store.snapshots(TENANT, include_failed=True)] == [failed.id, ok.id]
    last = store.last_backup(TENANT)
    assert last is not None and (last.status, last.error, last.requests) == ("failed", "429 TooManyRequests", 3)


def test_snapshots_are_ordered_by_id_and_grouped_by_day(store: Store) -> None:
    s1 = write(store, [observed("o1", "Alpha")], day=0)
    s2 = write(store, [observed("o1", "Alpha")], day=1)
    # A clock that went backwards must not reorder history.
    late = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    s3 = store.write_snapshot(TENANT, replace(snapshot_write([observed("o1", "Alpha")]), started=late, finished=late))
    assert [s.id for s in store.snapshots(TENANT)] == [s3.id, s2.id, s1.id]
    assert store.snapshot_days(TENANT, tz=UTC) == [date(2026, 3, 1), date(2026, 3, 2)]
    assert [s.id for s in store.snapshots_on(TENANT, date(2026, 3, 2), tz=UTC)] == [s2.id, s3.id]
    # In UTC+2, 23:30 UTC is already the next day.
    plus2 = timezone(timedelta(hours=2))
    assert store.snapshot_days(TENANT, tz=plus2) == [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)]
    assert [s.id for s in store.snapshots_on(TENANT, date(2026, 3, 3), tz=plus2)] == [s3.id]


def test_progress_is_reported_while_writing(store: Store) -> None:
    seen: list[int] = []
    apps = [observed(f"o{i}", f"App {i}") for i in range(1200)]
    store.write_snapshot(TENANT, snapshot_write(apps), progress=seen.append)
    assert seen == [500, 1000]


def test_a_restores_partial_snapshot_is_no_backup_attempt_for_the_alerts(store: Store) -> None:
    first = write(store, [observed("o1", "Alpha"), observed("o2", "Beta")])
    write(store, [observed("o1", "Alpha edited")], day=1, partial=True, trigger="post-restore")
    latest, complete = store.alerts.newest_attempts(TENANT)
    assert latest is not None and complete is not None
    assert (latest.id, complete.id) == (first.id, first.id)
    newer, before = store.alerts.attempts_after(TENANT, 0)
    assert [s.id for s in newer] == [first.id]
