"""The HTTP server: keep-alive, concurrency, loopback only, and the `regvault emulator` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import httpx

from desktop_app.emulator import Emulator


def test_sixteen_concurrent_keep_alive_connections(emulator) -> None:
    limits = httpx.Limits(max_connections=16, max_keepalive_connections=16)
    with httpx.Client(base_url=emulator.base_url, limits=limits,
                      headers={"Authorization": f"Bearer {emulator.token('contoso')}"}) as client:
        def fetch(index: int) -> int:
            path = "/applications" if index % 2 else "/users"
            return client.get(path, params={"$top": "50"}).status_code

        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(fetch, range(400)))
    assert statuses == [200] * 400


def test_responses_are_http_1_1_with_content_length(emulator) -> None:
    with httpx.Client(base_url=emulator.base_url,
                      headers={"Authorization": f"Bearer {emulator.token('contoso')}"}) as client:
        response = client.get("/organization")
        assert response.http_version == "HTTP/1.1"
        assert int(response.headers["content-length"]) == len(response.content)
        assert "close" not in response.headers.get("connection", "")


def test_listens_on_loopback_only(emulator) -> None:
    assert emulator.root_url.startswith("http://127.0.0.1:")


def test_regvault_emulator_prints_one_json_line_and_serves() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from desktop_app.cli import main; sys.exit(main())",
         "emulator", "--port", "0", "--tenants", "north:12,south:3", "--seed", "4"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        info = json.loads(process.stdout.readline())
        assert info["baseUrl"].startswith("http://127.0.0.1:") and info["baseUrl"].endswith("/v1.0")
        assert [t["name"] for t in info["tenants"]] == ["north", "south"]
        north = info["tenants"][0]
        assert north["displayName"] == "North" and "north.com" in north["domains"]
        response = httpx.get(f"{info['baseUrl']}/organization", headers={"Authorization": f"Bearer {north['token']}"})
        assert response.json()["value"][0]["id"] == north["id"]
        with Emulator("north:12,south:3", seed=4) as same:
            assert same.tenant_id("north") == north["id"]
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.returncode == 0
