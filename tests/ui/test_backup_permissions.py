"""Back up now without Directory.Read.All: the backup keeps the app registrations, the window says which permission
the enterprise applications' consent needs and offers the sign-in that asks for it, then backs up again."""

from __future__ import annotations

from typing import Any

from test_backup_now import backed_up, calm_emulator, emulator  # noqa: F401
from test_restore_permissions import SignedInConnector

from desktop_app.services.backup import BackupService


class SignInStandIn:
    """The window's sign-in (ui/accounts.py's AccountActions.sign_in_to), with the admin approving at once."""

    def __init__(self, connector: SignedInConnector) -> None:
        self.connector = connector
        self.asked: list[tuple[str, tuple[str, ...]]] = []

    def sign_in_to(self, tenant: Any, *, write: bool = False, permissions: Any = (), then: Any = None) -> None:
        self.asked.append((tenant.tenant_id, tuple(permissions)))
        self.connector.consent.granted.update(permissions)  # the admin approved in the browser
        then(object())


def test_back_up_now_without_directory_read_offers_the_sign_in_that_grants_it(  # type: ignore[no-untyped-def]
        qtbot, open_window, context_of, backed_up, monkeypatch) -> None:  # noqa: F811
    store = backed_up.store
    connector = SignedInConnector(timeout=10, max_retries=3, sleep=lambda _s: None)
    connector.consent.granted = set()  # consent to read app registrations only
    window = open_window(context_of(store, backup=BackupService(store, connector)))
    stand_in = SignInStandIn(connector)
    monkeypatch.setattr(window.account_actions, "sign_in_to", stand_in.sign_in_to)
    before = len(store.snapshots(backed_up.contoso.tenant_id))
    with qtbot.waitSignal(window.backup.finished, timeout=30_000) as finished:
        window.backup.start()
    assert finished.args == ["complete"]  # the apps are backed up all the same
    qtbot.waitUntil(lambda: window.backup.permissions_dialog is not None and
                    window.backup.permissions_dialog.isVisible())
    box = window.backup.permissions_dialog
    assert "Directory.Read.All" in box.text() and "without their enterprise applications" in box.text()
    newest = store.snapshots(backed_up.contoso.tenant_id)[0]
    assert len(store.snapshots(backed_up.contoso.tenant_id)) == before + 1 and newest.status == "complete"

    button = box.findChild(type(box.defaultButton() or box.buttons()[0]), "grantPermissionsButton")
    assert button is not None
    with qtbot.waitSignal(window.backup.finished, timeout=30_000) as again:
        button.click()
    assert again.args == ["complete"]
    assert stand_in.asked == [(backed_up.contoso.tenant_id, ("Directory.Read.All",))]
    assert len(store.snapshots(backed_up.contoso.tenant_id)) == before + 2
    assert window.backup.permissions_dialog is box and not box.isVisible()  # nothing missing this time: no new offer
    rows = store.app_rows(store.app_ids(backed_up.contoso.tenant_id))
    assert any("servicePrincipal" in store.version_document(store.versions(row.pk)[0].pk) for row in rows)

    # Consent revoked again: the offer is made once a session; after that the status bar says it.
    connector.consent.granted = set()
    with qtbot.waitSignal(window.backup.finished, timeout=30_000):
        window.backup.start()
    qtbot.waitUntil(lambda: "Directory.Read.All" in window.statusBar().currentMessage())
    assert window.backup.permissions_dialog is box and not box.isVisible()
