"""The "app passport": one self-contained, printable HTML page per app for audits.

Sections, in this order and with these headings (tests look for them): Summary, Settings, Owners, Credentials
(certificates with thumbprints, client secrets by name, hint and expiry, federated identity credentials),
Permissions the app requests, What the app exposes (scopes and roles), Enterprise application (when the backup
has it), History of changes. No script, no external resource, no secret: the page opens anywhere and prints with
each app on its own pages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop_app.domain.export.credentials import certificates_of, secrets_metadata
from desktop_app.domain.text_safety import html_text

SECTIONS: tuple[str, ...] = (
    "Summary",
    "Settings",
    "Owners",
    "Credentials",
    "Permissions the app requests",
    "What the app exposes",
    "Enterprise application",
    "History of changes",
)

# In Credentials or their own section; every other application property is a Settings row.
_NOT_SETTINGS = frozenset({"keyCredentials", "passwordCredentials", "requiredResourceAccess", "appRoles"})
_ITEM_LABELS = ("value", "displayName", "name", "type", "resourceAppId", "appId", "id")

_STYLE = """
body { font: 10.5pt/1.4 "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #111; margin: 2em; }
h1 { font-size: 18pt; margin: 0 0 .2em; } h2 { font-size: 13pt; border-bottom: 1px solid #999; margin-top: 1.4em; }
h3 { font-size: 11pt; margin: 1em 0 .3em; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 1em; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eee; } td.path { white-space: nowrap; font-family: Consolas, Menlo, monospace; font-size: 9.5pt; }
td.value { font-family: Consolas, Menlo, monospace; font-size: 9.5pt; word-break: break-all; }
p.meta { color: #444; } .none { color: #666; font-style: italic; }
section.app + section.app { page-break-before: always; break-before: page; }
nav li { margin: .1em 0; }
@media print { body { margin: 0; } nav { display: none; } a { color: inherit; text-decoration: none; } }
"""


@dataclass(frozen=True)
class HistoryEntry:
    """One version of the app: valid from snapshot `snapshot` at `valid_from`, until `valid_until` (None: now)."""

    snapshot: int
    valid_from: datetime
    valid_until: datetime | None
    changes: tuple[str, ...]  # paths changed from the version before (empty for the first)


@dataclass(frozen=True)
class PassportApp:
    document: Mapping[str, Any]
    tenant: str  # the tenant's name and id, as shown
    as_of: str  # which version this is, in words ("snapshot 12, 2026-11-20 14:30")
    history: tuple[HistoryEntry, ...] = ()  # newest first


def passport_html(apps: Sequence[PassportApp], *, title: str, generated: datetime) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f'<p class="meta">Exported by Regvault on {_e(_when(generated))}. Secrets are never exported; '
        "certificates appear as metadata and thumbprints.</p>",
    ]
    if len(apps) > 1:
        parts.append("<nav><h2>Apps</h2><ol>")
        parts += [f'<li><a href="#app-{n}">{_e(_name(a.document))}</a></li>' for n, a in enumerate(apps)]
        parts.append("</ol></nav>")
    for n, app in enumerate(apps):
        parts.append(_app(app, n))
    parts.append("</body></html>")
    return "\n".join(parts)


def _app(app: PassportApp, index: int) -> str:
    document = app.document
    application: Mapping[str, Any] = document.get("application") or {}
    out = [f'<section class="app" id="app-{index}">', f"<h1>{_e(_name(document))}</h1>"]
    out.append(_section("Summary", _table(("", ""), [
        ("Application (client) ID", application.get("appId")),
        ("Object ID", application.get("id")),
        ("Tenant", app.tenant),
        ("As of", app.as_of),
        ("Sign-in audience", application.get("signInAudience")),
        ("Created", application.get("createdDateTime")),
        ("Publisher domain", application.get("publisherDomain")),
    ], header=False)))
    out.append(_section("Settings", _settings(application)))
    owners = [
        (o.get("displayName"), o.get("userPrincipalName") or o.get("appId"), _kind(o.get("@odata.type")), o.get("id"))
        for o in document.get("owners") or [] if isinstance(o, Mapping)
    ]
    out.append(_section("Owners", _table(("Name", "Sign-in name or client ID", "Kind", "Object ID"), owners)))
    out.append(_section("Credentials", _credentials(document)))
    out.append(_section("Permissions the app requests", _requested(application)))
    out.append(_section("What the app exposes", _exposed(application)))
    out.append(_section("Enterprise application", _enterprise(document)))
    history = [
        (f"snapshot {h.snapshot}", _when(h.valid_from), _when(h.valid_until) if h.valid_until else "now",
         ", ".join(h.changes) if h.changes else "first backup")
        for h in app.history
    ]
    out.append(_section("History of changes", _table(("Version", "From", "Until", "What changed"), history)))
    out.append("</section>")
    return "\n".join(out)


# The application's settings under the Entra admin center's headings, in its order; the rest under "Other".
_SETTING_GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("Branding & properties", frozenset({"displayName", "description", "notes", "info", "tags", "signInAudience",
                                         "serviceManagementReference", "verifiedPublisher", "publisherDomain"})),
    ("Authentication", frozenset({"web", "spa", "publicClient", "isFallbackPublicClient", "defaultRedirectUri",
                                  "isDeviceOnlyAuthSupported", "oauth2RequirePostResponse",
                                  "nativeAuthenticationApisEnabled", "authenticationBehaviors"})),
    ("Token configuration", frozenset({"optionalClaims", "groupMembershipClaims", "tokenEncryptionKeyId"})),
    ("Expose an API", frozenset({"identifierUris", "api"})),
)
_WORDS = {"id": "ID", "ids": "IDs", "url": "URL", "uri": "URI", "uris": "URIs", "saml": "SAML", "api": "API",
          "oauth2": "OAuth 2.0", "odata": "OData"}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def _settings(application: Mapping[str, Any]) -> str:
    """Grouped under the portal's headings, each setting in words ("Web › Redirect URIs", not web.redirectUris)."""
    groups: dict[str, list[tuple[str, Any]]] = {title: [] for title, _ in _SETTING_GROUPS}
    groups["Other"] = []
    for path, value in _flatten(application):
        top = path.split(".")[0].split("[")[0]
        if top in _NOT_SETTINGS or top in ("id", "appId", "createdDateTime"):  # in the Summary or their own section
            continue
        title = next((t for t, names in _SETTING_GROUPS if top in names), "Other")
        groups[title].append((_in_words(path), value))
    return "\n".join(f"<h3>{_e(title)}</h3>\n{_table(('Setting', 'Value'), rows)}"
                     for title, rows in groups.items() if rows)


def _in_words(path: str) -> str:
    """"web.implicitGrantSettings.enableIdTokenIssuance" -> "Web › Implicit grant settings › Enable ID token
    issuance"; an item's label in brackets stays as it is."""
    parts = []
    for part in re.split(r"\.(?![^\[]*\])", path):
        name, bracket, rest = part.partition("[")
        parts.append(_words(name) + (f" [{rest}" if bracket else ""))
    return " › ".join(parts)


def _words(name: str) -> str:
    words = [_WORDS.get(w.lower(), w.lower()) for w in _CAMEL.sub(" ", name).split()]
    if not words:
        return name
    first = words[0]
    return " ".join([first if first[:1].isupper() else first[:1].upper() + first[1:], *words[1:]])


def _credentials(document: Mapping[str, Any]) -> str:
    certificates = [
        (c.display_name, c.key_id, f"{c.type or '?'} / {c.usage or '?'}", c.thumbprint, c.sha256,
         c.start_date_time, c.end_date_time)
        for c in certificates_of(document)
    ]
    secrets = [(s.display_name, s.key_id, s.hint, s.start_date_time, s.end_date_time)
               for s in secrets_metadata(document)]
    federated = [
        (f.get("name"), f.get("issuer"), f.get("subject"), f.get("audiences"), f.get("description"))
        for f in document.get("federatedIdentityCredentials") or [] if isinstance(f, Mapping)
    ]
    return "\n".join([
        "<h3>Certificates</h3>",
        _table(("Name", "Key ID", "Type / usage", "Thumbprint (SHA-1)", "SHA-256 of the public key", "Valid from",
                "Valid until"), certificates),
        "<h3>Client secrets</h3>",
        _table(("Name", "Key ID", "Hint", "Valid from", "Valid until"), secrets),
        "<h3>Federated identity credentials</h3>",
        _table(("Name", "Issuer", "Subject", "Audiences", "Description"), federated),
    ])


def _requested(application: Mapping[str, Any]) -> str:
    rows = [
        (access.get("resourceAppId"), item.get("type"), item.get("id"))
        for access in application.get("requiredResourceAccess") or [] if isinstance(access, Mapping)
        for item in access.get("resourceAccess") or [] if isinstance(item, Mapping)
    ]
    return _table(("Resource (client ID)", "Kind (Scope: delegated, Role: application)", "Permission ID"), rows)


def _exposed(application: Mapping[str, Any]) -> str:
    api = application.get("api") or {}
    scopes = [
        (s.get("value"), s.get("type"), s.get("isEnabled"), s.get("adminConsentDisplayName"), s.get("id"))
        for s in api.get("oauth2PermissionScopes") or [] if isinstance(s, Mapping)
    ]
    roles = [
        (r.get("value"), r.get("allowedMemberTypes"), r.get("isEnabled"), r.get("displayName"), r.get("id"))
        for r in application.get("appRoles") or [] if isinstance(r, Mapping)
    ]
    pre = [(p.get("appId"), p.get("delegatedPermissionIds")) for p in api.get("preAuthorizedApplications") or []
           if isinstance(p, Mapping)]
    return "\n".join([
        "<h3>Delegated permissions (scopes)</h3>",
        _table(("Value", "Who can consent", "Enabled", "Admin consent name", "ID"), scopes),
        "<h3>App roles</h3>",
        _table(("Value", "Assignable to", "Enabled", "Display name", "ID"), roles),
        "<h3>Pre-authorized client applications</h3>",
        _table(("Client ID", "Scope IDs"), pre),
    ])


def _enterprise(document: Mapping[str, Any]) -> str:
    part = document.get("servicePrincipal")
    if not isinstance(part, Mapping) or not part:
        return '<p class="none">This backup holds no enterprise application (service principal) for the app.</p>'
    return _table(("Setting", "Value"), list(_flatten(part)))


# --- HTML helpers ------------------------------------------------------------------------------------------------


def _section(title: str, body: str) -> str:
    return f"<h2>{_e(title)}</h2>\n{body}"


def _table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, header: bool = True) -> str:
    rows = list(rows)
    if not rows:
        return '<p class="none">None.</p>'
    out = ["<table>"]
    if header:
        out.append("<tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr>")
    for row in rows:
        cells = []
        for n, cell in enumerate(row):
            css = ' class="path"' if n == 0 and header and headers[0] == "Setting" else (
                ' class="value"' if n > 0 else "")
            tag = "th" if not header and n == 0 else "td"
            cells.append(f"<{tag}{css}>{_e(_text(cell))}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _flatten(value: Any, prefix: str = "") -> Iterable[tuple[str, Any]]:
    """(path, value) for every leaf: objects by key, lists of objects by a label, lists of scalars whole."""
    if isinstance(value, Mapping):
        if not value and prefix:
            yield prefix, None
        for key in sorted(value):
            yield from _flatten(value[key], f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        for n, item in enumerate(value):
            label = next((str(item[f]) for f in _ITEM_LABELS if isinstance(item.get(f), str) and item.get(f)), str(n))
            yield from _flatten(item, f"{prefix}[{label}]")
    else:
        yield prefix, value


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value) if value else "(none)"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _kind(odata_type: Any) -> str:
    return {"#microsoft.graph.user": "user", "#microsoft.graph.servicePrincipal": "service principal"}.get(
        str(odata_type), str(odata_type or "?"))


def _name(document: Mapping[str, Any]) -> str:
    return str((document.get("application") or {}).get("displayName") or "(no name)")


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "?"


def _e(text: Any) -> str:
    return html_text(str(text))
