"""The seed's flows, end to end through the window (issue 22): from the main window's list to the restore's report
and back to the list and the side panel, on a small demo (flow_world.py). Only the window's public surface is used:
widgets by objectName, clicks, keys, and the text they show."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flow_world import Flow, build_template, open_flow
from PySide6.QtWidgets import QCalendarWidget, QLabel

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("flow-demo") / "template")


@pytest.fixture
def flow(qtbot, demo_template: Path, tmp_path: Path) -> Iterator[Flow]:  # type: ignore[no-untyped-def]
    yield from open_flow(qtbot, demo_template, tmp_path / "demo")


def plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


def done(report: str) -> int:
    """Apps done (verified, or with warnings) in the report's summary; none failed."""
    assert "failed" not in report.lower(), report
    return sum(int(n.replace(",", "")) for n in re.findall(r"([\d,]+) done", report))


def test_select_all_restore_selected_to_an_earlier_day_leaves_out_the_newer_apps_and_restores_the_rest(
        flow: Flow) -> None:
    apps = flow.names()
    flow.click("selectAllCheckBox")
    flow.qtbot.waitUntil(lambda: flow.text("countLabel") == f"All {len(apps)} apps selected", timeout=5_000)
    flow.click("restoreSelectedButton")
    wizard = flow.wait_for_wizard()
    assert flow.text("snapshotPresenceLabel", wizard) == f"All {len(apps)} apps are in this snapshot."

    calendar = flow.find("snapshotCalendar", QCalendarWidget, wizard)
    calendar.setSelectedDate(calendar.minimumDate())  # the first day with a backup
    presence = flow.find("snapshotPresenceLabel", QLabel, wizard)
    flow.qtbot.waitUntil(lambda: "left out" in presence.text(), timeout=10_000)
    said = plain(presence.text())
    assert said.startswith(f"2 of the {len(apps)} apps are not in this snapshot and are left out: 2 apps did not "
                           "exist yet (Contoso New App 284, Contoso New App 721 (renamed))."), said
    assert said.endswith(f"The other {len(apps) - 2} are restored.")
    flow.next()
    flow.to_preview()
    summary = plain(flow.text("previewSummary", wizard))
    assert "left out, not in this snapshot: 2" in summary, summary
    assert summary.count("Contoso New App 284") == 0  # named once, on the Snapshot page

    report = plain(flow.restore())

    assert done(report) == len(apps) - 2, report
    flow.close_wizard()
    flow.wait_for_row("Contoso New App 284")  # a restore does not remove what was added since
    assert sorted(flow.names()) == sorted(apps)


def test_a_deleted_app_restores_from_the_last_backup_that_holds_it_and_its_row_and_panel_show_it_active(
        flow: Flow) -> None:
    last_backup = flow.text("lastBackupLabel")
    flow.click("showDeletedToggle")
    flow.filter("Inventory Desktop")
    name = "Contoso Inventory Desktop"
    assert flow.cell(name, "Status").startswith("Deleted, in recycle bin"), flow.cell(name, "Status")
    flow.tick(name)
    flow.qtbot.waitUntil(lambda: flow.text("statusLabel").startswith("Deleted, in recycle bin"), timeout=5_000)
    flow.click("restoreSelectedButton")
    wizard = flow.wait_for_wizard()

    # Not the newest backup (the app is gone there): the last one that holds it.
    assert flow.text("snapshotPresenceLabel", wizard) == "The app is in this snapshot."
    flow.next()
    flow.to_preview()
    assert "Undelete from the recycle bin: 1" in plain(flow.text("previewSummary", wizard))
    assert done(plain(flow.restore())) == 1
    flow.close_wizard()

    flow.qtbot.waitUntil(lambda: flow.cell(name, "Status") == "Active", timeout=10_000)
    flow.qtbot.waitUntil(lambda: flow.text("statusLabel") == "Active", timeout=10_000)
    assert flow.text("versionLabel").endswith("(current)"), flow.text("versionLabel")
    assert flow.text("lastBackupLabel") == last_backup  # the restore's own snapshots are not backups
