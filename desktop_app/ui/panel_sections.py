"""Where each part of an app document shows in the side panel: the Entra admin center's sections, and the
words it uses for each attribute (no widgets here: the tree is built on the database worker; the labels are
translated there, in the context PanelTexts, which Qt allows on any thread).

The contract, for whoever adds to it (the enterprise application's Properties, Permissions granted, Users and
groups):
- `SECTIONS` lists the sections in the order shown; `add_section(key, label, before=...)` adds one. Every label is
  English, marked `QT_TRANSLATE_NOOP("PanelTexts", "…")` for lupdate; `label_of`, `value_words` and
  `section_label` return them translated.
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

from desktop_app.ui.texts import QT_TRANSLATE_NOOP, TrContext

PanelTexts = TrContext("PanelTexts")

ShapePath = tuple[str, ...]


@dataclass(frozen=True)
class PanelSection:
    key: str
    label: str
    optional: bool = False  # left out when it holds nothing (a part older backups didn't read)


MANIFEST = "manifest"

SECTIONS: list[PanelSection] = [
    PanelSection("overview", QT_TRANSLATE_NOOP("PanelTexts", "Overview")),
    PanelSection("authentication", QT_TRANSLATE_NOOP("PanelTexts", "Authentication")),
    PanelSection("certificates", QT_TRANSLATE_NOOP("PanelTexts", "Certificates & secrets")),
    PanelSection("token", QT_TRANSLATE_NOOP("PanelTexts", "Token configuration")),
    PanelSection("permissions", QT_TRANSLATE_NOOP("PanelTexts", "API permissions")),
    PanelSection("expose", QT_TRANSLATE_NOOP("PanelTexts", "Expose an API")),
    PanelSection("roles", QT_TRANSLATE_NOOP("PanelTexts", "App roles")),
    PanelSection("owners", QT_TRANSLATE_NOOP("PanelTexts", "Owners")),
    # The enterprise application (the document's servicePrincipal section), as the portal's Enterprise apps blade.
    # Short and told apart by their first words: at 1280 pixels the panel's attribute column is ~230 wide (three
    # labels all beginning "Enterprise application: …" read alike once cut).
    PanelSection("enterprise", QT_TRANSLATE_NOOP("PanelTexts", "Enterprise application"), optional=True),
    PanelSection("granted", QT_TRANSLATE_NOOP("PanelTexts", "Permissions granted"), optional=True),
    PanelSection("assigned", QT_TRANSLATE_NOOP("PanelTexts", "Users and groups assigned"), optional=True),
    PanelSection(MANIFEST, QT_TRANSLATE_NOOP("PanelTexts", "Manifest")),
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
    (_A, "servicePrincipalLockConfiguration"): "authentication",
    (_A, "keyCredentials"): "certificates",
    (_A, "passwordCredentials"): "certificates",
    ("federatedIdentityCredentials",): "certificates",
    ("keyCredentialKeys",): "certificates",
    ("keyCredentialsPending",): "certificates",
    (_A, "optionalClaims"): "token",
    (_A, "groupMembershipClaims"): "token",
    (_A, "tokenEncryptionKeyId"): "token",
    # The directory extensions the app owns: Token configuration is where the portal offers them as claims.
    ("extensionProperties",): "token",
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
    (_A, "displayName"): QT_TRANSLATE_NOOP("PanelTexts", "Display name"),
    (_A, "appId"): QT_TRANSLATE_NOOP("PanelTexts", "Application (client) ID"),
    (_A, "id"): QT_TRANSLATE_NOOP("PanelTexts", "Object ID"),
    (_A, "signInAudience"): QT_TRANSLATE_NOOP("PanelTexts", "Supported account types"),
    (_A, "publisherDomain"): QT_TRANSLATE_NOOP("PanelTexts", "Publisher domain"),
    (_A, "createdDateTime"): QT_TRANSLATE_NOOP("PanelTexts", "Created"),
    (_A, "notes"): QT_TRANSLATE_NOOP("PanelTexts", "Internal notes"),
    (_A, "serviceManagementReference"): QT_TRANSLATE_NOOP("PanelTexts", "Service management reference"),
    (_A, "info"): QT_TRANSLATE_NOOP("PanelTexts", "Branding & properties"),
    (_A, "info", "marketingUrl"): QT_TRANSLATE_NOOP("PanelTexts", "Marketing URL"),
    (_A, "info", "privacyStatementUrl"): QT_TRANSLATE_NOOP("PanelTexts", "Privacy statement URL"),
    (_A, "info", "supportUrl"): QT_TRANSLATE_NOOP("PanelTexts", "Support URL"),
    (_A, "info", "termsOfServiceUrl"): QT_TRANSLATE_NOOP("PanelTexts", "Terms of service URL"),
    (_A, "info", "logoUrl"): QT_TRANSLATE_NOOP("PanelTexts", "Logo URL"),
    ("logo",): QT_TRANSLATE_NOOP("PanelTexts", "Logo (SHA-256)"),
    (_A, "web"): QT_TRANSLATE_NOOP("PanelTexts", "Web"),
    (_A, "web", "redirectUris"): QT_TRANSLATE_NOOP("PanelTexts", "Redirect URIs"),
    (_A, "web", "logoutUrl"): QT_TRANSLATE_NOOP("PanelTexts", "Front-channel logout URL"),
    (_A, "web", "homePageUrl"): QT_TRANSLATE_NOOP("PanelTexts", "Home page URL"),
    (_A, "web", "implicitGrantSettings"): QT_TRANSLATE_NOOP("PanelTexts", "Implicit grant and hybrid flows"),
    (_A, "web", "implicitGrantSettings", "enableAccessTokenIssuance"): QT_TRANSLATE_NOOP("PanelTexts", "Access tokens (implicit flows)"),
    (_A, "web", "implicitGrantSettings", "enableIdTokenIssuance"): QT_TRANSLATE_NOOP("PanelTexts", "ID tokens (implicit and hybrid flows)"),
    (_A, "web", "redirectUriSettings"): QT_TRANSLATE_NOOP("PanelTexts", "Redirect URI settings"),
    (_A, "spa"): QT_TRANSLATE_NOOP("PanelTexts", "Single-page application"),
    (_A, "spa", "redirectUris"): QT_TRANSLATE_NOOP("PanelTexts", "Redirect URIs"),
    (_A, "publicClient"): QT_TRANSLATE_NOOP("PanelTexts", "Mobile and desktop applications"),
    (_A, "publicClient", "redirectUris"): QT_TRANSLATE_NOOP("PanelTexts", "Redirect URIs"),
    (_A, "isFallbackPublicClient"): QT_TRANSLATE_NOOP("PanelTexts", "Allow public client flows"),
    (_A, "isDeviceOnlyAuthSupported"): QT_TRANSLATE_NOOP("PanelTexts", "Device-only authentication"),
    (_A, "oauth2RequirePostResponse"): QT_TRANSLATE_NOOP("PanelTexts", "Require POST response (OAuth 2.0)"),
    (_A, "nativeAuthenticationApisEnabled"): QT_TRANSLATE_NOOP("PanelTexts", "Native authentication"),
    (_A, "keyCredentials"): QT_TRANSLATE_NOOP("PanelTexts", "Certificates"),
    (_A, "passwordCredentials"): QT_TRANSLATE_NOOP("PanelTexts", "Client secrets"),
    ("federatedIdentityCredentials",): QT_TRANSLATE_NOOP("PanelTexts", "Federated credentials"),
    ("keyCredentialKeys",): QT_TRANSLATE_NOOP("PanelTexts", "Certificate SHA-256"),
    ("keyCredentialsPending",): QT_TRANSLATE_NOOP("PanelTexts", "Certificates whose bytes are still to come"),
    (_A, "optionalClaims"): QT_TRANSLATE_NOOP("PanelTexts", "Optional claims"),
    (_A, "optionalClaims", "idToken"): QT_TRANSLATE_NOOP("PanelTexts", "ID token"),
    (_A, "optionalClaims", "accessToken"): QT_TRANSLATE_NOOP("PanelTexts", "Access token"),
    (_A, "optionalClaims", "saml2Token"): QT_TRANSLATE_NOOP("PanelTexts", "SAML token"),
    (_A, "groupMembershipClaims"): QT_TRANSLATE_NOOP("PanelTexts", "Groups claim"),
    (_A, "tokenEncryptionKeyId"): QT_TRANSLATE_NOOP("PanelTexts", "Token encryption key"),
    (_A, "requiredResourceAccess"): QT_TRANSLATE_NOOP("PanelTexts", "Configured permissions"),
    (_A, "requiredResourceAccess", "*", "resourceAppId"): QT_TRANSLATE_NOOP("PanelTexts", "API (client ID)"),
    (_A, "requiredResourceAccess", "*", "resourceAccess"): QT_TRANSLATE_NOOP("PanelTexts", "Permissions"),
    (_A, "identifierUris"): QT_TRANSLATE_NOOP("PanelTexts", "Application ID URI"),
    (_A, "api"): QT_TRANSLATE_NOOP("PanelTexts", "API"),
    (_A, "api", "oauth2PermissionScopes"): QT_TRANSLATE_NOOP("PanelTexts", "Scopes defined by this API"),
    (_A, "api", "preAuthorizedApplications"): QT_TRANSLATE_NOOP("PanelTexts", "Authorized client applications"),
    (_A, "api", "requestedAccessTokenVersion"): QT_TRANSLATE_NOOP("PanelTexts", "Access token version"),
    (_A, "api", "knownClientApplications"): QT_TRANSLATE_NOOP("PanelTexts", "Known client applications"),
    (_A, "api", "acceptMappedClaims"): QT_TRANSLATE_NOOP("PanelTexts", "Accept mapped claims"),
    (_A, "appRoles"): QT_TRANSLATE_NOOP("PanelTexts", "App roles"),
    ("owners",): QT_TRANSLATE_NOOP("PanelTexts", "Owners"),
    (_SP,): QT_TRANSLATE_NOOP("PanelTexts", "Enterprise application"),
    (_SP, "id"): QT_TRANSLATE_NOOP("PanelTexts", "Object ID"),
    (_SP, "properties"): QT_TRANSLATE_NOOP("PanelTexts", "Properties"),
    (_SP, "properties", "accountEnabled"): QT_TRANSLATE_NOOP("PanelTexts", "Enabled for users to sign in?"),
    (_SP, "properties", "appRoleAssignmentRequired"): QT_TRANSLATE_NOOP("PanelTexts", "Assignment required?"),
    (_SP, "properties", "notes"): QT_TRANSLATE_NOOP("PanelTexts", "Notes"),
    (_SP, "properties", "tags"): QT_TRANSLATE_NOOP("PanelTexts", "Tags (HideApp: not visible to users)"),
    (_SP, "properties", "notificationEmailAddresses"): QT_TRANSLATE_NOOP("PanelTexts", "Notification email addresses"),
    (_SP, "properties", "preferredSingleSignOnMode"): QT_TRANSLATE_NOOP("PanelTexts", "Single sign-on mode"),
    (_SP, "properties", "loginUrl"): QT_TRANSLATE_NOOP("PanelTexts", "Sign-on URL"),
    (_SP, "properties", "homepage"): QT_TRANSLATE_NOOP("PanelTexts", "Homepage URL"),
    (_SP, "properties", "logoutUrl"): QT_TRANSLATE_NOOP("PanelTexts", "Logout URL"),
    (_SP, "properties", "replyUrls"): QT_TRANSLATE_NOOP("PanelTexts", "Reply URLs"),
    (_SP, "owners"): QT_TRANSLATE_NOOP("PanelTexts", "Owners"),
    (_SP, "delegatedPermissionGrants"): QT_TRANSLATE_NOOP("PanelTexts", "Admin consent (delegated permissions)"),
    (_SP, "delegatedPermissionGrants", "*", "consentType"): QT_TRANSLATE_NOOP("PanelTexts", "Granted for"),
    (_SP, "delegatedPermissionGrants", "*", "scopes"): QT_TRANSLATE_NOOP("PanelTexts", "Permissions"),
    (_SP, "delegatedPermissionGrants", "*", "principal"): QT_TRANSLATE_NOOP("PanelTexts", "User"),
    (_SP, "appRoleAssignments"): QT_TRANSLATE_NOOP("PanelTexts", "Application permissions granted"),
    (_SP, "appRoleAssignments", "*", "appRoleValue"): QT_TRANSLATE_NOOP("PanelTexts", "Permission"),
    (_SP, "appRoleAssignments", "*", "appRoleId"): QT_TRANSLATE_NOOP("PanelTexts", "Permission ID"),
    (_SP, "appRoleAssignedTo"): QT_TRANSLATE_NOOP("PanelTexts", "Users and groups assigned"),
    (_SP, "appRoleAssignedTo", "*", "principalType"): QT_TRANSLATE_NOOP("PanelTexts", "Type"),
    (_SP, "appRoleAssignedTo", "*", "principalDisplayName"): QT_TRANSLATE_NOOP("PanelTexts", "Name"),
    (_SP, "appRoleAssignedTo", "*", "appRoleValue"): QT_TRANSLATE_NOOP("PanelTexts", "Role assigned"),
    (_SP, "appRoleAssignedTo", "*", "appRoleId"): QT_TRANSLATE_NOOP("PanelTexts", "Role ID"),
    ("*", "resourceAppId"): QT_TRANSLATE_NOOP("PanelTexts", "API (client ID)"),
    ("*", "resourceDisplayName"): QT_TRANSLATE_NOOP("PanelTexts", "API"),
    ("*", "key"): QT_TRANSLATE_NOOP("PanelTexts", "Key"),
    ("*", "id"): QT_TRANSLATE_NOOP("PanelTexts", "Object ID"),
    ("*", "displayName"): QT_TRANSLATE_NOOP("PanelTexts", "Display name"),
    ("*", "isEnabled"): QT_TRANSLATE_NOOP("PanelTexts", "Enabled"),
    ("*", "allowedMemberTypes"): QT_TRANSLATE_NOOP("PanelTexts", "Allowed member types"),
    ("*", "adminConsentDisplayName"): QT_TRANSLATE_NOOP("PanelTexts", "Admin consent name"),
    ("*", "adminConsentDescription"): QT_TRANSLATE_NOOP("PanelTexts", "Admin consent description"),
    ("*", "userConsentDisplayName"): QT_TRANSLATE_NOOP("PanelTexts", "User consent name"),
    ("*", "userConsentDescription"): QT_TRANSLATE_NOOP("PanelTexts", "User consent description"),
    ("*", "delegatedPermissionIds"): QT_TRANSLATE_NOOP("PanelTexts", "Scopes"),
    ("*", "createdDateTime"): QT_TRANSLATE_NOOP("PanelTexts", "Created"),
    ("*", "endDateTime"): QT_TRANSLATE_NOOP("PanelTexts", "Expires"),
    ("*", "startDateTime"): QT_TRANSLATE_NOOP("PanelTexts", "Start date"),
    ("*", "keyId"): QT_TRANSLATE_NOOP("PanelTexts", "Key ID"),
    ("*", "customKeyIdentifier"): QT_TRANSLATE_NOOP("PanelTexts", "Thumbprint"),
    ("*", "userPrincipalName"): QT_TRANSLATE_NOOP("PanelTexts", "User principal name"),
    ("*", "@odata.type"): QT_TRANSLATE_NOOP("PanelTexts", "Type"),
    ("*", "appId"): QT_TRANSLATE_NOOP("PanelTexts", "Application (client) ID"),
    (_A, "api", "oauth2PermissionScopes", "*", "type"): QT_TRANSLATE_NOOP("PanelTexts", "Who can consent?"),
    (_A, "authenticationBehaviors"): QT_TRANSLATE_NOOP("PanelTexts", "Authentication behaviors"),
    # The portal's Authentication blade: Settings › App instance property lock.
    (_A, "servicePrincipalLockConfiguration"): QT_TRANSLATE_NOOP("PanelTexts", "App instance property lock"),
    (_A, "authenticationBehaviors", "blockAzureADGraphAccess"): QT_TRANSLATE_NOOP("PanelTexts", "Block Azure AD Graph access"),
    (_A, "authenticationBehaviors", "removeUnverifiedEmailClaim"): QT_TRANSLATE_NOOP("PanelTexts", "Remove unverified email claim"),
    (_A, "authenticationBehaviors", "requireClientServicePrincipal"): QT_TRANSLATE_NOOP("PanelTexts", "Require a client service principal"),
    (_A, "defaultRedirectUri"): QT_TRANSLATE_NOOP("PanelTexts", "Default redirect URI"),
    (_A, "verifiedPublisher"): QT_TRANSLATE_NOOP("PanelTexts", "Verified publisher"),
    (_SP, "properties", "preferredTokenSigningKeyThumbprint"): QT_TRANSLATE_NOOP("PanelTexts", "Preferred token signing certificate"),
    (_SP, "properties", "samlSingleSignOnSettings"): QT_TRANSLATE_NOOP("PanelTexts", "SAML single sign-on settings"),
    (_SP, "properties", "samlSingleSignOnSettings", "relayState"): QT_TRANSLATE_NOOP("PanelTexts", "Relay state"),
    ("extensionProperties",): QT_TRANSLATE_NOOP("PanelTexts", "Directory extensions"),
    ("extensionProperties", "*", "dataType"): QT_TRANSLATE_NOOP("PanelTexts", "Data type"),
    ("extensionProperties", "*", "isMultiValued"): QT_TRANSLATE_NOOP("PanelTexts", "Multi-valued"),
    ("extensionProperties", "*", "isSyncedFromOnPremises"): QT_TRANSLATE_NOOP("PanelTexts", "Synced from on-premises"),
    ("extensionProperties", "*", "targetObjects"): QT_TRANSLATE_NOOP("PanelTexts", "Target object types"),
    # A service principal's own (SAML signing certificates, its secrets), as the application's are called.
    ("*", "keyCredentials"): QT_TRANSLATE_NOOP("PanelTexts", "Certificates"),
    ("*", "passwordCredentials"): QT_TRANSLATE_NOOP("PanelTexts", "Client secrets"),
    ("*", "keyCredentialKeys"): QT_TRANSLATE_NOOP("PanelTexts", "Certificate SHA-256"),
    ("*", "addedDateTime"): QT_TRANSLATE_NOOP("PanelTexts", "Added"),
    ("*", "additionalProperties"): QT_TRANSLATE_NOOP("PanelTexts", "Additional properties"),
    ("*", "audiences"): QT_TRANSLATE_NOOP("PanelTexts", "Audience"),
    ("*", "description"): QT_TRANSLATE_NOOP("PanelTexts", "Description"),
    ("*", "essential"): QT_TRANSLATE_NOOP("PanelTexts", "Essential"),
    ("*", "hint"): QT_TRANSLATE_NOOP("PanelTexts", "Value (first characters)"),
    ("*", "index"): QT_TRANSLATE_NOOP("PanelTexts", "Index"),
    ("*", "issuer"): QT_TRANSLATE_NOOP("PanelTexts", "Issuer"),
    ("*", "name"): QT_TRANSLATE_NOOP("PanelTexts", "Name"),
    ("*", "origin"): QT_TRANSLATE_NOOP("PanelTexts", "Origin"),
    ("*", "principalId"): QT_TRANSLATE_NOOP("PanelTexts", "Principal ID"),
    ("*", "secretText"): QT_TRANSLATE_NOOP("PanelTexts", "Secret value"),
    ("*", "source"): QT_TRANSLATE_NOOP("PanelTexts", "Source"),
    ("*", "subject"): QT_TRANSLATE_NOOP("PanelTexts", "Subject identifier"),
    ("*", "tags"): QT_TRANSLATE_NOOP("PanelTexts", "Tags"),
    ("*", "type"): QT_TRANSLATE_NOOP("PanelTexts", "Type"),
    ("*", "uri"): QT_TRANSLATE_NOOP("PanelTexts", "URI"),
    ("*", "usage"): QT_TRANSLATE_NOOP("PanelTexts", "Usage"),
    ("*", "value"): QT_TRANSLATE_NOOP("PanelTexts", "Value"),
    ("*", "verifiedPublisherId"): QT_TRANSLATE_NOOP("PanelTexts", "Verified publisher ID"),
}

# Regvault's own matching keys of the enterprise application's items (domain.enterprise): the portal has no such
# field, and its value repeats what the item's other rows say.
HIDDEN: frozenset[ShapePath] = frozenset(
    (_SP, part, "*", "key") for part in ("delegatedPermissionGrants", "appRoleAssignments", "appRoleAssignedTo"))

# Values the portal shows in words.
VALUE_WORDS: dict[ShapePath, dict[str, str]] = {
    (_A, "signInAudience"): {
        "AzureADMyOrg": QT_TRANSLATE_NOOP("PanelTexts", "Accounts in this organizational directory only (single tenant)"),
        "AzureADMultipleOrgs": QT_TRANSLATE_NOOP("PanelTexts", "Accounts in any organizational directory (multitenant)"),
        "AzureADandPersonalMicrosoftAccount": QT_TRANSLATE_NOOP(
            "PanelTexts", "Accounts in any organizational directory and personal Microsoft accounts"),
        "PersonalMicrosoftAccount": QT_TRANSLATE_NOOP("PanelTexts", "Personal Microsoft accounts only"),
    },
    (_SP, "delegatedPermissionGrants", "*", "consentType"): {
        "AllPrincipals": QT_TRANSLATE_NOOP("PanelTexts", "All users (admin consent for the organization)"),
        "Principal": QT_TRANSLATE_NOOP("PanelTexts", "One user (that user's consent)"),
    },
    (_A, "appRoles", "*", "allowedMemberTypes", "*"): {
        "User": QT_TRANSLATE_NOOP("PanelTexts", "Users/Groups"),
        "Application": QT_TRANSLATE_NOOP("PanelTexts", "Applications"),
    },
    (_SP, "appRoleAssignedTo", "*", "principalType"): {
        "User": QT_TRANSLATE_NOOP("PanelTexts", "User"),
        "Group": QT_TRANSLATE_NOOP("PanelTexts", "Group"),
        "ServicePrincipal": QT_TRANSLATE_NOOP("PanelTexts", "Service principal"),
    },
    # The objects a directory extension can be set on (extensionProperty: targetObjects).
    ("extensionProperties", "*", "targetObjects", "*"): {
        "User": QT_TRANSLATE_NOOP("PanelTexts", "User"),
        "Group": QT_TRANSLATE_NOOP("PanelTexts", "Group"),
        "Application": QT_TRANSLATE_NOOP("PanelTexts", "Application"),
        "Device": QT_TRANSLATE_NOOP("PanelTexts", "Device"),
        "Organization": QT_TRANSLATE_NOOP("PanelTexts", "Organization"),
        "AdministrativeUnit": QT_TRANSLATE_NOOP("PanelTexts", "Administrative unit"),
    },
    # Who can consent to a scope, as the portal's "Add a scope" asks it.
    (_A, "api", "oauth2PermissionScopes", "*", "type"): {
        "User": QT_TRANSLATE_NOOP("PanelTexts", "Admins and users"),
        "Admin": QT_TRANSLATE_NOOP("PanelTexts", "Admins only"),
    },
    ("*", "origin"): {
        "Application": QT_TRANSLATE_NOOP("PanelTexts", "Application"),
        "ServicePrincipal": QT_TRANSLATE_NOOP("PanelTexts", "Service principal"),
    },
    ("*", "@odata.type"): {
        "#microsoft.graph.user": QT_TRANSLATE_NOOP("PanelTexts", "User"),
        "#microsoft.graph.group": QT_TRANSLATE_NOOP("PanelTexts", "Group"),
        "#microsoft.graph.servicePrincipal": QT_TRANSLATE_NOOP("PanelTexts", "Service principal"),
        "#microsoft.graph.application": QT_TRANSLATE_NOOP("PanelTexts", "Application"),
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
    label = LABELS.get(shape) or LABELS.get(("*", name))
    return PanelTexts.tr(label) if label else words_of(name)


def hidden(shape: ShapePath) -> bool:
    """Whether the attribute at this shape path has no row outside the Manifest."""
    return shape in HIDDEN


def value_words(shape: ShapePath, value: str) -> str | None:
    words = VALUE_WORDS.get(shape, {}).get(value) or VALUE_WORDS.get(("*", shape[-1]), {}).get(value)
    return PanelTexts.tr(words) if words else None


def section_label(section: PanelSection) -> str:
    return PanelTexts.tr(section.label)


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
