"""The Credentials view and the search across tenants, driven through the window like a user would: open, filter,
sort, and open a hit in its tenant (issue 26)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from credential_docs import document, observed, secret, user
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QTableView, QWidget

from desktop_app.domain.document import canonical_json, document_hash
from desktop_app.store import ObservedApp, SnapshotWrite, Store
from desktop_app.ui.credentials_view import CredentialColumn, CredentialsModel, CredentialsView, Show
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tenant_search import SearchResults

NOW = datetime.now(UTC)


def with_expired_secret(store: Store, tenant_id: str) -> None:
    """One more app whose secret expired last week and whose other one ends in ten days."""
    latest = store.snapshots(tenant_id)[0]
    apps = store.apps_at(tenant_id, latest.id)
    doc = document("o-late", "Zeta Legacy Portal", owners=[user("u-z", "Zoë Ops", "zoe@fabrikam.example")],
                   secrets=[secret("gone", "old secret", NOW - timedelta(days=7)),
                            secret("soon", "new secret", NOW + timedelta(days=10), hint="Zq~")])
    kept = [ObservedApp(a.object_id, a.app_id, str(a.display_name), canonical_json(a.document),
                        document_hash(a.document)) for a in apps]
    store.write_snapshot(tenant_id, SnapshotWrite(started=NOW - timedelta(minutes=5), finished=NOW,
                                                  observed=[*kept, observed(doc)]))


def open_credentials(qtbot, window: MainWindow) -> CredentialsView:  # type: ignore[no-untyped-def]
    action = window.cross_tenant.credentials_action
    assert action in window.menus.file.actions()
    action.trigger()
    view = window.cross_tenant.credentials_view
    assert view is not None
    qtbot.waitUntil(lambda: view.model.total > 0, timeout=10_000)
    return view


def shown(view: CredentialsView, column: CredentialColumn) -> list[str]:
    m = view.model
    return [m.index(r, column).data() for r in range(m.rowCount())]


def test_the_model_passes_qt_s_model_tester(qtmodeltester, filled) -> None:  # type: ignore[no-untyped-def]
    store, *_ = filled
    model = CredentialsModel()
    model.set_records(store.credentials.list(), NOW)
    qtmodeltester.check(model)
    model.set_filter("contoso", Show.QUARTER, None)
    qtmodeltester.check(model)


def test_credentials_of_every_tenant_filter_sort_and_open_in_its_tenant(qtbot, open_window, context_of,  # type: ignore[no-untyped-def]
                                                                         filled) -> None:
    store, contoso, fabrikam = filled
    with_expired_secret(store, fabrikam.tenant_id)
    window = open_window(context_of(store))
    assert window.tenant.tenant_id == contoso.tenant_id
    view = open_credentials(qtbot, window)
    for name, kind in (("credentialsFilter", QLineEdit), ("credentialsShow", QComboBox),
                       ("credentialsTenant", QComboBox), ("credentialsReload", QPushButton),
                       ("credentialsTable", QTableView), ("credentialsSummary", QLabel)):
        widget = view.findChild(kind, name)
        assert widget is not None and widget.accessibleName(), name
    records = store.credentials.list()
    total = len(records)
    assert view.model.rowCount() == total and {"Contoso Ltd", "Fabrikam Ltd"} <= set(shown(view, CredentialColumn.TENANT))
    # Soonest end first (the filled store's certificates end on fixed dates: counts are taken from it).
    ends = [view.model.record_at(r).end for r in range(view.model.rowCount())]
    assert ends == sorted(ends)
    days = dict(zip(shown(view, CredentialColumn.NAME), shown(view, CredentialColumn.DAYS_LEFT), strict=True))
    assert (days["old secret"], days["new secret"]) == ("-7", "9")
    expired = sum(1 for r in records if r.end < NOW)
    soon = sum(1 for r in records if r.end >= NOW and (r.end - NOW).days <= 30)
    expiring = "1 expires" if soon == 1 else f"{soon} expire"
    assert view.summary.text() == f"{total:,} of {total:,} credentials · {expired} expired · {expiring} within 30 days"

    qtbot.keyClicks(view.filter_box, "ZOË")
    assert shown(view, CredentialColumn.APP) == ["Zeta Legacy Portal", "Zeta Legacy Portal"]
    view.filter_box.clear()
    view.show_box.setCurrentIndex(view.show_box.findData(Show.EXPIRED))
    assert len(shown(view, CredentialColumn.NAME)) == expired and "old secret" in shown(view, CredentialColumn.NAME)
    view.show_box.setCurrentIndex(view.show_box.findData(Show.ALL))
    view.tenant_box.setCurrentIndex(view.tenant_box.findData(contoso.tenant_id))
    assert set(shown(view, CredentialColumn.TENANT)) == {"Contoso Ltd"}
    view.tenant_box.setCurrentIndex(0)

    header = view.table.horizontalHeader()
    header.setSortIndicator(int(CredentialColumn.APP), Qt.SortOrder.DescendingOrder)
    apps = shown(view, CredentialColumn.APP)
    assert apps == sorted(apps, key=str.casefold, reverse=True) and apps[0] == "Zeta Legacy Portal"
    assert view.model.record_at(0).tenant_id == fabrikam.tenant_id

    # Enter on a row opens its app in its tenant.
    view.table.setCurrentIndex(view.model.index(0, 0))
    with qtbot.waitSignal(window.apps.loaded, timeout=10_000):
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert window.tenant.tenant_id == fabrikam.tenant_id
    qtbot.waitUntil(lambda: window.apps.current_app_pk() == view.model.record_at(0).app_pk, timeout=5_000)


def test_search_all_tenants_from_the_toolbar_and_open_a_hit(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    store, contoso, fabrikam = filled
    window = open_window(context_of(store))
    box = window.findChild(QLineEdit, "allTenantsSearch")
    assert box is not None and box.accessibleName()
    results: SearchResults = window.cross_tenant.search.results
    # Every app's redirect URI names its tenant: both tenants answer.
    with qtbot.waitSignal(results.answered, timeout=10_000):
        qtbot.keyClicks(box, "/signin-oidc")
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert results.isVisible() and results.findChild(QWidget, "searchResultsTable") is not None
    tenants = {results.model.index(r, 0).data() for r in range(results.model.rowCount())}
    assert tenants == {"Contoso Ltd", "Fabrikam Ltd"}
    assert "redirect URI: https://" in results.model.index(0, 4).data()
    # A client ID of the other tenant, typed in the results window: one hit, found by its client ID.
    wanted = store.credentials.list(fabrikam.tenant_id)[0]
    results.query_box.clear()
    with qtbot.waitSignal(results.answered, timeout=10_000):
        qtbot.keyClicks(results.query_box, wanted.app_id.upper())
    assert results.model.rowCount() == 1
    assert results.model.index(0, 4).data() == (f"client ID: {wanted.app_id}; identifier URI: "
                                                f"api://{wanted.app_id}")
    assert results.summary.text() == "1 app in 1 tenant"
    with qtbot.waitSignal(window.apps.loaded, timeout=10_000):
        qtbot.keyClick(results.table, Qt.Key.Key_Return)
    assert window.tenant.tenant_id == fabrikam.tenant_id
    qtbot.waitUntil(lambda: window.apps.current_app_pk() == wanted.app_pk, timeout=5_000)
    with qtbot.waitSignal(results.answered, timeout=10_000):
        results.search("nothing like this anywhere")
    assert results.summary.text() == "No app of any tenant matches."


def test_the_keys_open_both(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    window = open_window(context_of(filled[0]))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.cross_tenant.search.hasFocus(), timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.cross_tenant.credentials_view is not None
                    and window.cross_tenant.credentials_view.model.total > 0, timeout=10_000)


def test_alerts_are_set_up_in_settings_secrets_in_the_keyring_and_a_test_alert_goes(  # type: ignore[no-untyped-def]
        qtbot, open_window, context_of, filled) -> None:
    from alert_peers import smtp_server, webhook_receiver

    from desktop_app.auth.secrets import KeyringSecrets
    from desktop_app.services.alert_settings import WEBHOOK_ACCOUNT, load_alert_secrets, load_alert_settings
    from desktop_app.services.alerts import AlertService, alert_channels

    store = filled[0]

    def alerts() -> AlertService:  # as Services.alerts() makes it, with the tests' keyring
        settings = load_alert_settings(store)
        return AlertService(store, alert_channels(settings, load_alert_secrets(settings)), settings)

    window = open_window(context_of(store, alerts=alerts))
    settings = window.account_actions.open_settings()
    assert settings is not None
    qtbot.waitUntil(lambda: settings.save_button.isEnabled(), timeout=10_000)
    group = settings.alerts_group
    for widget in group.findChildren(QWidget):
        if widget.objectName().startswith("alert") and not isinstance(widget, QLabel):
            assert widget.accessibleName(), widget.objectName()
    assert group.desktop_check.isChecked()  # on by default
    with webhook_receiver() as hook, smtp_server(password="s3cret") as box:
        group.desktop_check.setChecked(False)
        group.webhook_edit.setText(hook.url)
        assert not group.smtp_host_edit.isVisible()  # the mail server's rows show for e-mail alerts only
        group.email_check.setChecked(True)
        assert group.smtp_host_edit.isVisible()
        group.smtp_host_edit.setText("127.0.0.1")
        group.smtp_security_box.setCurrentIndex(group.smtp_security_box.findData("none"))
        group.smtp_port_spin.setValue(box.port)
        group.smtp_user_edit.setText("alerts")
        group.smtp_password_edit.setText("s3cret")
        group.smtp_to_edit.setText("admins@contoso.example")
        qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)  # no sender yet: refused, nothing saved
        qtbot.waitUntil(lambda: "needs a sender" in settings.status_label.text(), timeout=10_000)
        assert not load_alert_settings(store).webhook and KeyringSecrets().get(WEBHOOK_ACCOUNT) is None
        group.smtp_from_edit.setText("regvault@contoso.example")
        with qtbot.waitSignal(settings.saved, timeout=10_000):
            qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
        saved = load_alert_settings(store)
        assert (saved.desktop, saved.webhook, saved.webhook_host, saved.smtp_port) == (False, True, "127.0.0.1",
                                                                                       box.port)
        assert KeyringSecrets().get(WEBHOOK_ACCOUNT) == hook.url and KeyringSecrets().get(saved.smtp_account) == "s3cret"
        assert hook.url not in str(store.get_setting("alerts"))
        # Opened again: the secrets are not shown, only that they are kept.
        again = window.account_actions.open_settings()
        qtbot.waitUntil(lambda: again.save_button.isEnabled(), timeout=10_000)
        assert again.alerts_group.webhook_edit.text() == "" and "127.0.0.1" in \
            again.alerts_group.webhook_edit.placeholderText()
        with qtbot.waitSignal(again.alerts_group.tested, timeout=20_000):
            qtbot.mouseClick(again.alerts_group.test_button, Qt.MouseButton.LeftButton)
        assert again.alerts_group.test_status.text() == "Sent to: webhook, e-mail."
    assert hook.bodies[0]["text"].startswith("Regvault: test alert")
    assert box.messages[0][1] == ["admins@contoso.example"] and box.logins == [("alerts", "s3cret")]
