"""The third-party notices and the SBOM: every distribution the app ships, none of the build's or the tests' tools,
and a licence text for each (this venv holds the app's requirements, as the build venv does)."""

from __future__ import annotations

import json
from importlib import metadata

import pytest
from packaging_scripts import load

shipped = load("shipped")


@pytest.fixture(scope="module")
def closure() -> dict:
    return shipped.closure(shipped.app_requirements())


def test_the_closure_is_the_apps_requirements_and_what_they_need(closure: dict) -> None:
    for needed in ("pyside6-essentials", "shiboken6", "msal", "httpx", "psycopg2-binary", "keyring", "peewee",
                   "cryptography", "certifi"):
        assert needed in closure
    for tool in ("pytest", "mypy", "ruff", "pyinstaller", "pip", "msgraph-sdk", "regvault"):
        assert tool not in closure
    # Every distribution named is installed at the version listed.
    for key, item in closure.items():
        assert metadata.version(item.name) == item.version, key


def test_the_notices_hold_every_licence_text_and_qts_terms(closure: dict) -> None:
    text = shipped.notices(closure)
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "GNU GENERAL PUBLIC LICENSE" in text
    assert "https://download.qt.io/official_releases/QtForPython/" in text
    for item in closure.values():
        assert f"{item.name} {item.version}:" in text, item.name  # the heading of its licence text
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in text.upper()


def test_a_distribution_without_a_licence_text_stops_the_build(monkeypatch: pytest.MonkeyPatch, closure: dict) -> None:
    monkeypatch.setitem(shipped.FALLBACK_TEXTS, "shiboken6", [])
    bare = dict(closure)
    bare["shiboken6"] = shipped._describe(metadata.distribution("shiboken6"))
    with pytest.raises(SystemExit, match="shiboken6"):
        shipped.notices(bare)


def test_the_sbom_is_cyclonedx_with_a_purl_licence_and_graph_for_each(closure: dict) -> None:
    bom = json.loads(json.dumps(shipped.sbom(closure)))
    assert bom["bomFormat"] == "CycloneDX" and bom["specVersion"] == "1.6"
    assert bom["metadata"]["component"]["licenses"] == [{"license": {"id": "Apache-2.0"}}]
    refs = {c["bom-ref"] for c in bom["components"]}
    assert len(refs) == len(closure) == len(bom["components"])
    assert "pkg:pypi/pyside6-essentials@" + closure["pyside6-essentials"].version in refs
    for component in bom["components"]:
        assert component["purl"] == component["bom-ref"] and component["licenses"]
    app = bom["metadata"]["component"]["bom-ref"]
    graph = {d["ref"]: d["dependsOn"] for d in bom["dependencies"]}
    assert set(graph) == refs | {app}
    assert all(set(targets) <= refs for targets in graph.values())
    assert "pkg:pypi/msal@" + closure["msal"].version in graph[app]
    httpx = "pkg:pypi/httpx@" + closure["httpx"].version
    assert "pkg:pypi/httpcore@" + closure["httpcore"].version in graph[httpx]
