"""The update check: one request a day at most, off by a setting, a link and never a download."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from desktop_app.services.update_check import (
    FEED_URL,
    AvailableUpdate,
    UpdateCheck,
    is_newer,
    set_update_check,
    update_check_enabled,
)
from desktop_app.store import Store

PAGE = "https://github.com/regvault/regvault/releases/tag/v0.2.0"


class Feed:
    """The releases feed's answers, and every request Regvault made."""

    def __init__(self, release: dict | None = None, status: int = 200) -> None:
        self.release = release if release is not None else {"tag_name": "v0.2.0", "html_url": PAGE,
                                                               "draft": False, "prerelease": False}
        self.status = status
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.status != 200:
            return httpx.Response(self.status, json={"message": "API rate limit exceeded"})
        return httpx.Response(200, json=self.release)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(autouse=True)
def update_checks_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REGVAULT_NO_UPDATE_CHECK", raising=False)  # tests/conftest.py turns them off elsewhere


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "regvault.sqlite") as opened:
        yield opened


def checker(store: Store, feed: Feed, clock: Clock, current: str = "0.1.0") -> UpdateCheck:
    return UpdateCheck(store, transport=httpx.MockTransport(feed), clock=clock, current=current)


def test_a_newer_release_is_named_with_its_page_and_nothing_else_is_fetched(store: Store) -> None:
    feed, clock = Feed(), Clock()
    assert checker(store, feed, clock).check() == AvailableUpdate("0.2.0", PAGE)
    assert [str(r.url) for r in feed.requests] == [FEED_URL]  # one request to the feed: no download, no redirect
    assert feed.requests[0].method == "GET" and "Regvault/0.1.0" in feed.requests[0].headers["user-agent"]


def test_one_request_a_day_whatever_the_number_of_starts(store: Store) -> None:
    feed, clock = Feed(), Clock()
    for _start in range(5):
        assert checker(store, feed, clock).check() == AvailableUpdate("0.2.0", PAGE)
        clock.now += timedelta(hours=4)
    assert len(feed.requests) == 1  # 16 hours: the first start's answer serves the others
    clock.now += timedelta(hours=5)
    checker(store, feed, clock).check()
    assert len(feed.requests) == 2


def test_off_by_the_setting_asks_nothing(store: Store) -> None:
    assert update_check_enabled(store)  # on by default
    set_update_check(store, False)
    feed = Feed()
    assert checker(store, feed, Clock()).check() is None
    assert feed.requests == []


def test_a_managed_machine_turns_it_off_for_everyone(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGVAULT_NO_UPDATE_CHECK", "1")
    feed = Feed()
    assert not update_check_enabled(store)
    assert checker(store, feed, Clock()).check() is None
    assert feed.requests == []


@pytest.mark.parametrize("release", [
    {"tag_name": "v0.1.0", "html_url": PAGE},  # the version running
    {"tag_name": "v0.0.9", "html_url": PAGE},
    {"tag_name": "v0.3.0-rc1", "html_url": PAGE},  # a pre-release tag
    {"tag_name": "v0.3.0", "html_url": PAGE, "prerelease": True},
    {"tag_name": "v0.3.0", "html_url": "http://example.invalid/"},  # only an https page is offered
])
def test_nothing_newer_says_nothing(store: Store, release: dict) -> None:
    assert checker(store, Feed(release), Clock()).check() is None


def test_a_failing_feed_is_quiet_and_tried_again_tomorrow(store: Store) -> None:
    feed, clock = Feed(status=403), Clock()
    assert checker(store, feed, clock).check() is None
    assert checker(store, feed, clock).check() is None
    assert len(feed.requests) == 1
    feed.status = 200
    clock.now += timedelta(days=1)
    assert checker(store, feed, clock).check() == AvailableUpdate("0.2.0", PAGE)


def test_after_an_upgrade_the_known_release_is_not_offered_again(store: Store) -> None:
    feed, clock = Feed(), Clock()
    checker(store, feed, clock).check()
    assert checker(store, feed, clock, current="0.2.0").check() is None
    assert json.loads(store.get_setting("updates.latest"))["version"] == "0.2.0"


def test_versions_compare_as_numbers() -> None:
    assert is_newer("0.10.0", "0.9.1") and is_newer("1.0", "0.99.99") and not is_newer("1.0.0", "1.0")
