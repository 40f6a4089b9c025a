"""A small Graph for restore-plan tests (FakeGraph: the Graph rules that break naive restores, graph-notes
§3-§6 and §10) and builders of apps, documents and tenants."""


from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from desktop_app.domain.document import build_document
from desktop_app.domain.remap import ResolvedIds
from desktop_app.domain.restore_plan import (
    BODY_TYPES,
    Phase,
    PlanItem,
    RestorePlan,
    SourceApp,
    SourceTenant,
    Step,
    StepKind,
    TargetTenant,
    WarningCode,
    disable_permissions_body,
    verify,
)
from desktop_app.domain.schema import (
    READ_ONLY_APPLICATION_PROPERTIES,
    READ_ONLY_NESTED_PROPERTIES,
    validate_body,
)

SOURCE_TENANT_ID = "10000000-0000-0000-0000-000000000000"
TARGET_TENANT_ID = "20000000-0000-0000-0000-000000000000"
SOURCE = SourceTenant(SOURCE_TENANT_ID, ("contoso.com", "contoso.onmicrosoft.com"))
GRAPH_API = "00000003-0000-0000-c000-000000000000"
GRAPH_USER_READ = "e1fe6dd8-ba31-4d61-89e7-88639da4683d"

CERT_A = b"certificate A bytes"
CERT_B = b"certificate B bytes"
LOGO_1 = b"\x89PNG logo one"
LOGO_2 = b"\x89PNG logo two"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


BLOBS = {sha(b): b for b in (CERT_A, CERT_B, LOGO_1, LOGO_2)}


def guid(prefix: str, n: int) -> str:
    return f"{prefix:0>8}-0000-0000-0000-{n:012d}"


# --- Builders ------------------------------------------------------------------------------------------------------


def scope(n: int, value: str, *, enabled: bool = True, description: str = "Access") -> dict[str, Any]:
    return {
        "id": guid("5c", n),
        "value": value,
        "type": "User",
        "isEnabled": enabled,
        "adminConsentDisplayName": value,
        "adminConsentDescription": description,
        "userConsentDisplayName": value,
        "userConsentDescription": description,
        "origin": "Application",
    }


def role(n: int, value: str, *, enabled: bool = True) -> dict[str, Any]:
    return {
        "id": guid("a0", n),
        "value": value,
        "displayName": value,
        "description": value,
        "allowedMemberTypes": ["Application"],
        "isEnabled": enabled,
        "origin": "Application",
    }


def cert(n: int, *, usage: str = "Verify", type_: str = "AsymmetricX509Cert") -> dict[str, Any]:
    return {
        "customKeyIdentifier": f"THUMB{n}",
        "displayName": f"CN=cert{n}",
        "endDateTime": "2027-01-01T00:00:00Z",
        "key": None,
        "keyId": guid("ce", n),
        "startDateTime": "2026-01-01T00:00:00Z",
        "type": type_,
        "usage": usage,
    }


def secret(n: int) -> dict[str, Any]:
    return {
        "customKeyIdentifier": None,
        "displayName": f"secret {n}",
        "endDateTime": "2027-06-01T00:00:00Z",
        "hint": f"ab{n}",
        "keyId": guid("5e", n),
        "secretText": None,
        "startDateTime": "2026-01-01T00:00:00Z",
    }


def graph_application(object_id: str, app_id: str, name: str | None, **overrides: Any) -> dict[str, Any]:
    """An application as Graph returns it (read-only fields included)."""
    app: dict[str, Any] = {
        "id": object_id,
        "appId": app_id,
        "displayName": name,
        "createdDateTime": "2026-01-01T00:00:00Z",
        "deletedDateTime": None,
        "publisherDomain": "contoso.com",
        "applicationTemplateId": None,
        "disabledByMicrosoftStatus": None,
        "certification": None,
        "verifiedPublisher": {"displayName": None, "verifiedPublisherId": None, "addedDateTime": None},
        "signInAudience": "AzureADMyOrg",
        "identifierUris": [],
        "description": None,
        "notes": None,
        "tags": [],
        "groupMembershipClaims": None,
        "isFallbackPublicClient": None,
        "isDeviceOnlyAuthSupported": None,
        "tokenEncryptionKeyId": None,
        "uniqueName": None,
        "api": {
            "acceptMappedClaims": None,
            "knownClientApplications": [],
            "oauth2PermissionScopes": [],
            "preAuthorizedApplications": [],
            "requestedAccessTokenVersion": None,
        },
        "appRoles": [],
        "requiredResourceAccess": [],
        "keyCredentials": [],
        "passwordCredentials": [],
        "info": {
            "logoUrl": "https://cdn.example/logo.png",
            "marketingUrl": None,
            "privacyStatementUrl": None,
            "supportUrl": None,
            "termsOfServiceUrl": None,
        },
        "web": {
            "homePageUrl": None,
            "logoutUrl": None,
            "redirectUris": [],
            "redirectUriSettings": [],
            "implicitGrantSettings": {"enableAccessTokenIssuance": False, "enableIdTokenIssuance": False},
        },
        "spa": {"redirectUris": []},
        "publicClient": {"redirectUris": []},
        "addIns": [],
        "optionalClaims": None,
        "parentalControlSettings": {"countriesBlockedForMinors": [], "legalAgeGroupRule": "Allow"},
    }
    for key, value in overrides.items():
        if key == "api":
            app["api"] = {**app["api"], **value}
        else:
            app[key] = value
    return app


def user(n: int, upn: str) -> dict[str, Any]:
    return {
        "id": guid("0e", n),
        "@odata.type": "#microsoft.graph.user",
        "displayName": upn.split("@")[0],
        "userPrincipalName": upn,
    }


def fic(name: str, subject: str, description: str = "") -> dict[str, Any]:
    return {
        "name": name,
        "issuer": "https://token.actions.githubusercontent.com",
        "subject": subject,
        "audiences": ["api://AzureADTokenExchange"],
        "description": description,
    }


def source_app(
    n: int,
    name: str = "App",
    *,
    owners: Iterable[Mapping[str, Any]] = (),
    fics: Iterable[Mapping[str, Any]] = (),
    cert_bytes: Mapping[str, bytes] | None = None,
    logo: bytes | None = None,
    **overrides: Any,
) -> SourceApp:
    object_id, app_id = guid("0b", n), guid("a9", n)
    application = graph_application(object_id, app_id, name, **overrides)
    keys = {key_id: sha(data) for key_id, data in (cert_bytes or {}).items()}
    document = build_document(application, owners, fics, keys, sha(logo) if logo else None)
    return SourceApp(object_id, app_id, document)


def doc_with(source: SourceApp, **application_changes: Any) -> dict[str, Any]:
    """The source's document with some application properties changed (a 'current state')."""
    document = copy.deepcopy(source.document)
    for key, value in application_changes.items():
        if key == "api":
            document["application"]["api"] = {**document["application"]["api"], **value}
        else:
            document["application"][key] = value
    return document


def other_tenant(**overrides: Any) -> TargetTenant:
    values: dict[str, Any] = {
        "tenant_id": TARGET_TENANT_ID,
        "verified_domains": ("fabrikam.com", "fabrikam.onmicrosoft.com"),
        "chosen_domain": "fabrikam.com",
    }
    values.update(overrides)
    return TargetTenant(**values)


def kinds(item: PlanItem) -> list[StepKind]:
    return [step.kind for step in item.steps]


def codes(item: PlanItem) -> list[WarningCode]:
    return [w.code for w in item.warnings]


def all_bodies(plan: RestorePlan) -> list[tuple[Step, dict[str, Any]]]:
    return [(step, step.body) for item in plan.items for step in item.steps if step.body is not None]


# --- A small Graph ----------------------------------------------------------------------------------------------------


class GraphRejected(Exception):
    pass


class FakeGraph:
    """Applies resolved steps with the Graph rules the restore must respect."""

    def __init__(
        self, tenant_id: str = SOURCE_TENANT_ID, directory: Iterable[Mapping[str, Any]] = ()
    ) -> None:
        self.tenant_id = tenant_id
        self.apps: dict[str, dict[str, Any]] = {}
        self.deleted: dict[str, dict[str, Any]] = {}
        self.owners: dict[str, list[str]] = {}
        self.fics: dict[str, dict[str, dict[str, Any]]] = {}
        self.key_shas: dict[str, dict[str, str]] = {}
        self.logos: dict[str, str] = {}
        self.service_principals: dict[str, str] = {}  # sp id -> appId
        self.deleted_service_principals: dict[str, str] = {}
        self.directory = {str(o["id"]): dict(o) for o in directory}
        self.creator: str | None = None
        self.requests: list[tuple[StepKind, str, str]] = []
        self.already_existed: list[tuple[StepKind, str]] = []
        self._counter = 0

    # setup
    def add_existing(
        self, source: SourceApp, document: Mapping[str, Any] | None = None, *, recycled: bool = False
    ) -> None:
        document = document or source.document
        app = graph_application(source.object_id, source.app_id, None)
        app.update(copy.deepcopy(document["application"]))
        (self.deleted if recycled else self.apps)[source.object_id] = app
        self.owners[source.object_id] = [str(o["id"]) for o in document["owners"]]
        for owner in document["owners"]:
            self.directory.setdefault(str(owner["id"]), dict(owner))
        self.fics[source.object_id] = {f["name"]: dict(f) for f in document["federatedIdentityCredentials"]}
        self.key_shas[source.object_id] = dict(document["keyCredentialKeys"])
        if document["logo"]:
            self.logos[source.object_id] = document["logo"]

    def _new_id(self, prefix: str) -> str:
        self._counter += 1
        return guid(prefix, 900 + self._counter)

    # reading back
    def document(self, object_id: str) -> dict[str, Any]:
        return build_document(
            self.apps[object_id],
            [self.directory[o] for o in self.owners[object_id]],
            self.fics[object_id].values(),
            self.key_shas[object_id],
            self.logos.get(object_id),
        )

    def object_id_of(self, app_id: str) -> str:
        return next(oid for oid, app in self.apps.items() if app["appId"] == app_id)

    # running
    def run(self, plan: RestorePlan) -> ResolvedIds:
        ids = ResolvedIds()
        for item in plan.items:
            for step in item.steps:
                if step.phase is Phase.CREATE:
                    self.execute(item, step, ids)
        for item in plan.items:
            for step in item.steps:
                if step.phase is not Phase.CREATE:
                    self.execute(item, step, ids)
        return ids

    def execute(self, item: PlanItem, step: Step, ids: ResolvedIds) -> None:
        resolved = step.resolved(
            ids,
            blob_base64=lambda s: base64.b64encode(BLOBS[s]).decode(),
            graph_base_url="http://127.0.0.1:1/v1.0",
        )
        assert "{{regvault" not in json.dumps([resolved.path, resolved.body])
        self.requests.append((resolved.kind, resolved.method, resolved.path))
        body = resolved.body
        kind = resolved.kind
        if body is not None and BODY_TYPES[kind] is not None:
            assert validate_body(str(BODY_TYPES[kind]), body) == [], (kind, body)
        path = resolved.path
        if kind is StepKind.CREATE_APPLICATION:
            assert body is not None
            if resolved.method == "PATCH":  # the upsert: PATCH /applications(uniqueName='...')
                assert dict(resolved.headers) == {"Prefer": "create-if-missing"}
                unique = re.fullmatch(r"/applications\(uniqueName='(.*)'\)", path)
                assert unique is not None, path
                body = {**body, "uniqueName": unique.group(1).replace("''", "'")}
            new = self._create(body)
            ids.bind(str(step.binds), item.source.app_id, new["id"], new["appId"])
        elif kind is StepKind.RESTORE_DELETED_APPLICATION:
            object_id = path.split("/")[3]
            if object_id in self.deleted:
                self.apps[object_id] = self.deleted.pop(object_id)
            elif object_id in self.deleted_service_principals:
                self.service_principals[object_id] = self.deleted_service_principals.pop(object_id)
            else:
                raise GraphRejected("Request_ResourceNotFound")
        elif kind is StepKind.RESTORE_DELETED_SERVICE_PRINCIPAL:
            object_id = path.split("/")[3]
            self.service_principals[object_id] = self.deleted_service_principals.pop(object_id)
        elif kind is StepKind.DISABLE_PERMISSIONS and body is None:
            app = self.apps[path.split("/")[2]]
            computed = disable_permissions_body(app, step.desired or {})
            if computed is not None:
                self._patch(app, computed)
        elif kind in (
            StepKind.DISABLE_PERMISSIONS,
            StepKind.UPDATE_APPLICATION,
            StepKind.SET_PRE_AUTHORIZED_APPLICATIONS,
            StepKind.SET_CERTIFICATES,
            StepKind.SET_TOKEN_ENCRYPTION_KEY,
        ):
            assert body is not None
            self._patch(self.apps[path.split("/")[2]], body)
        elif kind is StepKind.ADD_FEDERATED_CREDENTIAL:
            assert body is not None
            self._add_fic(path.split("/")[2], body)
        elif kind is StepKind.UPSERT_FEDERATED_CREDENTIAL:
            assert body is not None
            object_id = path.split("/")[2]
            self.fics[object_id].pop(body["name"], None)
            self._add_fic(object_id, body)
        elif kind is StepKind.UPDATE_FEDERATED_CREDENTIAL:
            assert body is not None and "name" not in body  # immutable
            object_id, name = path.split("/")[2], path.split("/")[4]
            self.fics[object_id][name].update(body)
        elif kind is StepKind.DELETE_FEDERATED_CREDENTIAL:
            object_id, name = path.split("/")[2], path.split("/")[4]
            del self.fics[object_id][name]
        elif kind is StepKind.ADD_OWNER:
            assert body is not None
            object_id = path.split("/")[2]
            owner_id = body["@odata.id"].rsplit("/", 1)[1]
            assert body["@odata.id"].startswith("http://127.0.0.1:1/v1.0/directoryObjects/")
            if owner_id not in self.directory:
                raise GraphRejected("Request_ResourceNotFound")
            if owner_id in self.owners[object_id]:
                # The runner takes this answer as done; recorded so tests can tell a plan that needed it.
                self.already_existed.append((kind, owner_id))
                return
            self.owners[object_id].append(owner_id)
        elif kind is StepKind.REMOVE_OWNER:
            object_id, owner_id = path.split("/")[2], path.split("/")[4]
            self.owners[object_id].remove(owner_id)
        elif kind is StepKind.SET_LOGO:
            assert resolved.content_sha256 in BLOBS
            self.logos[path.split("/")[2]] = str(resolved.content_sha256)
        elif kind is StepKind.CREATE_SERVICE_PRINCIPAL:
            assert body is not None
            if body["appId"] not in {a["appId"] for a in self.apps.values()}:
                raise GraphRejected(
                    "The appId of the service principal does not reference a valid application"
                )
            if body["appId"] in self.service_principals.values():
                self.already_existed.append((kind, body["appId"]))
                return
            self.service_principals[self._new_id("5b")] = body["appId"]
        else:  # pragma: no cover - every kind is handled above
            raise AssertionError(kind)

    def _create(self, body: Mapping[str, Any]) -> dict[str, Any]:
        assert not set(body) & READ_ONLY_APPLICATION_PROPERTIES
        if not body.get("displayName"):
            raise GraphRejected("displayName required")
        object_id, app_id = self._new_id("0b"), self._new_id("a9")
        app = graph_application(object_id, app_id, None)
        app["info"]["logoUrl"] = None
        self.apps[object_id] = app
        self.owners[object_id] = [self.creator] if self.creator else []
        self.fics[object_id] = {}
        self.key_shas[object_id] = {}
        self._patch(app, body)
        return app

    def _patch(self, app: dict[str, Any], body: Mapping[str, Any]) -> None:
        assert not set(body) & READ_ONLY_APPLICATION_PROPERTIES, set(body) & READ_ONLY_APPLICATION_PROPERTIES
        for type_name, fields in READ_ONLY_NESTED_PROPERTIES.items():
            if type_name.endswith(("appRole", "permissionScope")):
                for item in body.get("appRoles") or []:
                    assert not set(item) & fields
                for item in (body.get("api") or {}).get("oauth2PermissionScopes") or []:
                    assert not set(item) & fields
        assert "logoUrl" not in (body.get("info") or {})
        new = copy.deepcopy(app)
        for key, value in body.items():
            if key == "api" and isinstance(value, Mapping):
                new["api"] = {**(new.get("api") or {}), **copy.deepcopy(dict(value))}
            else:
                new[key] = copy.deepcopy(value)
        # Enabled scopes and roles can't be removed or changed (graph-notes §3).
        old_scopes = (app.get("api") or {}).get("oauth2PermissionScopes") or []
        new_scopes = (new.get("api") or {}).get("oauth2PermissionScopes") or []
        for old_items, new_items in ((old_scopes, new_scopes), (app["appRoles"], new["appRoles"])):
            by_id = {i["id"]: i for i in new_items}
            for old in old_items:
                if not old.get("isEnabled"):
                    continue
                replacement = by_id.get(old["id"])
                strip = lambda d: {k: v for k, v in d.items() if k not in ("isEnabled", "origin")}  # noqa: E731
                if replacement is None or strip(replacement) != strip(old):
                    raise GraphRejected("CannotDeleteOrUpdateEnabledEntitlement")
        # Pre-authorized clients may name only scopes the app had before this request (graph-notes §10).
        before = {str(i["id"]) for i in old_scopes}
        after = {str(i["id"]) for i in new_scopes}
        for pre in (body.get("api") or {}).get("preAuthorizedApplications") or []:
            if not set(pre.get("delegatedPermissionIds") or []) <= before & after:
                raise GraphRejected("InvalidValue: a pre-authorization names a scope that does not exist yet")
        # tokenEncryptionKeyId must name a key that exists before this request.
        existing_keys = {k["keyId"] for k in app["keyCredentials"]}
        if body.get("tokenEncryptionKeyId") is not None and body["tokenEncryptionKeyId"] not in existing_keys:
            raise GraphRejected("tokenEncryptionKeyId names no existing key")
        if "keyCredentials" in body:
            new_keys = {k["keyId"] for k in body["keyCredentials"]}
            if new.get("tokenEncryptionKeyId") and new["tokenEncryptionKeyId"] not in new_keys:
                raise GraphRejected("the token encryption key can't be removed")
            shas = {}
            for credential in new["keyCredentials"]:
                if not credential.get("key"):
                    raise GraphRejected("key required")
                shas[credential["keyId"]] = sha(base64.b64decode(credential["key"]))
                credential["key"] = None
            self.key_shas[app["id"]] = shas
        personal = new.get("signInAudience") in (
            "AzureADandPersonalMicrosoftAccount",
            "PersonalMicrosoftAccount",
        )
        if personal and (new.get("api") or {}).get("requestedAccessTokenVersion") != 2:
            raise GraphRejected("InvalidAccessTokenVersion")
        for item in [*new["appRoles"], *((new.get("api") or {}).get("oauth2PermissionScopes") or [])]:
            item.setdefault("origin", "Application")  # Graph fills it in
        taken = {u for oid, a in self.apps.items() if oid != app["id"] for u in a["identifierUris"]}
        if set(new["identifierUris"]) & taken:
            raise GraphRejected(
                "Another object with the same value for property identifierUris already exists"
            )
        app.clear()
        app.update(new)

    def _add_fic(self, object_id: str, body: Mapping[str, Any]) -> None:
        existing = self.fics[object_id]
        if body["name"] in existing:
            raise GraphRejected("FIC name exists")
        if any((f["issuer"], f["subject"]) == (body["issuer"], body["subject"]) for f in existing.values()):
            raise GraphRejected("issuer+subject must be unique")
        existing[body["name"]] = dict(body)


def run_and_verify(graph: FakeGraph, plan: RestorePlan, *, already_existed: int = 0) -> ResolvedIds:
    ids = graph.run(plan)
    assert len(graph.already_existed) == already_existed, graph.already_existed
    for item in plan.items:
        object_id = ids.object_ids.get(item.source.object_id, item.object_id)
        assert verify(item, graph.document(object_id), ids) == [], item.action
    return ids


