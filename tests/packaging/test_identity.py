"""Which Regvault this is: `regvault --version`, the Qt application's version and icon, Help → About's facts."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop_app import __version__
from desktop_app.app import AppPaths, about_facts, open_credentials
from desktop_app.services.about import AboutFacts, database_description
from desktop_app.ui.about_dialog import AboutDialog
from desktop_app.ui.launch import ensure_application

ROOT = Path(__file__).resolve().parents[2]


def test_regvault_version_prints_the_package_version() -> None:
    done = subprocess.run([sys.executable, "-m", "desktop_app.cli", "--version"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"regvault {__version__}"
    # One version: the wheel's is read from the package (pyproject says so), not written twice.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "desktop_app.__version__"}


def test_the_application_has_its_version_and_icon(qapp: QApplication) -> None:
    app = ensure_application()
    assert app.applicationVersion() == __version__
    icon = app.windowIcon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 256}


def test_about_facts_come_from_what_the_process_uses(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "data").ensure()
    credentials = open_credentials(paths)  # the tests' in-memory keyring
    facts = about_facts(paths, paths.database, credentials)
    assert facts.version == __version__
    assert facts.data_folder == paths.data_dir and facts.log_folder == paths.data_dir / "logs"
    assert facts.database == str(paths.database)
    assert facts.keyring_backend is not None and "memory_keyring.MemoryKeyring" in facts.keyring_backend
    assert facts.frozen is False
    session_only = about_facts(paths, paths.database, open_credentials(paths, session_only=True))
    assert session_only.keyring_backend is None
    assert "session only" in session_only.as_text()


def test_a_database_url_is_shown_without_its_password() -> None:
    shown = database_description("postgresql://regvault:s3cret-pw@db.example.com:5432/regvault?sslmode=require")
    assert shown == "postgresql://regvault@db.example.com:5432/regvault?sslmode=require"
    assert database_description("postgresql://db.example.com/regvault") == "postgresql://db.example.com/regvault"
    assert database_description(Path("/home/ann/Regvault/regvault.sqlite")) == "/home/ann/Regvault/regvault.sqlite"


@pytest.fixture
def facts(tmp_path: Path) -> AboutFacts:
    return AboutFacts(version=__version__, data_folder=tmp_path / "data", log_folder=tmp_path / "data" / "logs",
                      database=str(tmp_path / "data" / "regvault.sqlite"),
                      keyring_backend="Windows WinVaultKeyring (keyring.backends.Windows.WinVaultKeyring)",
                      frozen=True)


def test_the_about_dialog_shows_each_fact_and_copies_them(qtbot, facts: AboutFacts) -> None:  # type: ignore[no-untyped-def]
    dialog = AboutDialog(facts)
    qtbot.addWidget(dialog)
    labels = {key: label.text() for key, label in dialog.fact_labels.items()}
    assert labels == {"dataFolder": str(facts.data_folder), "logFolder": str(facts.log_folder),
                      "database": facts.database, "keyring": facts.keyring_backend}
    title = dialog.findChild(type(dialog.fact_labels["database"]), "aboutTitle")
    assert title is not None and f"Regvault {__version__}" in title.text() and "packaged build" in title.text()
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied == facts.as_text() and str(facts.log_folder) in copied
