"""Owners: the snapshot's added, then the others removed, never leaving an app without owners."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.remap import GRAPH_BASE_TOKEN
from desktop_app.domain.restore_plan.drafting import Draft, PlanContext, warn_unknown
from desktop_app.domain.restore_plan.plan import WarningCode
from desktop_app.domain.restore_plan.remapping import map_owner
from desktop_app.domain.restore_plan.steps import Step, StepKind


def _owner_ref_body(owner_id: str) -> dict[str, Any]:
    return {"@odata.id": f"{GRAPH_BASE_TOKEN}/directoryObjects/{owner_id}"}


def plan_owners(draft: Draft, context: PlanContext) -> tuple[frozenset[str] | None, bool]:
    """Add the snapshot's owners, then remove the others - except when the snapshot had none that can be put
    back: then the current owners stay (an app with no owner can only be managed by admins, which a restore
    should not cause behind the user's back; the report says so)."""
    wanted: list[str] = []
    same: set[str] = set()  # ids the tokens among `wanted` will resolve to, where known (back from the recycle bin)
    for owner in draft.source.document.get("owners") or []:
        if isinstance(owner, Mapping):
            mapped = map_owner(draft, context, owner)
            if mapped is not None and mapped not in wanted:
                wanted.append(mapped)
            linked = context.linked.get(str(owner.get("appId") or "").lower())
            if linked is not None and mapped == linked.ref and linked.literal:
                same.add(linked.literal)
    base = f"{draft.app_path}/owners"
    document = draft.target.document
    current_list = None if draft.action.creates_application or document is None else document.get("owners")
    current = (
        [str(o.get("id")) for o in current_list if isinstance(o, Mapping)]
        if isinstance(current_list, list)
        else None
    )
    to_add = [o for o in wanted if current is None or o not in current]
    if current is not None and same & set(current):  # already an owner, under the id its token resolves to
        to_add = [o for o in to_add if not (context.linked and _resolves_to(context, o) in current)]
    for owner_id in to_add:
        draft.steps.append(Step(StepKind.ADD_OWNER, "POST", f"{base}/$ref", _owner_ref_body(owner_id)))
    changed = bool(to_add)
    if draft.action.creates_application:
        if changed:
            draft.changes.append("owners")
        return frozenset(wanted), False  # the creator may be added by Graph
    if current is None:
        warn_unknown(draft, "owners")
        if changed:
            draft.changes.append("owners")
        return frozenset(wanted), False
    extras = [o for o in current if o not in wanted and o not in same]
    if extras and not wanted:
        draft.warn(WarningCode.OWNERS_KEPT, count=str(len(extras)))
        if changed:
            draft.changes.append("owners")
        return frozenset(current), True
    for owner_id in extras:
        draft.steps.append(Step(StepKind.REMOVE_OWNER, "DELETE", f"{base}/{owner_id}/$ref"))
    if changed or extras:
        draft.changes.append("owners")
    return frozenset(wanted), True


def _resolves_to(context: PlanContext, owner: str) -> str | None:
    """The known id a linked service principal's token stands for (back from the recycle bin), else None."""
    return next((str(linked.literal) for linked in context.linked.values() if linked.ref == owner), None)
