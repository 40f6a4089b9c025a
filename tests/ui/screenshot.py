"""Open the main window on backed-up data, show an app with changes, and take a screenshot (for the README).

    xvfb-run -s "-screen 0 1600x1000x24" .venv/bin/python tests/ui/screenshot.py --out /tmp/shot.png
    REGVAULT_COLOR_SCHEME=dark xvfb-run -s "-screen 0 1280x720x24" .venv/bin/python tests/ui/screenshot.py ...
    xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python tests/ui/screenshot.py --data-dir DEMO_DIR --out ...

Without --data-dir it builds a small history itself: the Graph emulator, a first backup, then a few days in
which apps change (scopes, redirect URIs, owners, notes) and some are deleted, backed up each day.
The shot is the X root window (`import -window root`) when DISPLAY is set, else the window's own grab.
Not a test (pytest does not collect it).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from window_context import context_for

from desktop_app.app import AppPaths
from desktop_app.emulator import Emulator
from desktop_app.graph.client import GraphClient
from desktop_app.services.backup import BackupService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store
from desktop_app.ui.launch import ensure_application, window_settings
from desktop_app.ui.main_window import MainWindow


def build_history(data_dir: Path, emulator: Emulator, days: int = 6) -> None:
    store = Store.open(AppPaths(data_dir).ensure().database)
    try:
        connector = GraphConnector()
        tenants = TenantService(store, connector)
        added = [tenants.add_emulator_tenant(emulator.base_url, t["id"]) for t in emulator.tenants]
        start = datetime.now(UTC) - timedelta(days=days)
        for day in range(days + 1):
            when = start + timedelta(days=day, hours=2)
            service = BackupService(store, connector, clock=lambda w=when: w)
            for tenant in added:
                if day:
                    change_some_apps(emulator, tenant.tenant_id, connector, day)
                service.run(tenant.tenant_id, trigger="scheduled")
            emulator.advance_clock(86_400)
    finally:
        store.close()


def change_some_apps(emulator: Emulator, tenant_id: str, connector: GraphConnector, day: int) -> None:
    tenant = type("T", (), {"kind": "emulator", "tenant_id": tenant_id})()
    with GraphClient(emulator.base_url, connector.tokens_for(tenant)) as graph:  # type: ignore[arg-type]
        apps = graph.get_all("/applications", params={"$select": "id,displayName,web,api,notes", "$top": "999"})
        apps.sort(key=lambda a: a["displayName"])
        for i, app in enumerate(apps[day::9][:40]):
            body: dict[str, object] = {"notes": f"Reviewed by the security team, round {day}"}
            web = app.get("web") or {}
            uris = list(web.get("redirectUris") or [])
            if i % 2 == 0:
                uris.append(f"https://staging{day}.example.com/signin-oidc")
                body["web"] = {"redirectUris": uris}
            graph.patch(f"/applications/{app['id']}", body)
            if i % 3 == 0:
                graph.post(f"/applications/{app['id']}/federatedIdentityCredentials", {
                    "name": f"deploy-day{day}", "issuer": "https://token.actions.githubusercontent.com",
                    "subject": f"repo:contoso/app{i}:environment:day{day}", "audiences": ["api://AzureADTokenExchange"],
                })
        for app in apps[day * 7 + 3::97][:2]:
            graph.delete(f"/applications/{app['id']}")


def _changes(store: Store, app_pk: int) -> int:
    from desktop_app.domain.diff import diff_documents

    versions = store.versions(app_pk)
    if len(versions) < 2:
        return 0
    changes = diff_documents(store.version_document(versions[1].pk), store.version_document(versions[0].pk))
    return len(changes) * 1000 + len(versions)


def pump(app, ms: int) -> None:  # type: ignore[no-untyped-def]
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save_shot(window: MainWindow, out: Path) -> None:
    """The X root window when DISPLAY is set (what xvfb shows), else the window's own grab."""
    if os.environ.get("DISPLAY"):
        subprocess.run(["import", "-window", "root", str(out)], check=True)
    else:
        window.grab().save(str(out))
    print(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", help="a data folder with backups (e.g. the demo's); default: build one")
    parser.add_argument("--out", default="/tmp/shot.png")
    parser.add_argument("--tenants", default="contoso:2000,fabrikam:150")
    parser.add_argument("--filter", default="")
    args = parser.parse_args()

    emulator = None
    if args.data_dir:
        data_dir = Path(args.data_dir)
    else:
        data_dir = Path(tempfile.mkdtemp(prefix="regvault-shot-"))
        emulator = Emulator(tenants=args.tenants, throttle="off").start()
        print(f"building a history in {data_dir} …", file=sys.stderr)
        build_history(data_dir, emulator)
    app = ensure_application()
    store = Store.open(AppPaths(data_dir).database)
    window = MainWindow(context_for(store, data_dir), window_settings(data_dir))
    screen = window.screen().availableGeometry()  # the whole (virtual) screen: there is no window manager
    window.resize(screen.width(), screen.height())
    window.move(0, 0)
    window.show()
    pump(app, 800)
    if args.filter:
        window.apps.set_filter(args.filter)
        pump(app, 500)
    # An app with history, and a few checked, as an admin would have it mid-task.
    model = window.apps.model
    rows = store.app_rows(list(model.ids))
    busiest = sorted(rows, key=lambda r: r.version_count, reverse=True)[:40]
    best = max(busiest, key=lambda r: _changes(store, r.pk))
    row = model.row_of(best.pk) or 0
    window.apps.show_app(best.pk)
    window.apps.table.scrollTo(model.index(row, 1), window.apps.table.ScrollHint.PositionAtCenter)
    model.set_checked([model.pk_at(r) for r in (row - 3, row - 1, row + 2) if 0 <= r < model.rowCount()], True)
    for _ in range(100):  # a loaded machine takes its time reading the versions
        pump(app, 100)
        if window.panel.view is not None:
            break
    if window.panel.view is not None and not window.panel.view.tree.red_paths:
        window.panel.show_older()
        pump(app, 500)
    save_shot(window, Path(args.out))
    window.close()
    store.close()
    if emulator is not None:
        emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
