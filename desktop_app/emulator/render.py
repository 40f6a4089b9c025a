"""How directory objects look in an answer: `$select`, hidden properties, key bytes, expanded navigations."""

from __future__ import annotations

from typing import Any

from .state import AppRecord, SpRecord, Tenant

HIDDEN_UNLESS_SELECTED = ("authenticationBehaviors", "managerApplications")
EXPAND_CAP = 20  # expanded items per object, with no nextLink
EXPAND_PAGE = 100  # the page size of a list that expands


def select_object(obj: dict[str, Any], select: list[str] | None) -> dict[str, Any]:
    if select is None:
        return obj
    return {k: v for k, v in obj.items() if k in select or k == "@odata.type"}


def render_app(record: AppRecord, select: list[str] | None, single: bool,
               expand: tuple[str, list[str] | None] | None = None, tenant: Tenant | None = None) -> dict[str, Any]:
    doc = record.doc
    out: dict[str, Any] = {"@odata.type": "#microsoft.graph.application"}
    if select is None:
        out.update((k, v) for k, v in doc.items() if k not in HIDDEN_UNLESS_SELECTED)
    else:
        for name in select:
            out[name] = doc.get(name)
    credentials = out.get("keyCredentials")
    if credentials and not (single and select is not None and "keyCredentials" in select):
        out["keyCredentials"] = [{**c, "key": None} for c in credentials]
    if expand is not None and tenant is not None:
        name, nested = expand
        if name == "owners":
            owners = [directory_object(tenant, o) for o in record.owners[:EXPAND_CAP]]
            out["owners"] = [select_object(o, nested) for o in owners if o is not None]
        else:
            out["federatedIdentityCredentials"] = [select_object(f, nested) for f in record.fics[:EXPAND_CAP]]
    return out


def render_sp(record: SpRecord, select: list[str] | None, single: bool = False) -> dict[str, Any]:
    """Key bytes as for applications: only in a GET of one service principal that selects keyCredentials. A Sign
    key's bytes (a private key) are never returned (the stricter reading)."""
    out: dict[str, Any] = {"@odata.type": "#microsoft.graph.servicePrincipal"}
    if select is None:
        out.update(record.doc)
    else:
        out.update((k, record.doc.get(k)) for k in select)
    if out.get("keyCredentials"):
        with_bytes = single and select is not None and "keyCredentials" in select
        out["keyCredentials"] = [c if with_bytes and c.get("usage") != "Sign" else {**c, "key": None}
                                 for c in out["keyCredentials"]]
    return out


def render_user(user: dict[str, Any], select: list[str] | None) -> dict[str, Any]:
    if select is None:
        return {"@odata.type": "#microsoft.graph.user", **user}
    return {"@odata.type": "#microsoft.graph.user", **{k: user.get(k) for k in select}}


def directory_object(tenant: Tenant, object_id: str) -> dict[str, Any] | None:
    user = tenant.users.get(object_id)
    if user is not None:
        return {"@odata.type": "#microsoft.graph.user", **user}
    group = tenant.groups.get(object_id)
    if group is not None:
        return {"@odata.type": "#microsoft.graph.group", **group}
    sp = tenant.sps.get(object_id)
    if sp is not None:
        return {"@odata.type": "#microsoft.graph.servicePrincipal", **sp.doc}
    app = tenant.apps.get(object_id)
    if app is not None:
        return render_app(app, None, False)
    return None
