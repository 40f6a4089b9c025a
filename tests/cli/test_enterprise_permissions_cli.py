"""The extra permissions of the enterprise application, asked for only when needed, from the command line: on a fake
identity platform (which grants only what was consented) in front of the emulator (which refuses what the token's
scopes don't allow, as Graph does)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from signin_world import SignInWorld
from test_tenants_cli import Cli, cli, world  # noqa: F401 - the fixtures

from desktop_app.store import Store


@pytest.fixture
def admin(world: SignInWorld) -> Iterator[httpx.Client]:  # noqa: F811
    """The portal: an admin's own requests, not Regvault's."""
    token = world.emulator.token("contoso")
    with httpx.Client(base_url=world.emulator.base_url, headers={"Authorization": f"Bearer {token}"}) as client:
        yield client


def _documents(runner: Cli, tenant_id: str) -> list[dict[str, Any]]:
    store = Store.open(runner.data_dir / "regvault.sqlite")
    try:
        rows = store.app_rows(store.app_ids(tenant_id))
        return [store.version_document(store.versions(row.pk)[0].pk) for row in rows]
    finally:
        store.close()


def _snapshot(out: str) -> str:
    found = re.search(r"snapshot (\d+):", out)
    assert found, out
    return found.group(1)


def _refused_writing_nothing(cli: Cli, world: SignInWorld, admin: httpx.Client, tenant: str, snapshot: str,  # noqa: F811
                             app: dict[str, Any], permission: str, command: str) -> None:
    """The dry run names the missing permission and the command that grants it; the restore itself exits 3 saying
    the same, and writes nothing (not even the app)."""
    code, out, _err = cli("restore", "--tenant", tenant, "--snapshot", snapshot, "--app", app["appId"], "--dry-run")
    assert code == 0
    assert permission in out
    assert f"`{command}`" in out
    writes_before = world.emulator.counters()["tenants"][tenant]["writes"]
    code, out, err = cli("restore", "--tenant", tenant, "--snapshot", snapshot, "--app", app["appId"])
    assert code == 3, err
    assert permission.split(" ")[0] in err and "Nothing was changed" in err
    assert f"`{command}`" in err
    assert world.emulator.counters()["tenants"][tenant]["writes"] == writes_before
    named = admin.get("/applications", params={"$filter": f"displayName eq '{app['displayName']}'"}).json()["value"]
    assert named == []


def test_a_backup_asks_for_directory_read_only_when_reading_consent_and_says_how(
        world: SignInWorld, cli: Cli) -> None:  # noqa: F811 - the fixtures
    tenant = world.tenant_id("contoso")
    assert cli("tenants", "add", "--tenant", tenant, "--browser")[0] == 0
    code, out, err = cli("backup", "--tenant", tenant)
    # The app registrations are kept; the enterprise part is not read (absent, so nothing looks removed).
    assert code == 0 and "12 apps" in out
    assert "Directory.Read.All" in err and f"`regvault signin --tenant {tenant} --enterprise-read`" in err
    assert "enterprise applications not read" in out
    assert all("servicePrincipal" not in d for d in _documents(cli, tenant))
    assert not any(c["grant"] == "authorization_code" and any("Directory.Read.All" in s for s in c["scopes"])
                   for c in world.platform.calls)  # a backup never opens a browser to ask

    code, out, _err = cli("signin", "--tenant", tenant, "--enterprise-read", "--browser")
    assert code == 0
    code, out, err = cli("backup", "--tenant", tenant)
    assert code == 0 and "Directory.Read.All" not in err and "not read" not in out
    documents = _documents(cli, tenant)
    assert any((d.get("servicePrincipal") or {}).get("delegatedPermissionGrants") for d in documents)


def test_a_restore_that_writes_consent_needs_its_permissions_and_names_the_command(
        world: SignInWorld, cli: Cli, admin: httpx.Client) -> None:  # noqa: F811 - the fixtures
    tenant = world.tenant_id("contoso")
    assert cli("tenants", "add", "--tenant", tenant, "--browser")[0] == 0
    assert cli("signin", "--tenant", tenant, "--enterprise-read", "--browser")[0] == 0
    code, out, _err = cli("backup", "--tenant", tenant)
    assert code == 0
    snapshot = _snapshot(out)
    # An app with admin consent is deleted for good, with its service principal.
    grant = admin.get("/oauth2PermissionGrants", params={"$filter": "consentType eq 'AllPrincipals'"}).json()["value"][0]
    sp = admin.get(f"/servicePrincipals/{grant['clientId']}").json()
    app = admin.get(f"/applications(appId='{sp['appId']}')").json()
    assert admin.delete(f"/applications/{app['id']}").status_code == 204
    assert admin.delete(f"/directory/deletedItems/{app['id']}").status_code == 204
    assert admin.delete(f"/directory/deletedItems/{sp['id']}").status_code == 204
    assert cli("signin", "--tenant", tenant, "--write", "--browser")[0] == 0  # may write apps, not consent

    _refused_writing_nothing(cli, world, admin, tenant, snapshot, app, "DelegatedPermissionGrant.ReadWrite.All",
                             f"regvault signin --tenant {tenant} --enterprise-restore")

    assert cli("signin", "--tenant", tenant, "--enterprise-restore", "--browser")[0] == 0
    code, out, err = cli("restore", "--tenant", tenant, "--snapshot", snapshot, "--app", app["appId"])
    assert code == 0, err
    [back] = admin.get("/applications", params={"$filter": f"displayName eq '{app['displayName']}'"}).json()["value"]
    new_sp = admin.get(f"/servicePrincipals(appId='{back['appId']}')").json()
    grants = admin.get("/oauth2PermissionGrants", params={"$filter": f"clientId eq '{new_sp['id']}'"}).json()["value"]
    assert {(g["consentType"], frozenset(g["scope"].split())) for g in grants} >= {
        ("AllPrincipals", frozenset(grant["scope"].split()))}


def test_a_restore_that_looks_up_owners_needs_directory_read_and_names_the_command(
        world: SignInWorld, cli: Cli, admin: httpx.Client) -> None:  # noqa: F811 - the fixtures
    """Graph reads users and directory objects only with a directory (or user) read permission, and adds an owner
    only with Directory.Read.All: a restore that must find the owners of a deleted app asks for it."""
    tenant = world.tenant_id("contoso")
    assert cli("tenants", "add", "--tenant", tenant, "--browser")[0] == 0
    assert cli("signin", "--tenant", tenant, "--write", "--browser")[0] == 0  # never Directory.Read.All
    code, out, _err = cli("backup", "--tenant", tenant)
    assert code == 0
    snapshot = _snapshot(out)
    apps = admin.get("/applications", params={"$expand": "owners", "$top": "999"}).json()["value"]
    app = next(a for a in apps if any(o.get("userPrincipalName") for o in a.get("owners") or []))
    owners = sorted(o["id"] for o in app["owners"])
    assert admin.delete(f"/applications/{app['id']}").status_code == 204
    assert admin.delete(f"/directory/deletedItems/{app['id']}").status_code == 204

    _refused_writing_nothing(cli, world, admin, tenant, snapshot, app,
                             "Directory.Read.All (to find the owners, users and groups",
                             f"regvault signin --tenant {tenant} --write --enterprise-read")

    assert cli("signin", "--tenant", tenant, "--write", "--enterprise-read", "--browser")[0] == 0
    code, out, err = cli("restore", "--tenant", tenant, "--snapshot", snapshot, "--app", app["appId"])
    assert code == 0, err
    [back] = admin.get("/applications", params={"$filter": f"displayName eq '{app['displayName']}'"}).json()["value"]
    restored = admin.get(f"/applications/{back['id']}/owners").json()["value"]
    assert sorted(o["id"] for o in restored) == owners
