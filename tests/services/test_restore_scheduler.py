"""The restore run's scheduling rules (services/restore_scheduler.py), without threads or Graph."""

from __future__ import annotations

from desktop_app.services.restore_scheduler import Event, ItemScheduler, reach


def test_items_start_in_plan_order_within_the_window() -> None:
    scheduler = ItemScheduler([set()] * 5, window=2)
    assert scheduler.to_start(cancelled=False) == [0, 1]
    assert scheduler.to_start(cancelled=False) == []  # two between start and the end of their create phase
    assert scheduler.report(0, Event.FINISHED) == []
    assert scheduler.to_start(cancelled=False) == [2]
    assert scheduler.report(1, Event.CREATED) == [1]  # names nobody: its completion can be queued at once
    assert scheduler.to_start(cancelled=False) == [3]
    assert not scheduler.over(cancelled=False)


def test_a_completion_waits_for_the_items_it_names() -> None:
    # 0 names 2 (say, its pre-authorized client); 1 names nobody.
    scheduler = ItemScheduler([{2}, set(), set()], window=10)
    assert scheduler.to_start(cancelled=False) == [0, 1, 2]
    assert scheduler.report(0, Event.CREATED) == []  # 2 is not created yet
    assert scheduler.report(1, Event.CREATED) == [1]
    assert scheduler.report(2, Event.CREATED) == [0, 2]  # in plan order
    for i in (0, 1, 2):
        scheduler.report(i, Event.FINISHED)
    assert scheduler.over(cancelled=False) and scheduler.not_started == []


def test_a_failed_create_releases_the_items_that_name_it() -> None:
    # They can't fill in its new id: their steps that name it are reported unresolved, the others run.
    scheduler = ItemScheduler([set(), {0}], window=10)
    scheduler.to_start(cancelled=False)
    assert scheduler.report(1, Event.CREATED) == []
    assert scheduler.report(0, Event.FINISHED) == [1]


def test_after_cancel_only_the_items_begun_ones_refer_to_start() -> None:
    # 0 names 3, 3 names 4; 1 and 2 name nobody.
    deps = [{3}, set(), set(), {4}, set()]
    scheduler = ItemScheduler(deps, window=1)
    assert scheduler.reach[0] == {0, 3, 4}
    assert scheduler.to_start(cancelled=False) == [0]
    # Cancel comes; 0 had begun, so what it refers to must be created too.
    needed = scheduler.reach[0]
    assert scheduler.to_start(cancelled=True, needed=needed) == [3, 4]
    assert scheduler.to_start(cancelled=True, needed=needed) == []
    for i in (3, 4):
        scheduler.report(i, Event.CREATED)
    assert not scheduler.over(cancelled=True)
    for i in (0, 3, 4):
        scheduler.report(i, Event.FINISHED)
    assert scheduler.over(cancelled=True)
    assert scheduler.not_started == [1, 2]


def test_an_item_skipped_in_the_queue_counts_as_never_started() -> None:
    scheduler = ItemScheduler([set(), set()], window=2)
    assert scheduler.to_start(cancelled=False) == [0, 1]
    scheduler.report(0, Event.FINISHED)
    assert scheduler.report(1, Event.SKIPPED) == []  # Cancel came before a worker began it
    assert scheduler.over(cancelled=True)
    assert scheduler.not_started == [1]


def test_without_cancel_the_run_is_over_only_when_every_item_started_and_finished() -> None:
    scheduler = ItemScheduler([set(), set(), set()], window=1)
    for i in range(3):
        assert scheduler.to_start(cancelled=False) == [i]
        assert not scheduler.over(cancelled=False)
        scheduler.report(i, Event.FINISHED)
    assert scheduler.over(cancelled=False)


def test_reach_follows_references_through_others_and_cycles() -> None:
    assert reach([{1}, {2}, {0}, set()]) == [frozenset({0, 1, 2})] * 3 + [frozenset({3})]

