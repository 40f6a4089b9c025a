"""Screenshots of the compare view and the cherry-pick preview (issue 13), for the README.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tests/ui/screenshot_compare.py --out-dir resources/screenshots

Builds a short history on the Graph emulator (tests/ui/screenshot.py's), changes the busiest app once more in the
"live" tenant, opens Compare… against the live tenant, then selects two changed attributes in the side panel and
opens Restore selected values… up to its preview. Shots are the X root window (`import -window root`).
Not a test (pytest does not collect it).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import QItemSelectionModel, QModelIndex
from screenshot import _changes, build_history, pump
from window_context import context_for

from desktop_app.app import AppPaths
from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupService
from desktop_app.services.restore import RestoreService
from desktop_app.services.tenants import GraphConnector
from desktop_app.store import Store
from desktop_app.ui.compare_view import CompareDialog
from desktop_app.ui.launch import ensure_application, window_settings
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.restore_wizard import RestoreWizard


def shoot(path: Path, widget: object) -> None:
    if os.environ.get("DISPLAY"):
        subprocess.run(["import", "-window", "root", str(path)], check=True)
    else:
        widget.grab().save(str(path))  # type: ignore[attr-defined]
    print(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out-dir", default="/tmp")
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1000)
    args = parser.parse_args()
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="regvault-compare-shot-"))
    emulator = Emulator(tenants="contoso:120,fabrikam:20", throttle="off").start()
    # screenshot.build_history backs up at 02:00 past each of the last days, the last one two hours from now:
    # start it three hours earlier so that every backup is in the past of the live read.
    import screenshot as history

    class _Earlier(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Any:  # type: ignore[override]
            return datetime.now(tz) - timedelta(hours=3)

    history.datetime = _Earlier  # type: ignore[misc]
    build_history(data_dir, emulator, days=4)
    history.datetime = datetime  # type: ignore[misc]
    app = ensure_application()
    store = Store.open(AppPaths(data_dir).database)
    connector = GraphConnector()
    backup = BackupService(store, connector)
    context = context_for(store, data_dir, graph_for_tenant=connector,
                          restore=RestoreService(store, connector, reader=backup.reader, operator="admin"))
    window = MainWindow(context, window_settings(data_dir))
    window.resize(args.width, args.height)
    window.move(0, 0)
    window.show()
    pump(app, 800)
    rows = store.app_rows(list(window.apps.model.ids))
    best = max(sorted(rows, key=lambda r: r.version_count, reverse=True)[:40], key=lambda r: _changes(store, r.pk))
    window.apps.show_app(best.pk)
    pump(app, 800)

    # Someone changed the app again since the last backup: what the live tenant says now.
    http = httpx.Client(base_url=emulator.base_url, timeout=20,
                        headers={"Authorization": f"Bearer {emulator.token('contoso')}"})
    http.patch(f"/applications/{best.object_id}", json={
        "signInAudience": "AzureADMultipleOrgs", "description": "Changed in the portal after the last backup",
        "web": {"redirectUris": ["https://attacker.example.net/signin-oidc"]}}).raise_for_status()

    window.panel.compare_button.click()
    pump(app, 600)
    dialog: CompareDialog = window.compare.compare_dialog
    dialog.resize(int(args.width * 0.8), int(args.height * 0.7))
    dialog.move(int(args.width * 0.1), int(args.height * 0.15))
    dialog.from_combo.setCurrentIndex(min(1, dialog.from_combo.count() - 1))
    pump(app, 1500)
    shoot(out / "compare-view.png", dialog)
    dialog.tabs.setCurrentIndex(1)
    dialog.since_combo.setCurrentIndex(dialog.since_combo.count() - 1)
    dialog.tenant_button.click()
    pump(app, 4000)
    dialog.tenant_tree.expandAll()
    pump(app, 300)
    shoot(out / "compare-tenant.png", dialog)
    dialog.reject()
    pump(app, 300)

    # Restore selected values…: the redirect URIs and the description, as in the version shown.
    panel = window.panel
    model = panel.model

    def find(path: tuple[str, ...], parent: QModelIndex = QModelIndex()) -> QModelIndex | None:  # noqa: B008
        for r in range(model.rowCount(parent)):
            index = model.index(r, 0, parent)
            if model.node(index).path == path:
                return index
            found = find(path, index)
            if found is not None:
                return found
        return None

    for path in (("application", "web", "redirectUris"), ("application", "description")):
        index = find(path)
        if index is not None:
            panel.tree.selectionModel().select(
                index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    pump(app, 300)
    panel.restore_values_button.click()
    pump(app, 1500)
    wizard = window.findChild(RestoreWizard, "restoreWizard")
    assert wizard is not None
    wizard.next()
    pump(app, 300)
    wizard.next()
    pump(app, 4000)
    shoot(out / "cherry-pick-preview.png", wizard)
    wizard.reject()
    window.close()
    http.close()
    store.close()
    emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
