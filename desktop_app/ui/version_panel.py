"""The side panel: the clicked app, its versions (◀ date ▶), and its attributes with changes in red."""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.audit import AuditEvent
from desktop_app.domain.cherry_pick import path_for
from desktop_app.domain.diff import diff_documents
from desktop_app.domain.document import PENDING_KEYS, pending_key_ids
from desktop_app.domain.enterprise import ENTERPRISE_SECTION
from desktop_app.domain.permission_names import ApiNames, PermissionNames
from desktop_app.store import Store
from desktop_app.store.records import AppDocument, AppRow, SnapshotInfo, VersionInfo
from desktop_app.ui import shortcuts
from desktop_app.ui.attribute_tree import AttributeTree, build_tree
from desktop_app.ui.attributes_model import AttributesModel
from desktop_app.ui.colors import CHANGED, DANGER, MUTED, set_text_tone
from desktop_app.ui.named import named, named_button
from desktop_app.ui.panel_sections import MANIFEST
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner
from desktop_app.ui.texts import app_status_text, format_datetime
from desktop_app.ui.timeline_words import audit_missing_words, changed_by_lines

log = logging.getLogger(__name__)

# Documents kept for stepping back and forth through versions without reading them again.
DOCUMENT_CACHE_SIZE = 64


@dataclass(frozen=True)
class VersionView:
    """Everything the panel shows for one version of one app, computed on the database worker."""

    app: AppRow
    versions: tuple[VersionInfo, ...]  # newest first
    position: int  # index into versions: 0 is the newest
    tree: AttributeTree
    logo: bytes | None
    # The backup "Restore this version…" preselects: the newest one in which this version was seen (the latest
    # backup for the current version), not the one where it first appeared.
    restore_snapshot_id: int | None = None
    # Parts this version holds for the first time because a newer Regvault read them (the enterprise
    # application): shown calmly, not as changes.
    first_read: tuple[str, ...] = ()
    # Certificates of this version whose bytes a backup is still to read (it wrote the snapshot first).
    pending_certificates: int = 0
    # Who made this version's changes, from the directory audit log (oldest first), and the permissions missing to
    # read that log (then nobody is named).
    changed_by: tuple[AuditEvent, ...] = ()
    audit_missing: str | None = None

    @property
    def version(self) -> VersionInfo:
        return self.versions[self.position]

    @property
    def number(self) -> int:
        """1 for the oldest version, len(versions) for the newest (what "version 3 of 12" says)."""
        return len(self.versions) - self.position


class VersionLoader:
    """Reads versions and documents; used only on the database worker, so its cache needs no lock."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._documents: OrderedDict[int, AppDocument] = OrderedDict()
        self._snapshots: dict[str, list[SnapshotInfo]] = {}  # tenant id → its complete snapshots, newest first
        self._names: dict[str | None, PermissionNames] = {}  # tenant id → permission names (its own APIs)

    def document(self, version_pk: int) -> AppDocument:
        doc = self._documents.get(version_pk)
        if doc is None:
            doc = self._store.version_document(version_pk)
            self._documents[version_pk] = doc
            if len(self._documents) > DOCUMENT_CACHE_SIZE:
                self._documents.popitem(last=False)
        else:
            self._documents.move_to_end(version_pk)
        return doc

    def forget(self) -> None:
        self._documents.clear()
        self._snapshots.clear()
        self._names.clear()

    def permission_names(self, tenant_id: str | None) -> PermissionNames:
        names = self._names.get(tenant_id)
        if names is None:
            store = self._store

            def tenant_api(resource_app_id: str) -> ApiNames | None:
                if tenant_id is None:
                    return None
                app = store.find_app(tenant_id, resource_app_id)
                versions = store.versions(app.pk) if app is not None else []
                return ApiNames.from_document(self.document(versions[0].pk)) if versions else None

            names = self._names[tenant_id] = PermissionNames(tenant_api)
        return names

    def _restore_snapshot(self, tenant_id: str | None, version: VersionInfo) -> int:
        if tenant_id is None:
            return version.valid_from
        snapshots = self._snapshots.get(tenant_id)
        if snapshots is None:
            snapshots = self._snapshots[tenant_id] = list(self._store.snapshots(tenant_id))
        return next((s.id for s in snapshots if not s.partial and s.id >= version.valid_from
                     and (version.valid_until is None or s.id < version.valid_until)), version.valid_from)

    def load(self, app_pk: int, position: int | None = None,
             versions: tuple[VersionInfo, ...] | None = None, *, snapshot_id: int | None = None,
             tenant_id: str | None = None) -> VersionView | None:
        store = self._store
        app = store.app_row(app_pk)
        if app is None:
            return None
        if versions is None:
            versions = tuple(store.versions(app_pk))
        if not versions:
            return None
        if snapshot_id is not None:
            position = next((i for i, v in enumerate(versions) if v.valid_from <= snapshot_id), len(versions) - 1)
        position = min(max(position or 0, 0), len(versions) - 1)
        document = self.document(versions[position].pk)
        previous = self.document(versions[position + 1].pk) if position + 1 < len(versions) else None
        changes = diff_documents(previous, document) if previous is not None else []
        first_read: tuple[str, ...] = ()
        if previous is not None and ENTERPRISE_SECTION in document and ENTERPRISE_SECTION not in previous:
            first_read = (ENTERPRISE_SECTION,)
            changes = [c for c in changes if c.path[:1] != (ENTERPRISE_SECTION,)]
        changes = [c for c in changes if c.path[:1] != (PENDING_KEYS,)]  # bytes still to come: not a change
        tree = build_tree(document, changes, has_previous=previous is not None,
                          names=self.permission_names(tenant_id))
        logo_sha = document.get("logo")
        logo = store.blob(logo_sha) if isinstance(logo_sha, str) else None
        changed_by = store.timeline.changed_by([versions[position].pk]).get(versions[position].pk, [])
        missing = store.timeline.capture_state(tenant_id).audit_refused if tenant_id is not None else None
        return VersionView(app, versions, position, tree, logo,
                           self._restore_snapshot(tenant_id, versions[position]), first_read,
                           len(pending_key_ids(document)), tuple(changed_by), missing)


class VersionPanel(QWidget):
    """Emits `restore_requested(app_pk, snapshot_id)` for "Restore this version…",
    `restore_values_requested(app_pk, snapshot_id, paths)` for "Restore selected values…" (the attribute rows
    selected, as cherry-pick paths), `compare_requested(app_pk, position)` for Compare… and
    `export_requested(app_pk, snapshot_id)` for Export…."""

    restore_requested = Signal(int, int)
    restore_values_requested = Signal(int, int, list)
    compare_requested = Signal(int, int)
    export_requested = Signal(int, int)
    # Emitted after a version is shown (tests and the benchmark wait on it).
    version_shown = Signal()

    def __init__(self, store: Store, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "versionPanel", self.tr("App details and versions"))
        self._runner = runner
        self._loader = VersionLoader(store)
        self._view: VersionView | None = None
        self._request = 0  # the newest request; older answers are dropped
        self._app_pk: int | None = None
        self._pending: Operation[object] | None = None
        self.tenant_id: str | None = None  # the window's tenant (for the backup Restore this version… picks)
        self.model = AttributesModel(self)
        self._build()
        self.clear()

    # --- building ---------------------------------------------------------------------------------------

    def _build(self) -> None:
        self._pages = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._pages)

        self._placeholder = QLabel(self.tr("Click an app to see its attributes and its history."), self)
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setWordWrap(True)
        self._placeholder.setObjectName("versionPanelPlaceholder")
        set_text_tone(self._placeholder, MUTED, "padding: 24px;")
        self._pages.addWidget(self._placeholder)

        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.setSpacing(8)

        self._name = QLabel(page)
        self._name.setObjectName("appNameLabel")
        font = QFont(self._name.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self._name.setFont(font)
        self._name.setWordWrap(True)
        self._name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self._name)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(3)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self._client_id = self._value_label(page, "clientIdLabel")
        self._object_id = self._value_label(page, "objectIdLabel")
        self._status = self._value_label(page, "statusLabel")
        form.addRow(self.tr("Application (client) ID"), self._client_id)
        form.addRow(self.tr("Object ID"), self._object_id)
        form.addRow(self.tr("Status"), self._status)
        layout.addLayout(form)

        navigator = QHBoxLayout()
        navigator.setSpacing(4)
        self.previous_button = named(QToolButton(page), "previousVersionButton",
                                     self.tr("Previous (older) version"),
                                     self.tr("Older version (Alt+Left or [)"))
        self.previous_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowLeft))
        self.previous_button.clicked.connect(self.show_older)
        self.previous_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.next_button = named(QToolButton(page), "nextVersionButton", self.tr("Next (newer) version"),
                                 self.tr("Newer version (Alt+Right or ])"))
        self.next_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowRight))
        self.next_button.clicked.connect(self.show_newer)
        self.next_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.version_label = named(QLabel(page), "versionLabel", self.tr("Version shown"))
        self.version_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.version_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.version_label.setFrameShape(QLabel.Shape.StyledPanel)
        self.version_label.setMinimumHeight(self.previous_button.sizeHint().height())
        navigator.addWidget(self.previous_button)
        navigator.addWidget(self.version_label, 1)
        navigator.addWidget(self.next_button)
        layout.addLayout(navigator)

        options = QHBoxLayout()
        self._legend = QLabel(page)
        self._legend.setObjectName("changesLegend")
        self._legend.setWordWrap(True)
        self.only_changed = named_button(QCheckBox(self.tr("Only changed"), page), "onlyChangedToggle",
                                         self.tr("Show only attributes changed in this version"),
                                         toggled=self._only_changed_toggled)
        options.addWidget(self._legend, 1)
        options.addWidget(self.only_changed)
        layout.addLayout(options)
        self.changed_by_label = named(QLabel(page), "changedByLabel", self.tr("Who changed this version"))
        self.changed_by_label.setWordWrap(True)
        self.changed_by_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_text_tone(self.changed_by_label, MUTED)
        layout.addWidget(self.changed_by_label)

        self.tree = named(QTreeView(page), "attributesTree", self.tr("Attributes of this version"))
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        # Cut in the middle: names that differ at the end (…-deploy-main, …-deploy-prod) and URLs (host … path)
        # stay told apart.
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several attributes can be picked (Ctrl/Shift+click) for "Restore selected values…".
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.header().resizeSection(0, 230)
        layout.addWidget(self.tree, 1)

        tools = QHBoxLayout()  # their own row: the panel stays as narrow as before
        buttons = QHBoxLayout()
        self._add_compare_buttons(page, tools, buttons)
        tools.addStretch(1)
        layout.addLayout(tools)
        self.restore_button = named_button(
            QPushButton(self.tr("Restore this version…"), page), "restoreVersionButton",
            self.tr("Restore this version"),
            self.tr("Open the restore wizard on this app, as it was in this version"),
            clicked=self._restore_clicked)
        buttons.addWidget(self.restore_button)
        layout.addLayout(buttons)
        self._pages.addWidget(page)
        self._details = page

    def _add_compare_buttons(self, page: QWidget, tools: QHBoxLayout, restores: QHBoxLayout) -> None:
        """Compare…, Export… and Restore selected values…."""
        made = []
        for name, text, tip, slot in (
            ("compareButton", self.tr("Compare…"),
             self.tr("Compare this version with any other, or with the live tenant"), self._compare_clicked),
            ("exportButton", self.tr("Export…"),
             self.tr("Export this version as Graph JSON, Terraform or an HTML passport"), self._export_clicked),
            ("restoreValuesButton", self.tr("Restore selected values…"),
             self.tr("Restore only the attributes selected above ({click} to pick several), as in this "
                     "version; everything else stays as it is now").format(click=shortcuts.pick_several_click()),
             self._restore_values_clicked),
        ):
            made.append(named_button(QPushButton(text, page), name, text.rstrip("…"), tip, clicked=slot))
        self.compare_button, self.export_button, self.restore_values_button = made
        tools.addWidget(self.compare_button)
        tools.addWidget(self.export_button)
        restores.addStretch(1)
        restores.addWidget(self.restore_values_button)
        self.tree.selectionModel().selectionChanged.connect(lambda *_: self._update_values_button())

    def selected_paths(self) -> list[str]:
        """The selected rows as cherry-pick paths (a section row: every attribute in it), each once; rows that
        can't be restored on their own (read-only, secrets) are left out."""
        paths: dict[str, None] = {}
        for index in self.tree.selectionModel().selectedRows(0):
            node = self.model.node(index)
            nodes = node.children if node.section else [node]
            for each in nodes:
                path = path_for(each.path)
                if path is not None:
                    paths[path] = None
        return list(paths)

    def _update_values_button(self) -> None:
        self.restore_values_button.setEnabled(self._view is not None and bool(self.selected_paths()))

    @Slot()
    def _compare_clicked(self) -> None:
        if self._view is not None:
            self.compare_requested.emit(self._view.app.pk, self._view.position)

    @Slot()
    def _export_clicked(self) -> None:
        if self._view is not None:
            view = self._view
            self.export_requested.emit(view.app.pk, view.restore_snapshot_id or view.version.valid_from)

    @Slot()
    def _restore_values_clicked(self) -> None:
        paths = self.selected_paths()
        if self._view is not None and paths:
            view = self._view
            self.restore_values_requested.emit(view.app.pk, view.restore_snapshot_id or view.version.valid_from,
                                               paths)

    def _value_label(self, parent: QWidget, name: str) -> QLabel:
        label = QLabel(parent)
        label.setObjectName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def focus_details(self) -> None:
        """The keyboard comes to the panel (Enter on a row, F6): on the attributes, else the first control."""
        if self._pages.currentWidget() is self._details:
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.tree.currentIndex().isValid() and self.model.rowCount():
                self.tree.setCurrentIndex(self.model.index(0, 0))

    # --- what is shown ----------------------------------------------------------------------------------

    @property
    def app_pk(self) -> int | None:
        return self._app_pk

    @property
    def view(self) -> VersionView | None:
        return self._view

    def clear(self) -> None:
        self._request += 1
        self._app_pk = None
        self._view = None
        self.model.set_tree(None)
        self._pages.setCurrentWidget(self._placeholder)
        self._update_navigation()

    def forget_documents(self) -> None:
        """After a backup: versions may have been added, and certificate bytes filled into a version; re-read on
        the next request. An operation of its own (the database worker runs it before the next load): a load
        asked right after must not cancel it, as it cancels a queued load."""
        loader = self._loader
        Operation(self._runner, lambda _task: loader.forget(), kind=Executor.DATABASE, owner=self,
                  name="forget documents").on_cancelled(lambda: None).run()

    def show_app(self, app_pk: int, *, snapshot_id: int | None = None) -> None:
        """Show the newest version of an app (or the one valid at `snapshot_id`)."""
        self._app_pk = app_pk
        loader, tenant_id = self._loader, self.tenant_id
        self._run(lambda _task: loader.load(app_pk, 0, snapshot_id=snapshot_id, tenant_id=tenant_id), self._apply)

    def reload(self) -> None:
        if self._app_pk is not None:
            self.show_app(self._app_pk)

    @Slot()
    def show_older(self) -> None:
        self._step(+1)

    @Slot()
    def show_newer(self) -> None:
        self._step(-1)

    def show_position(self, position: int) -> None:
        view = self._view
        if view is None or not 0 <= position < len(view.versions):
            return
        loader, versions, app_pk, tenant_id = self._loader, view.versions, view.app.pk, self.tenant_id
        self._run(lambda _task: loader.load(app_pk, position, versions, tenant_id=tenant_id), self._apply)

    def _step(self, delta: int) -> None:
        if self._view is not None:
            self.show_position(self._view.position + delta)

    def _run(self, work, on_success) -> None:  # type: ignore[no-untyped-def]
        self._request += 1
        request = self._request
        # Holding the Down key asks for one app after another: a request still queued when the next comes is
        # skipped by the worker, so the panel follows the keyboard instead of replaying every row.
        if self._pending is not None:
            self._pending.cancel()

        def guarded(task: TaskContext):  # type: ignore[no-untyped-def]
            task.cancel.raise_if_cancelled()
            return work(task)

        def apply(result: object) -> None:
            if request == self._request:  # a newer click wins
                on_success(result)

        self._pending = Operation(self._runner, guarded, kind=Executor.DATABASE, owner=self, name="load versions")
        self._pending.on_success(apply) \
            .on_cancelled(lambda: None) \
            .on_failure(lambda exc: self._failed(request, exc)) \
            .run()

    def _failed(self, request: int, exc: BaseException) -> None:
        if request != self._request:
            return
        self._pages.setCurrentWidget(self._placeholder)
        self._placeholder.setText(self.tr("Could not read this app's history: {error}").format(error=exc))

    def _apply(self, view: VersionView | None) -> None:
        if view is None:
            self.clear()
            return
        self._view = view
        app = view.app
        self._name.setText(app.display_name or self.tr("(no name)"))
        self._client_id.setText(app.app_id)
        self._object_id.setText(app.object_id)
        self._status.setText(app_status_text(app.status, app.deleted_until))
        set_text_tone(self._status, None if app.status == "active" else DANGER)
        self.model.set_tree(view.tree, logo=view.logo)
        self._expand_changes()
        n = len(view.tree.red_paths)
        if not view.tree.has_previous:
            self._legend.setText(self.tr("First backed-up version: nothing to compare with."))
        elif n == 0:
            self._legend.setText(self.tr("No change from the previous version."))
        else:
            self._legend.setText(
                self.tr("<span style='color:{color}'>■</span> {n} changed from the previous version "
                        "(hover for the old value)").format(n=n, color=CHANGED.name()))
        if view.first_read:
            self._legend.setText(self._legend.text() + " " + self.tr(
                "The enterprise application was first read in this backup (Regvault was upgraded): not a change."))
        if view.pending_certificates:
            self._legend.setText(self._legend.text() + " " + self.tr(
                "The bytes of %Ln certificate(s) are still to come: the backup reads them after writing the snapshot "
                "(Graph allows 150 certificate reads a minute; if that backup was stopped, the next one reads them "
                "first).", "", view.pending_certificates))
        who = changed_by_lines(view.changed_by)
        if not who and view.audit_missing and view.tree.has_previous:
            who = [audit_missing_words(view.audit_missing)]
        self.changed_by_label.setText("\n".join(who))
        self.changed_by_label.setVisible(bool(who))
        self._pages.setCurrentWidget(self._details)
        self._fit_attribute_column()  # shown: the tree has its real width now
        self._update_navigation()
        self.version_shown.emit()

    def _expand_changes(self) -> None:
        self.tree.collapseAll()
        # The portal's sections are open (not the Manifest); below them, only the way to what changed.
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if self.model.node(index).path != ("#section", MANIFEST):  # the raw manifest opens on request
                self.tree.expand(index)
        for index in self.model.red_indexes():
            parent = index.parent()
            while parent.isValid():
                self.tree.expand(parent)
                parent = parent.parent()
        if self.only_changed.isChecked():
            self.tree.expandAll()
        red = self.model.red_indexes()
        if red:
            self.tree.scrollTo(red[0], QAbstractItemView.ScrollHint.PositionAtCenter)
        else:
            self.tree.scrollToTop()

    def _fit_attribute_column(self) -> None:
        """The attribute column as wide as its words at their depth (the portal's labels are longer than JSON names;
        rows not expanded yet count too, so a scope's "Admin consent name" and "… description" are not both cut to
        "Admin conse…"), up to half the panel: the values keep the rest."""
        metrics, model, indent = self.tree.fontMetrics(), self.model, self.tree.indentation()
        widest = 0
        pending = [(QModelIndex(), 0)]
        while pending:
            parent, depth = pending.pop()
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                widest = max(widest, metrics.horizontalAdvance(str(index.data() or "")) + indent * (depth + 1))
                pending.append((index, depth + 1))
        header = self.tree.header()
        header.resizeSection(0, max(200, min(widest + 16, int(self.tree.width() * 0.5))))

    def _update_navigation(self) -> None:
        view = self._view
        if view is None:
            self.version_label.setText("")
            self.previous_button.setEnabled(False)
            self.next_button.setEnabled(False)
            self.restore_button.setEnabled(False)
            for button in (self.compare_button, self.export_button, self.restore_values_button):
                button.setEnabled(False)
            return
        version = view.version
        when = format_datetime(version.valid_from_time)
        suffix = self.tr("current") if version.valid_until is None and view.app.status == "active" else ""
        text = self.tr("{when} · version {n} of {total}").format(when=when, n=view.number, total=len(view.versions))
        self.version_label.setText(f"{text} ({suffix})" if suffix else text)
        if version.valid_until_time is not None:
            self.version_label.setToolTip(self.tr("Seen by backups from {start} until {end}").format(
                start=when, end=format_datetime(version.valid_until_time)))
        else:
            self.version_label.setToolTip(self.tr("Seen by backups since {start}").format(start=when))
        self.previous_button.setEnabled(view.position + 1 < len(view.versions))
        self.next_button.setEnabled(view.position > 0)
        self.restore_button.setEnabled(True)
        self.compare_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self._update_values_button()

    @Slot(bool)
    def _only_changed_toggled(self, checked: bool) -> None:
        self.model.set_only_changed(checked)
        self._expand_changes()

    @Slot()
    def _restore_clicked(self) -> None:
        if self._view is not None:
            view = self._view
            self.restore_requested.emit(view.app.pk, view.restore_snapshot_id or view.version.valid_from)
