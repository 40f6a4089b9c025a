"""The Graph schema reader against the packaged CSDL and small synthetic schemas."""

from __future__ import annotations

import importlib.resources
import re
from typing import Any

import pytest

from desktop_app.domain import schema
from desktop_app.domain.schema import (
    READ_ONLY_APPLICATION_PROPERTIES,
    READ_ONLY_NESTED_PROPERTIES,
    WRITE_ONCE_APPLICATION_PROPERTIES,
    GraphSchema,
    PropertyDef,
    UnknownTypeError,
    load_schema,
    qualified_name,
    validate_body,
)


def _csdl_text() -> str:
    resource = importlib.resources.files("desktop_app") / "data" / "graph" / "application-v1.0.csdl.xml"
    return resource.read_text(encoding="utf-8")


def _raw_property_names(type_name: str) -> list[str]:
    """Property names of one type read with a regex, independently of the parser under test."""
    text = _csdl_text()
    match = re.search(rf'<(EntityType|ComplexType) Name="{type_name}"(?:[^>]*/>|[^>]*>(.*?)</\1>)', text, re.S)
    assert match, type_name
    return re.findall(r'<Property Name="([^"]+)"', match.group(2) or "")


# --- loading and lookups -------------------------------------------------------------------------------------


def test_schema_is_parsed_once() -> None:
    assert load_schema() is load_schema()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("appRole", "microsoft.graph.appRole"),
        ("graph.appRole", "microsoft.graph.appRole"),
        ("microsoft.graph.appRole", "microsoft.graph.appRole"),
        ("#microsoft.graph.user", "microsoft.graph.user"),
        ("Edm.String", "Edm.String"),
    ],
)
def test_qualified_name(given: str, expected: str) -> None:
    assert qualified_name(given) == expected


def test_application_properties_include_inherited_and_exclude_the_logo_stream() -> None:
    props = schema.application_properties()
    own = set(_raw_property_names("application"))
    assert set(props) == (own - {"logo"}) | {"id", "deletedDateTime"}
    assert "authenticationBehaviors" in props
    assert list(props) == sorted(props)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("id", PropertyDef("id", "Edm.String", False, "primitive", nullable=False)),
        ("deletedDateTime", PropertyDef("deletedDateTime", "Edm.DateTimeOffset", False, "primitive")),
        ("api", PropertyDef("api", "microsoft.graph.apiApplication", False, "complex")),
        ("appRoles", PropertyDef("appRoles", "microsoft.graph.appRole", True, "complex", nullable=False)),
        ("identifierUris", PropertyDef("identifierUris", "Edm.String", True, "primitive", nullable=False)),
        (
            "nativeAuthenticationApisEnabled",
            PropertyDef("nativeAuthenticationApisEnabled", "microsoft.graph.nativeAuthenticationApisEnabled", False, "enum"),
        ),
        ("managerApplications", PropertyDef("managerApplications", "Edm.Guid", True, "primitive", nullable=False)),
    ],
)
def test_application_property_definitions(name: str, expected: PropertyDef) -> None:
    assert schema.application_properties()[name] == expected


def test_logo_is_a_stream_of_the_entity() -> None:
    logo = schema.entity_properties("application")["logo"]
    assert (logo.kind, logo.type_name) == ("stream", "Edm.Stream")


@pytest.mark.parametrize("type_name", ["application", "servicePrincipal", "extensionProperty", "organization"])
def test_directory_objects_inherit_id_and_deleted_date_time(type_name: str) -> None:
    props = schema.entity_properties(type_name)
    assert {"id", "deletedDateTime"} <= set(props)
    assert set(props) == set(_raw_property_names(type_name)) | {"id", "deletedDateTime"}


def test_federated_identity_credential_inherits_only_from_entity() -> None:
    props = schema.entity_properties("federatedIdentityCredential")
    assert set(props) == {"id", "audiences", "description", "issuer", "name", "subject"}


def _raw_complex_property_names(type_name: str) -> list[str]:
    """A derived complex type (serviceProvisioningXmlError) has its base type's properties first."""
    base = re.search(rf'<ComplexType Name="{type_name}"[^>]*BaseType="graph\.([^"]+)"', _csdl_text())
    inherited = _raw_complex_property_names(base.group(1)) if base else []
    return inherited + _raw_property_names(type_name)


@pytest.mark.parametrize("type_name", load_schema().complex_type_names())
def test_every_complex_type_matches_the_csdl(type_name: str) -> None:
    short = type_name.rsplit(".", 1)[-1]
    assert list(schema.complex_properties(type_name)) == _raw_complex_property_names(short)


def test_type_inventories() -> None:
    graph = load_schema()
    assert "microsoft.graph.application" in graph.entity_type_names()
    assert "microsoft.graph.entity" in graph.entity_type_names()
    assert "microsoft.graph.appRole" in graph.complex_type_names()
    assert "microsoft.graph.application" not in graph.complex_type_names()
    assert graph.enum_type_names() == (
        "microsoft.graph.groupAccessType",
        "microsoft.graph.mdmAuthority",
        "microsoft.graph.nativeAuthenticationApisEnabled",
        "microsoft.graph.partnerTenantType",
        "microsoft.graph.weakAlgorithms",
    )
    weak = graph.enum_type("weakAlgorithms")
    assert weak.members == ("rsaSha1", "unknownFutureValue")
    assert weak.is_flags
    assert graph.structured_type("entity").is_abstract
    assert graph.structured_type("application").is_open
    assert graph.structured_type("application").base_type == "microsoft.graph.directoryObject"


def test_navigation_properties_are_not_structural() -> None:
    graph = load_schema()
    navigation = graph.navigation_properties("application")
    assert {"owners", "federatedIdentityCredentials", "extensionProperties"} <= set(navigation)
    assert not set(navigation) & set(graph.application_properties())


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (schema.entity_properties, "appRole"),  # a complex type
        (schema.complex_properties, "application"),  # an entity type
        (schema.entity_properties, "noSuchType"),
        (schema.complex_properties, "noSuchType"),
    ],
)
def test_wrong_or_unknown_types_raise(call: Any, argument: str) -> None:
    with pytest.raises(UnknownTypeError):
        call(argument)


def test_unknown_enum_raises() -> None:
    with pytest.raises(UnknownTypeError):
        load_schema().enum_type("appRole")


def test_returned_property_maps_are_copies() -> None:
    first = schema.application_properties()
    first.pop("id")
    assert "id" in schema.application_properties()


# --- read-only knowledge -------------------------------------------------------------------------------------


def test_read_only_properties_exist_in_the_schema() -> None:
    props = schema.application_properties()
    assert props.keys() >= READ_ONLY_APPLICATION_PROPERTIES
    assert props.keys() >= WRITE_ONCE_APPLICATION_PROPERTIES


@pytest.mark.parametrize(
    "name",
    [
        "id",
        "appId",
        "publisherDomain",
        "createdDateTime",
        "deletedDateTime",
        "passwordCredentials",
        "applicationTemplateId",
        "disabledByMicrosoftStatus",
        "certification",
        "verifiedPublisher",
        "createdByAppId",
    ],
)
def test_graph_notes_read_only_properties_are_not_writable(name: str) -> None:
    assert name in READ_ONLY_APPLICATION_PROPERTIES
    assert name not in schema.writable_application_properties()


def test_writable_properties_are_the_rest() -> None:
    writable = schema.writable_application_properties()
    assert set(writable) == set(schema.application_properties()) - READ_ONLY_APPLICATION_PROPERTIES
    for name in ("displayName", "api", "web", "appRoles", "keyCredentials", "authenticationBehaviors", "uniqueName"):
        assert name in writable


def test_nested_read_only_fields_exist() -> None:
    graph = load_schema()
    assert set(READ_ONLY_NESTED_PROPERTIES) == {
        "microsoft.graph.appRole",
        "microsoft.graph.permissionScope",
        "microsoft.graph.informationalUrl",
        "microsoft.graph.passwordCredential",
    }
    for type_name, fields in READ_ONLY_NESTED_PROPERTIES.items():
        assert fields <= set(graph.complex_properties(type_name)), type_name
    assert schema.read_only_fields("appRole") == {"origin"}
    assert schema.read_only_fields("graph.informationalUrl") == {"logoUrl"}
    assert schema.read_only_fields("passwordCredential") == {"hint", "secretText"}
    assert schema.read_only_fields("application") == READ_ONLY_APPLICATION_PROPERTIES
    assert schema.read_only_fields("webApplication") == frozenset()


# --- validate_body -------------------------------------------------------------------------------------------

SCOPE_ID = "6a1c2b0e-4a6f-4a4c-8f0e-2f6d7d1c0001"
ROLE_ID = "6a1c2b0e-4a6f-4a4c-8f0e-2f6d7d1c0002"


def full_application_body() -> dict[str, Any]:
    """Every writable property with a realistic value, nested collections included."""
    return {
        "@odata.type": "#microsoft.graph.application",
        "displayName": "Contoso API",
        "description": "d",
        "notes": None,
        "tags": ["a", "b"],
        "signInAudience": "AzureADMyOrg",
        "identifierUris": ["api://contoso"],
        "groupMembershipClaims": "SecurityGroup",
        "isDeviceOnlyAuthSupported": False,
        "isFallbackPublicClient": None,
        "oauth2RequirePostResponse": False,
        "nativeAuthenticationApisEnabled": "none",
        "serviceManagementReference": None,
        "samlMetadataUrl": None,
        "defaultRedirectUri": None,
        "tokenEncryptionKeyId": None,
        "uniqueName": "contoso-api",
        "api": {
            "acceptMappedClaims": None,
            "knownClientApplications": [],
            "requestedAccessTokenVersion": 2,
            "oauth2PermissionScopes": [
                {
                    "id": SCOPE_ID,
                    "value": "user_impersonation",
                    "type": "User",
                    "isEnabled": True,
                    "adminConsentDisplayName": "x",
                    "adminConsentDescription": "x",
                    "userConsentDisplayName": None,
                    "userConsentDescription": None,
                }
            ],
            "preAuthorizedApplications": [{"appId": "c1", "delegatedPermissionIds": [SCOPE_ID]}],
        },
        "appRoles": [
            {
                "id": ROLE_ID,
                "value": "Reader",
                "displayName": "Reader",
                "description": "r",
                "allowedMemberTypes": ["User", "Application"],
                "isEnabled": True,
            }
        ],
        "web": {
            "homePageUrl": None,
            "logoutUrl": None,
            "redirectUris": ["https://contoso.example/cb"],
            "redirectUriSettings": [{"uri": "https://contoso.example/cb", "index": None}],
            "implicitGrantSettings": {"enableAccessTokenIssuance": False, "enableIdTokenIssuance": True},
        },
        "spa": {"redirectUris": []},
        "publicClient": {"redirectUris": []},
        "requiredResourceAccess": [
            {"resourceAppId": "00000003-0000-0000-c000-000000000000", "resourceAccess": [{"id": SCOPE_ID, "type": "Scope"}]}
        ],
        "optionalClaims": {
            "idToken": [{"name": "email", "source": None, "essential": False, "additionalProperties": []}],
            "accessToken": [],
            "saml2Token": None,
        },
        "info": {"marketingUrl": None, "privacyStatementUrl": None, "supportUrl": "https://s", "termsOfServiceUrl": None},
        "parentalControlSettings": {"countriesBlockedForMinors": [], "legalAgeGroupRule": "Allow"},
        "addIns": [{"id": ROLE_ID, "type": "FileHandler", "properties": [{"key": "version", "value": "2"}]}],
        "keyCredentials": [
            {
                "keyId": ROLE_ID,
                "type": "AsymmetricX509Cert",
                "usage": "Verify",
                "key": "TUlJQw==",
                "displayName": "CN=contoso",
                "startDateTime": "2026-01-01T00:00:00Z",
                "endDateTime": "2027-01-01T00:00:00Z",
                "customKeyIdentifier": None,
            }
        ],
        "requestSignatureVerification": {"isSignedRequestRequired": True, "allowedWeakAlgorithms": "rsaSha1"},
        "servicePrincipalLockConfiguration": {
            "isEnabled": True,
            "allProperties": True,
            "credentialsWithUsageSign": None,
            "credentialsWithUsageVerify": None,
            "tokenEncryptionKeyId": None,
        },
        "authenticationBehaviors": {
            "blockAzureADGraphAccess": True,
            "removeUnverifiedEmailClaim": True,
            "requireClientServicePrincipal": None,
        },
        "owners@odata.bind": ["https://graph.microsoft.com/v1.0/directoryObjects/1"],
    }


def test_a_full_valid_body_has_no_problems() -> None:
    assert validate_body("application", full_application_body()) == []


def test_the_full_body_covers_every_writable_property() -> None:
    # Keeps the "valid body" test meaningful as the schema or the writable set changes.
    assert set(schema.writable_application_properties()) <= set(full_application_body())


def test_read_only_properties_are_still_schema_valid() -> None:
    # validate_body checks the schema only; read-only handling is the restore planner's (read_only_fields).
    assert validate_body("application", {"id": "x", "appId": "y", "passwordCredentials": []}) == []


def _with(path: list[str | int], value: Any) -> dict[str, Any]:
    body = full_application_body()
    target: Any = body
    for element in path[:-1]:
        target = target[element]
    target[path[-1]] = value
    return body


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (["isDisabledInBeta"], True, "isDisabledInBeta: not a property of microsoft.graph.application"),
        (["windows"], {"redirectUris": []}, "windows: not a property of microsoft.graph.application"),
        (["api", "bogus"], 1, "api.bogus: not a property of microsoft.graph.apiApplication"),
        (
            ["api", "oauth2PermissionScopes", 0, "isDisabled"],
            False,
            "api.oauth2PermissionScopes[0].isDisabled: not a property of microsoft.graph.permissionScope",
        ),
        (
            ["requiredResourceAccess", 0, "resourceAccess", 0, "scope"],
            "x",
            "requiredResourceAccess[0].resourceAccess[0].scope: not a property of microsoft.graph.resourceAccess",
        ),
        (
            ["web", "implicitGrantSettings", "enableHybrid"],
            True,
            "web.implicitGrantSettings.enableHybrid: not a property of microsoft.graph.implicitGrantSettings",
        ),
        (
            ["addIns", 0, "properties", 0, "name"],
            "n",
            "addIns[0].properties[0].name: not a property of microsoft.graph.keyValue",
        ),
        (
            ["optionalClaims", "idToken", 0, "extra"],
            1,
            "optionalClaims.idToken[0].extra: not a property of microsoft.graph.optionalClaim",
        ),
        (["logo"], "AAAA", "logo: a stream of microsoft.graph.application; it cannot be sent in a JSON body"),
        (
            ["owners"],
            [],
            "owners: a navigation property of microsoft.graph.application; it has its own endpoint",
        ),
        (["api"], [], "api: expected an object of microsoft.graph.apiApplication, got an array"),
        (["appRoles"], {}, "appRoles: expected a collection of microsoft.graph.appRole, got an object"),
        (["appRoles", 0], "Reader", "appRoles[0]: expected an object of microsoft.graph.appRole, got a string"),
        (["tags"], "a", "tags: expected a collection of Edm.String, got a string"),
        (["tags", 1], 5, "tags[1]: expected Edm.String, got a number"),
        (["isFallbackPublicClient"], "true", "isFallbackPublicClient: expected Edm.Boolean, got a string"),
        (["api", "requestedAccessTokenVersion"], True, "api.requestedAccessTokenVersion: expected Edm.Int32, got a boolean"),
        (["displayName"], 1, "displayName: expected Edm.String, got a number"),
        (
            ["nativeAuthenticationApisEnabled"],
            "some",
            "nativeAuthenticationApisEnabled: 'some' is not a member of microsoft.graph.nativeAuthenticationApisEnabled",
        ),
        (
            ["nativeAuthenticationApisEnabled"],
            1,
            "nativeAuthenticationApisEnabled: expected a microsoft.graph.nativeAuthenticationApisEnabled member name, got a number",
        ),
        (
            ["requestSignatureVerification", "allowedWeakAlgorithms"],
            "rsaSha1,md5",
            "requestSignatureVerification.allowedWeakAlgorithms: 'md5' is not a member of microsoft.graph.weakAlgorithms",
        ),
    ],
)
def test_each_problem_is_named_with_its_path(path: list[str | int], value: Any, expected: str) -> None:
    assert validate_body("application", _with(path, value)) == [expected]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (["api"], None),
        (["appRoles"], None),
        (["appRoles", 0, "description"], None),
        (["requestSignatureVerification", "allowedWeakAlgorithms"], "rsaSha1,unknownFutureValue"),
        (["api", "oauth2PermissionScopes", 0, "@odata.type"], "#microsoft.graph.permissionScope"),
        (["appRoles"], []),
    ],
)
def test_accepted_values(path: list[str | int], value: Any) -> None:
    assert validate_body("application", _with(path, value)) == []


def test_every_problem_is_reported_in_a_stable_order() -> None:
    body = {"zeta": 1, "alpha": 2, "api": {"oauth2PermissionScopes": [{"a": 1}, {"b": 2}]}, "tags": [1]}
    expected = [
        "alpha: not a property of microsoft.graph.application",
        "api.oauth2PermissionScopes[0].a: not a property of microsoft.graph.permissionScope",
        "api.oauth2PermissionScopes[1].b: not a property of microsoft.graph.permissionScope",
        "tags[0]: expected Edm.String, got a number",
        "zeta: not a property of microsoft.graph.application",
    ]
    assert validate_body("application", body) == expected
    assert validate_body("application", dict(reversed(list(body.items())))) == expected


def test_other_types_validate_too() -> None:
    assert validate_body("federatedIdentityCredential", {"name": "n", "issuer": "i", "audiences": ["a"]}) == []
    assert validate_body("passwordCredential", {"displayName": "d", "secretText": None}) == []
    assert validate_body("#microsoft.graph.federatedIdentityCredential", {"nam": "n"}) == [
        "nam: not a property of microsoft.graph.federatedIdentityCredential"
    ]


def test_validating_an_unknown_type_raises() -> None:
    with pytest.raises(UnknownTypeError):
        validate_body("noSuchType", {})


def test_a_body_that_is_not_an_object() -> None:
    assert validate_body("application", []) == [  # type: ignore[arg-type]
        "<body>: expected an object of microsoft.graph.application, got an array"
    ]


# --- synthetic schemas ---------------------------------------------------------------------------------------

SYNTHETIC = """<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0">
 <edmx:DataServices>
  <Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="microsoft.graph" Alias="graph">
    <EntityType Name="base" Abstract="true"><Property Name="id" Type="Edm.String" Nullable="false" />
      <Property Name="shared" Type="Edm.String" /></EntityType>
    <EntityType Name="middle" BaseType="graph.base"><Property Name="m" Type="Collection(graph.color)" /></EntityType>
    <EntityType Name="leaf" BaseType="microsoft.graph.middle">
      <Property Name="shared" Type="Edm.Int32" />
      <Property Name="point" Type="graph.point" />
      <NavigationProperty Name="friends" Type="Collection(graph.leaf)" />
    </EntityType>
    <ComplexType Name="shape"><Property Name="sides" Type="Edm.Int32" /></ComplexType>
    <ComplexType Name="point" BaseType="graph.shape"><Property Name="x" Type="Edm.Double" /></ComplexType>
    <EnumType Name="color"><Member Name="red" Value="0" /><Member Name="blue" Value="1" /></EnumType>
  </Schema>
 </edmx:DataServices>
</edmx:Edmx>
"""


def test_synthetic_inheritance_namespaces_and_overrides() -> None:
    graph = GraphSchema.from_xml(SYNTHETIC)
    leaf = graph.entity_properties("leaf")
    assert list(leaf) == ["id", "shared", "m", "point"]
    assert leaf["shared"].type_name == "Edm.Int32"  # the derived definition wins
    assert leaf["m"] == PropertyDef("m", "microsoft.graph.color", True, "enum")
    assert graph.complex_properties("point") == {
        "sides": PropertyDef("sides", "Edm.Int32", False, "primitive"),
        "x": PropertyDef("x", "Edm.Double", False, "primitive"),
    }
    assert graph.navigation_properties("leaf") == ("friends",)
    assert graph.validate_body("leaf", {"m": ["red", "green"], "point": {"sides": 3, "x": 1.5, "y": 0}}) == [
        "m[1]: 'green' is not a member of microsoft.graph.color",
        "point.y: not a property of microsoft.graph.point",
    ]


def test_a_property_of_an_undefined_type_fails_loudly() -> None:
    text = '<Schema Namespace="microsoft.graph"><ComplexType Name="a"><Property Name="b" Type="graph.nothing" /></ComplexType></Schema>'
    with pytest.raises(UnknownTypeError, match="nothing"):
        GraphSchema.from_xml(text)


def test_an_inheritance_cycle_fails_loudly() -> None:
    text = (
        '<Schema Namespace="microsoft.graph">'
        '<EntityType Name="a" BaseType="graph.b" /><EntityType Name="b" BaseType="graph.a" /></Schema>'
    )
    with pytest.raises(ValueError, match="cycle"):
        GraphSchema.from_xml(text)


def test_a_missing_base_type_fails_loudly() -> None:
    text = '<Schema Namespace="microsoft.graph"><EntityType Name="a" BaseType="graph.gone" /></Schema>'
    with pytest.raises(UnknownTypeError):
        GraphSchema.from_xml(text)
