"""Preview page: the dry run (RestoreService.preview reads the target, writes nothing), per app what would
happen; a cross-tenant restore names the target and asks for an explicit confirmation. Its Next is "Restore"."""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWizardPage,
)

from desktop_app.domain.restore_plan import RestoreMode
from desktop_app.services.permissions import RESTORE_PURPOSE
from desktop_app.services.restore import RestorePreview, RestoreProgress, RestoreRequest
from desktop_app.services.restore_selection import whole_tenant_at
from desktop_app.store.records import TenantInfo
from desktop_app.ui.colors import Tone, set_text_tone
from desktop_app.ui.errors import describe_error
from desktop_app.ui.named import named, named_button
from desktop_app.ui.restore.models import RECORD_ROLE, preview_model
from desktop_app.ui.restore.preview_rows import PreviewRow, preview_rows
from desktop_app.ui.restore.refusals import refusal_text
from desktop_app.ui.restore.setup import RestoreSetup, WizardState
from desktop_app.ui.restore.views import fit_columns, list_section_html, record_table
from desktop_app.ui.restore.words import AMBER, RED, action_text, mode_text
from desktop_app.ui.tasks import Executor, Operation, TaskContext
from desktop_app.ui.texts import TrContext, format_count, format_datetime

PreviewTexts = TrContext("PreviewTexts")


def details_html(item: PreviewRow, target_name: str) -> str:
    """One app of the preview, in full: action, every change, every warning and follow-up."""
    parts = [f"<h3 style='margin:0'>{html.escape(item.display_name)}</h3>",
             f"<p style='margin-top:2px'><span style='font-family:monospace'>{html.escape(item.app_id)}</span>"
             f"<br><b>{html.escape(action_text(item.action, target_name, unchanged=item.item.up_to_date))}</b></p>"]

    if item.changes:
        parts.append(list_section_html(PreviewTexts.tr("What changes (now → as at the snapshot)"),
                                       item.change_lines or item.changes))
    else:
        parts.append("<p>" + html.escape(PreviewTexts.tr("Nothing to change: the app is already as it was.")) + "</p>")
    # Consent is a powerful write: each grant and assignment is named, apart from the other changes.
    parts.append(list_section_html(PreviewTexts.tr("Consent and assignments"), item.access))
    parts.append(list_section_html(PreviewTexts.tr("Warnings"), item.warnings, AMBER.name()))
    parts.append(list_section_html(PreviewTexts.tr("Notes"), item.notes))
    parts.append(list_section_html(PreviewTexts.tr("To do afterwards"), item.follow_ups))
    return "".join(parts)


# What the preview's worker hands back: the preview and its rows (old → new built off the GUI thread).
_Previewed = tuple[RestorePreview, list[PreviewRow]]


class PreviewFilter(QSortFilterProxyModel):
    """The preview's rows filtered by name or client ID and, optionally, to the apps that change."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._only_changes = False
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortLocaleAware(True)

    @Slot(str)
    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @Slot(bool)
    def set_only_changes(self, only: bool) -> None:
        self.beginFilterChange()
        self._only_changes = only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        row = self.sourceModel().index(source_row, 0, source_parent).data(RECORD_ROLE)
        if row is None:
            return False
        if self._only_changes and not row.changes_anything:
            return False
        return not self._text or self._text in row.display_name.casefold() or self._text in row.app_id.casefold()


class PreviewPage(QWizardPage):
    # Emitted when the dry run ended, well or not (tests wait on it).
    preview_finished = Signal()

    def __init__(self, setup: RestoreSetup, state: WizardState) -> None:
        super().__init__()
        self._setup = setup
        self._state = state
        self.setObjectName("previewPage")
        self.setTitle(self.tr("Preview"))
        self.setSubTitle(self.tr("What the restore would do. Nothing has been written: that happens only when you "
                                 "click Restore."))
        self.setCommitPage(True)
        self._op: Operation[_Previewed] | None = None
        self._target: TenantInfo | None = None

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("previewSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.busy = named(QProgressBar(self), "previewBusy", self.tr("Preview in progress"))
        self.busy.setRange(0, 0)
        self.busy.setFormat(self.tr("Reading the target's current state…"))
        self.busy.setTextVisible(True)
        self.error_label = self._message_label("previewError", RED)
        self.retry_button = named_button(QPushButton(self.tr("Try again"), self), "previewRetryButton",
                                         self.tr("Run the preview again"), clicked=self.start_preview)
        # Consent and assignments need permissions the sign-in may not have (services/permissions.py): said here,
        # with the sign-in that grants them; Restore waits for them.
        self.permissions_label = self._message_label("previewPermissions", AMBER)
        self.grant_button = named_button(QPushButton(self.tr("Sign in to grant…"), self),
                                         "previewGrantButton",
                                         self.tr("Sign in to grant the permissions this restore needs"),
                                         clicked=self.grant_permissions)

        self.model = preview_model(lambda: self._target.display_name if self._target else "", self)
        # Sortable by any column, filterable by name or client ID, and "only the apps that change": the rows
        # come sorted with what changes first (a whole tenant is mostly "nothing to change").
        self.proxy = PreviewFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = record_table(self, "previewTable", self.tr("What the restore would do, per app"), self.model)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.filter_edit = named(QLineEdit(self), "previewFilter",
                                 self.tr("Filter the preview by app name or client ID"))
        self.filter_edit.setPlaceholderText(self.tr("Filter by name or client ID"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.only_changes_check = named_button(QCheckBox(self.tr("&Only apps that change"), self),
                                               "previewOnlyChanges",
                                               self.tr("Show only the apps the restore changes"),
                                               toggled=self.proxy.set_only_changes)
        self.table.selectionModel().selectionChanged.connect(self._row_chosen)
        self.details = named(QTextBrowser(self), "previewDetails", self.tr("Details of the selected app"))
        self.details.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("previewSplitter")
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.confirm_check = named_button(QCheckBox(self), "confirmTargetCheck",
                                          self.tr("Confirm writing to the target tenant"),
                                          toggled=lambda _c: self.completeChanged.emit())
        self.registerField("confirmTarget", self.confirm_check)

        error_row = QHBoxLayout()
        error_row.addWidget(self.error_label, 1)
        error_row.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignTop)
        permissions_row = QHBoxLayout()
        permissions_row.addWidget(self.permissions_label, 1)
        permissions_row.addWidget(self.grant_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.busy)
        layout.addLayout(error_row)
        layout.addLayout(permissions_row)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter_edit, 1)
        filter_row.addWidget(self.only_changes_check)
        layout.addLayout(filter_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.confirm_check)

    def _message_label(self, name: str, colour: Tone | None) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        set_text_tone(label, colour)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # ------------------------------------------------------------------------------------------------ run

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.start_preview()

    def cleanupPage(self) -> None:  # noqa: N802 - Qt's name (Back: the options may change)
        self._cancel()
        self._state.preview = None
        self.model.set_records([])

    def _cancel(self) -> None:
        if self._op is not None:
            self._op.cancel()
            self._op = None

    @property
    def running(self) -> bool:
        return self._op is not None

    @Slot()
    def start_preview(self) -> None:
        self._cancel()
        setup, choice, snapshot = self._setup, self._state.choice, self._state.snapshot
        assert snapshot is not None and choice is not None  # the earlier pages decided them
        self._state.preview = None
        self._target = choice.target_tenant
        self.model.set_records([])
        self.details.clear()
        self.error_label.setVisible(False)
        self.retry_button.setVisible(False)
        self._show_permissions(None)
        self.busy.setVisible(True)
        self.busy.setRange(0, 0)
        self._show_summary(None)
        self._show_confirmation()
        request = RestoreRequest(
            tenant_id=setup.source_tenant.tenant_id, snapshot_id=snapshot.id, app_pks=tuple(setup.app_pks),
            mode=choice.mode, new_name=choice.new_name,
            target_tenant_id=self._target.tenant_id if self._target else None, target_domain=choice.target_domain,
            only=setup.only, copy_access=choice.copy_access,
        )
        engine = setup.engine
        # The whole tenant (the Snapshot page says so): the apps deleted since come back too. A new copy is of one app.
        whole_tenant = self._state.data is not None and self._state.data.whole_tenant \
            and choice.mode is not RestoreMode.AS_NEW

        def work(task: TaskContext) -> _Previewed:
            asked = request
            if whole_tenant:
                asked = replace(request, app_pks=whole_tenant_at(setup.store, request.tenant_id, snapshot.id,
                                                                 setup.app_pks))
            preview = engine.preview(asked, progress=task.progress, cancel=task.cancel)
            return preview, preview_rows(preview)  # old → new for 2,000 apps: off the GUI thread

        op: Operation[_Previewed] = Operation(setup.runner, work, kind=Executor.GRAPH, owner=self, name="preview")
        op.on_success(lambda result: self._done(op, *result)) \
            .on_failure(lambda exc: self._failed(op, exc)) \
            .on_cancelled(lambda: None) \
            .on_progress(self._progress)
        self._op = op
        self.completeChanged.emit()
        op.run()

    def _progress(self, progress: RestoreProgress) -> None:
        done, total = progress.index, progress.total
        if total > 0:
            self.busy.setRange(0, total)
            self.busy.setValue(min(done, total))
            self.busy.setFormat(self.tr("Reading the target's current state… %v / %m"))

    def _done(self, op: Operation[_Previewed], preview: RestorePreview, rows: list[PreviewRow]) -> None:
        if op is not self._op:
            return
        self._op = None
        self.busy.setVisible(False)
        self._state.preview = preview
        if self._target is not None:
            self._target = preview.target_tenant  # as the engine read it (its domains may have been refreshed)
        self.model.set_records(rows)
        self.proxy.sort(-1)  # as they come: what changes first
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        fit_columns(self.table)
        if rows:
            self.table.selectRow(0)
        self._show_summary(preview)
        self._show_permissions(preview)
        self._show_confirmation()
        self.completeChanged.emit()
        self.preview_finished.emit()

    def _failed(self, op: Operation[_Previewed], exc: BaseException) -> None:
        if op is not self._op:
            return
        self._op = None
        self.busy.setVisible(False)
        refused = refusal_text(exc)
        if refused is not None:
            text = refused + " " + self.tr("Nothing was written.")
        else:
            described = describe_error(exc)
            text = f"{described.summary}\n{described.advice}"
            if described.facts:
                text += "\n\n" + described.facts
        self.error_label.setText(self.tr("The preview failed: {error}").format(error=text))
        self.error_label.setVisible(True)
        self.retry_button.setVisible(True)
        self.completeChanged.emit()
        self.preview_finished.emit()

    # ------------------------------------------------------------------------------------------- showing

    def _show_summary(self, preview: RestorePreview | None) -> None:
        setup, choice, snapshot = self._setup, self._state.choice, self._state.snapshot
        assert choice is not None  # the Options page decided it
        source = setup.source_tenant
        when = format_datetime(snapshot.finished) if snapshot is not None else ""
        apps = len(preview.items) if preview is not None else len(setup.app_pks)
        what = self.tr("%Ln app(s)", "", apps)
        text = self.tr("<b>{mode}</b>: {what} of <b>{source}</b> as they were on <b>{when}</b>").format(
            mode=html.escape(mode_text(choice.mode)), what=what, source=html.escape(source.display_name),
            when=when)
        if setup.only:
            text += self.tr(", <b>only</b> {paths} (everything else stays as it is now)").format(
                paths=html.escape(", ".join(setup.only)))
        if choice.mode is RestoreMode.AS_NEW and choice.new_name:
            text += self.tr(", as a new app named <b>{name}</b>").format(name=html.escape(choice.new_name))
        if self._target is not None:
            text += self.tr(", into <b>{target}</b> ({tenant_id}), identifier URIs on <b>{domain}</b>").format(
                target=html.escape(self._target.display_name), tenant_id=html.escape(self._target.tenant_id),
                domain=html.escape(choice.target_domain or ""))
        text += "."
        if preview is not None:
            rows = self.model.records
            counts: dict[str, list[int]] = {}
            for row in rows:
                label = action_text(row.action, self._target.display_name if self._target else "",
                                    unchanged=row.item.up_to_date)
                count = counts.setdefault(label, [0, 0])
                count[0] += 1
                count[1] += row.changes_anything
            parts = []
            for label, (n, changing) in counts.items():
                if changing in (n, 0):  # "No change: 1,854"
                    parts.append(f"{label}: {format_count(n)}")
                else:  # "Overwrite: 1934" said nothing of how many really change
                    parts.append(self.tr("{label}: {n} ({changing} change, {same} already as at the snapshot)")
                                 .format(label=label, n=format_count(n), changing=format_count(changing),
                                         same=format_count(n - changing)))
            warned = sum(1 for row in rows if row.warnings)
            left_out = len(preview.left_out)
            if left_out:  # named on the Snapshot page; counted here so the plan's numbers add up
                parts.append(self.tr("left out, not in this snapshot: {n}").format(n=format_count(left_out)))
            text += "<br>" + html.escape(" · ".join(parts))
            if warned:
                text += (f" · <span style='color:{AMBER.name()}'>"
                         + html.escape(self.tr("%Ln with warnings", "", warned)) + "</span>")
        self.summary_label.setText(text)

    def _missing(self) -> tuple[str, ...]:
        preview = self._state.preview
        return preview.permissions_missing if preview is not None else ()

    def _show_permissions(self, preview: RestorePreview | None) -> None:
        missing = self._missing() if preview is not None else ()
        self.permissions_label.setVisible(bool(missing))
        self.grant_button.setVisible(bool(missing) and self._setup.grant_permissions is not None)
        if preview is None or not missing:
            return
        target = preview.target_tenant
        needs = "; ".join(f"{name} ({RESTORE_PURPOSE[name]})" if name in RESTORE_PURPOSE else name for name in missing)
        text = self.tr(
            "This restore needs {permissions}, not yet granted to Regvault's sign-in in {tenant}. Nothing is written "
            "without it. Sign in to grant it (an admin may have to approve); the preview runs again after.").format(
            permissions=needs, tenant=target.display_name)
        self.permissions_label.setText(text)

    @Slot()
    def grant_permissions(self) -> None:
        grant = self._setup.grant_permissions
        preview = self._state.preview
        missing = self._missing()
        if grant is None or preview is None or not missing:
            return
        grant(preview.target_tenant, missing, self.start_preview)

    def _show_confirmation(self) -> None:
        target = self._target
        self.confirm_check.setVisible(target is not None)
        self.confirm_check.setChecked(False)
        if target is not None:
            self.confirm_check.setText(self.tr(
                "I understand that this writes app registrations into the tenant {name} ({tenant_id}).").format(
                name=target.display_name, tenant_id=target.tenant_id))

    @Slot(QItemSelection, QItemSelection)
    def _row_chosen(self, *_args: object) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.details.clear()
            return
        item = self.model.record(self.proxy.mapToSource(rows[0]).row())
        self.details.setHtml(details_html(item, self._target.display_name if self._target else ""))

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        preview = self._state.preview
        if preview is None or self._op is not None or not preview.items or self._missing():
            return False
        return self._target is None or self.confirm_check.isChecked()
