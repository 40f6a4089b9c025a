"""Exports (issue 13 §3) of a real backup of every kind of seeded app: the Graph bodies create the same apps in a
fresh emulator tenant, the Terraform file parses as HCL2 with the provider's resources and attributes, the HTML
passport names every section; no secret and no certificate bytes are ever written."""

from __future__ import annotations

import base64
import json
import re
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import hcl2
import httpx
import pytest
from hcl_text import unquote

from desktop_app.domain.document import APPLICATION_SELECT, build_document
from desktop_app.domain.export.passport import SECTIONS
from desktop_app.domain.restore_plan import writable_application
from desktop_app.emulator import Emulator
from desktop_app.emulator.seed import KIND_SUFFIX
from desktop_app.services.backup import BackupService
from desktop_app.services.export import ExportError, ExportFormat, ExportRequest, ExportService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store, TenantInfo

from .restore_world import as_created

SEED = 5


class Source:
    def __init__(self, emulator: Emulator, store: Store, tenant: TenantInfo) -> None:
        self.emulator = emulator
        self.store = store
        self.tenant = tenant
        self.http = httpx.Client(base_url=emulator.base_url,
                                 headers={"Authorization": f"Bearer {emulator.token('contoso')}"}, timeout=20)
        select = ",".join(APPLICATION_SELECT)
        self.raw = {a["id"]: a for a in self.http.get("/applications", params={"$select": select}).json()["value"]}
        self.keys = {
            c["key"] for a in self.raw for c in self.http.get(
                f"/applications/{a}", params={"$select": "keyCredentials"}).json()["keyCredentials"] if c.get("key")
        }
        self.service = ExportService(store)

    def pk(self, name_suffix: str) -> int:
        row = next(a for a in self.store.apps_at(self.tenant.tenant_id, self.snapshot)
                   if a.display_name.endswith(name_suffix))
        return row.app_pk

    @property
    def snapshot(self) -> int:
        return self.store.snapshots(self.tenant.tenant_id)[0].id  # newest first


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Source]:
    with Emulator("contoso:16", seed=SEED, throttle="off") as emulator:
        store = Store.open(tmp_path_factory.mktemp("export") / "regvault.sqlite")
        tenant = TenantService(store, GraphConnector()).add_emulator_tenant(
            emulator.base_url, emulator.tenant_id("contoso"))
        BackupService(store, GraphConnector()).run(tenant.tenant_id)
        built = Source(emulator, store, tenant)
        yield built
        built.http.close()
        store.close()




def _no_secrets(text: str, source: Source) -> None:
    assert "secretText" not in text
    for key in source.keys:
        assert key not in text and key[:40] not in text


def test_graph_bodies_of_every_kind_of_app_create_the_same_apps_in_a_fresh_tenant(source: Source,
                                                                                   tmp_path: Path) -> None:
    result = source.service.export(ExportRequest(source.tenant.tenant_id, None, ExportFormat.GRAPH, tmp_path / "out"))
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    assert len(index["apps"]) == len(result.apps) == len(source.store.apps_at(source.tenant.tenant_id,
                                                                              source.snapshot))
    assert all(any(f" {suffix}" in a["displayName"] for a in index["apps"]) for suffix in KIND_SUFFIX.values())
    _no_secrets("".join(p.read_text() for p in (tmp_path / "out").iterdir()), source)
    with Emulator("contoso:0", seed=SEED, throttle="off") as fresh:
        assert fresh.tenant_id("contoso") == source.tenant.tenant_id  # same name and domains, no apps
        http = httpx.Client(base_url=fresh.base_url, headers={"Authorization": f"Bearer {fresh.token('contoso')}"},
                            timeout=20)
        for entry in index["apps"]:
            body = json.loads((tmp_path / "out" / entry["file"]).read_text())
            created = http.post("/applications", json=body)
            assert created.status_code == 201, (entry["displayName"], created.text)
            new = created.json()
            after = entry["afterCreate"]
            api_patch = {}
            if after["preAuthorizedApplications"]:
                api_patch["api"] = {**writable_application(new)["api"],
                                    "preAuthorizedApplications": after["preAuthorizedApplications"]}
            if after["identifierUris"]:
                api_patch["identifierUris"] = new["identifierUris"] + [
                    u.replace("{appId}", new["appId"]) for u in after["identifierUris"]]
            if api_patch:
                answer = http.patch(f"/applications/{new['id']}", json=api_patch)
                assert answer.status_code == 204, answer.text
            select = ",".join(APPLICATION_SELECT)
            read = http.get(f"/applications/{new['id']}", params={"$select": select}).json()
            original = source.raw[entry["objectId"]]
            expected = as_created(writable_application(build_document(original, [], [], {}, None)["application"]))
            actual = writable_application(build_document(read, [], [], {}, None)["application"])
            for name in ("keyCredentials", "tokenEncryptionKeyId"):
                expected.pop(name, None)
                actual.pop(name, None)
            expected["identifierUris"] = [u.replace(original["appId"], new["appId"])
                                          for u in expected.get("identifierUris") or []]
            assert sorted(actual.pop("identifierUris")) == sorted(expected.pop("identifierUris"))
            assert actual == expected, entry["displayName"]
            certificates = [c["keyId"] for c in original.get("keyCredentials") or []]
            assert [c["keyId"] for c in after["certificates"]] == certificates
            assert all(c["thumbprint"] and len(c["thumbprint"]) == 40 for c in after["certificates"])
            stored = source.store.find_app(source.tenant.tenant_id, entry["appId"])
            assert stored is not None
            section = source.store.app_at(stored.pk, source.snapshot)["servicePrincipal"]  # type: ignore[index]
            if section:
                assert after["servicePrincipal"]["accountEnabled"] == section["properties"]["accountEnabled"]
            else:
                assert after["servicePrincipal"] is None
            secrets = [s["keyId"] for s in original.get("passwordCredentials") or []]
            assert [s["keyId"] for s in after["secrets"]] == secrets
        http.close()


def test_one_app_as_graph_json_is_the_body_itself_and_a_zip_holds_bodies_and_index(source: Source,
                                                                                   tmp_path: Path) -> None:
    api = source.pk("API")
    one = source.service.export(ExportRequest(source.tenant.tenant_id, (api,), ExportFormat.GRAPH,
                                              tmp_path / "api.json", source.snapshot))
    body = json.loads((tmp_path / "api.json").read_text())
    assert "id" not in body and "appId" not in body and "passwordCredentials" not in body
    assert body["api"]["oauth2PermissionScopes"] and body["api"]["preAuthorizedApplications"] == []
    assert all("origin" not in s for s in body["api"]["oauth2PermissionScopes"])
    assert one.apps[0].after_create is not None and one.apps[0].after_create.pre_authorized_applications
    two = (api, source.pk("Sync Job"))
    zipped = source.service.export(ExportRequest(source.tenant.tenant_id, two, ExportFormat.GRAPH,
                                                 tmp_path / "two.zip"))
    with zipfile.ZipFile(tmp_path / "two.zip") as archive:
        names = set(archive.namelist())
        index = json.loads(archive.read("index.json"))
    assert names == {"index.json", *(a.file for a in zipped.apps)} and len(names) == 3
    assert [a["objectId"] for a in index["apps"]] == [a.object_id for a in zipped.apps]


def test_terraform_parses_as_hcl2_with_the_providers_resources_and_attributes(source: Source, tmp_path: Path) -> None:
    source.service.export(ExportRequest(source.tenant.tenant_id, None, ExportFormat.TERRAFORM, tmp_path / "main.tf"))
    text = (tmp_path / "main.tf").read_text()
    _no_secrets(text, source)
    parsed = hcl2.loads(text)

    resources: dict[str, dict[str, dict[str, Any]]] = {}
    for entry in unquote(parsed["resource"]):
        for kind, named in entry.items():
            resources.setdefault(kind, {}).update(named)
    applications = resources["azuread_application"]
    assert len(applications) == len(source.raw)
    by_name = {r["display_name"]: r for r in applications.values()}
    for raw in source.raw.values():
        resource = by_name[raw["displayName"]]
        assert resource.get("sign_in_audience") == raw["signInAudience"]
        assert sorted(resource.get("identifier_uris", [])) == sorted(raw["identifierUris"])
        if raw["web"]["redirectUris"]:
            assert resource["web"][0]["redirect_uris"] == raw["web"]["redirectUris"]
        if raw["spa"]["redirectUris"]:
            assert resource["single_page_application"][0]["redirect_uris"] == raw["spa"]["redirectUris"]
        scopes = raw["api"]["oauth2PermissionScopes"]
        if scopes:
            exported = resource["api"][0]["oauth2_permission_scope"]
            assert [s["id"] for s in exported] == [s["id"] for s in scopes]
            assert [s["value"] for s in exported] == [s["value"] for s in scopes]
        assert [r["id"] for r in resource.get("app_role", [])] == [r["id"] for r in raw["appRoles"]]
        required = [(r["resource_app_id"], [a["id"] for a in r["resource_access"]])
                    for r in resource.get("required_resource_access", [])]
        assert required == [(r["resourceAppId"], [a["id"] for a in r["resourceAccess"]])
                            for r in raw["requiredResourceAccess"]]
    pre = resources["azuread_application_pre_authorized"]
    assert pre and all(p["application_id"].startswith("${azuread_application.") or
                       p["application_id"].startswith("azuread_application.") for p in pre.values())
    federated = resources["azuread_application_federated_identity_credential"]
    assert federated and all(f["issuer"] == "https://token.actions.githubusercontent.com" for f in federated.values())
    with_sp = [a for a in source.store.apps_at(source.tenant.tenant_id, source.snapshot)
               if a.document.get("servicePrincipal")]
    service_principals = resources["azuread_service_principal"]
    assert with_sp and len(service_principals) == len(with_sp)
    for app in with_sp:
        properties = app.document["servicePrincipal"]["properties"]
        label = next(k for k, v in applications.items() if v["display_name"] == app.display_name)
        (sp,) = [r for r in service_principals.values()
                 if r["client_id"].strip("${}") == f"azuread_application.{label}.client_id"]
        assert sp["account_enabled"] == properties["accountEnabled"]
        assert sp.get("notes") == properties.get("notes")
    assert "# consent to Microsoft Graph for every user" in text
    assert "# certificate CN=" in text and "thumbprint" in text
    assert "# client secret" in text and "azuread_application_password" in text


def test_the_html_passport_opens_and_names_every_section(source: Source, tmp_path: Path) -> None:
    pks = (source.pk("Cloud"), source.pk("Sync Job"))
    source.service.export(ExportRequest(source.tenant.tenant_id, pks, ExportFormat.HTML, tmp_path / "p.html"))
    text = (tmp_path / "p.html").read_text()
    _no_secrets(text, source)

    class Headings(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []
            self.found: dict[str, list[str]] = {"h1": [], "h2": []}

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            self.stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert self.stack and self.stack[-1] == tag, (tag, self.stack[-3:])
            self.stack.pop()

        def handle_startendtag(self, tag: str, attrs: Any) -> None:
            pass

        def handle_data(self, data: str) -> None:
            if self.stack and self.stack[-1] in self.found:
                self.found[self.stack[-1]].append(data)

    parser = Headings()
    parser.feed(text.replace("<meta charset=\"utf-8\">", ""))
    assert parser.stack == []
    assert len(parser.found["h1"]) == 2
    sections = [h for h in parser.found["h2"] if h != "Apps"]
    assert sections == list(SECTIONS) * 2
    daemon = next(a for a in source.raw.values() if a["displayName"].endswith("Sync Job"))
    thumbprint = base64.b64decode(daemon["keyCredentials"][0]["customKeyIdentifier"]).hex().upper()
    assert thumbprint in text and daemon["keyCredentials"][0]["keyId"] in text
    saas = next(a for a in source.raw.values() if a["displayName"].endswith("Cloud"))
    assert all(s["displayName"] in text for s in saas["passwordCredentials"])
    assert "History of changes" in text and "first backup" in text


def test_bad_input_or_an_unwritable_output_leaves_nothing_behind(source: Source, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no snapshot 999"):
        source.service.export(ExportRequest(source.tenant.tenant_id, None, ExportFormat.HTML, tmp_path / "x.html",
                                            999))
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(OSError):
        source.service.export(ExportRequest(source.tenant.tenant_id, None, ExportFormat.TERRAFORM,
                                            tmp_path / "a-file" / "main.tf"))
    with pytest.raises(ExportError, match="is a file"):
        source.service.export(ExportRequest(source.tenant.tenant_id, None, ExportFormat.GRAPH, tmp_path / "a-file"))
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]
    assert (tmp_path / "a-file").read_text() == "not a folder"


PROVIDER = json.loads((Path(__file__).parent / "azuread_provider_3.9.0_arguments.json").read_text())


def _argument_paths(body: dict[str, Any], prefix: str = "") -> set[str]:
    """The arguments a parsed resource sets, nested blocks as a.b (python-hcl2: a block is a list of dicts)."""
    paths = set()
    for name, value in body.items():
        if name.startswith("__"):
            continue
        paths.add(prefix + name)
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for block in value:
                paths |= _argument_paths(block, f"{prefix}{name}.")
    return paths


def test_every_exported_argument_is_one_the_azuread_provider_3_has_and_each_resource_is_imported(
    source: Source, tmp_path: Path,
) -> None:
    """Every kind of app the emulator seeds, one with nativeAuthenticationApisEnabled (no argument of 3.x): each
    argument written is in the provider's schema (a copy of its names, with its source, beside this test), and each
    resource has an import block in the provider's ID format, naming the object it came from."""
    app = next(a for a in source.raw.values() if a["displayName"].endswith(" Web"))
    source.http.patch(f"/applications/{app['id']}", json={"nativeAuthenticationApisEnabled": "all"}).raise_for_status()
    BackupService(source.store, GraphConnector()).run(source.tenant.tenant_id)
    source.service.export(ExportRequest(source.tenant.tenant_id, None, ExportFormat.TERRAFORM, tmp_path / "main.tf"))
    text = (tmp_path / "main.tf").read_text()
    parsed = unquote(hcl2.loads(text))

    exported = {row.display_name for row in source.store.apps_at(source.tenant.tenant_id, source.snapshot)}
    assert {suffix for suffix in KIND_SUFFIX.values() if any(n.endswith(f" {suffix}") for n in exported)} == \
        set(KIND_SUFFIX.values())
    assert "native_authentication_apis_enabled" not in text and "nativeAuthenticationApisEnabled" in text  # named
    saml = [sp for sp in source.http.get("/servicePrincipals", params={"$top": "999"}).json()["value"]
            if sp.get("preferredSingleSignOnMode") == "saml"]
    assert saml and text.count('preferred_single_sign_on_mode = "saml"') == len(saml)  # the seeded SAML apps
    addresses: dict[str, dict[str, Any]] = {}
    for entry in parsed["resource"]:
        for kind, named in entry.items():
            for label, body in named.items():
                unknown = _argument_paths(body) - set(PROVIDER["arguments"][kind])
                assert not unknown, (kind, label, unknown)
                addresses[f"{kind}.{label}"] = body
    imports = {str(i["to"]).strip("${}"): str(i["id"]) for i in parsed["import"]}
    # Federated credentials are imported by an id the backup doesn't keep: their blocks say how to find it.
    credentials = {a for a in addresses if a.startswith("azuread_application_federated_identity_credential.")}
    assert credentials and set(imports) == set(addresses) - credentials
    assert text.count("federatedIdentityCredentials(name=") == len(credentials)
    patterns = {kind: "^" + re.sub(r"\\{\w+\\}", "[0-9a-f-]{36}", re.escape(form)) + "$"
                for kind, form in PROVIDER["import_ids"].items()}
    for address, import_id in imports.items():
        assert re.match(patterns[address.split(".")[0]], import_id), (address, import_id)
    by_object = {f"/applications/{a['id']}": a for a in source.raw.values()}
    applications = {a: b for a, b in addresses.items() if a.startswith("azuread_application.")}
    assert {by_object[imports[a]]["displayName"] for a in applications} == {b["display_name"] for b in applications.values()}
