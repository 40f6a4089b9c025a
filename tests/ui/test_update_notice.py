"""The window says "Regvault X is available" with a link when the releases feed names a newer version."""

from __future__ import annotations

import httpx
import pytest

from desktop_app.services.update_check import FEED_URL, UpdateCheck

PAGE = "https://github.com/regvault/regvault/releases/tag/v9.0.0"


def test_a_newer_release_shows_a_link_in_the_status_bar(  # type: ignore[no-untyped-def]
        qtbot, open_window, context_of, filled, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REGVAULT_NO_UPDATE_CHECK")
    asked: list[str] = []

    def feed(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return httpx.Response(200, json={"tag_name": "v9.0.0", "html_url": PAGE})

    store = filled[0]
    window = open_window(context_of(store, updates=UpdateCheck(store, transport=httpx.MockTransport(feed))))
    label = window.update_notice.label
    qtbot.waitUntil(label.isVisible, timeout=10_000)
    assert "Regvault 9.0.0 is available" in label.text() and f'href="{PAGE}"' in label.text()
    assert label.openExternalLinks() and label.accessibleName()
    assert asked == [FEED_URL]


def test_the_demo_never_looks(filled, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.app import AppPaths, build_services, build_window_context, open_credentials

    store = filled[0]
    paths = AppPaths(tmp_path / "data").ensure()
    services = build_services(paths, store, open_credentials(paths, session_only=True))
    assert build_window_context(services, demo=True).updates is None
    assert build_window_context(services).updates is not None
