"""The toolbar's tenant switcher for resellers with dozens of tenants: type to search (any part of the name or
domain), and each tenant's last backup shown in the list (an icon: complete, failed, or none yet; the time and
result in its tooltip), read on the database worker."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QCompleter, QStyle, QWidget

from desktop_app.store import Store
from desktop_app.store.records import SnapshotInfo, TenantInfo
from desktop_app.ui.named import named
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner
from desktop_app.ui.texts import TrContext, format_datetime

SwitcherTexts = TrContext("SwitcherTexts")

# A last good backup older than this shows a warning: a scheduled daily backup has stopped running.
STALE_AFTER = timedelta(days=2)


def make_searchable(combo: QComboBox) -> None:
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    line = combo.lineEdit()
    assert line is not None  # editable
    line.setPlaceholderText(SwitcherTexts.tr("Search tenants"))
    line.setClearButtonEnabled(False)
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(15)
    popup = completer.popup()
    assert popup is not None  # the completer's own
    popup.setObjectName("tenantSearchPopup")
    combo.setCompleter(completer)
    combo.setMaxVisibleItems(15)
    # A picked completion selects that tenant (the combo's own index follows the text).
    completer.activated[str].connect(  # type: ignore[index]  # PySide6's stubs miss the overload
        lambda text: combo.setCurrentIndex(max(combo.findText(text), 0)))


def status_text(snapshot: SnapshotInfo | None, now: datetime | None = None) -> tuple[str, str]:
    """(kind, words): kind "complete" | "stale" | "failed" | "none"."""
    if snapshot is None:
        return "none", SwitcherTexts.tr("Never backed up")
    when = snapshot.finished or snapshot.started
    text = format_datetime(when)
    if snapshot.status != "complete":
        return "failed", SwitcherTexts.tr("Last backup {when} failed").format(when=text)
    now = now or datetime.now(UTC)
    if when is not None and now - (when if when.tzinfo else when.replace(tzinfo=UTC)) > STALE_AFTER:
        return "stale", SwitcherTexts.tr("Last backup {when}: more than two days ago").format(when=text)
    return "complete", SwitcherTexts.tr("Last backup {when}").format(when=text)


class TenantSwitcher(QComboBox):
    """The tenants Regvault has, one of them current: the window and its components ask it (`current`)."""

    # The current tenant changed (a TenantInfo, or None when there is none left).
    tenant_changed = Signal(object)
    # Each tenant's last backup is shown in the list.
    statuses_shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "tenantSwitcher", self.tr("Tenant"), self.tr("The tenant whose backups are shown"))
        # As wide as a tenant's name and domain usually are, not as the longest of 50 (the popup shows them whole).
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        make_searchable(self)  # 50 tenants: type a part of the name or domain
        self._tenants: list[TenantInfo] = []
        self._current_id: str | None = None
        self.currentIndexChanged.connect(self._index_changed)

    @property
    def tenants(self) -> list[TenantInfo]:
        return list(self._tenants)

    def current(self) -> TenantInfo | None:
        index = self.currentIndex()
        return self._tenants[index] if 0 <= index < len(self._tenants) else None

    def set_tenants(self, tenants: Sequence[TenantInfo], wanted: str) -> None:
        """List `tenants`, `wanted` (a tenant id) current when listed, else the first. `tenant_changed` follows
        when that is another tenant than before."""
        self._tenants = list(tenants)
        self.blockSignals(True)
        self.clear()
        for tenant in self._tenants:
            label = tenant.display_name
            if tenant.default_domain:
                label += f"  —  {tenant.default_domain}"
            self.addItem(label, tenant.tenant_id)
            self.setItemData(self.count() - 1, f"{tenant.display_name}\n{tenant.tenant_id}",
                             Qt.ItemDataRole.ToolTipRole)
        index = next((i for i, t in enumerate(self._tenants) if t.tenant_id == wanted), 0)
        self.setCurrentIndex(index if self._tenants else -1)
        self.blockSignals(False)
        self._index_changed(self.currentIndex())

    def select(self, tenant_id: str) -> None:
        index = self.findData(tenant_id)
        if index >= 0:
            self.setCurrentIndex(index)

    @Slot(int)
    def _index_changed(self, _index: int) -> None:
        tenant = self.current()
        tenant_id = tenant.tenant_id if tenant is not None else None
        if tenant_id != self._current_id:
            self._current_id = tenant_id
            self.tenant_changed.emit(tenant)

    def show_statuses(self, store: Store, runner: TaskRunner) -> None:
        """Read every tenant's last backup on the database worker and mark the list's items with it."""
        tenants = list(self._tenants)
        if not tenants:
            return

        def work(task: TaskContext) -> dict[str, SnapshotInfo | None]:
            found = {}
            for tenant in tenants:
                task.cancel.raise_if_cancelled()
                found[tenant.tenant_id] = store.last_backup(tenant.tenant_id)
            return found

        Operation(runner, work, kind=Executor.DATABASE, owner=self, name="tenants' last backups") \
            .on_success(lambda found: self._show_statuses(tenants, found)).on_failure(lambda _exc: None).run()

    def _show_statuses(self, tenants: list[TenantInfo], found: dict[str, SnapshotInfo | None]) -> None:
        style = self.style()
        icons = {"complete": style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
                 "stale": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
                 "failed": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)}
        for index in range(self.count()):
            tenant_id = self.itemData(index)
            if tenant_id not in found:
                continue
            kind, words = status_text(found[tenant_id])
            tenant = next((t for t in tenants if t.tenant_id == tenant_id), None)
            name = tenant.display_name if tenant is not None else ""
            self.setItemData(index, f"{name}\n{tenant_id}\n{words}", Qt.ItemDataRole.ToolTipRole)
            self.setItemData(index, kind, Qt.ItemDataRole.UserRole + 1)
            self.setItemIcon(index, icons.get(kind, style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)))
        self.statuses_shown.emit()
