"""Settings → Alerts: where alerts go (the desktop, a Teams or Slack webhook, e-mail), as `regvault settings
--alert-…` sets them, and a test alert. The webhook's URL and the SMTP password go to this workstation's keyring
(services/alert_settings.py); the fields for them stay empty and say so, a value typed there replaces the one kept."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop_app.services.alert_delivery import DESKTOP, EMAIL, WEBHOOK
from desktop_app.services.alert_settings import (
    SMTP_SECURITY,
    AlertSettings,
    check,
    check_webhook_url,
    load_alert_settings,
    save_alert_settings,
    set_smtp_password,
    set_webhook,
)
from desktop_app.services.alerts import AlertReport, AlertService
from desktop_app.services.setting_problems import BadSetting, SettingProblem
from desktop_app.store import Store
from desktop_app.ui.errors import describe_error
from desktop_app.ui.named import named
from desktop_app.ui.tasks import Executor, Operation, TaskRunner

_DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


@dataclass(frozen=True)
class AlertChanges:
    settings: AlertSettings
    webhook_url: str | None  # a new URL; "" to stop; None: as it was
    smtp_password: str | None  # a new password; None: as it was


class AlertSettingsGroup(QGroupBox):
    tested = Signal(object)  # the AlertReport of a test alert

    def __init__(self, store: Store, runner: TaskRunner, alerts: Callable[[], AlertService] | None,
                 parent: QWidget) -> None:
        super().__init__(self.tr("Alerts"), parent)
        self.setObjectName("alertSettingsGroup")
        self._store = store
        self._runner = runner
        self._alerts = alerts
        self._loaded = AlertSettings()
        form = QFormLayout(self)
        self.setToolTip(self.tr("After each backup, each once: a backup that failed, a tenant not backed up for a "
                                "day, secrets and certificates that expire within 90, 30, 7 and 1 days or expired, and "
                                "incident-relevant additions (new credentials, owners, consent, high-privilege "
                                "permissions)."))
        self.desktop_check = self._check("alertDesktopCheck", self.tr("Desktop notifications (also when only the "
                                                                     "scheduled backup runs)"))
        form.addRow(self.desktop_check)
        self.webhook_edit = self._edit("alertWebhookEdit", self.tr("Alert webhook URL"), password=True)
        self.webhook_clear = self._check("alertWebhookOff", self.tr("No webhook"))
        row = QHBoxLayout()
        row.addWidget(self.webhook_edit, 1)
        row.addWidget(self.webhook_clear)
        form.addRow(self.tr("Teams or Slack webhook:"), row)
        self.email_check = self._check("alertEmailCheck", self.tr("E-mail alerts"))
        self.test_button = named(QPushButton(self.tr("Send a test alert"), self), "alertTestButton",
                                 self.tr("Send a test alert to every channel saved"))
        self.test_button.setEnabled(alerts is not None)
        mail_row = QHBoxLayout()
        mail_row.addWidget(self.email_check, 1)
        mail_row.addWidget(self.test_button)
        form.addRow(mail_row)
        self.test_status = named(QLabel(self), "alertTestStatus", self.tr("What the test alert did"))
        self.test_status.setWordWrap(True)
        form.addRow(self.test_status)
        self._status_row = form.rowCount() - 1
        first_mail_row = form.rowCount()
        self.smtp_host_edit = self._edit("alertSmtpHostEdit", self.tr("Mail server"))
        self.smtp_host_edit.setPlaceholderText(self.tr("smtp.contoso.com (empty: no e-mail)"))
        self.smtp_port_spin = named(QSpinBox(self), "alertSmtpPortSpin", self.tr("Mail server port"))
        self.smtp_port_spin.setRange(1, 65535)
        self.smtp_security_box = named(QComboBox(self), "alertSmtpSecurityBox",
                                       self.tr("Mail server security"))
        for value, text in zip(SMTP_SECURITY, (self.tr("STARTTLS"), self.tr("TLS"), self.tr("None")), strict=True):
            self.smtp_security_box.addItem(text, value)
        server = QHBoxLayout()
        server.addWidget(self.smtp_host_edit, 1)
        server.addWidget(self.smtp_port_spin)
        server.addWidget(self.smtp_security_box)
        form.addRow(self.tr("Mail server:"), server)
        self.smtp_user_edit = self._edit("alertSmtpUserEdit", self.tr("Mail server user"))
        self.smtp_user_edit.setPlaceholderText(self.tr("empty: the server takes mail without signing in"))
        form.addRow(self.tr("User:"), self.smtp_user_edit)
        self.smtp_password_edit = self._edit("alertSmtpPasswordEdit", self.tr("Mail server password"), password=True)
        form.addRow(self.tr("Password:"), self.smtp_password_edit)
        self.smtp_from_edit = self._edit("alertSmtpFromEdit", self.tr("Sender of alert e-mails"))
        self.smtp_from_edit.setPlaceholderText(self.tr("regvault@contoso.com"))
        form.addRow(self.tr("From:"), self.smtp_from_edit)
        self.smtp_to_edit = self._edit("alertSmtpToEdit", self.tr("Recipients of alert e-mails"))
        self.smtp_to_edit.setPlaceholderText(self.tr("it-admins@contoso.com, security@contoso.com"))
        form.addRow(self.tr("To:"), self.smtp_to_edit)
        self.owners_check = self._check("alertOwnersCheck", self.tr("Also e-mail each app's owners about their app's "
                                                                   "expiring credentials"))
        form.addRow(self.owners_check)
        self._form, self._mail_rows = form, range(first_mail_row, form.rowCount())
        form.setRowVisible(self._status_row, False)  # until a test alert has something to say
        self.smtp_security_box.currentIndexChanged.connect(self._security_changed)
        self.email_check.toggled.connect(self._show_mail_rows)
        self._show_mail_rows(False)
        self.webhook_clear.toggled.connect(lambda off: self.webhook_edit.setEnabled(not off))
        self.test_button.clicked.connect(self.send_test)

    def _check(self, name: str, text: str) -> QCheckBox:
        return named(QCheckBox(text, self), name, text)

    def _edit(self, name: str, accessible: str, *, password: bool = False) -> QLineEdit:
        edit = named(QLineEdit(self), name, accessible)
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    # ------------------------------------------------------------------------------------------------------ show
    def show_settings(self, settings: AlertSettings) -> None:
        self._loaded = settings
        self.desktop_check.setChecked(settings.desktop)
        self.webhook_edit.clear()
        self.webhook_edit.setPlaceholderText(
            self.tr("set, to {host}: kept in this workstation's keyring").format(host=settings.webhook_host)
            if settings.webhook else self.tr("https://… (kept in the system keyring)"))
        self.webhook_clear.setChecked(False)
        self.webhook_clear.setEnabled(settings.webhook)
        self.smtp_host_edit.setText(settings.smtp_host)
        self.smtp_security_box.blockSignals(True)
        self.smtp_security_box.setCurrentIndex(max(0, self.smtp_security_box.findData(settings.smtp_security)))
        self.smtp_security_box.blockSignals(False)
        self.smtp_port_spin.setValue(settings.smtp_port)
        self.smtp_user_edit.setText(settings.smtp_user)
        self.smtp_password_edit.clear()
        self.smtp_password_edit.setPlaceholderText(self.tr("kept in the system keyring, never in the settings"))
        self.smtp_from_edit.setText(settings.smtp_from)
        self.smtp_to_edit.setText(", ".join(settings.smtp_to))
        self.owners_check.setChecked(settings.email_owners)
        self.email_check.setChecked(bool(settings.smtp_host))

    @Slot(bool)
    def _show_mail_rows(self, shown: bool) -> None:
        """The mail server's rows only for e-mail alerts: the dialog fits a screen without them."""
        for row in self._mail_rows:
            self._form.setRowVisible(row, shown)

    @Slot(int)
    def _security_changed(self, _index: int) -> None:
        self.smtp_port_spin.setValue(_DEFAULT_PORTS[str(self.smtp_security_box.currentData())])

    # ------------------------------------------------------------------------------------------------------ save
    def changes(self) -> AlertChanges:
        settings = replace(
            self._loaded, desktop=self.desktop_check.isChecked(),
            smtp_host=self.smtp_host_edit.text().strip() if self.email_check.isChecked() else "",
            smtp_port=self.smtp_port_spin.value(), smtp_security=str(self.smtp_security_box.currentData()),
            smtp_user=self.smtp_user_edit.text().strip(), smtp_from=self.smtp_from_edit.text().strip(),
            smtp_to=tuple(a.strip() for a in self.smtp_to_edit.text().replace(";", ",").split(",") if a.strip()),
            email_owners=self.owners_check.isChecked(),
        )
        url = "" if self.webhook_clear.isChecked() else (self.webhook_edit.text().strip() or None)
        return AlertChanges(settings, url, self.smtp_password_edit.text() or None)

    # ------------------------------------------------------------------------------------------------------ test
    @Slot()
    def send_test(self) -> None:
        """A test alert with the settings as saved, on a Graph worker (a webhook or a mail server may be slow)."""
        make = self._alerts
        if make is None:
            return
        self.test_button.setEnabled(False)
        self._say(self.tr("Sending…"))
        Operation(self._runner, lambda _task: make().send_test(), kind=Executor.GRAPH, owner=self,
                  name="test alert").on_success(self._tested).on_failure(self._test_failed).run()

    def _tested(self, report: AlertReport) -> None:
        self.test_button.setEnabled(True)
        names = {DESKTOP: self.tr("desktop"), WEBHOOK: self.tr("webhook"), EMAIL: self.tr("e-mail")}
        if report.problems:  # each channel in the window's words; its reason as the OS or server gave it
            self._say(self.tr("Not sent: {reasons}").format(
                reasons="; ".join(f"{names.get(p.channel, p.channel)}: {p.reason}" for p in report.problems)))
        elif report.sent:
            self._say(self.tr("Sent to: {channels}.").format(
                channels=", ".join(names.get(channel, channel) for channel in report.sent)))
        else:
            self._say(self.tr("No channel is saved: choose one, save, then test."))
        self.tested.emit(report)

    def _test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        self._say(describe_error(exc).summary)

    def _say(self, text: str) -> None:
        self.test_status.setText(text)
        self._form.setRowVisible(self._status_row, True)


def check_alert_changes(changes: AlertChanges) -> None:
    """ValueError with a sentence for what can't work (before anything of the dialog is saved)."""
    settings = changes.settings
    if settings.smtp_host and not settings.smtp_from:
        raise BadSetting(SettingProblem.MAIL_SENDER, "alert e-mail needs a sender (From)")
    check(settings)
    if changes.webhook_url:
        check_webhook_url(changes.webhook_url)


def save_alert_changes(store: Store, changes: AlertChanges) -> None:
    """On a worker, after check_alert_changes: the secrets to the keyring and the rest to the store."""
    settings = changes.settings
    save_alert_settings(store, replace(settings, webhook=load_alert_settings(store).webhook))
    if changes.webhook_url is not None:
        set_webhook(store, changes.webhook_url or None)
    if changes.smtp_password is not None and settings.smtp_user:
        set_smtp_password(settings, changes.smtp_password)
