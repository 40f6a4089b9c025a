"""The apps table's queries: filter, sort both ways, deleted apps, rows for a page."""

from __future__ import annotations

from store_testkit import TENANT, observed, snapshot_write, tenant_info, write

from desktop_app.store import Store

OTHER = "22222222-2222-2222-2222-222222222222"


def _fill(store: Store) -> dict[str, int]:
    # Day 0: four apps; day 1: "Billing" changes (newest modified), "Zeta" goes to the recycle bin.
    write(store, [
        observed("o1", "billing API", "c0ffee00-0000-0000-0000-000000000001"),
        observed("o2", "Ärzte Portal", "c0ffee00-0000-0000-0000-000000000002"),
        observed("o3", "aardvark", "0badf00d-0000-0000-0000-000000000003"),
        observed("o4", "Zeta", "0badf00d-0000-0000-0000-000000000004"),
        observed("o5", "Billing API", "0badf00d-0000-0000-0000-000000000005"),
    ])
    write(store, [
        observed("o1", "billing API", "c0ffee00-0000-0000-0000-000000000001", notes="new"),
        observed("o2", "Ärzte Portal", "c0ffee00-0000-0000-0000-000000000002"),
        observed("o3", "aardvark", "0badf00d-0000-0000-0000-000000000003"),
        observed("o5", "Billing API", "0badf00d-0000-0000-0000-000000000005"),
    ], day=1, recycle_bin={"o4": None})
    return {o: a.pk for o, a in store.current_apps(TENANT).items()}


def _objects(store: Store, ids: list[int]) -> list[str]:
    return [r.object_id for r in store.app_rows(ids)]


def test_sort_by_name_is_case_insensitive_with_ties_broken_by_pk(store: Store) -> None:
    _fill(store)
    assert _objects(store, store.app_ids(TENANT)) == ["o3", "o1", "o5", "o2"]
    assert _objects(store, store.app_ids(TENANT, descending=True)) == ["o2", "o5", "o1", "o3"]


def test_sort_by_name_is_natural_on_both_engines(store: Store) -> None:
    # Numbers by value wherever they are in the name, case-insensitive around them, leading zeros tie by pk.
    names = {
        "o1": "App 10", "o2": "App 2", "o3": "app 1", "o4": "App 02", "o5": "App 2 beta", "o6": "App 2 Alpha",
        "o7": "Release 1.10", "o8": "Release 1.9", "o9": "Ärzte 3", "o10": "App", "o11": "App 1000000000000",
        "o12": "App 999", "o13": "10 Downing", "o14": "9 Elms",
    }
    write(store, [observed(o, name) for o, name in names.items()])
    expected = ["o14", "o13", "o10", "o3", "o2", "o4", "o6", "o5", "o1", "o12", "o11", "o8", "o7", "o9"]
    assert _objects(store, store.app_ids(TENANT)) == expected
    assert _objects(store, store.app_ids(TENANT, descending=True)) == expected[::-1]
    assert _objects(store, store.app_ids(TENANT, "app 2")) == ["o2", "o6", "o5"]  # the filter is unchanged


def test_sort_by_client_id_both_ways(store: Store) -> None:
    _fill(store)
    assert _objects(store, store.app_ids(TENANT, sort="appId")) == ["o3", "o5", "o1", "o2"]
    assert _objects(store, store.app_ids(TENANT, sort="appId", descending=True)) == ["o2", "o1", "o5", "o3"]


def test_sort_by_last_modified_both_ways(store: Store) -> None:
    _fill(store)
    assert _objects(store, store.app_ids(TENANT, sort="modified")) == ["o2", "o3", "o5", "o1"]
    assert _objects(store, store.app_ids(TENANT, sort="modified", descending=True)) == ["o1", "o5", "o3", "o2"]


def test_sort_by_status_and_only_deleted_apps(store: Store) -> None:
    _fill(store)  # o4 "Zeta" in the recycle bin
    write(store, [observed("o6", "Aaron", "0badf00d-0000-0000-0000-000000000006")], day=2, partial=True)
    assert store.app_ids(TENANT, sort="status") == store.app_ids(TENANT)  # all active: by name
    by_status = _objects(store, store.app_ids(TENANT, sort="status", include_deleted=True))
    assert by_status == ["o3", "o6", "o1", "o5", "o2", "o4"]  # active by name, then the recycle bin
    assert _objects(store, store.app_ids(TENANT, sort="status", descending=True, include_deleted=True)) == \
        by_status[::-1]
    assert _objects(store, store.app_ids(TENANT, deleted_only=True)) == ["o4"]
    assert store.count_apps(TENANT, deleted_only=True) == 1
    assert store.app_ids(TENANT, "billing", deleted_only=True) == []


def test_filter_by_any_part_of_the_name_in_any_case(store: Store) -> None:
    _fill(store)
    assert _objects(store, store.app_ids(TENANT, "LING a")) == ["o1", "o5"]
    assert _objects(store, store.app_ids(TENANT, "ärzte")) == ["o2"]  # beyond ASCII
    assert _objects(store, store.app_ids(TENANT, "%")) == []  # no LIKE wildcards
    assert store.app_ids(TENANT, "   ") == store.app_ids(TENANT)


def test_filter_by_any_part_of_the_client_id(store: Store) -> None:
    _fill(store)
    assert _objects(store, store.app_ids(TENANT, "C0FFEE")) == ["o1", "o2"]
    assert _objects(store, store.app_ids(TENANT, "0000000005")) == ["o5"]
    assert store.count_apps(TENANT, "0badf00d") == 2
    assert store.count_apps(TENANT, "0badf00d", include_deleted=True) == 3


def test_deleted_apps_only_when_asked(store: Store) -> None:
    pks = _fill(store)
    assert pks["o4"] not in store.app_ids(TENANT)
    with_deleted = store.app_ids(TENANT, include_deleted=True, sort="modified", descending=True)
    assert _objects(store, with_deleted) == ["o4", "o1", "o5", "o3", "o2"]
    assert store.count_apps(TENANT) == 4 and store.count_apps(TENANT, include_deleted=True) == 5
    assert _objects(store, store.app_ids(TENANT, "zeta", include_deleted=True)) == ["o4"]


def test_apps_of_another_tenant_never_show(store: Store) -> None:
    _fill(store)
    store.add_tenant(tenant_info(OTHER, "Fabrikam", "fabrikam.example"))
    store.write_snapshot(OTHER, snapshot_write([observed("f1", "billing elsewhere")]))
    assert _objects(store, store.app_ids(TENANT, "billing")) == ["o1", "o5"]
    assert _objects(store, store.app_ids(OTHER, "billing")) == ["f1"]


def test_app_rows_keep_the_requested_order_across_chunks(store: Store) -> None:
    write(store, [observed(f"o{i:04d}", f"App {i:04d}") for i in range(2000)])
    ids = store.app_ids(TENANT, descending=True)
    rows = store.app_rows(ids)
    assert [r.pk for r in rows] == ids
    assert rows[0].display_name == "App 1999" and all(r.version_count == 1 for r in rows)
    assert store.app_rows([ids[5], 10**9, ids[2]]) == [rows[5], rows[2]]


def test_find_app_by_client_id_or_object_id(store: Store) -> None:
    pks = _fill(store)
    found = store.find_app(TENANT, "C0FFEE00-0000-0000-0000-000000000002")
    assert found is not None and found.pk == pks["o2"]
    found = store.find_app(TENANT, "o4")
    assert found is not None and found.status == "recycled"
    assert store.find_app(TENANT, "nope") is None


def test_app_ids_match_a_plain_ordered_query_for_every_sort(store: Store) -> None:
    # Many ties (ten names, two modification times) so the pk tie-break and the aggregate's order both count.
    write(store, [observed(f"o{i:04d}", f"Name {i % 10}", f"{(i * 7919) % 1000:04d}-id") for i in range(1500)])
    write(store, [observed(f"o{i:04d}", f"Name {i % 10}", f"{(i * 7919) % 1000:04d}-id", v=i % 3 == 0)
                  for i in range(1500) if i % 11], day=1, recycle_bin={"o0000": None})
    columns = {"name": "name_sort", "appId": "app_id_folded", "modified": "last_modified"}
    for sort, column in columns.items():
        for descending in (False, True):
            for include_deleted in (False, True):
                d = "DESC" if descending else "ASC"
                status = "" if include_deleted else "AND status = 'active'"
                has = "instr" if store.engine == "sqlite" else "strpos"
                plain = [r[0] for r in store._db.execute_sql(
                    f"SELECT id FROM app WHERE ({has}(name_folded, '5') > 0 OR {has}(app_id_folded, '5') > 0) {status} ORDER BY {column} {d}, id {d}"
                ).fetchall()]
                assert store.app_ids(TENANT, "5", sort, descending, include_deleted) == plain  # type: ignore[arg-type]
                assert len(plain) > 100
