"""Where each part of an app document shows in the side panel: the Entra admin center's sections, and the
words it uses for each attribute (no Qt here: the tree is built on the database worker).

The contract, for whoever adds to it (the enterprise application's Properties, Permissions granted, Users and
groups):
- `SECTIONS` lists the sections in the order shown; `add_section(key, label, before=...)` adds one.
- `PLACEMENTS` maps a document path (a prefix: `("owners",)`, `("application", "web")`) to a section key; the
  longest placed prefix of a path wins. `place(path, section, label)` adds one, with the attribute's label.
- What no placement claims goes to the last section, Manifest, under its raw JSON name (as the portal's manifest
  editor shows it); everywhere else attributes show as `LABELS` says, or their camelCase name in words.
- `LABELS` maps a *shape path* (document path with list items as "*") to the label the portal uses.
- `HIDDEN` lists shape paths Regvault adds for itself (the enterprise items' matching `key`): no row of their own
  and not shown next to their item outside the Manifest; the diff still matches items by them.
Paths of the tree's nodes stay the document's paths, so the diff's red rows are unaffected by where they show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ShapePath = tuple[str, ...]


@dataclass(frozen=True)
class PanelSection:
    key: str
    label: str
    optional: bool = False  # left out when it holds nothing (a part older backups didn't read)


MANIFEST = "manifest"

SECTIONS: list[PanelSection] = [
    PanelSection("overview", "Overview"),
    PanelSection("authentication", "Authentication"),
    PanelSection("certificates", "Certificates & secrets"),
    PanelSection("token", "Token configuration"),
    PanelSection("permissions", "API permissions"),
    PanelSection("expose", "Expose an API"),
    PanelSection("roles", "App roles"),
    PanelSection("owners", "Owners"),
    # The enterprise application (the document's servicePrincipal section), as the portal's Enterprise apps blade.
    # Short and told apart by their first words: at 1280 pixels the panel's attribute column is ~230 wide (three
    # labels all beginning "Enterprise application: …" read alike once cut).
    PanelSection("enterprise", "Enterprise application", optional=True),
    PanelSection("granted", "Permissions granted", optional=True),
    PanelSection("assigned", "Users and groups assigned", optional=True),
    PanelSection(MANIFEST, "Manifest"),
]
_SP = "servicePrincipal"

_A = "application"

PLACEMENTS: dict[tuple[str, ...], str] = {
    (_A, "displayName"): "overview",
    (_A, "appId"): "overview",
    (_A, "id"): "overview",
    (_A, "signInAudience"): "overview",
    (_A, "publisherDomain"): "overview",
    (_A, "createdDateTime"): "overview",
    (_A, "description"): "overview",
    (_A, "notes"): "overview",
    (_A, "serviceManagementReference"): "overview",
    (_A, "info"): "overview",
    (_A, "verifiedPublisher"): "overview",
    (_A, "tags"): "overview",
    ("logo",): "overview",
    (_A, "web"): "authentication",
    (_A, "spa"): "authentication",
    (_A, "publicClient"): "authentication",
    (_A, "isFallbackPublicClient"): "authentication",
    (_A, "defaultRedirectUri"): "authentication",
    (_A, "isDeviceOnlyAuthSupported"): "authentication",
    (_A, "oauth2RequirePostResponse"): "authentication",
    (_A, "nativeAuthenticationApisEnabled"): "authentication",
    (_A, "authenticationBehaviors"): "authentication",
    (_A, "keyCredentials"): "certificates",
    (_A, "passwordCredentials"): "certificates",
    ("federatedIdentityCredentials",): "certificates",
    ("keyCredentialKeys",): "certificates",
    ("keyCredentialsPending",): "certificates",
    (_A, "optionalClaims"): "token",
    (_A, "groupMembershipClaims"): "token",
    (_A, "tokenEncryptionKeyId"): "token",
    (_A, "requiredResourceAccess"): "permissions",
    (_A, "identifierUris"): "expose",
    (_A, "api"): "expose",
    (_A, "appRoles"): "roles",
    ("owners",): "owners",
    (_SP,): "enterprise",
    (_SP, "id"): "enterprise",
    (_SP, "properties"): "enterprise",
    (_SP, "owners"): "enterprise",
    (_SP, "delegatedPermissionGrants"): "granted",
    (_SP, "appRoleAssignments"): "granted",
    (_SP, "appRoleAssignedTo"): "assigned",
}

LABELS: dict[ShapePath, str] = {
    (_A, "displayName"): "Display name",
    (_A, "appId"): "Application (client) ID",
    (_A, "id"): "Object ID",
    (_A, "signInAudience"): "Supported account types",
    (_A, "publisherDomain"): "Publisher domain",
    (_A, "createdDateTime"): "Created",
    (_A, "notes"): "Internal notes",
    (_A, "serviceManagementReference"): "Service management reference",
    (_A, "info"): "Branding & properties",
    (_A, "info", "marketingUrl"): "Marketing URL",
    (_A, "info", "privacyStatementUrl"): "Privacy statement URL",
    (_A, "info", "supportUrl"): "Support URL",
    (_A, "info", "termsOfServiceUrl"): "Terms of service URL",
    (_A, "info", "logoUrl"): "Logo URL",
    ("logo",): "Logo (SHA-256)",
    (_A, "web"): "Web",
    (_A, "web", "redirectUris"): "Redirect URIs",
    (_A, "web", "logoutUrl"): "Front-channel logout URL",
    (_A, "web", "homePageUrl"): "Home page URL",
    (_A, "web", "implicitGrantSettings"): "Implicit grant and hybrid flows",
    (_A, "web", "implicitGrantSettings", "enableAccessTokenIssuance"): "Access tokens (implicit flows)",
    (_A, "web", "implicitGrantSettings", "enableIdTokenIssuance"): "ID tokens (implicit and hybrid flows)",
    (_A, "web", "redirectUriSettings"): "Redirect URI settings",
    (_A, "spa"): "Single-page application",
    (_A, "spa", "redirectUris"): "Redirect URIs",
    (_A, "publicClient"): "Mobile and desktop applications",
    (_A, "publicClient", "redirectUris"): "Redirect URIs",
    (_A, "isFallbackPublicClient"): "Allow public client flows",
    (_A, "isDeviceOnlyAuthSupported"): "Device-only authentication",
    (_A, "oauth2RequirePostResponse"): "Require POST response (OAuth 2.0)",
    (_A, "nativeAuthenticationApisEnabled"): "Native authentication",
    (_A, "keyCredentials"): "Certificates",
    (_A, "passwordCredentials"): "Client secrets",
    ("federatedIdentityCredentials",): "Federated credentials",
    ("keyCredentialKeys",): "Certificate SHA-256",
    ("keyCredentialsPending",): "Certificates whose bytes are still to come",
    (_A, "optionalClaims"): "Optional claims",
    (_A, "optionalClaims", "idToken"): "ID token",
    (_A, "optionalClaims", "accessToken"): "Access token",
    (_A, "optionalClaims", "saml2Token"): "SAML token",
    (_A, "groupMembershipClaims"): "Groups claim",
    (_A, "tokenEncryptionKeyId"): "Token encryption key",
    (_A, "requiredResourceAccess"): "Configured permissions",
    (_A, "requiredResourceAccess", "*", "resourceAppId"): "API (client ID)",
    (_A, "requiredResourceAccess", "*", "resourceAccess"): "Permissions",
    (_A, "identifierUris"): "Application ID URI",
    (_A, "api"): "API",
    (_A, "api", "oauth2PermissionScopes"): "Scopes defined by this API",
    (_A, "api", "preAuthorizedApplications"): "Authorized client applications",
    (_A, "api", "requestedAccessTokenVersion"): "Access token version",
    (_A, "api", "knownClientApplications"): "Known client applications",
    (_A, "api", "acceptMappedClaims"): "Accept mapped claims",
    (_A, "appRoles"): "App roles",
    ("owners",): "Owners",
    (_SP,): "Enterprise application",
    (_SP, "id"): "Object ID",
    (_SP, "properties"): "Properties",
    (_SP, "properties", "accountEnabled"): "Enabled for users to sign in?",
    (_SP, "properties", "appRoleAssignmentRequired"): "Assignment required?",
    (_SP, "properties", "notes"): "Notes",
    (_SP, "properties", "tags"): "Tags (HideApp: not visible to users)",
    (_SP, "properties", "notificationEmailAddresses"): "Notification email addresses",
    (_SP, "properties", "preferredSingleSignOnMode"): "Single sign-on mode",
    (_SP, "properties", "loginUrl"): "Sign-on URL",
    (_SP, "properties", "homepage"): "Homepage URL",
    (_SP, "properties", "logoutUrl"): "Logout URL",
    (_SP, "properties", "replyUrls"): "Reply URLs",
    (_SP, "owners"): "Owners",
    (_SP, "delegatedPermissionGrants"): "Admin consent (delegated permissions)",
    (_SP, "delegatedPermissionGrants", "*", "consentType"): "Granted for",
    (_SP, "delegatedPermissionGrants", "*", "scopes"): "Permissions",
    (_SP, "delegatedPermissionGrants", "*", "principal"): "User",
    (_SP, "appRoleAssignments"): "Application permissions granted",
    (_SP, "appRoleAssignments", "*", "appRoleValue"): "Permission",
    (_SP, "appRoleAssignments", "*", "appRoleId"): "Permission ID",
    (_SP, "appRoleAssignedTo"): "Users and groups assigned",
    (_SP, "appRoleAssignedTo", "*", "principalType"): "Type",
    (_SP, "appRoleAssignedTo", "*", "principalDisplayName"): "Name",
    (_SP, "appRoleAssignedTo", "*", "appRoleValue"): "Role assigned",
    (_SP, "appRoleAssignedTo", "*", "appRoleId"): "Role ID",
    ("*", "resourceAppId"): "API (client ID)",
    ("*", "resourceDisplayName"): "API",
    ("*", "key"): "Key",
    ("*", "id"): "Object ID",
    ("*", "displayName"): "Display name",
    ("*", "isEnabled"): "Enabled",
    ("*", "allowedMemberTypes"): "Allowed member types",
    ("*", "adminConsentDisplayName"): "Admin consent name",
    ("*", "adminConsentDescription"): "Admin consent description",
    ("*", "userConsentDisplayName"): "User consent name",
    ("*", "userConsentDescription"): "User consent description",
    ("*", "delegatedPermissionIds"): "Scopes",
    ("*", "createdDateTime"): "Created",
    ("*", "endDateTime"): "Expires",
    ("*", "startDateTime"): "Start date",
    ("*", "keyId"): "Key ID",
    ("*", "customKeyIdentifier"): "Thumbprint",
    ("*", "userPrincipalName"): "User principal name",
    ("*", "@odata.type"): "Type",
    ("*", "appId"): "Application (client) ID",
}

# Regvault's own matching keys of the enterprise application's items (domain.enterprise): the portal has no such
# field, and its value repeats what the item's other rows say.
HIDDEN: frozenset[ShapePath] = frozenset(
    (_SP, part, "*", "key") for part in ("delegatedPermissionGrants", "appRoleAssignments", "appRoleAssignedTo"))

# Values the portal shows in words.
VALUE_WORDS: dict[ShapePath, dict[str, str]] = {
    (_A, "signInAudience"): {
        "AzureADMyOrg": "Accounts in this organizational directory only (single tenant)",
        "AzureADMultipleOrgs": "Accounts in any organizational directory (multitenant)",
        "AzureADandPersonalMicrosoftAccount": "Accounts in any organizational directory and personal Microsoft "
                                              "accounts",
        "PersonalMicrosoftAccount": "Personal Microsoft accounts only",
    },
    (_SP, "delegatedPermissionGrants", "*", "consentType"): {
        "AllPrincipals": "All users (admin consent for the organization)",
        "Principal": "One user (that user's consent)",
    },
    ("*", "@odata.type"): {
        "#microsoft.graph.user": "User",
        "#microsoft.graph.group": "Group",
        "#microsoft.graph.servicePrincipal": "Service principal",
        "#microsoft.graph.application": "Application",
    },
}


def add_section(key: str, label: str, *, before: str = MANIFEST) -> None:
    """Add a section (once) before `before` (Manifest stays last)."""
    if any(section.key == key for section in SECTIONS):
        return
    position = next((i for i, section in enumerate(SECTIONS) if section.key == before), len(SECTIONS))
    SECTIONS.insert(position, PanelSection(key, label))


def place(path: tuple[str, ...], section: str, label: str | None = None) -> None:
    """Show the document's `path` (and what is inside it) in `section`, under `label`."""
    PLACEMENTS[path] = section
    if label is not None:
        LABELS[path] = label


def section_of(path: tuple[str | int, ...]) -> tuple[str, tuple[str | int, ...]] | None:
    """The section and placed prefix of a document path, or None (then it is the manifest's)."""
    for length in range(len(path), 0, -1):
        prefix = path[:length]
        section = PLACEMENTS.get(prefix)  # type: ignore[arg-type]
        if section is not None:
            return section, prefix
    return None


def splits(path: tuple[str | int, ...]) -> bool:
    """True when parts of `path` show in different sections (the application: its children are placed)."""
    n = len(path)
    return any(len(placed) > n and placed[:n] == path for placed in PLACEMENTS)


def label_of(shape: ShapePath, *, raw: bool = False) -> str:
    """The portal's word for an attribute: LABELS by its shape path, by its name under any parent, else the
    camelCase name in words. `raw`: the JSON name (the Manifest)."""
    name = shape[-1]
    if raw:
        return name
    return LABELS.get(shape) or LABELS.get(("*", name)) or words_of(name)


def hidden(shape: ShapePath) -> bool:
    """Whether the attribute at this shape path has no row outside the Manifest."""
    return shape in HIDDEN


def value_words(shape: ShapePath, value: str) -> str | None:
    return VALUE_WORDS.get(shape, {}).get(value) or VALUE_WORDS.get(("*", shape[-1]), {}).get(value)


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_ACRONYMS = {"id": "ID", "ids": "IDs", "url": "URL", "uri": "URI", "uris": "URIs", "saml": "SAML", "api": "API",
             "oauth2": "OAuth 2.0", "odata": "OData"}


def words_of(name: str) -> str:
    """'groupMembershipClaims' → 'Group membership claims', 'logoutUrl' → 'Logout URL'."""
    if not name or not name[0].isalpha() or not name.replace("_", "").isalnum():
        return name
    parts = _CAMEL.sub(" ", name).split()
    words = [_ACRONYMS.get(part.lower(), part.lower()) for part in parts]
    if not words:
        return name
    first = words[0]
    words[0] = first if first.isupper() or first[:1].isupper() else first[:1].upper() + first[1:]
    return " ".join(words)
