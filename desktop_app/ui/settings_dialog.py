"""Settings…: the sign-in client ID (with the Graph Command Line Tools caveats and how to register your own app),
the device code preference and the broker; the network (proxy, extra root certificates, PAC); where alerts go
(ui/alert_settings_group.py); the database this workstation uses (a team's PostgreSQL)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.auth.sign_in import GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID
from desktop_app.network.proxy import NetworkSettings
from desktop_app.services.alert_settings import AlertSettings, load_alert_settings
from desktop_app.services.database_choice import DatabaseChecked, check_and_save, saved_location
from desktop_app.services.network_settings import load_network_settings, save_network_settings
from desktop_app.services.tenants import SignInPreferences, load_preferences, save_preferences
from desktop_app.services.update_check import (
    set_update_check,
    turned_off_for_this_machine,
    update_check_setting,
)
from desktop_app.services.watch import set_watching_while_open, watching_while_open
from desktop_app.ui.alert_settings_group import AlertSettingsGroup, check_alert_changes, save_alert_changes
from desktop_app.ui.context import WindowContext
from desktop_app.ui.errors import describe_error
from desktop_app.ui.named import named, named_button
from desktop_app.ui.screen_fit import fit_to_screen
from desktop_app.ui.tasks import Executor, Operation, TaskRunner

PREFERRED_WIDTH = 680


class SettingsDialog(QDialog):
    saved = Signal(object)  # the SignInPreferences now in effect
    database_saved = Signal(str)  # what was found at the newly chosen database (used from the next start)
    loaded = Signal()

    def __init__(self, context: WindowContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = runner
        named(self, "settingsDialog", self.tr("Settings"))
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        # The groups scroll, the status and the buttons stay: on a 1280x720 screen the dialog is shorter than its
        # text, and nothing may be cut (the Sign-in text was, at the height Qt first gave the dialog).
        self._body = QWidget(self)
        self._body.setObjectName("settingsBody")
        body = QVBoxLayout(self._body)
        body.setContentsMargins(0, 0, 0, 0)
        self.body_scroll = named(QScrollArea(self), "settingsScroll", self.tr("Settings"))
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body_scroll.setWidget(self._body)
        layout.addWidget(self.body_scroll, 1)

        group = QGroupBox(self.tr("Sign-in"), self._body)
        form = QFormLayout(group)
        row = QHBoxLayout()
        self.client_id_edit = named(QLineEdit(group), "clientIdEdit", self.tr("Client ID"))
        self.client_id_edit.setPlaceholderText(GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID)
        self.client_id_edit.textChanged.connect(self._client_id_changed)
        self.default_button = named_button(
            QPushButton(self.tr("Use the default"), group), "defaultClientIdButton",
            self.tr("Use Microsoft Graph Command Line Tools"),
            clicked=lambda: self.client_id_edit.setText(GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID))
        row.addWidget(self.client_id_edit, 1)
        row.addWidget(self.default_button)
        form.addRow(self.tr("Client ID:"), row)

        self.explanation = named(QLabel(group), "clientIdExplanation", self.tr("About the client ID"))
        self.explanation.setWordWrap(True)
        self.explanation.setOpenExternalLinks(True)
        self.explanation.setText(self.tr(
            "<p>By default Regvault signs in as <b>Microsoft Graph Command Line Tools</b> ({default}), the public "
            "client Graph PowerShell and many admin tools use, so it works without any setup. Be aware that:</p>"
            "<ul><li>on first use an enterprise application “Microsoft Graph Command Line Tools” appears in the "
            "tenant, and an admin may have to approve it;</li>"
            "<li>consent given to it is shared by every tool that uses that client ID;</li>"
            "<li>admins can block or restrict it.</li></ul>"
            "<p><b>Your own app</b> (recommended for organisations and resellers): in the Entra admin center, "
            "App registrations → New registration (multitenant for resellers). Under Authentication add the "
            "platform <i>Mobile and desktop applications</i> with the redirect URIs <code>http://localhost</code>, "
            "<code>ms-appx-web://Microsoft.AAD.BrokerPlugin/&lt;client id&gt;</code> (Windows broker) and "
            "<code>msauth.com.msauth.unsignedapp://auth</code> (macOS broker), and set <i>Allow public client "
            "flows</i> to Yes (for sign-in with a code). Under API permissions add the Microsoft Graph delegated "
            "permissions Application.Read.All, User.Read and Application.ReadWrite.All (and "
            "DelegatedAdminRelationship.Read.All for resellers). Then enter its Application (client) ID here.</p>"
        ).format(default=GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID))
        form.addRow(self.explanation)

        self.device_code_check = named(
            QCheckBox(self.tr("Sign in with a code on another device by default"), group), "preferDeviceCodeCheck",
            self.tr("Sign in with a code by default"),
            self.tr("For remote desktops and machines without a browser. Your organisation's Conditional "
                    "Access may block it."))
        form.addRow(self.device_code_check)
        self.broker_check = named(
            QCheckBox(self.tr("Use the Windows / macOS sign-in broker where available"), group), "useBrokerCheck",
            self.tr("Use the sign-in broker"))
        form.addRow(self.broker_check)
        body.addWidget(group)

        network = QGroupBox(self.tr("Network"), self._body)
        net_form = QFormLayout(network)
        self.proxy_edit = named(QLineEdit(network), "proxyEdit", self.tr("Proxy"), self.tr(
            "http://host:port, or 'direct' for no proxy. Loopback addresses never use a proxy."))
        self.proxy_edit.setPlaceholderText(self.tr("Automatic: the system's proxy or PAC file, or HTTPS_PROXY"))
        net_form.addRow(self.tr("Proxy:"), self.proxy_edit)
        bundle_row = QHBoxLayout()
        self.ca_bundle_edit = named(QLineEdit(network), "caBundleEdit", self.tr("Extra root certificates"))
        self.ca_bundle_edit.setPlaceholderText(self.tr("None: the system's trust store only"))
        self.browse_bundle_button = named_button(
            QPushButton(self.tr("Browse…"), network), "browseCaBundleButton",
            self.tr("Choose a file of root certificates"), clicked=self._browse_bundle)
        bundle_row.addWidget(self.ca_bundle_edit, 1)
        bundle_row.addWidget(self.browse_bundle_button)
        net_form.addRow(self.tr("Extra root certificates (PEM):"), bundle_row)
        self.pac_check = named(
            QCheckBox(self.tr("Use the proxy auto-configuration (PAC) file the system names"), network),
            "usePacCheck", self.tr("Use the PAC file"))
        net_form.addRow(self.pac_check)
        self.update_check = named(
            QCheckBox(self.tr("Tell me when a new version of Regvault is out (looks once a day; never downloads "
                              "anything)"), network),
            "updateCheckCheck", self.tr("Look for new versions"))
        if turned_off_for_this_machine():
            self.update_check.setEnabled(False)
            self.update_check.setToolTip(self.tr("Turned off for every user of this computer "
                                                 "(REGVAULT_NO_UPDATE_CHECK)"))
        net_form.addRow(self.update_check)
        self.watch_check = named(
            QCheckBox(self.tr("Capture changes every 5 minutes while this window is open (only what changed is "
                              "read)"), network),
            "watchWhileOpenCheck", self.tr("Capture changes while the window is open"))
        net_form.addRow(self.watch_check)
        body.addWidget(network)
        self.alerts_group = AlertSettingsGroup(context.store, runner, context.alerts, self._body)
        body.addWidget(self.alerts_group)
        body.addWidget(self._database_group())
        body.addStretch(1)

        self.status_label = named(QLabel(self), "settingsStatus", self.tr("Status"))
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        named(self.save_button, "saveSettingsButton", self.tr("Save the settings"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        named(cancel, "cancelSettingsButton", self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.save_button.setEnabled(False)
        fit_to_screen(self, self._preferred_size())

        store = context.store
        Operation(runner, lambda _t: (load_preferences(store), load_network_settings(store),
                                      update_check_setting(store), watching_while_open(store),
                                      load_alert_settings(store)),
                  kind=Executor.DATABASE,
                  owner=self, name="read settings").on_success(self._show).on_failure(self._failed).run()

    def _preferred_size(self) -> QSize:
        """Tall enough for every group's wrapped text at the dialog's width, from the groups' height for that
        width (Qt's first size for the dialog came from a narrower width's estimate and cut the Sign-in text)."""
        layout = self.layout()
        assert layout is not None  # built in __init__
        margins = layout.contentsMargins()
        # Wide enough for the longest line that can't wrap (a check box's text), in whichever language: the body
        # never scrolls sideways, so anything wider would be cut at the right.
        scroll_bar = self.body_scroll.verticalScrollBar().sizeHint().width()
        widest = self._body.minimumSizeHint().width() + scroll_bar + 2 * self.body_scroll.frameWidth()
        width = max(self.minimumWidth(), PREFERRED_WIDTH, widest + margins.left() + margins.right())
        body = self._body.heightForWidth(width - margins.left() - margins.right())
        rest = self.status_label.sizeHint().height() + self.buttons.sizeHint().height() + 2 * layout.spacing()
        return QSize(width, body + rest + margins.top() + margins.bottom())

    def _database_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Database"), self._body)
        form = QFormLayout(group)
        store = self.context.store
        self.database_in_use = named(QLabel(store.location.url, group), "databaseInUse",
                                     self.tr("Database in use"))
        self.database_in_use.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Wrapped (at its slashes): a long data folder's URL would otherwise set the dialog's width, past the screen's.
        self.database_in_use.setWordWrap(True)
        form.addRow(self.tr("In use:"), self.database_in_use)
        self.database_edit = named(QLineEdit(group), "databaseEdit", self.tr("Database for this workstation"))
        self.database_edit.setPlaceholderText(self.tr("regvault.sqlite in the data folder"))
        saved = saved_location(self.context.data_dir)
        self.database_edit.setText(saved.url if saved is not None else "")
        self._database_text = self.database_edit.text()
        form.addRow(self.tr("Use:"), self.database_edit)
        self.database_password_edit = named(QLineEdit(group), "databasePasswordEdit",
                                            self.tr("Database password"))
        self.database_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.database_password_edit.setPlaceholderText(self.tr("kept in the system keyring, never in the settings"))
        form.addRow(self.tr("Password:"), self.database_password_edit)
        hint = QLabel(self.tr(
            "A team: <code>postgresql://user@server:5432/regvault</code> on every workstation; empty: the file in "
            "the data folder. Checked when you save, used from the next start."), group)
        named(hint, "databaseHint", self.tr("About the database"),
              self.tr("regvault database move --to URL copies the backups you have into another database."))
        hint.setWordWrap(True)
        form.addRow(hint)
        return group

    def _database_changed(self) -> bool:
        return self.database_edit.text().strip() != self._database_text.strip() or \
            bool(self.database_password_edit.text())

    def _show(self, loaded: tuple[SignInPreferences, NetworkSettings, bool, bool, AlertSettings]) -> None:
        preferences, network, updates, watching, alerts = loaded
        self.alerts_group.show_settings(alerts)
        self.update_check.setChecked(updates)
        self.watch_check.setChecked(watching)
        self.proxy_edit.setText(network.proxy)
        self.ca_bundle_edit.setText(network.ca_bundle)
        self.pac_check.setChecked(network.use_pac)
        self.client_id_edit.setText(preferences.client_id)
        self.device_code_check.setChecked(preferences.prefer_device_code)
        self.broker_check.setChecked(preferences.use_broker)
        self.save_button.setEnabled(True)
        self.loaded.emit()

    @Slot(str)
    def _client_id_changed(self, text: str) -> None:
        default = text.strip().lower() in ("", GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID)
        self.default_button.setEnabled(not default)

    def preferences(self) -> SignInPreferences:
        return SignInPreferences(
            client_id=self.client_id_edit.text().strip() or GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID,
            prefer_device_code=self.device_code_check.isChecked(),
            use_broker=self.broker_check.isChecked(),
        )

    def network(self) -> NetworkSettings:
        return NetworkSettings(proxy=self.proxy_edit.text().strip(), ca_bundle=self.ca_bundle_edit.text().strip(),
                               use_pac=self.pac_check.isChecked())

    @Slot()
    def _browse_bundle(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Root certificates to trust"), "",
                                              self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"))
        if path:
            self.ca_bundle_edit.setText(path)

    @Slot()
    def save(self) -> None:
        preferences = self.preferences()
        network = self.network()
        updates = self.update_check.isChecked()
        watching = self.watch_check.isChecked()
        alerts = self.alerts_group.changes()
        context = self.context

        database = (self.database_edit.text(), self.database_password_edit.text()) if self._database_changed() \
            else None

        def work(_task: object) -> SignInPreferences:
            check_alert_changes(alerts)  # a bad address or webhook URL: nothing saved
            if database is not None:  # checked first: a database that can't be used saves nothing
                self._database_note = check_and_save(context.data_dir, *database)
            save_network_settings(context.store, network)  # checked first: a bad proxy or bundle saves nothing
            save_alert_changes(context.store, alerts)
            save_preferences(context.store, preferences)
            set_update_check(context.store, updates)
            set_watching_while_open(context.store, watching)
            context.sign_in.reload_sign_in_settings()  # new msal applications with the new client ID; same cache
            return load_preferences(context.store)

        self.save_button.setEnabled(False)
        Operation(self.runner, work, kind=Executor.DATABASE, owner=self, name="save settings") \
            .on_success(self._saved).on_failure(self._failed).run()

    _database_note: DatabaseChecked | None = None

    def _saved(self, preferences: SignInPreferences) -> None:
        checked = self._database_note
        if checked is not None:
            found = self.tr("an empty database: Regvault creates its tables there") if checked.version is None \
                else self.tr("a Regvault database (schema version {version})").format(version=checked.version)
            self.database_saved.emit(self.tr("{url}: {found}. Regvault uses it from its next start.").format(
                url=checked.url, found=found))
        self.saved.emit(preferences)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.status_label.setText(describe_error(exc).summary)
