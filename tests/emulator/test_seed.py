"""Seed data: deterministic from the seed, every kind of app real tenants have, 10,000 apps in seconds."""

from __future__ import annotations

import httpx
import pytest
from emulator_helpers import all_apps

from desktop_app.emulator import Emulator


def listing(emulator: Emulator, tenant: str) -> str:
    with httpx.Client(base_url=emulator.base_url,
                      headers={"Authorization": f"Bearer {emulator.token(tenant)}"}) as client:
        return client.get("/applications", params={"$top": "999"}).text.replace(emulator.root_url, "")


def test_same_seed_same_data_other_seed_other_data() -> None:
    with Emulator("alpha:40,beta:5", seed=11) as one, Emulator("alpha:40,beta:5", seed=11) as two, \
            Emulator("alpha:40,beta:5", seed=12) as three:
        assert one.tenants == two.tenants and one.tenants != three.tenants
        assert listing(one, "alpha") == listing(two, "alpha")
        assert listing(one, "alpha") != listing(three, "alpha")


def test_every_kind_of_app_is_seeded(graph) -> None:
    apps = all_apps(graph, **{"$select": "id,displayName,web,spa,publicClient,isFallbackPublicClient,api,appRoles,"
                                         "keyCredentials,signInAudience,optionalClaims,passwordCredentials,info,"
                                         "identifierUris,requiredResourceAccess"})
    assert any(a["web"]["redirectUris"] for a in apps)
    assert any(a["spa"]["redirectUris"] for a in apps)
    assert any(a["publicClient"]["redirectUris"] and a["isFallbackPublicClient"] for a in apps)
    apis = [a for a in apps if a["api"]["oauth2PermissionScopes"]]
    assert apis and any(a["api"]["preAuthorizedApplications"] for a in apis)
    assert any(a["appRoles"] and a["keyCredentials"] for a in apps)
    assert any(a["signInAudience"] != "AzureADMyOrg" and a["optionalClaims"] for a in apps)
    assert any(a["passwordCredentials"] for a in apps)
    assert any(a["info"]["logoUrl"] for a in apps)
    fics = graph.get("/applications", params={"$expand": "federatedIdentityCredentials"}).json()["value"]
    assert any(a["federatedIdentityCredentials"] for a in fics)
    assert graph.get("/directory/deletedItems/microsoft.graph.application").json()["value"]


def test_seeded_apps_pass_the_emulators_own_validation(graph) -> None:
    # Writing a seeded app back unchanged must be accepted: the seed respects Graph's rules.
    for app in all_apps(graph)[:14]:
        body = {k: v for k, v in app.items() if k in ("web", "spa", "publicClient", "identifierUris", "tags",
                                                       "requiredResourceAccess", "optionalClaims", "signInAudience")}
        response = graph.patch(f"/applications/{app['id']}", json=body)
        assert response.status_code == 204, (app["displayName"], response.text)


def test_ten_thousand_apps_are_seeded() -> None:
    # How fast is measured by tests/benchmarks/bench_emulator_seed.py, not here.
    emulator = Emulator("big:10000", seed=1)
    tenant = emulator.directory.tenant("big")
    assert len(tenant.apps) + len(tenant.deleted_apps) == 10000


@pytest.mark.parametrize("spec", ["contoso:abc", "contoso:-5", "contoso:1.5"])
def test_a_bad_app_count_is_named_not_an_int_parsing_error(spec: str) -> None:
    from desktop_app.emulator.seed import parse_tenants

    with pytest.raises(ValueError, match=r"bad app count .* for tenant 'contoso'"):
        parse_tenants(spec)
    assert parse_tenants("contoso:7, fabrikam") == [("contoso", 7), ("fabrikam", 50)]
