"""Snapshot page: a calendar with the days that have a snapshot in bold, and the time when a day has several."""

from __future__ import annotations

import html
from collections import defaultdict
from datetime import date

from PySide6.QtCore import QDate, QSize, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWizardPage,
)

from desktop_app.domain.natural_sort import natural_key
from desktop_app.services.restore_selection import Selection, selection_at
from desktop_app.store.records import SnapshotInfo
from desktop_app.ui.colors import SNAPSHOT_DAY_BACKGROUND, Tone, set_text_tone
from desktop_app.ui.named import named
from desktop_app.ui.restore.left_out import SNAPSHOT_LINK, presence_html
from desktop_app.ui.restore.setup import RestoreSetup, WizardData, WizardState
from desktop_app.ui.restore.words import AMBER, GREY, RED
from desktop_app.ui.tasks import Executor, Operation, TaskContext
from desktop_app.ui.texts import TrContext, format_count, format_datetime, local

SnapshotTexts = TrContext("SnapshotTexts")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def apps_summary(data: WizardData) -> str:
    names = sorted((a.display_name for a in data.apps), key=natural_key)  # "API 2" before "API 10", as the list
    if len(names) == 1:
        return names[0]
    shown = ", ".join(names[:3])
    if len(names) > 3:
        shown += SnapshotTexts.tr(" and {n} more").format(n=format_count(len(names) - 3))
    return SnapshotTexts.tr("{n} apps: {names}").format(n=format_count(len(names)), names=shown)


class SnapshotPage(QWizardPage):
    # Emitted once the apps present at the chosen snapshot have been counted (tests wait on it).
    presence_checked = Signal()

    def __init__(self, setup: RestoreSetup, state: WizardState) -> None:
        super().__init__()
        self._setup = setup
        self._state = state
        self.setObjectName("snapshotPage")
        self.setTitle(self.tr("Choose the snapshot"))
        self.setSubTitle(self.tr("The apps are restored as they were at this backup. Days with a backup are in "
                                 "bold; other days have nothing to restore."))
        self._by_day: dict[date, list[SnapshotInfo]] = {}
        self._snapshot: SnapshotInfo | None = None
        self._presence_request = 0

        self.apps_label = QLabel(self.tr("Reading the backups…"), self)
        self.apps_label.setObjectName("restoreAppsLabel")
        self.apps_label.setWordWrap(True)
        self.apps_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.calendar = named(QCalendarWidget(self), "snapshotCalendar",
                              self.tr("Day of the backup to restore from"),
                              self.tr("Days in bold have a snapshot"))
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setEnabled(False)
        self.calendar.selectionChanged.connect(self._day_chosen)
        # Enter (or a double click) on a day goes on, as Enter does elsewhere in the wizard.
        self.calendar.activated.connect(self._day_activated)

        self.time_combo = named(QComboBox(self), "snapshotTimeCombo",
                                self.tr("Time of the backup to restore from"),
                                self.tr("This day has several snapshots: pick one"))
        self.time_combo.setMinimumWidth(260)
        self.time_combo.currentIndexChanged.connect(self._time_chosen)

        self.day_note = QLabel(self)
        self.day_note.setObjectName("snapshotDayNote")
        self.day_note.setWordWrap(True)
        self.presence_label = named(QLabel(self), "snapshotPresenceLabel",
                                    self.tr("The chosen apps at this snapshot"))
        self.presence_label.setWordWrap(True)
        self.presence_label.setTextFormat(Qt.TextFormat.RichText)
        self.presence_label.linkActivated.connect(self._link_activated)
        self.details_label = QLabel(self)
        self.details_label.setObjectName("snapshotDetailsLabel")
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.addRow(self.tr("Time:"), self.time_combo)
        form.addRow("", self.day_note)
        form.addRow(self.tr("Backup:"), self.details_label)
        form.addRow("", self.presence_label)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addStretch(1)
        # A month grid at its natural size reads as a calendar; stretched over the page it reads as a table.
        self.calendar.setFixedSize(self.calendar.sizeHint().expandedTo(QSize(420, 300)))
        row = QHBoxLayout()
        row.addWidget(self.calendar, 0, Qt.AlignmentFlag.AlignTop)
        row.addSpacing(16)
        row.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.apps_label)
        layout.addSpacing(6)
        layout.addLayout(row)
        layout.addStretch(1)

    def _day_activated(self, _day: object) -> None:
        wizard = self.wizard()
        if self.isComplete() and wizard is not None and wizard.currentPage() is self:
            wizard.next()

    # ------------------------------------------------------------------------------------------------- data

    def set_data(self, data: WizardData) -> None:
        """The backups are read: mark the days, preselect the asked-for snapshot (else the newest)."""
        tenant = self._setup.source_tenant.display_name
        if data.whole_tenant:
            self.apps_label.setText(self.tr("Restore the whole tenant {tenant}: every app it had at the snapshot "
                                            "chosen below.").format(tenant=tenant))
        else:
            self.apps_label.setText(self.tr("Restore {apps} from {tenant}.").format(apps=apps_summary(data),
                                                                                   tenant=tenant))
        by_day: dict[date, list[SnapshotInfo]] = defaultdict(list)
        for snapshot in sorted(data.snapshots, key=lambda s: s.id):
            if snapshot.finished is not None:
                by_day[local(snapshot.finished).date()].append(snapshot)
        self._by_day = dict(by_day)
        self._format_days(data.days)
        if not data.snapshots:
            self.day_note.setText(self.tr("This tenant has no complete backup: there is nothing to restore."))
            self._set_note_color(RED)
            self.time_combo.setEnabled(False)
            return
        self.calendar.setEnabled(True)
        # Asked for by the side panel, else the newest full backup that holds the apps (services/restore_selection).
        asked = self._setup.snapshot_id or data.default_snapshot_id
        newest = next((s for s in data.snapshots if not s.partial), data.snapshots[0])
        wanted = next((s for s in data.snapshots if s.id == asked), newest)
        self.select_snapshot(wanted.id)

    def _format_days(self, days: tuple[date, ...]) -> None:
        """Snapshot days bold on a tint; every other day grey (a QCalendarWidget can't disable single days)."""
        empty = QTextCharFormat()
        empty.setForeground(QBrush(GREY.color()))
        for weekday in Qt.DayOfWeek:
            self.calendar.setWeekdayTextFormat(weekday, empty)
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        bold.setForeground(QBrush(self.palette().text().color()))
        bold.setBackground(QBrush(SNAPSHOT_DAY_BACKGROUND.color()))
        for day in days:
            self.calendar.setDateTextFormat(_qdate(day), bold)
        if days:
            self.calendar.setDateRange(_qdate(days[0]), _qdate(days[-1]))

    def select_snapshot(self, snapshot_id: int) -> None:
        for day, snapshots in self._by_day.items():
            for snapshot in snapshots:
                if snapshot.id == snapshot_id:
                    self.calendar.setSelectedDate(_qdate(day))
                    self._day_chosen()
                    self.time_combo.setCurrentIndex(snapshots.index(snapshot))
                    return

    def select_day(self, day: date) -> None:
        self.calendar.setSelectedDate(_qdate(day))
        self._day_chosen()

    # ----------------------------------------------------------------------------------------------- choice

    @Slot()
    def _day_chosen(self) -> None:
        day = _day(self.calendar.selectedDate())
        snapshots = self._by_day.get(day, [])
        self.time_combo.blockSignals(True)
        self.time_combo.clear()
        for snapshot in snapshots:
            assert snapshot.finished is not None
            text = local(snapshot.finished).strftime("%H:%M")
            detail = self.tr("{n} apps").format(n=format_count(snapshot.apps))
            if snapshot.trigger == "pre-restore":
                detail = self.tr("before a restore")
            elif snapshot.trigger == "scheduled":
                detail += self.tr(", scheduled")
            self.time_combo.addItem(f"{text}  ·  {detail}", snapshot.id)
        self.time_combo.setEnabled(len(snapshots) > 1)
        if snapshots:
            # The newest of the day unless the caller picks another.
            self.time_combo.setCurrentIndex(len(snapshots) - 1)
        self.time_combo.blockSignals(False)
        if not snapshots:
            self.day_note.setText(self.tr("No snapshot on this day. Pick a day in bold."))
            self._set_note_color(RED)
        elif len(snapshots) > 1:
            self.day_note.setText(self.tr("{n} snapshots on this day: pick the time.").format(n=len(snapshots)))
            self._set_note_color(None)
        else:
            self.day_note.setText("")
        self._time_chosen()

    @Slot()
    def _time_chosen(self) -> None:
        snapshot_id = self.time_combo.currentData()
        day = _day(self.calendar.selectedDate())
        self._snapshot = next((s for s in self._by_day.get(day, []) if s.id == snapshot_id), None)
        self.presence_label.setText("")
        self.details_label.setText(self._details(self._snapshot))
        if self._snapshot is not None:
            self._check_presence(self._snapshot)
        self.completeChanged.emit()

    def _details(self, snapshot: SnapshotInfo | None) -> str:
        if snapshot is None:
            return ""
        kind = {"manual": self.tr("Back up now"), "scheduled": self.tr("scheduled"),
                "pre-restore": self.tr("taken before a restore, of the apps it overwrote")}.get(snapshot.trigger,
                                                                                            snapshot.trigger)
        when = format_datetime(snapshot.finished or snapshot.started)
        text = self.tr("{when} ({kind})").format(when=when, kind=kind)
        if not snapshot.partial:
            text += "\n" + self.tr("%Ln app(s); {added} added, {changed} changed, {removed} removed since the "
                                   "backup before", "", snapshot.apps).format(added=snapshot.added,
                                                                               changed=snapshot.changed,
                                                                               removed=snapshot.removed)
        return text

    @property
    def snapshot(self) -> SnapshotInfo | None:
        return self._snapshot

    def _set_note_color(self, color: Tone | None) -> None:
        set_text_tone(self.day_note, color)

    def _check_presence(self, snapshot: SnapshotInfo) -> None:
        """Which of the chosen apps this snapshot holds (services/restore_selection.py): those it does not are left
        out, said here with why and, for one app, the backup that holds it."""
        self._presence_request += 1
        request = self._presence_request
        store = self._setup.store
        tenant_id = self._setup.source_tenant.tenant_id
        pks = self._setup.app_pks
        whole_tenant = self._state.data is not None and self._state.data.whole_tenant

        def work(task: TaskContext) -> Selection:
            task.cancel.raise_if_cancelled()
            return selection_at(store, tenant_id, snapshot.id, pks, whole_tenant=whole_tenant)

        def show(selection: Selection) -> None:
            if request != self._presence_request:
                return
            present = len(selection.present)
            tone = None if not selection.left_out else (RED if present == 0 else AMBER)
            set_text_tone(self.presence_label, tone)
            self.presence_label.setText(presence_html(selection, len(set(pks)), snapshot))
            self._present = present
            self.completeChanged.emit()
            self.presence_checked.emit()

        self._present = -1  # unknown until counted
        Operation(self._setup.runner, work, kind=Executor.DATABASE, owner=self, name="apps at snapshot") \
            .on_success(show).on_cancelled(lambda: None) \
            .on_failure(lambda exc: self.presence_label.setText(html.escape(str(exc)))).run()

    @Slot(str)
    def _link_activated(self, link: str) -> None:
        if link.startswith(SNAPSHOT_LINK):
            self.select_snapshot(int(link[len(SNAPSHOT_LINK):]))

    _present = -1

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        # Unknown presence (still counting) does not hold the user back; "none present" does.
        return self._snapshot is not None and self._present != 0

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        self._state.snapshot = self._snapshot
        return self._snapshot is not None
