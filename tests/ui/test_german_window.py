"""The window in German (REGVAULT_LANGUAGE=de, as a German system gets it): the main window and every page of the
restore wizard, on a small demo, show no English string of Regvault's and look up no string German lacks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flow_world import Flow, open_flow
from german_window import LookupRecorder, Shown, english_left, english_patterns, shown_texts, ts_messages
from PySide6.QtCore import QLocale
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget, QWizard

from desktop_app.ui import panel_sections
from desktop_app.ui.settings_dialog import SettingsDialog
from desktop_app.ui.translations import translations_folder, use_language

pytestmark = pytest.mark.slow
GERMAN = translations_folder() / "regvault_de.ts"


@pytest.fixture
def recorder(qapp) -> Iterator[LookupRecorder]:  # type: ignore[no-untyped-def]
    installed = use_language(qapp, "de")
    recorder = LookupRecorder(installed.translators)
    qapp.installTranslator(recorder)
    try:
        yield recorder
    finally:
        qapp.removeTranslator(recorder)
        use_language(qapp, "en")


@pytest.fixture
def flow(qtbot, recorder: LookupRecorder, demo_template: Path, tmp_path: Path) -> Iterator[Flow]:  # type: ignore[no-untyped-def]
    yield from open_flow(qtbot, demo_template, tmp_path / "demo", size=(1280, 720))


def _shown_window(name: str) -> QWidget | None:
    return next((w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()), None)


def _own_contexts() -> set[str]:
    return {context for context, _source, _forms in ts_messages(GERMAN)}


def test_the_main_window_and_the_restore_wizard_speak_german(flow: Flow, recorder: LookupRecorder,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    assert QLocale().name() == "de_DE"
    window = flow.window
    shown: list[Shown] = []
    # An attribute the side panel has no label for shows as its camelCase name in English words.
    unlabelled: set[str] = set()
    words_of = panel_sections.words_of
    monkeypatch.setattr(panel_sections, "words_of", lambda name: unlabelled.add(name) or words_of(name))

    # The main window: its list with the deleted apps, every app's side panel, the menus and the toolbar.
    assert window.windowTitle().startswith("Contoso")
    assert flow.text("countLabel").endswith(" Apps"), flow.text("countLabel")
    flow.click("showDeletedToggle")
    for name in reversed(flow.names()):
        flow.click_row(name)
        flow.qtbot.waitUntil(lambda name=name: flow.text("appNameLabel") == name, timeout=10_000)
        shown += shown_texts(flow.find("attributesTree"))
    shown += shown_texts(window)
    assert window.menuBar().actions()[0].text() == "&Datei"

    # The wizard on that app, page by page: each page's texts when it is the current one.
    flow.tick(name)
    flow.click("restoreSelectedButton")
    wizard = flow.wait_for_wizard()
    pages: list[str] = []

    def collect(_id: int = -1) -> None:
        pages.append(flow.page())
        shown.extend(shown_texts(wizard))

    wizard.currentIdChanged.connect(collect)
    collect()
    assert wizard.button(QWizard.WizardButton.NextButton).text().replace("&", "").startswith("Weiter")
    flow.next()
    flow.to_preview()
    collect()  # the preview's table and summary, now that they are read
    report = flow.restore()
    collect()
    # Done, or already as at the snapshot (nothing to write): said in German, the noun capitalised.
    assert "erledigt" in report.lower() or "geprüft" in report.lower() or "bereits wie im Snapshot" in report, report
    assert pages[0] == "snapshotPage" and {"optionsPage", "previewPage", "runPage", "reportPage"} <= set(pages), pages
    flow.close_wizard()

    # The menus' dialogs in German too; the settings' longest line (a check box's, which can't wrap) inside them.
    for action, name in (("settingsAction", "settingsDialog"), ("tenantsAction", "tenantsDialog"),
                         ("credentialsAction", "credentialsView"), ("restoreHistoryAction", "restoreHistoryDialog")):
        trigger = window.findChild(QAction, action)
        assert trigger is not None, action
        trigger.trigger()
        flow.qtbot.waitUntil(lambda name=name: _shown_window(name) is not None, timeout=10_000)
        dialog = _shown_window(name)
        assert dialog is not None
        shown += shown_texts(dialog)
        if isinstance(dialog, SettingsDialog):
            body = dialog.body_scroll
            assert body.widget().minimumSizeHint().width() <= body.viewport().width(), "settings cut at the right"
        dialog.close()

    assert not {n for n in unlabelled if n.isalnum()}, f"attributes shown without a label of their own: {unlabelled}"
    english = english_left(shown, english_patterns(ts_messages(GERMAN)))
    assert not english, "English in the German window:\n" + "\n".join(sorted(set(english)))
    misses = recorder.misses(_own_contexts())
    assert not misses, "strings looked up that regvault_de.ts does not translate (in these contexts):\n" + "\n".join(
        sorted({f"{m.contexts} {m.source!r}" for m in misses}))
