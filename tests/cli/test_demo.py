"""Demo mode: a history of real backups of the built-in emulator, built once and reused."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import httpx
import pytest

from desktop_app.app import AppPaths
from desktop_app.cli.demo import prepare_demo
from desktop_app.domain.cancel import Cancelled, CancelToken

SMALL = {"contoso": (60, 6), "fabrikam": (12, 1)}


@pytest.mark.slow
def test_the_demo_builds_a_history_of_daily_snapshots_with_changes_and_deletions(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "demo")
    seen: list[int] = []
    env = prepare_demo(paths, lambda done, total: seen.append(done), tenants=SMALL, days=35)
    try:
        store = env.store
        tenants = {t.display_name: t for t in store.list_tenants()}
        assert set(tenants) == {"Contoso", "Fabrikam"}
        assert seen == list(range(1, 36))
        contoso = tenants["Contoso"].tenant_id
        snapshots = store.snapshots(contoso)
        assert len(snapshots) == 35
        days = store.snapshot_days(contoso)
        assert len(days) == 35, "one snapshot a day"
        rows = store.app_rows(store.app_ids(contoso, include_deleted=True))
        statuses = Counter(r.status for r in rows)
        # 35 days of churn delete apps: the recent ones are in the recycle bin, the old ones expired.
        assert statuses["recycled"] > 0 and statuses["purged"] > 0 and statuses["active"] > 40
        assert any(r.version_count > 1 for r in rows), "apps changed over the days"
        # Who made the changes: the named users, read from the audit log each day and linked to the versions.
        named = {u["userPrincipalName"] for u in env.emulator.named_users("contoso")}
        changed = [r for r in rows if r.version_count > 1]
        actors = {e.actor.name for r in changed for events in store.timeline.changed_by(
            [v.pk for v in store.versions(r.pk)]).values() for e in events}
        assert actors and actors <= named, actors
        assert sum(s.added for s in snapshots[:-1]) > 0, "apps were added after the first day"
        # The history ends today, where the emulator is.
        last = snapshots[0].finished
        assert last is not None and (env.emulator.now() - last).total_seconds() < 600
    finally:
        env.store.close()
        env.close()

    # A second start reuses the history: it replays the changes without backing up again.
    again = prepare_demo(paths, lambda done, total: seen.append(-done), tenants=SMALL, days=35)
    try:
        assert len(again.store.snapshots(contoso)) == 35
        assert not [d for d in seen if d < 0]
        from desktop_app.services.backup import BackupService

        summary = BackupService(again.store, again.graph_for_tenant).run(contoso)
        assert (summary.added, summary.changed, summary.removed) == (0, 0, 0)
    finally:
        again.store.close()
        again.close()


def test_a_cancelled_demo_build_keeps_the_days_built_and_the_next_start_goes_on(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "demo")
    cancel = CancelToken()
    seen: list[int] = []

    def progress(done: int, _total: int) -> None:
        seen.append(done)
        if done == 2:
            cancel.cancel()  # what closing the progress window does

    with pytest.raises(Cancelled):
        prepare_demo(paths, progress, tenants=SMALL, days=5, cancel=cancel)
    assert seen == [1, 2]
    env = prepare_demo(paths, lambda done, _total: seen.append(done), tenants=SMALL, days=5)
    try:
        assert seen == [1, 2, 3, 4, 5]  # only the days not built yet
        contoso = next(t.tenant_id for t in env.store.list_tenants() if t.display_name == "Contoso")
        assert len(env.store.snapshots(contoso)) == 5
    finally:
        env.store.close()
        env.close()


def test_the_demo_can_open_on_its_first_day_and_build_the_rest_behind(tmp_path: Path) -> None:
    """Issue 15: the window opens on the first day backed up; build_rest backs up the others afterwards."""
    paths = AppPaths(tmp_path).ensure()
    seen: list[int] = []
    env = prepare_demo(paths, lambda done, _total: seen.append(done), tenants=SMALL, days=6, first_days=1)
    try:
        assert seen == [1] and env.days_built == 1 and not env.complete
        tenant_id = env.store.list_tenants()[0].tenant_id
        assert len(env.store.snapshots(tenant_id)) == 1
        # The window opens once the first day can be browsed: its certificate bytes (150 reads a minute) are
        # still to come, and the next day's backup, behind the window, reads them first.
        assert sum(env.store.pending_certificates(tenant_id).values()) > 0
        env.build_rest(lambda done, _total: seen.append(done))
        assert seen == [1, 2, 3, 4, 5, 6] and env.complete and env.days_built == 6
        assert env.store.pending_certificates(tenant_id) == {}
        assert len(env.store.snapshots(tenant_id)) == 6
        assert env.store.get_setting("demo.daysBuilt") == 6
    finally:
        env.store.close()
        env.close()
    # A later start builds nothing and returns complete.
    again = prepare_demo(paths, lambda done, _total: seen.append(-done), tenants=SMALL, days=6, first_days=1)
    try:
        assert again.complete and seen[-1] == 6
    finally:
        again.store.close()
        again.close()


def test_cancelling_the_rest_keeps_the_days_built(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path).ensure()
    env = prepare_demo(paths, None, tenants=SMALL, days=5, first_days=1)
    cancel = CancelToken()
    try:
        with pytest.raises(Cancelled):
            env.build_rest(lambda done, _total: cancel.cancel() if done == 3 else None, cancel=cancel)
        assert env.store.get_setting("demo.daysBuilt") == 3
    finally:
        env.store.close()
        env.close()
    seen: list[int] = []
    env = prepare_demo(paths, lambda done, _total: seen.append(done), tenants=SMALL, days=5)
    try:
        assert seen == [4, 5]
    finally:
        env.store.close()
        env.close()


def test_a_later_start_opens_on_the_days_there_before_backing_up_any(tmp_path: Path) -> None:
    """Issue 15: a start after one closed early opens the window on the days already backed up (no backup, and
    no certificate bytes read, before it); the day after them, behind the window, reads the bytes still to come."""
    paths = AppPaths(tmp_path).ensure()
    first = prepare_demo(paths, None, tenants=SMALL, days=4, first_days=1)
    first.store.close()
    first.close()  # closed at once: one day built, its certificate bytes still to come
    seen: list[int] = []
    env = prepare_demo(paths, lambda done, _total: seen.append(done), tenants=SMALL, days=4, first_days=1)
    try:
        tenant_id = env.store.list_tenants()[0].tenant_id
        assert seen == [1] and env.days_built == 1 and len(env.store.snapshots(tenant_id)) == 1
        assert sum(env.store.pending_certificates(tenant_id).values()) > 0
        env.build_rest(lambda done, _total: seen.append(done))
        assert seen == [1, 2, 3, 4] and env.store.pending_certificates(tenant_id) == {}
        assert len(env.store.snapshots(tenant_id)) == 4
    finally:
        env.store.close()
        env.close()


def test_the_demo_tenants_keep_what_was_done_to_them_across_starts(tmp_path: Path) -> None:
    """What a restore (or anything) did to a demo tenant is still there at the next start: the restore history's
    "Complete" stays true (the emulator used to be built again from the seed)."""
    paths = AppPaths(tmp_path).ensure()
    env = prepare_demo(paths, None, tenants=SMALL, days=3)
    try:
        headers = {"Authorization": f"Bearer {env.emulator.token('contoso')}"}
        apps = httpx.get(f"{env.emulator.base_url}/applications", headers=headers).raise_for_status().json()["value"]
        gone = apps[0]
        httpx.delete(f"{env.emulator.base_url}/applications/{gone['id']}", headers=headers).raise_for_status()
        renamed = apps[1]
        httpx.patch(f"{env.emulator.base_url}/applications/{renamed['id']}", headers=headers,
                    json={"displayName": "Renamed in the demo"}).raise_for_status()
    finally:
        env.store.close()
        env.close()
    assert oct((paths.data_dir / "regvault.sqlite.graph").stat().st_mode & 0o777) == "0o600"

    again = prepare_demo(paths, None, tenants=SMALL, days=3)
    try:
        headers = {"Authorization": f"Bearer {again.emulator.token('contoso')}"}
        names = {a["id"]: a["displayName"] for a in httpx.get(
            f"{again.emulator.base_url}/applications", headers=headers, params={"$top": "999"}
        ).raise_for_status().json()["value"]}
        assert gone["id"] not in names and names[renamed["id"]] == "Renamed in the demo"
        recycled = httpx.get(f"{again.emulator.base_url}/directory/deletedItems/microsoft.graph.application",
                             headers=headers).raise_for_status().json()["value"]
        assert gone["id"] in {a["id"] for a in recycled}
    finally:
        again.store.close()
        again.close()


def test_a_demo_folder_built_with_other_settings_is_started_afresh(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path).ensure()
    env = prepare_demo(paths, None, tenants=SMALL, days=2)
    env.store.close()
    env.close()
    locks = paths.data_dir / "regvault.sqlite-locks"
    locks.mkdir(exist_ok=True)  # SQLite's tenant locks live in a folder beside the database
    (locks / "held").write_text("")
    (paths.data_dir / "regvault.bak-v4").write_text("a migration's copy")

    again = prepare_demo(paths, None, tenants=SMALL, days=3)  # other settings: another history
    try:
        contoso = next(t for t in again.store.list_tenants() if t.display_name == "Contoso")
        assert len(again.store.snapshots(contoso.tenant_id)) == 3
        assert not (paths.data_dir / "regvault.bak-v4").exists()
    finally:
        again.store.close()
        again.close()
