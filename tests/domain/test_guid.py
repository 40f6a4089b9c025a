"""One GUID check for the whole app (domain/guid.py): the whole text, nothing before or after it."""

from __future__ import annotations

import pytest

from desktop_app.domain.guid import GUID_PATTERN, is_guid
from desktop_app.domain.remap import acceptable_in_tenant

GUID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def test_a_guid_in_any_case_is_one() -> None:
    assert is_guid(GUID) and is_guid(GUID.upper())


@pytest.mark.parametrize("text", [
    f"{GUID}x", f"{GUID}.contoso.com", f"{GUID}\n", f" {GUID}", f"x{GUID}", f"{{{GUID}}}", GUID[:-1], GUID.replace("-", ""),
    "0f8fad5b-d9cb-469f-a165-70867728950g", "",
])
def test_a_guid_with_anything_around_it_or_in_it_is_not(text: str) -> None:
    assert not is_guid(text)


def test_the_pattern_still_finds_guids_inside_text() -> None:
    assert GUID_PATTERN.findall(f"api://{GUID}/access") == [GUID]


def test_an_identifier_uri_whose_host_only_starts_with_a_guid_is_not_taken_for_one_graph_accepts() -> None:
    tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    assert acceptable_in_tenant(f"api://{GUID}", tenant, ["contoso.com"])
    assert not acceptable_in_tenant(f"api://{GUID}evil.example", tenant, ["contoso.com"])
