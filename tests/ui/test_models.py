"""The window's models: Qt's model tester, on-demand rows, selection semantics, the attribute tree's red rows."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from store_fill import app_document, fill_tenant

from desktop_app.domain.diff import ChangeKind, diff_documents
from desktop_app.domain.natural_sort import natural_key
from desktop_app.store import Store
from desktop_app.ui.apps_model import (
    ROW_CHUNK,
    AppColumn,
    AppIdList,
    AppsQuery,
    AppsTableModel,
    PkRole,
    RowRole,
    SortRole,
)
from desktop_app.ui.attribute_tree import build_tree, only_changed
from desktop_app.ui.attributes_model import AttributesModel, ChangedRole, NodeRole


def _apps_model(store: Store, tenant_id: str, **query: object) -> AppsTableModel:
    q = AppsQuery(tenant_id, **query)  # type: ignore[arg-type]
    model = AppsTableModel(store.app_rows)
    model.set_id_list(AppIdList.build(q, store.app_ids(q.tenant_id, q.filter_text, q.sort, q.descending,
                                                       q.include_deleted)))
    return model


def test_apps_model_passes_qt_model_tester(qtmodeltester, filled) -> None:  # type: ignore[no-untyped-def]
    store, contoso, _ = filled
    model = _apps_model(store, contoso.tenant_id, include_deleted=True)
    qtmodeltester.check(model)
    model.select_all()
    model.set_id_list(AppIdList.build(AppsQuery(contoso.tenant_id, "payroll"),
                                      store.app_ids(contoso.tenant_id, "payroll")))
    qtmodeltester.check(model)


def test_apps_model_roles_give_native_values_and_the_row(filled) -> None:  # type: ignore[no-untyped-def]
    store, contoso, _ = filled
    model = _apps_model(store, contoso.tenant_id, include_deleted=True, sort="modified")
    row = model.index(0, AppColumn.NAME).data(RowRole)
    assert row.pk == model.index(0, 0).data(PkRole)
    assert model.index(0, AppColumn.NAME).data(SortRole) == natural_key(row.display_name)  # the store's order
    assert model.index(0, AppColumn.LAST_MODIFIED).data(SortRole) == row.last_modified
    statuses = {model.index(r, AppColumn.STATUS).data() for r in range(model.rowCount())}
    assert "Active" in statuses and "Deleted permanently" in statuses
    assert any(s.startswith("Deleted, in recycle bin until ") for s in statuses)


def test_rows_are_fetched_on_demand_in_chunks(store: Store) -> None:
    big = fill_tenant(store, "big", 1_000, snapshots=1, recycle=0, purge=0)
    calls: list[int] = []

    def rows(ids: list[int]):  # type: ignore[no-untyped-def]
        calls.append(len(ids))
        return store.app_rows(ids)

    model = AppsTableModel(rows)
    ids = store.app_ids(big.tenant_id)
    model.set_id_list(AppIdList.build(AppsQuery(big.tenant_id), ids))
    assert model.rowCount() == 1_000 and calls == []
    model.index(500, AppColumn.NAME).data()
    model.index(501, AppColumn.NAME).data()
    assert calls == [ROW_CHUNK] and model.cached_rows == ROW_CHUNK
    # Select all: the whole list, without loading a single further row.
    model.select_all()
    assert model.checked_count == store.count_apps(big.tenant_id) == 1_000
    assert model.cached_rows == ROW_CHUNK and len(calls) == 1


def test_checked_apps_survive_filtering_and_switching_tenant_clears(filled) -> None:  # type: ignore[no-untyped-def]
    store, contoso, fabrikam = filled
    model = _apps_model(store, contoso.tenant_id)
    first, second = model.pk_at(0), model.pk_at(1)
    assert model.setData(model.index(0, AppColumn.CHECK), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    model.toggle_row(1)
    assert model.checked == {first, second}
    name = model.index(0, AppColumn.NAME).data()
    model.set_id_list(AppIdList.build(AppsQuery(contoso.tenant_id, name),
                                      store.app_ids(contoso.tenant_id, name)))
    assert model.checked == {first, second}
    assert model.visible_checked_count == 1 and model.hidden_checked_count == 1
    model.clear_visible()  # "clear" in the filtered view leaves the hidden one checked
    assert model.checked == {second}
    model.set_id_list(AppIdList.build(AppsQuery(fabrikam.tenant_id), store.app_ids(fabrikam.tenant_id)))
    assert model.checked_count == 0


def test_attributes_model_passes_qt_model_tester_and_marks_the_diff(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    old, new = app_document("t", 1, 0), app_document("t", 1, 3)
    changes = diff_documents(old, new)
    kinds = {c.kind for c in changes}
    assert kinds == {ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.CHANGED}
    tree = build_tree(new, changes, has_previous=True)
    model = AttributesModel()
    model.set_tree(tree)
    qtmodeltester.check(model)

    red = {model.data(i, NodeRole).path for i in model.red_indexes()}
    assert red == {c.path for c in changes}
    for index in model.red_indexes():
        node = model.data(index, NodeRole)
        tooltip = model.data(index, Qt.ItemDataRole.ToolTipRole)
        assert model.data(index, ChangedRole) is True
        assert model.data(index, Qt.ItemDataRole.ForegroundRole) is not None
        if node.change == ChangeKind.CHANGED:
            assert tooltip.startswith("Changed in this version. It was:")
        if node.removed:
            assert model.data(index.siblingAtColumn(1)) == "(removed)"
    # Only changed: red rows, their ancestors and the sections holding them, nothing else.
    model.set_only_changed(True)
    qtmodeltester.check(model)
    shown = []

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            node = model.data(index, NodeRole)
            shown.append(node)
            if not node.is_red:
                walk(index)

    walk(QModelIndex())
    assert {n.path for n in shown if n.is_red} == red
    assert all(n.is_red or any(p.path[: len(n.path)] == n.path for p in shown if p.is_red)
               or n.section and any(c.is_red for c in n.walk()) for n in shown)


def test_first_version_has_nothing_red() -> None:
    tree = build_tree(app_document("t", 2), [], has_previous=False)
    assert tree.red_paths == frozenset()
    assert only_changed(tree).children == []
