"""The toolbar's tenant switcher for resellers with dozens of tenants: type to search (any part of the name or
domain), and each tenant's last backup shown in the list (an icon: complete, failed, or none yet; the time and
result in its tooltip), read on the database worker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QStyle

from desktop_app.ui.tasks import Executor, Operation, TaskContext
from desktop_app.ui.texts import format_datetime, tr

# A last good backup older than this shows a warning: a scheduled daily backup has stopped running.
STALE_AFTER = timedelta(days=2)


def make_searchable(combo: QComboBox) -> None:
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    line = combo.lineEdit()
    line.setPlaceholderText(tr("Search tenants"))
    line.setClearButtonEnabled(False)
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(15)
    completer.popup().setObjectName("tenantSearchPopup")
    combo.setCompleter(completer)
    combo.setMaxVisibleItems(15)
    # A picked completion selects that tenant (the combo's own index follows the text).
    completer.activated[str].connect(lambda text: combo.setCurrentIndex(max(combo.findText(text), 0)))


def status_text(snapshot: Any, now: datetime | None = None) -> tuple[str, str]:
    """(kind, words): kind "complete" | "stale" | "failed" | "none"."""
    if snapshot is None:
        return "none", tr("Never backed up")
    when = snapshot.finished or snapshot.started
    text = format_datetime(when)
    if snapshot.status != "complete":
        return "failed", tr("Last backup {when} failed").format(when=text)
    now = now or datetime.now(UTC)
    if when is not None and now - (when if when.tzinfo else when.replace(tzinfo=UTC)) > STALE_AFTER:
        return "stale", tr("Last backup {when}: more than two days ago").format(when=text)
    return "complete", tr("Last backup {when}").format(when=text)


def show_tenant_statuses(window: Any) -> None:
    """Read every tenant's last backup on the database worker and mark the switcher's items with it."""
    tenants = list(window._tenants)
    if not tenants:
        return
    store = window.store

    def work(task: TaskContext) -> dict[str, Any]:
        found = {}
        for tenant in tenants:
            task.cancel.raise_if_cancelled()
            found[tenant.tenant_id] = store.last_backup(tenant.tenant_id)
        return found

    def apply(found: dict[str, Any]) -> None:
        combo: QComboBox = window.tenant_switcher
        style = window.style()
        icons = {"complete": style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
                 "stale": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
                 "failed": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)}
        for index in range(combo.count()):
            tenant_id = combo.itemData(index)
            if tenant_id not in found:
                continue
            kind, words = status_text(found[tenant_id])
            tenant = next((t for t in tenants if t.tenant_id == tenant_id), None)
            name = tenant.display_name if tenant is not None else ""
            combo.setItemData(index, f"{name}\n{tenant_id}\n{words}", Qt.ItemDataRole.ToolTipRole)
            combo.setItemData(index, kind, Qt.ItemDataRole.UserRole + 1)
            combo.setItemIcon(index, icons.get(kind, style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)))
        window.tenant_statuses_shown.emit()

    Operation(window.runner, work, kind=Executor.DATABASE, owner=window, name="tenants' last backups") \
        .on_success(apply).on_failure(lambda _exc: None).run()
