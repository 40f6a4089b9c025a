"""The side panel's enterprise application sections, with a change in red, for the README (not a test).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tests/ui/screenshot_enterprise.py \
        --out resources/screenshots/side-panel-enterprise.png

Builds its own history: the Graph emulator, a backup, then an admin's edits to one app's enterprise application
(a group unassigned, "assignment required" switched, a note), a second backup; then the window on that app with the
application's own sections folded and the three enterprise sections open.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import httpx
from screenshot import pump, save_shot
from window_context import context_for

from desktop_app.app import AppPaths
from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store
from desktop_app.ui.launch import ensure_application, window_settings
from desktop_app.ui.main_window import MainWindow

ENTERPRISE = ("Enterprise application", "Permissions granted",
              "Users and groups assigned")


def edit_enterprise_application(emulator: Emulator) -> str:
    """An admin's edits in the portal: the app id of the app changed."""
    with httpx.Client(base_url=emulator.base_url,
                      headers={"Authorization": f"Bearer {emulator.token('contoso')}"}) as portal:
        sps = portal.get("/servicePrincipals", params={"$top": "999"}).json()["value"]
        for sp in sorted(sps, key=lambda s: s.get("displayName") or ""):
            if sp.get("appOwnerOrganizationId") != emulator.tenant_id("contoso"):
                continue
            assigned = portal.get(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo").json()["value"]
            groups = [a for a in assigned if a["principalType"] == "Group"]
            grants = portal.get("/oauth2PermissionGrants", params={"$filter": f"clientId eq '{sp['id']}'"}).json()
            if groups and grants["value"] and len(assigned) >= 2:
                portal.delete(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo/{groups[0]['id']}")
                portal.patch(f"/servicePrincipals/{sp['id']}",
                             json={"appRoleAssignmentRequired": not sp.get("appRoleAssignmentRequired"),
                                   "notes": f"Access reviewed: {groups[0]['principalDisplayName']} removed"})
                return str(sp["appId"])
    raise LookupError("no app with consent and a group assigned")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="/tmp/side-panel-enterprise.png")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="regvault-shot-"))
    with Emulator(tenants="contoso:60", throttle="off", seed=3) as emulator:
        store = Store.open(AppPaths(data_dir).ensure().database)
        connector = GraphConnector()
        tenant = TenantService(store, connector).add_emulator_tenant(emulator.base_url, emulator.tenant_id("contoso"))
        backup = BackupService(store, connector)
        backup.run(tenant.tenant_id)
        app_id = edit_enterprise_application(emulator)
        backup.run(tenant.tenant_id)
        row = store.find_app(tenant.tenant_id, app_id)
        assert row is not None
        app = ensure_application()
        window = MainWindow(context_for(store, data_dir), window_settings(data_dir))
        screen = window.screen().availableGeometry()
        window.resize(screen.width(), screen.height())
        window.move(0, 0)
        window.show()
        pump(app, 800)
        window.apps.show_app(row.pk)
        window.apps.table.scrollTo(window.apps.model.index(window.apps.model.row_of(row.pk) or 0, 1))
        for _ in range(100):
            pump(app, 100)
            if window.panel.view is not None:
                break
        pump(app, 300)
        window.splitter.setSizes([700, screen.width() - 700])  # room for the panel's words
        tree = window.panel.tree
        model = tree.model()
        tree.header().resizeSection(0, 360)
        tree.collapseAll()
        for r in range(model.rowCount()):
            index = model.index(r, 0)
            if model.data(index) in ENTERPRISE:
                # Each section and its lists open; the items of the lists folded, so the red rows show at once.
                tree.expandRecursively(index, 3 if model.data(index) == ENTERPRISE[1] else 1)
        first = next(model.index(r, 0) for r in range(model.rowCount()) if model.data(model.index(r, 0)) in ENTERPRISE)
        tree.scrollTo(first, tree.ScrollHint.PositionAtTop)
        pump(app, 500)
        save_shot(window, Path(args.out))
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
