"""Microsoft's own Python SDK (msgraph-sdk) against the emulator: it builds its own URLs (the `graph.` cast
alias, the upsert by uniqueName) and parses every answer into its models, so an answer Graph would not give
breaks it here. List with its page iterator, get, create, update, upsert, deleted items (listed, and one through its
type), errors, extension properties, a service principal's secrets and SAML signing certificate, the seeded SAML
apps and extension owners, the tenant's plans and the refusals of the third wave (duplicate grant, Free tenant)."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest
from kiota_abstractions.authentication import (
    AccessTokenProvider,
    AllowedHostsValidator,
    BaseBearerTokenAuthenticationProvider,
)
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph import GraphServiceClient
from msgraph.generated.applications.applications_request_builder import ApplicationsRequestBuilder
from msgraph.generated.applications.item.application_item_request_builder import ApplicationItemRequestBuilder
from msgraph.generated.models.api_application import ApiApplication
from msgraph.generated.models.app_role_assignment import AppRoleAssignment
from msgraph.generated.models.application import Application
from msgraph.generated.models.application_collection_response import ApplicationCollectionResponse
from msgraph.generated.models.extension_property import ExtensionProperty
from msgraph.generated.models.o_auth2_permission_grant import OAuth2PermissionGrant
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.password_credential import PasswordCredential
from msgraph.generated.models.permission_scope import PermissionScope
from msgraph.generated.models.self_signed_certificate import SelfSignedCertificate
from msgraph.generated.models.service_principal import ServicePrincipal
from msgraph.generated.service_principals.item.add_password.add_password_post_request_body import (
    AddPasswordPostRequestBody as SpAddPasswordBody,
)
from msgraph.generated.service_principals.item.add_token_signing_certificate.add_token_signing_certificate_post_request_body import (  # noqa: E501
    AddTokenSigningCertificatePostRequestBody,
)
from msgraph.generated.service_principals.item.remove_password.remove_password_post_request_body import (
    RemovePasswordPostRequestBody as SpRemovePasswordBody,
)
from msgraph.generated.service_principals.item.service_principal_item_request_builder import (
    ServicePrincipalItemRequestBuilder,
)
from msgraph.generated.service_principals.service_principals_request_builder import (
    ServicePrincipalsRequestBuilder,
)
from msgraph.graph_request_adapter import GraphRequestAdapter
from msgraph_core import PageIterator

from desktop_app.emulator import Emulator

T = TypeVar("T")


class EmulatorToken(AccessTokenProvider):
    def __init__(self, token: str) -> None:
        self.token = token

    async def get_authorization_token(self, uri: str, additional_authentication_context: Any = None) -> str:
        return self.token

    def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
        return AllowedHostsValidator([])


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


@pytest.fixture
def sdk(emulator: Emulator) -> GraphServiceClient:
    adapter = GraphRequestAdapter(BaseBearerTokenAuthenticationProvider(EmulatorToken(emulator.token("contoso"))))
    adapter.base_url = emulator.base_url
    return GraphServiceClient(request_adapter=adapter)


def test_the_page_iterator_lists_every_app(sdk: GraphServiceClient, graph) -> None:
    async def every_app() -> list[Application]:
        query = ApplicationsRequestBuilder.ApplicationsRequestBuilderGetQueryParameters(
            top=7, select=["id", "appId", "displayName", "api", "keyCredentials"]
        )
        first = await sdk.applications.get(RequestConfiguration(query_parameters=query))
        assert isinstance(first, ApplicationCollectionResponse) and first.odata_next_link
        apps: list[Application] = []
        iterator = PageIterator(first, sdk.request_adapter)  # type: ignore[arg-type]
        await iterator.iterate(lambda app: apps.append(app) or True)
        return apps

    apps = run(every_app())
    expected = graph.get("/applications", params={"$select": "id", "$top": "999"}).json()["value"]
    assert sorted(a.id for a in apps) == sorted(a["id"] for a in expected)
    api = next(a for a in apps if a.api and a.api.oauth2_permission_scopes)
    assert api.api.oauth2_permission_scopes[0].id and api.display_name


def test_get_create_update_and_upsert_parse(sdk: GraphServiceClient) -> None:
    async def flow() -> tuple[Application, Application, Application | None]:
        created = await sdk.applications.post(Application(display_name="From the SDK", sign_in_audience="AzureADMyOrg"))
        assert created is not None and created.id and created.app_id
        scope = PermissionScope(id=__import__("uuid").uuid4(), value="read", type="User", is_enabled=True,
                                admin_consent_display_name="Read", admin_consent_description="Read")
        await sdk.applications.by_application_id(created.id).patch(
            Application(notes="patched", api=ApiApplication(oauth2_permission_scopes=[scope]))
        )
        query = ApplicationItemRequestBuilder.ApplicationItemRequestBuilderGetQueryParameters(
            select=["id", "notes", "api", "keyCredentials"]
        )
        read = await sdk.applications.by_application_id(created.id).get(RequestConfiguration(query_parameters=query))
        assert read is not None
        config: RequestConfiguration[Any] = RequestConfiguration()
        config.headers.add("Prefer", "create-if-missing")
        upserted = await sdk.applications_with_unique_name("sdk-upsert").patch(
            Application(display_name="Upserted"), config
        )
        return created, read, upserted

    created, read, upserted = run(flow())
    assert read.notes == "patched" and read.api is not None
    assert read.api.oauth2_permission_scopes and read.api.oauth2_permission_scopes[0].value == "read"
    assert upserted is not None and upserted.unique_name == "sdk-upsert" and upserted.id != created.id


def test_certificate_bytes_come_back_as_bytes(sdk: GraphServiceClient, graph) -> None:
    daemon = next(a for a in graph.get("/applications", params={"$top": "999"}).json()["value"] if a["keyCredentials"])

    async def read() -> Application | None:
        query = ApplicationItemRequestBuilder.ApplicationItemRequestBuilderGetQueryParameters(select=["keyCredentials"])
        return await sdk.applications.by_application_id(daemon["id"]).get(RequestConfiguration(query_parameters=query))

    app = run(read())
    assert app is not None and app.key_credentials
    raw = graph.get(f"/applications/{daemon['id']}", params={"$select": "keyCredentials"}).json()
    assert app.key_credentials[0].key == base64.b64decode(raw["keyCredentials"][0]["key"])


def test_deleted_items_through_the_cast_the_sdk_builds(sdk: GraphServiceClient) -> None:
    async def flow() -> list[str]:
        app = await sdk.applications.post(Application(display_name="To the recycle bin"))
        assert app is not None and app.id
        await sdk.applications.by_application_id(app.id).delete()
        deleted = await sdk.directory.deleted_items.graph_application.get()  # .../deletedItems/graph.application
        assert deleted is not None and deleted.value is not None
        restored = await sdk.directory.deleted_items.by_directory_object_id(app.id).restore.post()
        assert restored is not None and restored.id == app.id
        return [str(a.id) for a in deleted.value]

    ids = run(flow())
    assert ids


def test_errors_parse_into_odata_errors(sdk: GraphServiceClient) -> None:
    async def both() -> tuple[ODataError, ODataError]:
        errors = []
        for call in (
            sdk.applications.by_application_id("00000000-0000-0000-0000-000000000001").get(),
            sdk.applications.post(Application(display_name="x", identifier_uris=["api://legacy-name"])),
        ):
            with pytest.raises(ODataError) as raised:
                await call
            errors.append(raised.value)
        return errors[0], errors[1]

    missing, refused = run(both())
    assert missing.response_status_code == 404
    assert missing.error is not None and missing.error.code == "Request_ResourceNotFound"
    assert refused.response_status_code == 400 and refused.error is not None
    assert refused.error.code == "HostNameNotOnVerifiedDomain" and refused.error.message


def test_audit_log_and_service_principal_delta_parse(sdk: GraphServiceClient, emulator: Emulator, graph) -> None:
    emulator.configure(auditDelaySeconds=0)
    app = graph.post("/applications", json={"displayName": "Audited"}).json()
    graph.patch(f"/applications/{app['id']}", json={"web": {"redirectUris": ["https://audited.contoso.com/a"]}})
    robot = graph.get("/servicePrincipals", params={"$top": "1"}).json()["value"][0]
    as_app = {"Authorization": f"Bearer {emulator.token('contoso', acting_as='app:' + robot['appId'])}"}
    graph.patch(f"/applications/{app['id']}", json={"notes": "by an app"}, headers=as_app)

    async def flow() -> tuple[Any, Any, Any, Any]:
        audits = await sdk.audit_logs.directory_audits.get()
        assert audits is not None and audits.value
        one = await sdk.audit_logs.directory_audits.by_directory_audit_id(str(audits.value[0].id)).get()
        first = await sdk.service_principals.delta.get()
        assert first is not None
        pages = [first]
        while pages[-1].odata_next_link:
            pages.append(await sdk.service_principals.delta.with_url(pages[-1].odata_next_link).get())
        latest = await sdk.service_principals.delta.with_url(
            f"{emulator.base_url}/servicePrincipals/delta?$deltatoken=latest").get()
        return audits, one, pages, latest

    audits, one, pages, latest = run(flow())
    by_app, update, created = audits.value[0], audits.value[1], audits.value[2]  # newest first
    assert by_app.initiated_by.app.service_principal_id == robot["id"] and by_app.initiated_by.user is None
    assert update.activity_display_name == "Update application" and update.activity_date_time is not None
    assert update.initiated_by.user.user_principal_name.startswith("admin@")
    change = update.target_resources[0].modified_properties[0]
    assert change.display_name == "AppAddress" and "audited.contoso.com" in change.new_value
    assert created.activity_display_name == "Add application" and created.result.value == "success"
    assert one.id == by_app.id
    assert pages[-1].odata_delta_link and sum(len(p.value) for p in pages) == len(
        graph.get("/servicePrincipals", params={"$top": "999"}).json()["value"])
    assert latest.value == [] and latest.odata_delta_link


def test_extension_properties_through_the_sdk(sdk: GraphServiceClient) -> None:
    async def flow() -> tuple[Application, list[ExtensionProperty], ExtensionProperty | None]:
        app = await sdk.applications.post(Application(display_name="Extensions from the SDK"))
        assert app is not None and app.id
        extensions = sdk.applications.by_application_id(app.id).extension_properties
        made = await extensions.post(ExtensionProperty(name="badgeNumber", data_type="String",
                                                       target_objects=["User", "Group"], is_multi_valued=False))
        assert made is not None and made.id
        listed = await extensions.get()
        assert listed is not None and listed.value is not None
        one = await extensions.by_extension_property_id(made.id).get()
        await extensions.by_extension_property_id(made.id).delete()
        return app, listed.value, one

    app, listed, one = run(flow())
    assert [e.name for e in listed] == [f"extension_{str(app.app_id).replace('-', '')}_badgeNumber"]
    assert one is not None and one.target_objects == ["User", "Group"] and one.is_synced_from_on_premises is False


def test_one_typed_deleted_item_through_the_sdk(sdk: GraphServiceClient) -> None:
    async def flow() -> tuple[str, Application | None, ServicePrincipal | None]:
        app = await sdk.applications.post(Application(display_name="Typed in the bin"))
        assert app is not None and app.id and app.app_id
        sp = await sdk.service_principals.post(ServicePrincipal(app_id=app.app_id))
        assert sp is not None and sp.id
        await sdk.applications.by_application_id(app.id).delete()
        item = sdk.directory.deleted_items.by_directory_object_id
        typed_app = await item(app.id).graph_application.get()  # .../deletedItems/{id}/graph.application
        typed_sp = await item(sp.id).graph_service_principal.get()
        return str(app.app_id), typed_app, typed_sp

    app_id, typed_app, typed_sp = run(flow())
    assert typed_app is not None and typed_app.app_id == app_id and typed_app.deleted_date_time is not None
    assert typed_sp is not None and typed_sp.app_id == app_id


def test_service_principal_credentials_through_the_sdk(sdk: GraphServiceClient) -> None:
    async def flow() -> tuple[PasswordCredential | None, SelfSignedCertificate | None, ServicePrincipal | None]:
        app = await sdk.applications.post(Application(display_name="SAML from the SDK", tags=["FromApp"]))
        assert app is not None and app.app_id
        sp = await sdk.service_principals.post(ServicePrincipal(app_id=app.app_id, tags=["Own"],
                                                                preferred_single_sign_on_mode="saml"))
        assert sp is not None and sp.id
        item = sdk.service_principals.by_service_principal_id(sp.id)
        secret = await item.add_password.post(
            SpAddPasswordBody(password_credential=PasswordCredential(display_name="from the SDK")))
        signing = await item.add_token_signing_certificate.post(
            AddTokenSigningCertificatePostRequestBody(display_name="CN=SAML from the SDK"))
        assert signing is not None and signing.thumbprint
        await item.patch(ServicePrincipal(preferred_token_signing_key_thumbprint=signing.thumbprint))
        query = ServicePrincipalItemRequestBuilder.ServicePrincipalItemRequestBuilderGetQueryParameters(
            select=["id", "tags", "keyCredentials", "passwordCredentials", "preferredTokenSigningKeyThumbprint"])
        read = await item.get(RequestConfiguration(query_parameters=query))
        assert secret is not None and secret.key_id
        await item.remove_password.post(SpRemovePasswordBody(key_id=secret.key_id))
        return secret, signing, read

    secret, signing, read = run(flow())
    assert secret is not None and secret.secret_text and secret.hint == secret.secret_text[:3]
    assert signing is not None and signing.key and signing.usage == "Verify"
    assert read is not None and set(read.tags or []) == {"FromApp", "Own"}
    assert read.preferred_token_signing_key_thumbprint == signing.thumbprint
    verify = next(k for k in read.key_credentials or [] if k.usage == "Verify")
    assert verify.key == signing.key  # the certificate's bytes, as bytes
    assert {k.usage for k in read.key_credentials or []} == {"Sign", "Verify"}


def test_the_seeded_saml_apps_extension_owners_plans_and_refusals_parse(sdk: GraphServiceClient, hooks) -> None:
    GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"

    async def flow() -> tuple[list[ServicePrincipal], list[Application], Any, ODataError, ODataError]:
        query = ServicePrincipalsRequestBuilder.ServicePrincipalsRequestBuilderGetQueryParameters(
            select=["id", "appId", "tags", "keyCredentials", "passwordCredentials", "preferredSingleSignOnMode",
                    "preferredTokenSigningKeyThumbprint", "samlSingleSignOnSettings"], top=999)
        listed = await sdk.service_principals.get(RequestConfiguration(query_parameters=query))
        assert listed is not None and listed.value is not None
        owners = ApplicationsRequestBuilder.ApplicationsRequestBuilderGetQueryParameters(
            filter="extensionProperties/$count ne 0", count=True, select=["id", "appId"], top=999)
        advanced = RequestConfiguration(query_parameters=owners)
        advanced.headers.add("ConsistencyLevel", "eventual")
        found = await sdk.applications.get(advanced)
        assert found is not None and found.value is not None
        organization = await sdk.organization.get()
        graph_sp = next(sp for sp in listed.value if sp.app_id == GRAPH_APP_ID)
        client = next(sp for sp in listed.value if sp.app_id != GRAPH_APP_ID)
        grant = OAuth2PermissionGrant(client_id=client.id, consent_type="AllPrincipals", resource_id=graph_sp.id,
                                      scope="User.Read")
        await sdk.oauth2_permission_grants.post(grant)
        with pytest.raises(ODataError) as duplicate:
            await sdk.oauth2_permission_grants.post(grant)
        groups = await sdk.groups.get()
        assert groups is not None and groups.value
        hooks.post("/_emulator/config", json={"entraPlans": {"contoso": "free"}}).raise_for_status()
        assignment = AppRoleAssignment(principal_id=groups.value[0].id, resource_id=client.id,
                                       app_role_id="00000000-0000-0000-0000-000000000000")
        with pytest.raises(ODataError) as free:
            await sdk.service_principals.by_service_principal_id(str(client.id)).app_role_assigned_to.post(assignment)
        return listed.value, found.value, organization, duplicate.value, free.value

    sps, owners, organization, duplicate, free = run(flow())
    saml = [sp for sp in sps if sp.preferred_single_sign_on_mode == "saml"]
    assert saml and all(sp.saml_single_sign_on_settings is not None for sp in saml)
    for sp in saml:  # the signing certificate the thumbprint names: its Sign and Verify keys, listed without bytes
        assert {k.usage for k in sp.key_credentials or []} >= {"Sign", "Verify"}
        assert all(k.key is None and k.custom_key_identifier for k in sp.key_credentials or [])
        assert sp.password_credentials and sp.preferred_token_signing_key_thumbprint
    assert owners and all(a.app_id for a in owners)  # the seed's sync jobs that own directory extensions
    assert organization is not None and organization.value and organization.value[0].assigned_plans
    assert duplicate.response_status_code == 409 and duplicate.error is not None
    assert duplicate.error.code == "Request_MultipleObjectsWithSameKeyValue"
    assert free.response_status_code == 400 and free.error is not None and "plan" in str(free.error.message)
