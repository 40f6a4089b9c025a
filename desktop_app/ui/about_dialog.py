"""Help → About Regvault: the version, and where Regvault keeps its data, logs, database and sign-ins.

The window's Help → About Regvault opens it on the context's facts (app.about_facts).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.about import LICENCE_NAME, AboutFacts, third_party_notices
from desktop_app.ui.app_icon import regvault_icon
from desktop_app.ui.named import close_box, named, named_button


class AboutDialog(QDialog):
    def __init__(self, facts: AboutFacts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facts = facts
        named(self, "aboutDialog", self.tr("About Regvault"))
        self.setWindowTitle(self.tr("About Regvault"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(12)

        header = QHBoxLayout()
        header.setSpacing(14)
        icon = QLabel(self)
        icon.setObjectName("aboutIcon")
        icon.setPixmap(regvault_icon().pixmap(64, 64))
        header.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        title = QLabel(self)
        title.setObjectName("aboutTitle")
        title.setTextFormat(Qt.TextFormat.RichText)
        build = self.tr("packaged build") if facts.frozen else self.tr("running from a Python install")
        title.setText(self.tr("<b style='font-size:15pt'>Regvault {version}</b><br>"
                              "Back up and restore Microsoft Entra ID app registrations<br>"
                              "<span>{build}, Python {python}, {system}</span>")
                      .format(version=facts.version, build=build, python=facts.python, system=facts.system))
        header.addWidget(title, 1)
        layout.addLayout(header)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        keyring = facts.keyring_backend or self.tr("none: sign-ins are kept for this session only")
        self.fact_labels: dict[str, QLabel] = {}
        for key, label, value in (
            ("dataFolder", self.tr("Data folder:"), str(facts.data_folder)),
            ("logFolder", self.tr("Log folder:"), str(facts.log_folder)),
            ("database", self.tr("Database:"), facts.database),
            ("keyring", self.tr("Keyring:"), keyring),
        ):
            value_label = named(QLabel(value, self), f"about_{key}", label.rstrip(":"))
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value_label.setWordWrap(True)
            self.fact_labels[key] = value_label
            form.addRow(label, value_label)
        layout.addLayout(form)

        buttons = close_box(self, "aboutCloseButton", self.tr("Close About Regvault"))
        buttons.setObjectName("aboutButtons")
        self.copy_button = self._button(buttons, "aboutCopyButton", self.tr("Copy"),
                                        self.tr("Copy these facts (for a support request)"), self.copy_facts)
        self.open_data_button = self._button(buttons, "aboutOpenDataButton", self.tr("Open data folder"),
                                             self.tr("Show the data folder in the file manager"),
                                             lambda: self._open(facts.data_folder))
        self.open_logs_button = self._button(buttons, "aboutOpenLogsButton", self.tr("Open log folder"),
                                             self.tr("Show the log folder in the file manager"),
                                             lambda: self._open(facts.log_folder))
        self.licences_button = self._button(buttons, "aboutLicencesButton", self.tr("Licences…"),
                                            self.tr("Regvault's licence and the third-party notices"),
                                            self.show_licences)
        self.licences_dialog: LicencesDialog | None = None
        layout.addWidget(buttons)

    def show_licences(self) -> None:
        self.licences_dialog = LicencesDialog(third_party_notices(), self)
        self.licences_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.licences_dialog.open()

    def _button(self, box: QDialogButtonBox, name: str, text: str, accessible: str,
                slot: Callable[[], object]) -> QPushButton:
        button = named_button(box.addButton(text, QDialogButtonBox.ButtonRole.ActionRole), name, accessible,
                              accessible, clicked=slot)
        button.setAutoDefault(False)
        return button

    def copy_facts(self) -> None:
        QGuiApplication.clipboard().setText(self.facts.as_text())

    @staticmethod
    def _open(folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class LicencesDialog(QDialog):
    """Regvault's licence and the notices of every library the packaged app ships (Qt through PySide6 first among
    them), as packaging/shipped.py generated them from the build."""

    def __init__(self, notices: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "licencesDialog", self.tr("Licences"))
        self.setWindowTitle(self.tr("Licences"))
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        summary = QLabel(self.tr("Regvault is licensed under the {licence}. It uses Qt and Qt for Python (PySide6) "
                                 "under the GNU Lesser General Public License v3, and the other libraries below "
                                 "under their own licences.").format(licence=LICENCE_NAME), self)
        summary.setObjectName("licencesSummary")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.text = named(QPlainTextEdit(self), "licencesText", self.tr("Third-party notices"))
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))  # the list is in columns
        self.text.setPlainText(notices if notices is not None else self.tr(
            "This Regvault runs from a Python install: each library it uses carries its own licence in its "
            "installed package. The packaged app (installer, DMG, tarball) ships the third-party notices, "
            "generated from the libraries it is built with, and shows them here."))
        layout.addWidget(self.text, 1)
        buttons = close_box(self, "licencesCloseButton", self.tr("Close the licences"))
        buttons.setObjectName("licencesButtons")
        layout.addWidget(buttons)


def show_about(parent: QWidget, facts: AboutFacts) -> AboutDialog:
    dialog = AboutDialog(facts, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
