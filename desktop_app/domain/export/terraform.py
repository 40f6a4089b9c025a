"""App documents as Terraform HCL2 for the azuread provider (3.x), with the argument names of its schema
(hashicorp/terraform-provider-azuread v3.9.0, resources `azuread_application`, `azuread_application_pre_authorized`,
`azuread_application_federated_identity_credential`, `azuread_service_principal`; the tests hold a copy of those
names and check every exported argument against it).

Each resource comes with an `import` block naming the object it was exported from (Terraform 1.5+, in the provider's
import ID formats), so `terraform plan` in the source tenant adopts the existing apps instead of creating
duplicates; elsewhere, drop the import blocks to create new ones.

How Graph's properties map (the provider's own choices, e.g. `api.acceptMappedClaims` is `mapped_claims_enabled`,
`info.*Url` are top-level `*_url`, `groupMembershipClaims` is a set):
- what the provider has an argument for is written as that argument; nulls and empty collections are left out
  (they are the provider's defaults);
- `api.preAuthorizedApplications` become `azuread_application_pre_authorized` resources and federated identity
  credentials `azuread_application_federated_identity_credential` resources, referring to the application;
- certificates are comments with their metadata and thumbprint (the provider needs the certificate file,
  `azuread_application_certificate`); client secrets are comments with their name, hint and expiry (a new one is
  `azuread_application_password`): no secret and no key bytes are ever written;
- properties the provider has no argument for are named in a comment under the resource, never dropped silently.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.export.credentials import certificates_of, secrets_metadata

PROVIDER_VERSION = "~> 3.0"

# Graph application property -> provider argument (scalars and sets of strings).
_SIMPLE: tuple[tuple[str, str], ...] = (
    ("displayName", "display_name"),
    ("description", "description"),
    ("notes", "notes"),
    ("signInAudience", "sign_in_audience"),
    ("identifierUris", "identifier_uris"),
    ("tags", "tags"),
    ("isDeviceOnlyAuthSupported", "device_only_auth_enabled"),
    ("isFallbackPublicClient", "fallback_public_client_enabled"),
    ("oauth2RequirePostResponse", "oauth2_post_response_required"),
    ("serviceManagementReference", "service_management_reference"),
    ("applicationTemplateId", "template_id"),
)
_INFO_URLS: tuple[tuple[str, str], ...] = (
    ("marketingUrl", "marketing_url"),
    ("privacyStatementUrl", "privacy_statement_url"),
    ("supportUrl", "support_url"),
    ("termsOfServiceUrl", "terms_of_service_url"),
)
_SCOPE_FIELDS: tuple[tuple[str, str], ...] = (
    ("adminConsentDescription", "admin_consent_description"),
    ("adminConsentDisplayName", "admin_consent_display_name"),
    ("isEnabled", "enabled"),
    ("id", "id"),
    ("type", "type"),
    ("userConsentDescription", "user_consent_description"),
    ("userConsentDisplayName", "user_consent_display_name"),
    ("value", "value"),
)
_ROLE_FIELDS: tuple[tuple[str, str], ...] = (
    ("allowedMemberTypes", "allowed_member_types"),
    ("description", "description"),
    ("displayName", "display_name"),
    ("isEnabled", "enabled"),
    ("id", "id"),
    ("value", "value"),
)
_CLAIM_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "name"),
    ("source", "source"),
    ("essential", "essential"),
    ("additionalProperties", "additional_properties"),
)
_SERVICE_PRINCIPAL: tuple[tuple[str, str], ...] = (
    ("accountEnabled", "account_enabled"),
    ("appRoleAssignmentRequired", "app_role_assignment_required"),
    ("description", "description"),
    ("loginUrl", "login_url"),
    ("notes", "notes"),
    ("notificationEmailAddresses", "notification_email_addresses"),
    ("preferredSingleSignOnMode", "preferred_single_sign_on_mode"),
    ("tags", "tags"),
)
_SP_HANDLED = frozenset({g for g, _ in _SERVICE_PRINCIPAL} | {"samlSingleSignOnSettings", "displayName"})
# Application properties written above or deliberately elsewhere; any other non-empty one is named as not mapped.
_HANDLED = frozenset(
    {g for g, _ in _SIMPLE}
    | {"api", "appRoles", "info", "optionalClaims", "publicClient", "spa", "web", "requiredResourceAccess",
       "groupMembershipClaims", "keyCredentials", "passwordCredentials", "tokenEncryptionKeyId",
       # read-only, identity or Graph-managed: not configuration
       "id", "appId", "publisherDomain", "createdDateTime", "deletedDateTime", "createdByAppId",
       "disabledByMicrosoftStatus", "certification", "verifiedPublisher", "isDisabled", "managerApplications"}
)


@dataclass(frozen=True)
class TerraformApp:
    """One app to write: its document at the chosen version and, when the backup kept it, the logo's bytes."""

    document: Mapping[str, Any]
    logo: bytes | None = None


@dataclass
class _Block:
    kind: str  # "resource", or a nested block's name
    labels: tuple[str, ...] = ()
    items: list[tuple[str, Any]] = field(default_factory=list)  # (name, value | _Block | _Comment)

    def set(self, name: str, value: Any) -> None:
        if value is None or value == [] or value == "":
            return
        self.items.append((name, value))

    def block(self, kind: str) -> _Block:
        child = _Block(kind)
        self.items.append((kind, child))
        return child

    def comment(self, text: str) -> None:
        self.items.append(("#", _Comment(text)))


@dataclass(frozen=True)
class _Comment:
    text: str


def terraform_export(apps: Sequence[TerraformApp]) -> str:
    """One HCL2 file: the provider requirement, then per app its resources, in the order given."""
    taken: set[str] = set()
    out = [
        "# Exported by Regvault. Secrets and certificate key bytes are never exported.",
        "# Each resource is adopted from the object it was exported from by its import block (remove the import",
        "# blocks to create new apps instead, e.g. in another tenant).",
        "terraform {",
        '  required_version = ">= 1.5.0"',
        "  required_providers {",
        "    azuread = {",
        '      source  = "hashicorp/azuread"',
        f"      version = {_string(PROVIDER_VERSION)}",
        "    }",
        "  }",
        "}",
        "",
    ]
    for app in apps:
        for block in _app_blocks(app, taken):
            out.extend(_render(block, 0))
            out.append("")
    return "\n".join(out)


def resource_label(display_name: str, taken: set[str]) -> str:
    """A Terraform identifier from a display name, unique among `taken` (which it joins)."""
    base = re.sub(r"[^a-z0-9]+", "_", display_name.lower()).strip("_") or "app"
    if not re.match(r"[a-z_]", base):
        base = f"app_{base}"
    label, n = base, 2
    while label in taken:
        label, n = f"{base}_{n}", n + 1
    taken.add(label)
    return label


# --- The resources of one app ------------------------------------------------------------------------------------


def _app_blocks(app: TerraformApp, taken: set[str]) -> list[_Block]:
    document = app.document
    application: Mapping[str, Any] = document.get("application") or {}
    label = resource_label(str(application.get("displayName") or "app"), taken)
    resource = _Block("resource", ("azuread_application", label))
    resource.comment(f"client ID {application.get('appId')}, object ID {application.get('id')}")
    for graph_name, argument in _SIMPLE:
        resource.set(argument, application.get(graph_name))
    claims = application.get("groupMembershipClaims")
    if isinstance(claims, str) and claims.strip():
        resource.set("group_membership_claims", [c.strip() for c in claims.split(",") if c.strip()])
    info = application.get("info") or {}
    for graph_name, argument in _INFO_URLS:
        resource.set(argument, info.get(graph_name))
    owners = [str(o.get("id")) for o in document.get("owners") or [] if isinstance(o, Mapping) and o.get("id")]
    resource.set("owners", owners)
    if app.logo:
        resource.set("logo_image", base64.b64encode(app.logo).decode("ascii"))
    _api(resource, application.get("api") or {})
    for role in application.get("appRoles") or []:
        _fields(resource.block("app_role"), role, _ROLE_FIELDS)
    _optional_claims(resource, application.get("optionalClaims"))
    _redirects(resource, "public_client", application.get("publicClient"))
    _redirects(resource, "single_page_application", application.get("spa"))
    _web(resource, application.get("web") or {})
    for access in application.get("requiredResourceAccess") or []:
        block = resource.block("required_resource_access")
        block.set("resource_app_id", access.get("resourceAppId"))
        for item in access.get("resourceAccess") or []:
            _fields(block.block("resource_access"), item, (("id", "id"), ("type", "type")))
    _credentials_comments(resource, document)
    unmapped = sorted(k for k, v in application.items() if k not in _HANDLED and not _empty(v))
    if unmapped:
        resource.comment("not managed by azuread_application (kept in the Graph export): " + ", ".join(unmapped))
    for extension in document.get("extensionProperties") or []:
        if isinstance(extension, Mapping):
            resource.comment(f"directory extension {extension.get('name')} ({extension.get('dataType')}, on "
                             f"{', '.join(extension.get('targetObjects') or [])}): not managed by this provider "
                             "version; create it with POST /applications/{id}/extensionProperties")
    object_id = str(application.get("id") or "")
    blocks = [resource, _import(resource, f"/applications/{object_id}")]
    for block, import_id in (*_pre_authorized(label, object_id, application.get("api") or {}, taken),
                             *_federated_credentials(label, object_id,
                                                     document.get("federatedIdentityCredentials") or [], taken)):
        blocks.append(block)
        if import_id is not None:
            blocks.append(_import(block, import_id))
    service_principal = document.get("servicePrincipal")
    if isinstance(service_principal, Mapping):
        block = _service_principal(label, service_principal, taken)
        blocks += [block, _import(block, f"/servicePrincipals/{service_principal.get('id')}")]
    return blocks


def _import(resource: _Block, import_id: str) -> _Block:
    """`import { to = <resource address>, id = <the provider's import ID> }` (Terraform 1.5+)."""
    block = _Block("import")
    block.set("to", _Reference(".".join(resource.labels)))
    block.set("id", import_id)
    return block


def _api(resource: _Block, api: Mapping[str, Any]) -> None:
    scopes = api.get("oauth2PermissionScopes") or []
    values = {
        "known_client_applications": api.get("knownClientApplications") or [],
        "mapped_claims_enabled": api.get("acceptMappedClaims"),
        "requested_access_token_version": api.get("requestedAccessTokenVersion"),
    }
    if not scopes and all(_empty(v) for v in values.values()):
        return
    block = resource.block("api")
    for name, value in values.items():
        block.set(name, value)
    for scope in scopes:
        _fields(block.block("oauth2_permission_scope"), scope, _SCOPE_FIELDS)


def _optional_claims(resource: _Block, claims: Any) -> None:
    if not isinstance(claims, Mapping):
        return
    kinds = (("accessToken", "access_token"), ("idToken", "id_token"), ("saml2Token", "saml2_token"))
    if not any(claims.get(graph_name) for graph_name, _ in kinds):
        return
    block = resource.block("optional_claims")
    for graph_name, name in kinds:
        for claim in claims.get(graph_name) or []:
            _fields(block.block(name), claim, _CLAIM_FIELDS)


def _redirects(resource: _Block, name: str, platform: Any) -> None:
    if isinstance(platform, Mapping) and platform.get("redirectUris"):
        resource.block(name).set("redirect_uris", list(platform["redirectUris"]))


def _web(resource: _Block, web: Mapping[str, Any]) -> None:
    grant = web.get("implicitGrantSettings") or {}
    values = {
        "homepage_url": web.get("homePageUrl"),
        "logout_url": web.get("logoutUrl"),
        "redirect_uris": list(web.get("redirectUris") or []),
    }
    grants = {
        "access_token_issuance_enabled": grant.get("enableAccessTokenIssuance"),
        "id_token_issuance_enabled": grant.get("enableIdTokenIssuance"),
    }
    if all(_empty(v) for v in values.values()) and not any(grants.values()):
        return
    block = resource.block("web")
    for name, value in values.items():
        block.set(name, value)
    if any(v is not None for v in grants.values()):
        implicit = block.block("implicit_grant")
        for name, value in grants.items():
            implicit.set(name, value)


def _credentials_comments(resource: _Block, document: Mapping[str, Any]) -> None:
    for cert in certificates_of(document):
        resource.comment(
            f"certificate {cert.display_name or cert.key_id}: keyId {cert.key_id}, {cert.type or '?'}/"
            f"{cert.usage or '?'}, thumbprint {cert.thumbprint or '?'}, valid {cert.start_date_time or '?'} to "
            f"{cert.end_date_time or '?'} (add with azuread_application_certificate and the certificate file)"
        )
    for secret in secrets_metadata(document):
        resource.comment(
            f"client secret {secret.display_name or secret.key_id} (hint {secret.hint or '?'}, expires "
            f"{secret.end_date_time or '?'}): not exported; issue a new one with azuread_application_password"
        )


def _pre_authorized(label: str, object_id: str, api: Mapping[str, Any],
                    taken: set[str]) -> list[tuple[_Block, str | None]]:
    out: list[tuple[_Block, str | None]] = []
    for entry in api.get("preAuthorizedApplications") or []:
        client = str(entry.get("appId") or "")
        block = _Block("resource", ("azuread_application_pre_authorized",
                                    resource_label(f"{label}_{client[:8]}", taken)))
        block.set("application_id", _Reference(f"azuread_application.{label}.id"))
        block.set("authorized_client_id", client)
        block.set("permission_ids", list(entry.get("delegatedPermissionIds") or []))
        out.append((block, f"{object_id}/preAuthorizedApplication/{client}"))
    return out


def _federated_credentials(label: str, object_id: str, credentials: Iterable[Any],
                           taken: set[str]) -> list[tuple[_Block, str | None]]:
    """The provider imports a federated credential by its id, which a backup does not keep (it is the tenant's
    own): without it, a comment says how to find it (Graph addresses the credential by its name too)."""
    out: list[tuple[_Block, str | None]] = []
    for credential in credentials:
        name = str(credential.get("name") or "")
        block = _Block("resource", ("azuread_application_federated_identity_credential",
                                    resource_label(f"{label}_{name}", taken)))
        block.set("application_id", _Reference(f"azuread_application.{label}.id"))
        block.set("display_name", name)
        block.set("description", credential.get("description"))
        block.set("audiences", list(credential.get("audiences") or []))
        block.set("issuer", credential.get("issuer"))
        block.set("subject", credential.get("subject"))
        if credential.get("id"):
            out.append((block, f"{object_id}/federatedIdentityCredential/{credential['id']}"))
            continue
        block.comment(f"to adopt the existing credential: an import block with id "
                      f"{object_id}/federatedIdentityCredential/<its id>, from GET /applications/{object_id}/"
                      f"federatedIdentityCredentials(name='{name}')")
        out.append((block, None))
    return out


def _service_principal(label: str, service_principal: Mapping[str, Any], taken: set[str]) -> _Block:
    block = _Block("resource", ("azuread_service_principal", resource_label(f"{label}_sp", taken)))
    block.set("client_id", _Reference(f"azuread_application.{label}.client_id"))
    block.set("use_existing", True)
    properties = service_principal.get("properties") or {}  # domain/enterprise.py's section
    if isinstance(properties, Mapping):
        for graph_name, argument in _SERVICE_PRINCIPAL:
            block.set(argument, properties.get(graph_name))
        relay_state = (properties.get("samlSingleSignOnSettings") or {}).get("relayState")
        if relay_state:
            block.block("saml_single_sign_on").set("relay_state", relay_state)
        unmapped = sorted(k for k, v in properties.items() if k not in _SP_HANDLED and not _empty(v))
        if unmapped:
            block.comment("not managed by azuread_service_principal (kept in the Graph export): " + ", ".join(unmapped))
    owners = [str(o.get("id")) for o in service_principal.get("owners") or []
              if isinstance(o, Mapping) and o.get("id")]
    block.set("owners", owners)
    # Consent and assignments name other tenants' objects by id: named here, for resources of their own.
    for grant in service_principal.get("delegatedPermissionGrants") or []:
        who = "every user" if grant.get("consentType") == "AllPrincipals" else (
            (grant.get("principal") or {}).get("userPrincipalName") or "one user")
        block.comment(f"consent to {grant.get('resourceDisplayName') or grant.get('resourceAppId')} for {who}: "
                      f"{' '.join(grant.get('scopes') or [])} "
                      "(azuread_service_principal_delegated_permission_grant)")
    for permission in service_principal.get("appRoleAssignments") or []:
        block.comment(f"application permission {permission.get('appRoleValue') or permission.get('appRoleId')} on "
                      f"{permission.get('resourceDisplayName') or permission.get('resourceAppId')} "
                      "(azuread_app_role_assignment)")
    for assigned in service_principal.get("appRoleAssignedTo") or []:
        block.comment(f"assigned: {assigned.get('principalType') or ''} "
                      f"{assigned.get('userPrincipalName') or assigned.get('principalDisplayName') or ''} "
                      f"role {assigned.get('appRoleValue') or 'Default Access'} (azuread_app_role_assignment)")
    return block


def _fields(block: _Block, source: Any, mapping: Sequence[tuple[str, str]]) -> None:
    if not isinstance(source, Mapping):
        return
    for graph_name, argument in mapping:
        block.set(argument, source.get(graph_name))


def _empty(value: Any) -> bool:
    if value is None or value == "" or value == [] or value == {}:
        return True
    if isinstance(value, Mapping):
        return all(_empty(v) for v in value.values())
    return False


# --- HCL2 ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reference:
    """A bare expression (another resource's attribute), written without quotes."""

    expression: str


def _render(block: _Block, depth: int) -> list[str]:
    pad = "  " * depth
    head = " ".join([block.kind, *(_string(label) for label in block.labels)])
    lines = [f"{pad}{head} {{"]
    width = max((len(name) for name, value in block.items if not isinstance(value, _Block | _Comment)),
                default=0)
    for name, value in block.items:
        if isinstance(value, _Comment):
            lines.append(f"{pad}  # {_one_line(value.text)}")
        elif isinstance(value, _Block):
            lines.extend(_render(value, depth + 1))
        else:
            lines.append(f"{pad}  {name.ljust(width)} = {_value(value)}")
    lines.append(f"{pad}}}")
    return lines


def _value(value: Any) -> str:
    if isinstance(value, _Reference):
        return value.expression
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return _string(str(value))


def _string(text: str) -> str:
    """An HCL quoted string: JSON-style escapes, and template sequences (${, %{) escaped so they stay literal."""
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    escaped = "".join(out).replace("${", "$${").replace("%{", "%%{")
    return f'"{escaped}"'


def _one_line(text: str) -> str:
    return " ".join(text.split())
